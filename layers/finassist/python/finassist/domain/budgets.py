"""Monthly limits per category: how much is left, and the one line that warns before the money runs out.

Thresholds compare exact Decimals (spent * 100 >= limit * 80), so 80% is a warning at any amount and no
rounding can move a user from one level to the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Literal

from finassist.domain.money import format_brl, quantize

Level = Literal["ok", "warning", "exceeded"]

WARNING_PERCENT = Decimal(80)
EXCEEDED_PERCENT = Decimal(100)
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class BudgetStatus:
    """Where a category stands against its monthly limit; left is negative once the limit is passed."""

    category: str
    limit: Decimal
    spent: Decimal
    left: Decimal  # limit - spent
    used_percent: Decimal  # spent / limit * 100, one decimal, rounded down so 99.99% never shows as 100%
    level: Level

    @property
    def over(self) -> Decimal:
        """How much was spent beyond the limit (zero while within it)."""
        return max(-self.left, Decimal("0.00"))


def budget_status(limit: Decimal, spent: Decimal, category: str = "") -> BudgetStatus:
    """The status of one category's month: ok below 80% of the limit, warning from 80%, exceeded from 100%."""
    limit = quantize(limit)
    spent = quantize(spent)
    if limit > 0:
        used = (spent * 100 / limit).quantize(_TENTH, rounding=ROUND_DOWN)
        if spent * 100 >= limit * EXCEEDED_PERCENT:
            level: Level = "exceeded"
        elif spent * 100 >= limit * WARNING_PERCENT:
            level = "warning"
        else:
            level = "ok"
    else:  # a limit of zero: anything spent is over it
        used = Decimal("100.0") if spent > 0 else Decimal("0.0")
        level = "exceeded" if spent > 0 else "ok"
    return BudgetStatus(category, limit, spent, limit - spent, used, level)


def budget_note(status: BudgetStatus) -> str:
    """One friendly pt-BR line for the reply after an expense in a category that has a limit."""
    of = f" de {status.category}" if status.category else ""
    if status.level == "ok":
        return f"Restam {format_brl(status.left)} do seu limite{of} ({format_brl(status.limit)}) este mês."
    if status.level == "warning":
        percent = status.used_percent.to_integral_value(rounding=ROUND_DOWN)
        return f"⚠️ Você já usou {percent}% do limite{of}: restam {format_brl(status.left)}."
    if status.over == 0:
        return f"🚨 Você chegou ao limite{of} ({format_brl(status.limit)}): não sobra nada este mês."
    return f"🚨 Você passou do limite{of} em {format_brl(status.over)} (limite {format_brl(status.limit)})."
