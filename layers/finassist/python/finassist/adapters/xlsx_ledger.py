"""The Ledger port on a local .xlsx workbook: the offline stack's ledger, in the same shape as the user's OneDrive file.

The workbook is the user's, so reading is forgiving (rows typed by hand, dates and amounts as text) while writing
is strict: every added row lands inside the Excel table `Despesas`, under an inter-process lock, and the file is
replaced atomically so a crash never leaves half a workbook behind (xlsx_file.py); the table's own rules are in
xlsx_table.py and the cells' in workbook_cells.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from finassist.adapters import xlsx_table
from finassist.adapters.ledger_csv import read_csv
from finassist.adapters.ledger_reads import RowReads
from finassist.adapters.xlsx_file import XlsxFile
from finassist.adapters.xlsx_table import Sheet
from finassist.domain.expense import (
    Expense,
    LedgerRow,
)


class XlsxLedger(RowReads):
    """One user's Despesas table in a .xlsx file; append is idempotent on the ID column."""

    def __init__(self, path: Path, *, lock_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self._file = XlsxFile(self.path, xlsx_table.new_workbook, lock_timeout=lock_timeout)

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

    def delete(self, entry_id: str) -> bool:
        """Remove the row with this ID as Excel's "Delete Table Rows" does; False when there is none."""
        key = entry_id.strip()
        if not key:
            return False
        return self._edit(lambda sheet: xlsx_table.delete_rows(sheet, xlsx_table.rows_with_id(sheet, key))) > 0

    def update(self, entry_id: str, expense: Expense) -> bool:
        """Rewrite the row with this ID in place, keeping the ID and any extra columns; False when there is none."""
        key = entry_id.strip()
        if not key:
            return False

        def rewrite(sheet: Sheet) -> int:
            rows = xlsx_table.rows_with_id(sheet, key)
            if rows and expense.kind == "income":
                sheet = xlsx_table.with_kind_column(sheet)
            for row in rows:
                xlsx_table.write_row(sheet, row, expense, key)
            return len(rows)

        return self._edit(rewrite) > 0

    # -- helpers for the CLI, the eval and tests -------------------------------------------------------------

    def rows(self) -> list[LedgerRow]:
        """Every readable row in sheet order; rows a person typed that cannot be read are logged and skipped."""
        return self._file.rows(xlsx_table.read_rows)

    def load_csv(self, csv_path: Path) -> int:
        """Bulk-load a CSV (Data,Categoria,Descrição,Valor,Observações[,ID]) in one write; returns rows added."""
        return self._write(read_csv(Path(csv_path)))

    # -- the write path --------------------------------------------------------------------------------------

    def _write(self, entries: Sequence[tuple[Expense, str]]) -> int:
        """Read, check IDs and write under the lock, so two writers can never both add the same entry."""

        def add(sheet: Sheet) -> int:
            known_ids, last_row = xlsx_table.scan(sheet)
            if any(expense.kind == "income" and entry_id.strip() not in known_ids for expense, entry_id in entries):
                sheet = xlsx_table.with_kind_column(sheet)
            added = 0
            for expense, entry_id in entries:
                key = entry_id.strip()
                if key and key in known_ids:
                    continue
                last_row += 1
                xlsx_table.write_row(sheet, last_row, expense, key)
                if key:
                    known_ids.add(key)
                added += 1
            if added:
                xlsx_table.extend_table(sheet, last_row)
            return added

        return self._edit(add)

    def _edit(self, edit: Callable[[Sheet], int]) -> int:
        """Load, edit and save under the lock; edit returns how many rows it changed, and 0 saves nothing."""

        def on_workbook(workbook: Any) -> int:
            return edit(Sheet.of(workbook))

        return self._file.edit(on_workbook)
