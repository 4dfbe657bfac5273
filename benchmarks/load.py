"""Load: N signed webhooks posted concurrently to `make serve` (finassist.local.serve.make_server on 127.0.0.1),
then every execution awaited and checked: N executions, N replies, one right row per message.

Not part of `make bench` (it takes minutes on two cores): run it with `python -m benchmarks.load`
(`make bench-load`). It stops by itself: the whole run is bounded by --deadline seconds, and it exits 1 when
anything is missing or wrong.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import boto3
from twilio.request_validator import RequestValidator

from benchmarks.common import ms, percentile
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.serve import WEBHOOK_PATH, make_server
from finassist.local.stack import LOCAL_WEBHOOK_URL, REGION, TERMINAL, EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path

NOW = "2026-11-24T10:00:00-03:00"


RECONNECTS: list[int] = []


def _post(url: str, body: bytes, signature: str) -> tuple[int, float]:
    """One webhook; a connection the server's small listen backlog refused is tried again, as Twilio would."""
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
    )
    for attempt in range(5):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
                response.read()
                return int(response.status), time.perf_counter() - started
        except urllib.error.HTTPError as error:
            return error.code, time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            RECONNECTS.append(1)
            time.sleep(0.05 * (attempt + 1))
    return 0, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients")
    parser.add_argument("--deadline", type=float, default=1500.0, help="seconds for the whole run")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.deadline
    senders = [f"whatsapp:+55119{n:08d}" for n in range(args.count)]
    amounts = [Decimal(n % 900 + 10) for n in range(args.count)]
    with (
        tempfile.TemporaryDirectory() as tmp,
        EmbeddedStack(Path(tmp) / "data", env={"FINASSIST_NOW": NOW}, record_sleeps=True) as stack,
    ):
        for sender in senders:
            stack.add_user(sender, "Carga")
        server = make_server(stack, "127.0.0.1", 0, io.StringIO())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}{WEBHOOK_PATH}"
        validator = RequestValidator(stack.auth_token)
        posts = []
        for sender, amount in zip(senders, amounts, strict=True):
            fields = twilio_fields(sender, f"Gastei R$ {amount} em almoço hoje")
            posts.append((fields, urlencode(fields).encode(), validator.compute_signature(LOCAL_WEBHOOK_URL, fields)))
        try:
            started = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                answers = list(pool.map(lambda post: _post(url, post[1], post[2]), posts))
            send_seconds = time.perf_counter() - started
            missing = []
            for fields, _, _ in posts:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    print("deadline reached while waiting for executions", file=sys.stderr)
                    return 1
                arn = stack.execution_arn(fields["MessageSid"])
                if not stack.has_execution(fields["MessageSid"]):
                    missing.append(fields["MessageSid"])
                    continue
                stack.wait(arn, timeout=remaining)
            total_seconds = time.perf_counter() - started
            while threading.active_count() > 2 and time.monotonic() < deadline:  # serve's report threads
                time.sleep(0.1)
        finally:
            server.shutdown()
            server.server_close()
        sfn = boto3.client("stepfunctions", region_name=REGION)
        statuses: dict[str, int] = {}
        for page in sfn.get_paginator("list_executions").paginate(stateMachineArn=stack.state_machine_arn):
            for execution in page["executions"]:
                statuses[execution["status"]] = statuses.get(execution["status"], 0) + 1
        replies = sum(len(stack.replies_to(sender)) for sender in senders)
        wrong_rows = [
            sender
            for sender, amount in zip(senders, amounts, strict=True)
            if [row.expense.amount for row in XlsxLedger(xlsx_ledger_path(stack.data_dir, sender)).rows()] != [amount]
        ]
    acks = [seconds for _, seconds in answers]
    ok = sum(1 for status, _ in answers if status == 200)
    print(f"webhooks: {len(answers)} sent by {args.clients} clients, {ok} answered 200 ({len(RECONNECTS)} reconnects)")
    print(f"ack latency (HTTP round trip): p50 {ms(percentile(acks, 0.5))}, p99 {ms(percentile(acks, 0.99))}")
    print(f"ack throughput: {len(answers) / send_seconds:.1f} webhooks/s")
    print(f"executions: {statuses} ({sum(statuses.values())} in all), not started: {len(missing)}")
    print(f"end to end: {args.count / total_seconds:.1f} messages/s ({total_seconds:.1f} s for all)")
    print(f"replies: {replies}; ledgers with exactly the right row: {args.count - len(wrong_rows)}")
    good = (
        ok == args.count
        and not missing
        and statuses.get("SUCCEEDED", 0) == args.count
        and sum(statuses.get(s, 0) for s in TERMINAL) == args.count
        and replies == args.count
        and not wrong_rows
    )
    print("PASS" if good else "FAIL")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
