"""The Ledger port on a local .xlsx workbook: the offline stack's ledger, in the same shape as the user's OneDrive file.

The workbook is the user's, so reading is forgiving (rows typed by hand, dates and amounts as text) while writing
is strict: every added row lands inside the Excel table `Despesas`, under an inter-process lock, and the file is
replaced atomically so a crash never leaves half a workbook behind.
"""

from __future__ import annotations

import csv
import logging
import math
import os
import re
import tempfile
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from filelock import FileLock, Timeout
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.xml.functions import fromstring

from finassist.domain.expense import COLUMNS, TABLE_NAME, Expense, LedgerRow, in_period
from finassist.domain.text import fold
from finassist.errors import FinAssistError, LedgerMisconfigured, LedgerThrottled, LedgerUnavailable

logger = logging.getLogger(__name__)

DATE_FORMAT = "dd/mm/yyyy"
AMOUNT_FORMAT = "#,##0.00"
_CENT = Decimal("0.01")
_WIDTHS: dict[str, float] = {
    "Data": 12,
    "Categoria": 16,
    "Descrição": 40,
    "Valor": 14,
    "Observações": 32,
    "ID": 36,
}
_REQUIRED_CSV = ("Data", "Categoria", "Descrição", "Valor")

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


@dataclass(frozen=True)
class _Layout:
    """Where the table sits: its header row, its column span and the 1-based column of each of our headers."""

    header_row: int
    first_col: int
    last_col: int
    last_row: int
    column_of: dict[str, int]

    def value(self, values: Sequence[object], name: str) -> object:
        """A row tuple read from column first_col on, indexed by header name (short tuples end in blanks)."""
        index = self.column_of[name] - self.first_col
        return values[index] if index < len(values) else None


@dataclass(frozen=True)
class _Sheet:
    """The sheet holding our table, the table, and where its columns are: what every edit works on."""

    worksheet: Any
    table: Table
    layout: _Layout


def last_written(rows: Sequence[LedgerRow]) -> LedgerRow | None:
    """The last row with an ID: the newest entry FinAssist wrote (rows typed by hand have no ID)."""
    return next((row for row in reversed(rows) if row.entry_id), None)


