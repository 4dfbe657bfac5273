"""Expenses that repeat on a day of every month: when each is due, and the id that lets it be added once.

"todo dia 31" means the month's last day in a shorter month (28 or 29 in February, 30 in April), so a bill
is never skipped and never lands in the next month.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from finassist.domain.money import format_brl


def _check_day(day: int) -> None:
    if not 1 <= day <= 31:
        raise ValueError(f"day of month must be 1..31, got {day}")


def due_date(day: int, month: date) -> date:
    """The date of day in month's month (any date of that month), clamped to the month's last day."""
    _check_day(day)
    last = calendar.monthrange(month.year, month.month)[1]
    return date(month.year, month.month, min(day, last))


def is_due(day: int, today: date) -> bool:
    """True once this month's date for day has come (on it and after it, until the month ends)."""
    return today >= due_date(day, today)


def recurring_entry_id(recurring_id: str, month: date) -> str:
    """'rec#<id>#2026-11': one ledger row per recurring expense per month, whatever day it runs."""
    return f"rec#{recurring_id}#{month:%Y-%m}"


def first_month(day: int, today: date) -> str:
    """'YYYY-MM' of the first month to add when created today: this one if its day is still ahead, else the next.

    A recurring expense created on or after its day this month starts next month, so creating it never
    back-fills a row the user may already have typed.
    """
    if today < due_date(day, today):
        return f"{today:%Y-%m}"
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return f"{year:04d}-{month:02d}"


def recurring_text(day: int, amount: Decimal, description: str) -> str:
    """'todo dia 8: R$ 1.800,00 de aluguel', how a reply and a list name a recurring expense."""
    return f"todo dia {day}: {format_brl(amount)} de {description.strip()}"
