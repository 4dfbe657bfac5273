"""The Ledger port's reads that follow from a ledger's rows alone, written once for every ledger.

Each ledger knows how to fetch its rows (a local .xlsx, a downloaded workbook, Graph's row endpoints); which of
them a question, "apaga o último" or a retried write then looks at is the same rule everywhere.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date

from finassist.domain.expense import (
    EntryKind,
    LedgerRow,
    in_period,
    last_written,
    row_with_id,
    rows_with_id_prefix,
)


class RowReads(ABC):
    """query, last_entry, get and entries over `rows()`, in table order."""

    @abstractmethod
    def rows(self) -> list[LedgerRow]:
        """Every row of the table, in table order."""

    def query(
        self, start: date, end: date, category: str | None = None, kind: EntryKind | None = "expense"
    ) -> list[LedgerRow]:
        """Rows of one kind dated start..end inclusive, optionally of one category (ignoring case and accents)."""
        return in_period(self.rows(), start, end, category, kind)

    def last_entry(self) -> LedgerRow | None:
        """The last row in table order that FinAssist wrote (a non-empty ID); rows typed by hand never count."""
        return last_written(self.rows())

    def get(self, entry_id: str) -> LedgerRow | None:
        """The row with exactly this ID, or None."""
        return row_with_id(self.rows(), entry_id)

    def entries(self, id_prefix: str) -> list[LedgerRow]:
        """Every row whose ID starts with id_prefix, in table order."""
        return rows_with_id_prefix(self.rows(), id_prefix)
