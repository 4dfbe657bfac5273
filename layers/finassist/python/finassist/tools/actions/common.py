"""What every action shares: the error shape, money as text, the limits on amounts, dates and periods, and a
ledger change made through the message's effects journal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from finassist.domain.expense import Expense, expense_fields
from finassist.ports import EffectKind
from finassist.tools.context import ToolContext

MAX_AMOUNT = Decimal("1000000")
MAX_DAYS_AWAY = 366
MAX_QUERY_DAYS = 3 * 366
CENT = Decimal("0.01")


def error(message: str) -> dict[str, Any]:
    """A failure the model can explain to the person; the run goes on (only outages raise)."""
    return {"status": "error", "message": message}


def money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def amount_problem(amount: Decimal) -> str | None:
    if not amount.is_finite() or amount <= 0:
        return "o valor precisa ser maior que zero"
    if amount > MAX_AMOUNT:
        return "valor alto demais para uma despesa; confirme o valor"
    if amount != amount.quantize(CENT):
        return "o valor tem mais de duas casas decimais"
    return None


def date_problem(value: date, today: date) -> str | None:
    if abs((value - today).days) > MAX_DAYS_AWAY:
        return "a data está a mais de um ano de hoje; confirme a data"
    return None


def range_problem(start: date, end: date) -> str | None:
    if end < start:
        return "a data final é anterior à inicial"
    if (end - start) > timedelta(days=MAX_QUERY_DAYS):
        return "período longo demais; peça no máximo três anos"
    return None


def change(
    context: ToolContext,
    kind: EffectKind,
    entry_id: str,
    fields: dict[str, str],
    make: Callable[[], bool],
    old: Expense | None = None,
) -> bool:
    """A ledger change, through the message's effects journal when there is one (RunTool always has one)."""
    if context.effects is None:
        return make()
    return context.effects.change(kind, entry_id, fields, make, expense_fields(old) if old else None)
