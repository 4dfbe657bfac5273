"""JSON documents in a folder that several threads and processes may change at the same moment.

The offline engine's conversations and the local server's journal are such documents. Each one has its own
inter-process lock (a file beside it), so writers of different documents never wait for each other; a change
is read, made and written under that lock, so two writers never lose each other's change; and every write
goes to a temporary file with a name of its own, then replaces the document with `os.replace`, so a reader
without the lock sees the old document or the new one, never half of either. With `durable=True` the file and
its folder are also fsync'd before a write returns (the journal promises Twilio a message on it).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from finassist.errors import DocumentBusy, DocumentUnreadable

Document = dict[str, Any]
Recover = Callable[[DocumentUnreadable], Document]
_IDENT = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_SUFFIX = ".json"
_POLL_SECONDS = 0.005  # documents are small and held for milliseconds: poll often rather than filelock's 50 ms

# Threads of one process queue on a threading.Lock first: it hands over at once, where the file lock polls.
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def _thread_lock(path: Path) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(str(path), threading.Lock())


class DocumentMissing(DocumentUnreadable):
    """No document has this id."""


class JsonDocuments:
    """One folder of JSON objects, each named by an id (letters, digits, `_` and `-`)."""

    def __init__(self, folder: Path, *, durable: bool = False, lock_timeout: float = 30.0) -> None:
        self.folder = folder
        self._durable = durable
        self._lock_timeout = lock_timeout

    def path(self, ident: str) -> Path:
        """Where the document lives; an id that could name another path is refused."""
        if not _IDENT.match(ident):
            raise ValueError(f"malformed document id: {ident[:40]!r}")
        return self.folder / f"{ident}{_SUFFIX}"

    def read(self, ident: str) -> Document:
        """The document as last written (no lock needed: writes replace the file whole)."""
        path = self.path(ident)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise DocumentMissing(f"no document {ident}") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise DocumentUnreadable(f"document {ident} cannot be read: {exc}") from exc
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise DocumentUnreadable(f"document {ident} is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise DocumentUnreadable(f"document {ident} is not a JSON object")
        return data

    def write(self, ident: str, data: Document) -> None:
        """Replace the document whole, under its lock."""
        with self._locked(ident):
            self._replace(self.path(ident), data)

    def create(self, ident: str, data: Document) -> bool:
        """Write the document only if no document has this id yet; True when this call created it."""
        with self._locked(ident):
            path = self.path(ident)
            if path.exists():
                return False
            self._replace(path, data)
            return True

    @contextmanager
    def update(self, ident: str, *, recover: Recover | None = None) -> Iterator[Document]:
        """Read, change in the `with` block and write back, all under the document's lock.

        Nothing is written when the block raises. With `recover`, a missing or unreadable document does not
        fail: an unreadable file is set aside (renamed, kept for an operator) and `recover(problem)` gives the
        document to start from.
        """
        with self._locked(ident):
            try:
                data = self.read(ident)
            except DocumentUnreadable as problem:
                if recover is None:
                    raise
                if not isinstance(problem, DocumentMissing):
                    self._set_aside(ident)
                data = recover(problem)
            yield data
            self._replace(self.path(ident), data)

    def idents(self) -> list[str]:
        """Every document's id, in no particular order."""
        if not self.folder.is_dir():
            return []
        return [p.name.removesuffix(_SUFFIX) for p in self.folder.glob(f"*{_SUFFIX}") if _IDENT.match(p.stem)]

    def set_aside_files(self, ident: str) -> list[Path]:
        """The unreadable versions of a document that `update(recover=...)` renamed, oldest name first."""
        return sorted(self.folder.glob(f"{ident}.unreadable-*"))

    # -- inside the lock -----------------------------------------------------------------------------------
    @contextmanager
    def _locked(self, ident: str) -> Iterator[None]:
        path = self.path(ident)
        path.parent.mkdir(parents=True, exist_ok=True)
        busy = DocumentBusy(f"document {ident} stayed locked for over {self._lock_timeout:g} s")
        deadline = time.monotonic() + self._lock_timeout
        in_process = _thread_lock(path)
        if not in_process.acquire(timeout=self._lock_timeout):
            raise busy
        try:
            lock = FileLock(str(path) + ".lock", timeout=max(0.0, deadline - time.monotonic()))
            try:
                lock.acquire(poll_interval=_POLL_SECONDS)
            except Timeout as exc:
                raise busy from exc
            try:
                yield
            finally:
                lock.release()
        finally:
            in_process.release()

    def _set_aside(self, ident: str) -> None:
        path = self.path(ident)
        if path.exists():
            os.replace(path, path.with_name(f"{ident}.unreadable-{uuid.uuid4().hex[:8]}"))

    def _replace(self, path: Path, data: Document) -> None:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
                if self._durable:
                    out.flush()
                    os.fsync(out.fileno())
            os.replace(temp_name, path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        if self._durable:
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
