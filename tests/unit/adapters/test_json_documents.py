"""The JSON document store under concurrency: threads and processes changing one document lose nothing, and a
reader never meets half a document (the offline engine's burst bug: a shared `.tmp` name, then JSONDecodeError)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from finassist.adapters.json_documents import DocumentMissing, JsonDocuments
from finassist.errors import DocumentBusy, DocumentUnreadable

PROCESSES = 3
THREADS = 4
INCREMENTS = 15


def _increment(folder: str, times: int) -> int:
    """Each update appends its own mark and bumps the counter: a lost update loses one of the two."""
    store = JsonDocuments(Path(folder))
    for _ in range(times):
        with store.update("counter") as document:
            document["count"] += 1
            document["marks"].append(f"{os.getpid()}-{threading.get_ident()}")
    return times


def _threads_incrementing(folder: str) -> int:
    with ThreadPoolExecutor(THREADS) as pool:
        return sum(pool.map(_increment, [folder] * THREADS, [INCREMENTS] * THREADS))


def test_threads_of_several_processes_updating_one_document_lose_no_update(tmp_path: Path) -> None:
    store = JsonDocuments(tmp_path)
    store.write("counter", {"count": 0, "marks": []})

    with ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("fork")) as pool:
        done = sum(pool.map(_threads_incrementing, [str(tmp_path)] * PROCESSES))

    document = store.read("counter")
    assert done == PROCESSES * THREADS * INCREMENTS == 180
    assert document["count"] == 180
    assert len(document["marks"]) == 180
    assert len(set(document["marks"])) == PROCESSES * THREADS
    assert not list(tmp_path.glob("*.tmp")), "no temporary file is left behind"


def test_a_reader_during_a_burst_of_writes_always_reads_a_whole_document(tmp_path: Path) -> None:
    store = JsonDocuments(tmp_path)
    store.write("conversation", {"items": []})
    problems: list[Exception] = []
    stop = threading.Event()

    def read_until_stopped() -> None:
        while not stop.is_set():
            try:
                store.read("conversation")
            except DocumentUnreadable as exc:  # what a shared `.tmp` name produced
                problems.append(exc)

    reader = threading.Thread(target=read_until_stopped)
    reader.start()

    def write(index: int) -> None:
        for round_ in range(20):
            with store.update("conversation") as document:
                document["items"].append({"writer": index, "round": round_, "text": "x" * 2000})

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(write, range(6)))
    stop.set()
    reader.join()

    assert problems == []
    assert len(store.read("conversation")["items"]) == 120


def test_only_one_of_many_concurrent_creators_creates_the_document(tmp_path: Path) -> None:
    store = JsonDocuments(tmp_path)

    with ThreadPoolExecutor(8) as pool:
        created = list(pool.map(lambda n: store.create("SM" + "a" * 32, {"by": n}), range(8)))

    assert created.count(True) == 1
    assert store.read("SM" + "a" * 32)["by"] == created.index(True)


def test_a_change_that_raises_writes_nothing(tmp_path: Path) -> None:
    store = JsonDocuments(tmp_path)
    store.write("doc", {"count": 1})

    with pytest.raises(RuntimeError), store.update("doc") as document:
        document["count"] = 99
        raise RuntimeError("the change failed half-way")

    assert store.read("doc") == {"count": 1}


@pytest.mark.parametrize("content", [b'{"items": [{"type": "mess', b"", b"[1, 2]", b"\xff\xfe not utf-8"])
def test_an_unreadable_document_is_named_as_such_and_recovered_only_when_asked(tmp_path: Path, content: bytes) -> None:
    store = JsonDocuments(tmp_path)
    store.path("doc").write_bytes(content)

    with pytest.raises(DocumentUnreadable):
        store.read("doc")
    with pytest.raises(DocumentUnreadable), store.update("doc"):
        pass
    problems: list[DocumentUnreadable] = []

    def fresh(problem: DocumentUnreadable) -> dict[str, Any]:
        problems.append(problem)
        return {"fresh": True}

    with store.update("doc", recover=fresh) as document:
        document["count"] = 1

    assert store.read("doc") == {"fresh": True, "count": 1}
    assert len(problems) == 1 and not isinstance(problems[0], DocumentMissing)
    [kept] = store.set_aside_files("doc")
    assert kept.read_bytes() == content, "the unreadable bytes are kept for an operator"


def test_a_missing_document_is_recovered_without_setting_anything_aside(tmp_path: Path) -> None:
    store = JsonDocuments(tmp_path)

    with pytest.raises(DocumentMissing):
        store.read("nothing")
    with store.update("nothing", recover=lambda problem: {"why": type(problem).__name__}) as document:
        document["n"] = 1

    assert store.read("nothing") == {"why": "DocumentMissing", "n": 1}
    assert store.set_aside_files("nothing") == []


def test_a_lock_held_too_long_is_a_named_busy_error(tmp_path: Path) -> None:
    holder = JsonDocuments(tmp_path)
    impatient = JsonDocuments(tmp_path, lock_timeout=0.05)
    holder.write("doc", {})
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.update("doc"):
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    entered.wait(5)
    try:
        with pytest.raises(DocumentBusy):
            impatient.write("doc", {"late": True})
    finally:
        release.set()
        thread.join()
    assert holder.read("doc") == {}


def test_an_id_that_could_name_another_file_is_refused(tmp_path: Path) -> None:
    store = JsonDocuments(tmp_path)

    for ident in ("../escape", "a/b", "", "dot.json"):
        with pytest.raises(ValueError):
            store.path(ident)


def test_a_durable_write_is_fsynced_file_then_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append("folder" if os.path.isdir(f"/proc/self/fd/{fd}") else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    JsonDocuments(tmp_path, durable=True).write("journal", {"status": "received"})
    JsonDocuments(tmp_path).write("cache", {"status": "received"})

    assert synced == ["file", "folder"]
