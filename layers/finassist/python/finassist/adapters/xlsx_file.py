"""A .xlsx file several writers share: one lock across threads and processes, a cache of what this process
last read or saved, and saves that replace the file atomically. It knows nothing of rows or tables.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from filelock import FileLock, Timeout
from openpyxl import load_workbook

from finassist.domain.expense import LedgerRow
from finassist.errors import LedgerThrottled, LedgerUnavailable

# Threads of one process queue on this lock before the file lock: a threading.Lock hands over at once,
# where the file lock would poll.
_PROCESS_LOCKS: dict[str, threading.Lock] = {}
_PROCESS_LOCKS_GUARD = threading.Lock()


def _process_lock(key: str) -> threading.Lock:
    with _PROCESS_LOCKS_GUARD:
        return _PROCESS_LOCKS.setdefault(key, threading.Lock())


Signature = tuple[int, int, int, int]


def _signature(stat: os.stat_result) -> Signature:
    """Every save is a new inode (os.replace), so inode, mtime and size tell whether a file is still the one we saw."""
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


@dataclass
class _Snapshot:
    signature: Signature
    rows: list[LedgerRow] | None = None
    workbook: Any = None


class _Snapshots:
    """What this process last parsed or saved for a few files: re-reading a workbook costs ~0.1 ms a row.

    Only valid while the file keeps its signature, so another process's write or a hand edit is always seen.
    """

    def __init__(self, capacity: int = 8) -> None:
        self._items: OrderedDict[str, _Snapshot] = OrderedDict()
        self._guard = threading.Lock()
        self._capacity = capacity

    def rows(self, key: str, signature: Signature) -> list[LedgerRow] | None:
        with self._guard:
            item = self._items.get(key)
            if item is None or item.signature != signature or item.rows is None:
                return None
            self._items.move_to_end(key)
            return list(item.rows)

    def take_workbook(self, key: str, signature: Signature) -> Any:
        with self._guard:
            item = self._items.get(key)
            if item is None or item.signature != signature:
                return None
            workbook, item.workbook = item.workbook, None
            return workbook

    def remember_rows(self, key: str, signature: Signature, rows: list[LedgerRow]) -> None:
        with self._guard:
            self._entry(key, signature).rows = list(rows)

    def remember_workbook(self, key: str, signature: Signature, workbook: Any) -> None:
        with self._guard:
            self._entry(key, signature).workbook = workbook

    def _entry(self, key: str, signature: Signature) -> _Snapshot:
        item = self._items.get(key)
        if item is None or item.signature != signature:
            item = self._items[key] = _Snapshot(signature)
        self._items.move_to_end(key)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)
        return item


_SNAPSHOTS = _Snapshots()


class XlsxFile:
    """One workbook file: read its rows through the cache, or load, edit and save it under the lock.

    new_workbook makes the file's first content when it does not exist yet.
    """

    def __init__(self, path: Path, new_workbook: Callable[[], Any], *, lock_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self._new_workbook = new_workbook
        self._key = os.path.realpath(self.path)
        self._file_lock = FileLock(str(self.path) + ".lock", timeout=lock_timeout)
        self._lock_timeout = lock_timeout

    def rows(self, parse: Callable[[BinaryIO, Path], list[LedgerRow]]) -> list[LedgerRow]:
        """The rows parse() reads from the file, from the cache while the file is unchanged."""
        self._ensure_file()
        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise LedgerUnavailable(f"cannot open the workbook {self.path}: {exc}") from exc
        with handle:
            # The signature comes from the open file, so cached rows always match the bytes they were parsed from.
            signature = _signature(os.fstat(handle.fileno()))
            cached = _SNAPSHOTS.rows(self._key, signature)
            if cached is not None:
                return cached
            rows = parse(handle, self.path)
        _SNAPSHOTS.remember_rows(self._key, signature, rows)
        return list(rows)

    def edit(self, edit: Callable[[Any], int]) -> int:
        """Load, edit and save under the lock; edit returns how many rows it changed, and 0 saves nothing."""
        with self._locked():
            if self.path.exists():
                signature, workbook = self._open_for_write()
            else:
                signature, workbook = None, self._new_workbook()
            changed = edit(workbook)
            if changed == 0 and signature is not None:
                _SNAPSHOTS.remember_workbook(self._key, signature, workbook)
                return 0
            # A new signature: the rows cached for the old file are never served for this one.
            _SNAPSHOTS.remember_workbook(self._key, self._save(workbook), workbook)
            return changed

    def _ensure_file(self) -> None:
        """First use creates the workbook, so a reader never sees a missing file as an error."""
        if self.path.exists():
            return
        with self._locked():
            if not self.path.exists():
                self._save(self._new_workbook())

    def _locked(self) -> _Locked:
        return _Locked(_process_lock(self._key), self._file_lock, self._lock_timeout, self.path)

    def _open_for_write(self) -> tuple[Signature, Any]:
        """The workbook this process saved last if the file is still that one, else a fresh load."""
        try:
            with self.path.open("rb") as handle:
                signature = _signature(os.fstat(handle.fileno()))
                # Taken, not shared: if this write fails half way, the mutated workbook is simply dropped.
                workbook = _SNAPSHOTS.take_workbook(self._key, signature)
                if workbook is None:
                    workbook = load_workbook(handle)
                return signature, workbook
        except Exception as exc:
            raise LedgerUnavailable(f"cannot open the workbook {self.path}: {exc}") from exc

    def _save(self, workbook: Any) -> Signature:
        """Save beside the target and rename over it: readers see the old file or the new one, never a torn one."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        except OSError as exc:
            raise LedgerUnavailable(f"cannot write beside {self.path}: {exc}") from exc
        os.close(handle)
        try:
            workbook.save(temp_name)
            with open(temp_name, "rb") as saved:
                os.fsync(saved.fileno())
                signature = _signature(os.fstat(saved.fileno()))
            os.replace(temp_name, self.path)
            return signature
        except BaseException as exc:
            try:
                os.unlink(temp_name)
            except FileNotFoundError:
                pass
            if isinstance(exc, OSError):
                raise LedgerUnavailable(f"cannot save the workbook {self.path}: {exc}") from exc
            raise


class _Locked:
    """The process lock, then the file lock; a lock held too long is a retryable LedgerThrottled."""

    def __init__(self, process_lock: threading.Lock, file_lock: FileLock, timeout: float, path: Path) -> None:
        self._process_lock = process_lock
        self._file_lock = file_lock
        self._timeout = timeout
        self._path = path

    def __enter__(self) -> None:
        if not self._process_lock.acquire(timeout=self._timeout if self._timeout >= 0 else -1):
            raise LedgerThrottled(f"the workbook {self._path} is busy in this process")
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._file_lock.acquire()
        except Timeout as exc:
            self._process_lock.release()
            raise LedgerThrottled(f"the workbook {self._path} is locked by another writer") from exc
        except BaseException:
            self._process_lock.release()
            raise

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._file_lock.release()
        finally:
            self._process_lock.release()