class XlsxLedger:
    """One user's Despesas table in a .xlsx file; append is idempotent on the ID column."""

    def __init__(self, path: Path, *, lock_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self._key = os.path.realpath(self.path)
        self._file_lock = FileLock(str(self.path) + ".lock", timeout=lock_timeout)
        self._lock_timeout = lock_timeout

    @classmethod
    def from_csv(cls, path: Path, csv_path: Path) -> XlsxLedger:
        """A ledger seeded from a CSV in one write: how the eval and the demo start from a known workbook."""
        ledger = cls(path)
        ledger.load_csv(csv_path)
        return ledger

    # -- the Ledger port -------------------------------------------------------------------------------------

    def append(self, expense: Expense, entry_id: str) -> bool:
        """Add the row unless a row with entry_id exists; True when a row was added."""
        return self._write([(expense, entry_id)]) == 1

    def query(self, start: date, end: date, category: str | None = None) -> list[LedgerRow]:
        """Rows dated start..end inclusive, optionally of one category (ignoring case and accents)."""
        return in_period(self.rows(), start, end, category)

    def last_entry(self) -> LedgerRow | None:
        """The last row in table order that FinAssist wrote (a non-empty ID); rows typed by hand never count."""
        return last_written(self.rows())

    def get(self, entry_id: str) -> LedgerRow | None:
        key = entry_id.strip()
        return next((row for row in self.rows() if row.entry_id == key), None) if key else None

    def entries(self, id_prefix: str) -> list[LedgerRow]:
        return [row for row in self.rows() if id_prefix and row.entry_id.startswith(id_prefix)]

    def delete(self, entry_id: str) -> bool:
        """Remove the row with this ID as Excel's "Delete Table Rows" does; False when there is none."""
        key = entry_id.strip()
        if not key:
            return False
        return self._edit(lambda sheet: _delete_rows(sheet, _rows_with_id(sheet, key))) > 0

    def update(self, entry_id: str, expense: Expense) -> bool:
        """Rewrite the row with this ID in place, keeping the ID and any extra columns; False when there is none."""
        key = entry_id.strip()
        if not key:
            return False

        def rewrite(sheet: _Sheet) -> int:
            rows = _rows_with_id(sheet, key)
            for row in rows:
                _write_row(sheet.worksheet, sheet.layout, row, expense, key)
            return len(rows)

        return self._edit(rewrite) > 0

    # -- helpers for the CLI, the eval and tests -------------------------------------------------------------

    def rows(self) -> list[LedgerRow]:
        """Every readable row in sheet order; rows a person typed that cannot be read are logged and skipped."""
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
            rows = _read_rows(handle, self.path)
        _SNAPSHOTS.remember_rows(self._key, signature, rows)
        return list(rows)

    def load_csv(self, csv_path: Path) -> int:
        """Bulk-load a CSV (Data,Categoria,Descrição,Valor,Observações[,ID]) in one write; returns rows added."""
        return self._write(_read_csv(Path(csv_path)))

    # -- the write path --------------------------------------------------------------------------------------

    def _write(self, entries: Sequence[tuple[Expense, str]]) -> int:
        """Read, check IDs and write under the lock, so two writers can never both add the same entry."""

        def add(sheet: _Sheet) -> int:
            known_ids, last_row = _scan(sheet.worksheet, sheet.layout)
            added = 0
            for expense, entry_id in entries:
                key = entry_id.strip()
                if key and key in known_ids:
                    continue
                last_row += 1
                _write_row(sheet.worksheet, sheet.layout, last_row, expense, key)
                if key:
                    known_ids.add(key)
                added += 1
            if added:
                _extend_table(sheet.table, sheet.layout, last_row)
            return added

        return self._edit(add)

    def _edit(self, edit: Callable[[_Sheet], int]) -> int:
        """Load, edit and save under the lock; edit returns how many rows it changed, and 0 saves nothing."""
        with self._locked():
            if self.path.exists():
                signature, workbook = self._open_for_write()
            else:
                signature, workbook = None, _new_workbook()
            worksheet, table = _find_table(workbook)
            sheet = _Sheet(worksheet, table, _layout_of(worksheet, table))
            changed = edit(sheet)
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
                self._save(_new_workbook())

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


def _read_rows(handle: BinaryIO, path: Path) -> list[LedgerRow]:
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:
        raise LedgerUnavailable(f"cannot open the workbook {path}: {exc}") from exc
    try:
        worksheet, table = _find_table_read_only(workbook)
        layout = _layout_of(worksheet, table)
        values = worksheet.iter_rows(
            min_row=layout.header_row + 1, min_col=layout.first_col, max_col=layout.last_col, values_only=True
        )
        return list(_ledger_rows(values, layout, first_row=layout.header_row + 1))
    except FinAssistError:
        raise
    except Exception as exc:
        raise LedgerUnavailable(f"cannot read the workbook {path}: {exc}") from exc
    finally:
        workbook.close()


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


# -- workbook structure --------------------------------------------------------------------------------------


def _new_workbook() -> Any:
    """An empty ledger as Excel would make it: a styled table with our header and one blank data row."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = TABLE_NAME
    worksheet.append(list(COLUMNS))
    last_col = get_column_letter(len(COLUMNS))
    # Excel repairs a table that has a header and no data row, so the new table spans one blank row.
    table = Table(displayName=TABLE_NAME, name=TABLE_NAME, ref=f"A1:{last_col}2")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False)
    worksheet.add_table(table)
    for index, name in enumerate(COLUMNS, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 16)
    worksheet.freeze_panes = "A2"
    return workbook


def _is_our_table(name: object) -> bool:
    return isinstance(name, str) and name.casefold() == TABLE_NAME.casefold()


def _sheets_first_ours(workbook: Any) -> list[Any]:
    """The sheet named Despesas first; the table may still live on a sheet the user renamed."""
    sheets = list(workbook.worksheets)
    return sorted(sheets, key=lambda sheet: not _is_our_table(sheet.title))


def _find_table(workbook: Any) -> tuple[Any, Table]:
    for worksheet in _sheets_first_ours(workbook):
        for table in worksheet.tables.values():
            if _is_our_table(table.displayName) or _is_our_table(table.name):
                return worksheet, table
    raise _missing_table(workbook)


def _find_table_read_only(workbook: Any) -> tuple[Any, Table]:
    """Read-only mode does not load tables, so read the table parts of each sheet from the package ourselves."""
    archive: zipfile.ZipFile = workbook._archive
    names = set(archive.namelist())
    for worksheet in _sheets_first_ours(workbook):
        rels_path = get_rels_path(worksheet._worksheet_path)
        if rels_path not in names:
            continue
        for rel in get_dependents(archive, rels_path).find(Table._rel_type):
            table = Table.from_tree(fromstring(archive.read(rel.target)))
            if _is_our_table(table.displayName) or _is_our_table(table.name):
                return worksheet, table
    raise _missing_table(workbook)


def _missing_table(workbook: Any) -> LedgerMisconfigured:
    sheets = ", ".join(repr(sheet.title) for sheet in workbook.worksheets) or "none"
    if not any(_is_our_table(sheet.title) for sheet in workbook.worksheets):
        return LedgerMisconfigured(
            f"the workbook has no sheet {TABLE_NAME!r} and no table named {TABLE_NAME!r} (sheets: {sheets}); "
            f"create a table {TABLE_NAME!r} with the columns {' | '.join(COLUMNS)}"
        )
    return LedgerMisconfigured(
        f"the sheet {TABLE_NAME!r} has no Excel table named {TABLE_NAME!r}; select the header and the rows and "
        f"insert a table named {TABLE_NAME!r} with the columns {' | '.join(COLUMNS)}"
    )


def _layout_of(worksheet: Any, table: Table) -> _Layout:
    """Find our columns by header name (ignoring case and accents), so a reordered or wider table still works."""
    first_col, header_row, last_col, last_row = range_boundaries(table.ref)
    header = next(
        worksheet.iter_rows(
            min_row=header_row, max_row=header_row, min_col=first_col, max_col=last_col, values_only=True
        ),
        (),
    )
    found: dict[str, int] = {}
    for offset, cell in enumerate(header):
        if isinstance(cell, str) and cell.strip():
            found.setdefault(fold(cell), first_col + offset)
    missing = [name for name in COLUMNS if fold(name) not in found]
    if missing:
        raise LedgerMisconfigured(
            f"the table {TABLE_NAME!r} (sheet {worksheet.title!r}, {table.ref}) lacks the column(s) "
            f"{', '.join(missing)}; its header must hold {' | '.join(COLUMNS)}"
        )
    return _Layout(
        header_row=header_row,
        first_col=first_col,
        last_col=last_col,
        last_row=last_row,
        column_of={name: found[fold(name)] for name in COLUMNS},
    )


def _scan(worksheet: Any, layout: _Layout) -> tuple[set[str], int]:
    """The IDs already present and the last row with content, counting rows typed below the table."""
    ids: set[str] = set()
    last_row = layout.header_row
    id_index = layout.column_of["ID"] - layout.first_col
    values = worksheet.iter_rows(
        min_row=layout.header_row + 1,
        max_row=max(worksheet.max_row, layout.header_row + 1),
        min_col=layout.first_col,
        max_col=layout.last_col,
        values_only=True,
    )
    for row_number, row in enumerate(values, start=layout.header_row + 1):
        if _blank_row(row):
            continue
        last_row = row_number
        entry_id = _text(row[id_index] if id_index < len(row) else None)
        if entry_id:
            ids.add(entry_id)
    return ids, last_row


def _write_row(worksheet: Any, layout: _Layout, row: int, expense: Expense, entry_id: str) -> None:
    column = layout.column_of
    date_cell = worksheet.cell(row=row, column=column["Data"], value=expense.date)
    date_cell.number_format = DATE_FORMAT
    amount_cell = worksheet.cell(row=row, column=column["Valor"], value=expense.amount)
    amount_cell.number_format = AMOUNT_FORMAT
    for name, text in (
        ("Categoria", expense.category),
        ("Descrição", expense.description),
        ("Observações", expense.notes),
        ("ID", entry_id),
    ):
        cell = worksheet.cell(row=row, column=column[name])
        # Assigned, not passed to cell(): cell(value=None) keeps the old value, and an update must clear it.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", text) or None
        # A description starting with "=" is the user's words, not a formula for Excel to run.
        if cell.data_type == "f":
            cell.data_type = "s"


def _extend_table(table: Table, layout: _Layout, last_row: int) -> None:
    """Grow the table (and its filter) over every row, so Excel and LibreOffice treat the new rows as table rows."""
    _set_table_end(table, layout, max(layout.last_row, last_row))


def _set_table_end(table: Table, layout: _Layout, end_row: int) -> None:
    """The table (and its filter) from the header down to end_row, never less than one data row."""
    end_row = max(end_row, layout.header_row + 1)
    ref = f"{get_column_letter(layout.first_col)}{layout.header_row}:{get_column_letter(layout.last_col)}{end_row}"
    table.ref = ref
    if table.autoFilter is not None:
        table.autoFilter.ref = ref


def _rows_with_id(sheet: _Sheet, key: str) -> list[int]:
    """Sheet rows whose ID is key, in the table or typed below it (where reads and appends also look)."""
    layout = sheet.layout
    id_column = layout.column_of["ID"]
    values = sheet.worksheet.iter_rows(
        min_row=layout.header_row + 1,
        max_row=max(sheet.worksheet.max_row, layout.header_row + 1),
        min_col=id_column,
        max_col=id_column,
        values_only=True,
    )
    return [row for row, (cell,) in enumerate(values, start=layout.header_row + 1) if _text(cell) == key]


def _delete_rows(sheet: _Sheet, rows: Sequence[int]) -> int:
    """Delete these rows' table cells, shift the cells below up, and shrink the table by the rows it lost.

    Like Excel's "Delete Table Rows", only the table's columns move: whatever sits beside the table stays put.
    """
    layout = sheet.layout
    for row in sorted(rows, reverse=True):
        bottom = max(sheet.worksheet.max_row, row + 1)
        # Moving rows row+1.. up overwrites every cell of the deleted row, even where the row below is empty.
        below = CellRange(min_col=layout.first_col, min_row=row + 1, max_col=layout.last_col, max_row=bottom)
        sheet.worksheet.move_range(below, rows=-1, translate=True)
    if rows:
        lost = sum(1 for row in rows if row <= layout.last_row)
        _set_table_end(sheet.table, layout, layout.last_row - lost)
    return len(rows)


# -- reading cells a person may have typed -------------------------------------------------------------------


def _ledger_rows(values: Iterable[Sequence[object]], layout: _Layout, first_row: int) -> Iterator[LedgerRow]:
    for row_number, row in enumerate(values, start=first_row):
        if _blank_row(row):
            continue
        raw_date = layout.value(row, "Data")
        raw_amount = layout.value(row, "Valor")
        when = to_date(raw_date)
        amount = to_amount(raw_amount)
        if when is None or amount is None:
            logger.warning(
                "skipping row %d of %s: unreadable Data %r or Valor %r", row_number, TABLE_NAME, raw_date, raw_amount
            )
            continue
        expense = Expense(
            date=when,
            category=_text(layout.value(row, "Categoria")),
            description=_text(layout.value(row, "Descrição")),
            amount=amount,
            notes=_text(layout.value(row, "Observações")),
        )
        yield LedgerRow(expense, _text(layout.value(row, "ID")))


def _blank_row(row: Sequence[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_BR_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")


def to_date(value: object) -> date | None:
    """A cell's date whether Excel stored it as a date, a serial number, ISO text or dd/mm/yyyy text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value) or value <= 0:
                return None
            serial = from_excel(value)
            return serial.date() if isinstance(serial, datetime) else None
        if isinstance(value, str):
            text = value.strip()
            if match := _ISO_DATE.fullmatch(text[:10]):
                year, month, day = (int(part) for part in match.groups())
                return date(year, month, day)
            if match := _BR_DATE.fullmatch(text):
                day, month, year = (int(part) for part in match.groups())
                return date(year + 2000 if year < 100 else year, month, day)
    except (ValueError, OverflowError):
        return None
    return None


_PT_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}\.\d{3}")


