"""`make serve` killed (SIGKILL) in the middle of a message and started again on the same data: the message is
answered once, its row is written once, and the same signed request posted again changes nothing.

The server is a real subprocess. Where it stops is chosen by holding one of its own file locks from the test
(the ledger's, the outbox's, the journal entry's), so each kill lands at a known point of the execution."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from filelock import FileLock
from twilio.request_validator import RequestValidator

from finassist.adapters.console_channel import ConsoleChannel
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.journal import DONE, WebhookJournal
from finassist.local.serve import SAMPLE_SENDER
from finassist.local.stack import LOCAL_AUTH_TOKEN, LOCAL_WEBHOOK_URL, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import NOW

START_SECONDS = 90.0
EXPECTED_REPLY = "Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."


class Server:
    """`python -m finassist.local.serve --port 0` on a data directory, its output read line by line."""

    def __init__(self, data_dir: Path) -> None:
        env = {**os.environ, "FINASSIST_NOW": NOW}
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "finassist.local.serve", "--port", "0", "--data-dir", str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.printed: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        banner = self.wait_for(lambda line: line.startswith("FinAssist webhook on http://127.0.0.1:"), START_SECONDS)
        self.url = banner.split(" on ", 1)[1].split(" ", 1)[0]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, wanted: Callable[[str], bool], seconds: float) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.printed.append(line)
            if wanted(line):
                return line
        raise AssertionError("the server never printed what was awaited; it printed:\n" + "\n".join(self.printed))

    def post(self, body: bytes, signature: str) -> int:
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def server(data_dir: Path) -> Iterator[Server]:
    running = Server(data_dir)
    try:
        yield running
    finally:
        running.stop()


def signed_expense(text: str = "almoço 45") -> tuple[str, bytes, str]:
    fields = twilio_fields(SAMPLE_SENDER, text)
    signature = RequestValidator(LOCAL_AUTH_TOKEN).compute_signature(LOCAL_WEBHOOK_URL, fields)
    return fields["MessageSid"], urlencode(fields).encode("utf-8"), signature


def wait_until(condition: Callable[[], Any], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def replies(data_dir: Path) -> list[str]:
    return [str(m["text"]) for m in ConsoleChannel(data_dir).sent() if m["to"] == SAMPLE_SENDER]


def rows(data_dir: Path) -> list[Any]:
    path = xlsx_ledger_path(data_dir, SAMPLE_SENDER)
    return XlsxLedger(path).rows() if path.exists() else []


def restart_and_check(data_dir: Path, sid: str, body: bytes, signature: str) -> None:
    """Start again on the same data: the message runs to one answer and one row; a replay changes nothing."""
    with server(data_dir) as again:
        again.wait_for(lambda line: line == f"⤷ {sid}", 120)
        assert any("running it again" in line for line in again.printed)
        wait_until(lambda: WebhookJournal(data_dir / "journal").unfinished() == [])
        assert replies(data_dir) == [EXPECTED_REPLY]
        after_rerun = rows(data_dir)

        assert again.post(body, signature) == 200
        again.wait_for(lambda line: "was received before" in line, 30)
        time.sleep(0.5)  # anything a replay would start has time to show
        assert replies(data_dir) == [EXPECTED_REPLY]
        assert rows(data_dir) == after_rerun, "the replay changed nothing"
    # Rows are kept once across a re-run by entry ids derived from the MessageSid (issue 12 item 4).
    assert [row.expense.amount for row in rows(data_dir)] == [45], "one row for the message, after a re-run"


def test_a_kill_before_the_row_is_written_then_a_restart_answers_once_and_writes_once(tmp_path: Path) -> None:
    sid, body, signature = signed_expense()
    ledger = xlsx_ledger_path(tmp_path, SAMPLE_SENDER)
    ledger.parent.mkdir(parents=True)
    with server(tmp_path) as first, FileLock(str(ledger) + ".lock"):
        assert first.post(body, signature) == 200
        journal = WebhookJournal(tmp_path / "journal")
        assert [entry.message_sid for entry in journal.unfinished()] == [sid], "journaled before the 200"
        time.sleep(1.0)  # the execution runs up to RunTool, which waits for the ledger
        first.kill()
    assert rows(tmp_path) == [] and replies(tmp_path) == []

    restart_and_check(tmp_path, sid, body, signature)


def test_a_kill_after_the_row_and_before_the_reply_then_a_restart_answers_once_and_writes_once(
    tmp_path: Path,
) -> None:
    sid, body, signature = signed_expense()
    outbox = tmp_path / "outbox.jsonl"
    with server(tmp_path) as first, FileLock(str(outbox) + ".lock"):
        assert first.post(body, signature) == 200
        wait_until(lambda: len(rows(tmp_path)) == 1)  # RunTool wrote it; SendReply waits for the outbox
        first.kill()
    assert replies(tmp_path) == []

    restart_and_check(tmp_path, sid, body, signature)


def test_a_kill_after_the_reply_and_before_the_journal_closed_then_a_restart_does_not_reply_again(
    tmp_path: Path,
) -> None:
    sid, body, signature = signed_expense()
    outbox = tmp_path / "outbox.jsonl"
    journal = WebhookJournal(tmp_path / "journal")
    entry_lock = FileLock(str(tmp_path / "journal" / f"{sid}.json.lock"))
    with server(tmp_path) as first:
        with FileLock(str(outbox) + ".lock"):
            assert first.post(body, signature) == 200
            entry_lock.acquire()  # the entry cannot be closed; the reply is held back until this is in place
        try:
            wait_until(lambda: replies(tmp_path) == [EXPECTED_REPLY])
            first.kill()
        finally:
            entry_lock.release()
    assert [entry.message_sid for entry in journal.unfinished()] == [sid]

    restart_and_check(tmp_path, sid, body, signature)
    assert WebhookJournal(tmp_path / "journal").status(sid) == DONE
