"""The month at a glance: total, each category's amount and share, and the change against the month before.

Every figure is Decimal: shares and changes are percentages rounded half-up to one decimal, so the numbers a
user reads add up the way a calculator would.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from finassist.domain.categories import canonical_category
from finassist.domain.expense import LedgerRow, in_period, total
from finassist.domain.money import format_brl, quantize
from finassist.domain.months import MONTH_NAMES
from finassist.domain.periods import Period, month_period

_TENTH = Decimal("0.1")
_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CategoryLine:
    """One category in the month: its amount, its share of the month (0..100) and its change in percent."""

    category: str
    amount: Decimal
    share: Decimal  # percent of the month's total, one decimal
    change: Decimal | None  # percent against the previous month, one decimal; None when it had nothing there


@dataclass(frozen=True)
class MonthSummary:
    """A month's total, the previous month's total, and one line per category, largest first."""

    period: Period
    total: Decimal
    previous_total: Decimal
    lines: tuple[CategoryLine, ...]

    @property
    def change(self) -> Decimal | None:
        """The total's change in percent against the previous month, None when that month had nothing."""
        return percent_change(self.total, self.previous_total)


def previous_month(period: Period) -> Period:
    """The calendar month before the one period starts in, labelled with its name ('em outubro')."""
    before = period.start.replace(day=1) - timedelta(days=1)
    return month_period(before.year, before.month, f"em {MONTH_NAMES[before.month - 1]}")


def percent_change(current: Decimal, previous: Decimal) -> Decimal | None:
    """(current - previous) / previous in percent, one decimal; None when there is nothing to compare with."""
    if previous <= 0:
        return None
    return ((current - previous) * 100 / previous).quantize(_TENTH, rounding=ROUND_HALF_UP)


def share_of(amount: Decimal, whole: Decimal) -> Decimal:
    """amount as a percent of whole, one decimal (0 when the whole is not positive)."""
    if whole <= 0:
        return Decimal("0.0")
    return (amount * 100 / whole).quantize(_TENTH, rounding=ROUND_HALF_UP)


def _by_category(rows: Iterable[LedgerRow]) -> dict[str, Decimal]:
    """Sums per category, 'alimentacao' and 'Alimentação' counted as one."""
    sums: dict[str, Decimal] = {}
    for row in rows:
        name = canonical_category(row.expense.category) or row.expense.category.strip() or "Outros"
        sums[name] = sums.get(name, _ZERO) + row.expense.amount
    return sums


def summarize(rows: Iterable[LedgerRow], period: Period, previous: Period) -> MonthSummary:
    """Summarize period against previous; rows may cover both (and more), each is counted where its date falls."""
    rows = list(rows)
    current_rows = in_period(rows, period.start, period.end)
    previous_rows = in_period(rows, previous.start, previous.end)
    month_total = quantize(total(current_rows))
    previous_total = quantize(total(previous_rows))
    before = _by_category(previous_rows)
    lines = [
        CategoryLine(
            category=category,
            amount=quantize(amount),
            share=share_of(amount, month_total),
            change=percent_change(amount, before.get(category, _ZERO)),
        )
        for category, amount in _by_category(current_rows).items()
        if amount != 0
    ]
    lines.sort(key=lambda line: (-line.amount, line.category))
    return MonthSummary(period, month_total, previous_total, tuple(lines))


def _month_name(value: date, today: date | None) -> str:
    name = MONTH_NAMES[value.month - 1]
    return name if today is None or today.year == value.year else f"{name} de {value.year}"


def _percent(value: Decimal, places: int) -> str:
    """'16,7%' / '12%' / '1.150%': pt-BR digits, rounded half-up."""
    pattern = "#,##0.0" if places else "#,##0"
    rounded = value.quantize(_TENTH if places else Decimal(1), rounding=ROUND_HALF_UP)
    return f"{format_decimal(rounded, format=pattern, locale='pt_BR')}%"


def _trend(change: Decimal | None, previous_name: str) -> str:
    """'▲ 12% vs outubro', '▼ 5% vs outubro', '= igual a outubro', 'sem gastos em outubro'."""
    if change is None:
        return f"sem gastos em {previous_name}"
    whole = change.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole == 0:
        return f"= igual a {previous_name}"
    arrow = "▲" if whole > 0 else "▼"
    return f"{arrow} {_percent(abs(change), 0)} vs {previous_name}"


def summary_title(summary: MonthSummary, *, today: date | None = None) -> str:
    """'Resumo de novembro': the message's first line and the chart's title."""
    return f"Resumo de {_month_name(summary.period.start, today)}"


def summary_text(summary: MonthSummary, *, today: date | None = None) -> str:
    """The summary as a WhatsApp message; today, when given, adds the year to months of other years."""
    name = _month_name(summary.period.start, today)
    previous_start = summary.period.start.replace(day=1) - timedelta(days=1)
    previous_name = _month_name(previous_start, today)
    if not summary.lines and summary.total == 0:
        return f"Ainda não há gastos em {name}."
    lines = [f"{summary_title(summary, today=today)} 📊", ""]
    if summary.previous_total > 0:
        lines.append(
            f"Total: {format_brl(summary.total)} ({_trend(summary.change, previous_name)}, "
            f"que teve {format_brl(summary.previous_total)})"
        )
    else:
        lines.append(f"Total: {format_brl(summary.total)}")
    lines.append("")
    for line in summary.lines:
        lines.append(
            f"• {line.category}: {format_brl(line.amount)} ({_percent(line.share, 1)}) "
            f"{_trend(line.change, previous_name)}"
        )
    return "\n".join(lines)
