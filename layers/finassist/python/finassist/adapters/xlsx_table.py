"""The Despesas table inside a workbook, as openpyxl sees it: finding it and its columns by name, reading its
rows, and writing, growing or deleting rows the way Excel does, so Excel and LibreOffice still see one table.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.xml.functions import fromstring

from finassist.adapters.workbook_cells import blank_row, cell_text, to_amount, to_date
from finassist.domain.expense import COLUMNS, KIND_COLUMN, TABLE_NAME, Expense, LedgerRow, kind_label, kind_of
from finassist.domain.text import fold
from finassist.errors import FinAssistError, LedgerMisconfigured, LedgerUnavailable

logger = logging.getLogger(__name__)

DATE_FORMAT = "dd/mm/yyyy"
AMOUNT_FORMAT = "#,##0.00"
_WIDTHS: dict[str, float] = {
    "Data": 12,
    "Categoria": 16,
    "Descrição": 40,
    "Valor": 14,
    "Observações": 32,
    "ID": 36,
    KIND_COLUMN: 12,
}


@dataclass(frozen=True)
class Layout:
    """Where the table sits: its header row, its column span and the 1-based column of each of our headers."""

    header_row: int
    first_col: int
    last_col: int
    last_row: int
    column_of: dict[str, int]

    def value(self, values: Sequence[object], name: str) -> object:
        """A row tuple read from column first_col on, indexed by header name (short tuples end in blanks)."""
        if name not in self.column_of:
            return None
        index = self.column_of[name] - self.first_col
        return values[index] if index < len(values) else None


@dataclass(frozen=True)
class Sheet:
    """The sheet holding our table, the table, and where its columns are: what every edit works on."""

    worksheet: Any
    table: Table
    layout: Layout

    @classmethod
    def of(cls, workbook: Any) -> Sheet:
        worksheet, table = _find_table(workbook)
        return cls(worksheet, table, _layout_of(worksheet, table))


def new_workbook() -> Any:
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


def read_rows(handle: BinaryIO, path: Path) -> list[LedgerRow]:
    """Every readable row of the file's table, in sheet order, without loading it for writing."""
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


def _layout_of(worksheet: Any, table: Table) -> Layout:
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
    return Layout(
        header_row=header_row,
        first_col=first_col,
        last_col=last_col,
        last_row=last_row,
        column_of={name: found[fold(name)] for name in (*COLUMNS, KIND_COLUMN) if fold(name) in found},
    )


def with_kind_column(sheet: Sheet) -> Sheet:
    """The sheet once its table has a Tipo column: added at the table's right end, Despesa on every row so far.

    Done in the same locked write as the row that needs it, so the file never holds one without the other. The
    cells right of the table must be empty: a column is never pushed over what the user keeps there.
    """
    layout, worksheet, table = sheet.layout, sheet.worksheet, sheet.table
    if KIND_COLUMN in layout.column_of:
        return sheet
    column = layout.last_col + 1
    bottom = max(worksheet.max_row, layout.header_row + 1)
    beside = worksheet.iter_rows(min_row=layout.header_row, max_row=bottom, min_col=column, max_col=column)
    if any(cell.value not in (None, "") for (cell,) in beside):
        raise LedgerMisconfigured(
            f"the table {TABLE_NAME!r} needs a column {KIND_COLUMN!r} to tell income from expenses, and the "
            f"column right of it ({get_column_letter(column)}) is not empty; add a column {KIND_COLUMN!r} to the table"
        )
    worksheet.cell(row=layout.header_row, column=column, value=KIND_COLUMN)
    worksheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[KIND_COLUMN]
    rows = worksheet.iter_rows(
        min_row=layout.header_row + 1, max_row=bottom, min_col=layout.first_col, max_col=layout.last_col
    )
    for cells in rows:
        if not blank_row([cell.value for cell in cells]):
            worksheet.cell(row=cells[0].row, column=column, value=kind_label("expense"))
    next_id = max((col.id for col in table.tableColumns), default=0) + 1
    table.tableColumns.append(TableColumn(id=next_id, name=KIND_COLUMN))
    widened = Layout(
        layout.header_row, layout.first_col, column, layout.last_row, {**layout.column_of, KIND_COLUMN: column}
    )
    wider = Sheet(worksheet, table, widened)
    _set_table_end(wider, layout.last_row)
    return wider


def scan(sheet: Sheet) -> tuple[set[str], int]:
    """The IDs already present and the last row with content, counting rows typed below the table."""
    layout, worksheet = sheet.layout, sheet.worksheet
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
        if blank_row(row):
            continue
        last_row = row_number
        entry_id = cell_text(row[id_index] if id_index < len(row) else None)
        if entry_id:
            ids.add(entry_id)
    return ids, last_row


def write_row(sheet: Sheet, row: int, expense: Expense, entry_id: str) -> None:
    worksheet, column = sheet.worksheet, sheet.layout.column_of
    date_cell = worksheet.cell(row=row, column=column["Data"], value=expense.date)
    date_cell.number_format = DATE_FORMAT
    amount_cell = worksheet.cell(row=row, column=column["Valor"], value=expense.amount)
    amount_cell.number_format = AMOUNT_FORMAT
    texts = [
        ("Categoria", expense.category),
        ("Descrição", expense.description),
        ("Observações", expense.notes),
        ("ID", entry_id),
    ]
    if KIND_COLUMN in column:
        texts.append((KIND_COLUMN, kind_label(expense.kind)))
    for name, text in texts:
        cell = worksheet.cell(row=row, column=column[name])
        # Assigned, not passed to cell(): cell(value=None) keeps the old value, and an update must clear it.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", text) or None
        # A description starting with "=" is the user's words, not a formula for Excel to run.
        if cell.data_type == "f":
            cell.data_type = "s"


def extend_table(sheet: Sheet, last_row: int) -> None:
    """Grow the table (and its filter) over every row, so Excel and LibreOffice treat the new rows as table rows."""
    _set_table_end(sheet, max(sheet.layout.last_row, last_row))


def _set_table_end(sheet: Sheet, end_row: int) -> None:
    """The table (and its filter) from the header down to end_row, never less than one data row."""
    layout, table = sheet.layout, sheet.table
    end_row = max(end_row, layout.header_row + 1)
    ref = f"{get_column_letter(layout.first_col)}{layout.header_row}:{get_column_letter(layout.last_col)}{end_row}"
    table.ref = ref
    if table.autoFilter is not None:
        table.autoFilter.ref = ref


def rows_with_id(sheet: Sheet, key: str) -> list[int]:
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
    return [row for row, (cell,) in enumerate(values, start=layout.header_row + 1) if cell_text(cell) == key]


def delete_rows(sheet: Sheet, rows: Sequence[int]) -> int:
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
        _set_table_end(sheet, layout.last_row - lost)
    return len(rows)


def _ledger_rows(values: Iterable[Sequence[object]], layout: Layout, first_row: int) -> Iterator[LedgerRow]:
    for row_number, row in enumerate(values, start=first_row):
        if blank_row(row):
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
            category=cell_text(layout.value(row, "Categoria")),
            description=cell_text(layout.value(row, "Descrição")),
            amount=amount,
            notes=cell_text(layout.value(row, "Observações")),
            kind=kind_of(cell_text(layout.value(row, KIND_COLUMN))),
        )
        yield LedgerRow(expense, cell_text(layout.value(row, "ID")))
