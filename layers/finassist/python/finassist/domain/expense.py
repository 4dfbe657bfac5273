"""The ledger's row and the arithmetic on rows: what every ledger stores and every answer sums.

A row is an expense unless its Tipo says income ("Receita"): one table holds both, so the user's own
workbook keeps one list of what came in and went out, and every old workbook (no Tipo column) still reads
as all expenses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from finassist.domain.text import fold

COLUMNS: tuple[str, ...] = ("Data", "Categoria", "Descrição", "Valor", "Observações", "ID")
"""The columns every table must have."""
KIND_COLUMN = "Tipo"
"""Despesa or Receita. Added at the table's right end with the first income, so a table without it (every
table made before income existed, and every new one until money comes in) reads as all expenses."""
TABLE_NAME = "Despesas"

EntryKind = Literal["expense", "income"]
EXPENSE_LABEL, INCOME_LABEL = "Despesa", "Receita"
INCOME_CATEGORY = "Receita"
"""The Categoria of an income row, so the user's own per-category sums never mix it with spending."""
_INCOME_WORDS = frozenset({"receita", "receitas", "entrada", "entradas", "renda", "ganho", "ganhos", "credito"})


@dataclass(frozen=True)
class Expense:
    """One row of the user's Despesas table; amount is Decimal, never float; kind "income" for money in."""

    date: date
    category: str
    description: str
    amount: Decimal
    notes: str = ""
    kind: EntryKind = "expense"


def kind_of(cell: str) -> EntryKind:
    """What a Tipo cell says: income for "Receita" (or "entrada", "renda"), an expense for anything else."""
    return "income" if fold(cell) in _INCOME_WORDS else "expense"


def kind_label(kind: EntryKind) -> str:
    """What the Tipo cell holds: "Despesa" or "Receita"."""
    return INCOME_LABEL if kind == "income" else EXPENSE_LABEL


@dataclass(frozen=True)
class LedgerRow:
    """An expense as stored, with the idempotency key that made it (empty for rows typed by hand)."""

    expense: Expense
    entry_id: str = ""


def last_written(rows: Sequence[LedgerRow]) -> LedgerRow | None:
    """The last row with an ID: the newest entry FinAssist wrote (rows typed by hand have no ID)."""
    return next((row for row in reversed(rows) if row.entry_id), None)


def row_with_id(rows: Iterable[LedgerRow], entry_id: str) -> LedgerRow | None:
    """The row with exactly this ID; rows typed by hand (no ID) are never found."""
    key = entry_id.strip()
    return next((row for row in rows if key and row.entry_id == key), None)


def rows_with_id_prefix(rows: Iterable[LedgerRow], prefix: str) -> list[LedgerRow]:
    """Rows whose ID starts with prefix, in sheet order: what one message wrote ('<MessageSid>#')."""
    return [row for row in rows if row.entry_id and row.entry_id.startswith(prefix)]


CENT = Decimal("0.01")


def expense_fields(expense: Expense) -> dict[str, str]:
    """An expense as JSON-able strings (amount with two decimals): what tool outputs and the journal keep."""
    return {
        "date": expense.date.isoformat(),
        "category": expense.category,
        "description": expense.description,
        "amount": str(expense.amount.quantize(CENT)),
        "notes": expense.notes,
        "kind": expense.kind,
    }


def in_period(
    rows: Iterable[LedgerRow],
    start: date,
    end: date,
    category: str | None = None,
    kind: EntryKind | None = "expense",
) -> list[LedgerRow]:
    """Rows of one kind (expenses unless asked; None for every row) dated start..end inclusive, optionally of one
    category (ignoring case and accents)."""
    wanted = fold(category) if category else None
    return [
        row
        for row in rows
        if start <= row.expense.date <= end
        and (kind is None or row.expense.kind == kind)
        and (wanted is None or fold(row.expense.category) == wanted)
    ]


def total(rows: Iterable[LedgerRow]) -> Decimal:
    """The Decimal sum of the rows' amounts, exact to the cent."""
    return sum((row.expense.amount for row in rows), Decimal("0"))


def totals_by_category(rows: Iterable[LedgerRow]) -> dict[str, Decimal]:
    """Per-category Decimal totals, largest first."""
    sums: dict[str, Decimal] = {}
    for row in rows:
        sums[row.expense.category] = sums.get(row.expense.category, Decimal("0")) + row.expense.amount
    return dict(sorted(sums.items(), key=lambda item: item[1], reverse=True))
