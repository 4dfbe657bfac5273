"""The expense row and the arithmetic on rows: what every ledger stores and every answer sums."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finassist.domain.text import fold

COLUMNS: tuple[str, ...] = ("Data", "Categoria", "Descrição", "Valor", "Observações", "ID")
TABLE_NAME = "Despesas"


@dataclass(frozen=True)
class Expense:
    """One row of the user's Despesas table; amount is Decimal, never float."""

    date: date
    category: str
    description: str
    amount: Decimal
    notes: str = ""


@dataclass(frozen=True)
class LedgerRow:
    """An expense as stored, with the idempotency key that made it (empty for rows typed by hand)."""

    expense: Expense
    entry_id: str = ""


CENT = Decimal("0.01")


def expense_fields(expense: Expense) -> dict[str, str]:
    """An expense as JSON-able strings (amount with two decimals): what tool outputs and the journal keep."""
    return {
        "date": expense.date.isoformat(),
        "category": expense.category,
        "description": expense.description,
        "amount": str(expense.amount.quantize(CENT)),
        "notes": expense.notes,
    }


def in_period(rows: Iterable[LedgerRow], start: date, end: date, category: str | None = None) -> list[LedgerRow]:
    """Rows dated start..end inclusive, optionally of one category (ignoring case and accents)."""
    wanted = fold(category) if category else None
    return [
        row
        for row in rows
        if start <= row.expense.date <= end and (wanted is None or fold(row.expense.category) == wanted)
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