def to_amount(value: object) -> Decimal | None:
    """A cell's amount to the cent: numbers go through their text (never Decimal(float)); "1.234,56" or "1234.56"."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        parsed = _parse_amount_text(value)
        if parsed is None:
            return None
        amount = parsed
    else:
        return None
    if not amount.is_finite():
        return None
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


def _parse_amount_text(text: str) -> Decimal | None:
    cleaned = re.sub(r"\s|\u00a0", "", text.replace("R$", ""))
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        # Whichever separator comes last is the decimal one: "1.234,56" (pt-BR) or "1,234.56".
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", "") if cleaned.count(",") > 1 else cleaned.replace(",", ".")
    elif cleaned.count(".") > 1 or _PT_THOUSANDS.fullmatch(cleaned):
        # "1.500" typed in Brazil is fifteen hundred, not one and a half.
        cleaned = cleaned.replace(".", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


# -- CSV seeding ---------------------------------------------------------------------------------------------


def _read_csv(csv_path: Path) -> list[tuple[Expense, str]]:
    """Parse the whole CSV before touching the workbook, so a bad line adds nothing."""
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.readline()
        handle.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return []
        index = {fold(name): position for position, name in enumerate(header) if name.strip()}
        missing = [name for name in _REQUIRED_CSV if fold(name) not in index]
        if missing:
            raise ValueError(f"{csv_path}: header lacks {', '.join(missing)}; expected {','.join(COLUMNS)}")

        def cell(row: list[str], name: str) -> str:
            position = index.get(fold(name))
            return row[position].strip() if position is not None and position < len(row) else ""

        entries: list[tuple[Expense, str]] = []
        for line, row in enumerate(reader, start=2):
            if not any(part.strip() for part in row):
                continue
            when = to_date(cell(row, "Data"))
            amount = to_amount(cell(row, "Valor"))
            if when is None or amount is None:
                raise ValueError(
                    f"{csv_path}:{line}: unreadable Data {cell(row, 'Data')!r} or Valor {cell(row, 'Valor')!r}"
                )
            expense = Expense(
                date=when,
                category=cell(row, "Categoria"),
                description=cell(row, "Descrição"),
                amount=amount,
                notes=cell(row, "Observações"),
            )
            entries.append((expense, cell(row, "ID")))
        return entries
