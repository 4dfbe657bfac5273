"""Bills on a day of every month: due dates at month ends and leap years, and one row per month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from finassist.domain.recurring import (
    due_date,
    first_month,
    is_due,
    recurring_entry_id,
    recurring_text,
)


@pytest.mark.parametrize(
    ("day", "month", "expected"),
    [
        (8, date(2026, 11, 24), date(2026, 11, 8)),
        (31, date(2026, 2, 1), date(2026, 2, 28)),
        (31, date(2028, 2, 15), date(2028, 2, 29)),
        (30, date(2028, 2, 15), date(2028, 2, 29)),
        (29, date(2027, 2, 1), date(2027, 2, 28)),
        (29, date(2024, 2, 1), date(2024, 2, 29)),
        (31, date(2026, 4, 10), date(2026, 4, 30)),
        (31, date(2026, 12, 1), date(2026, 12, 31)),
        (1, date(2026, 1, 31), date(2026, 1, 1)),
    ],
)
def test_the_due_date_is_clamped_to_the_last_day_of_a_short_month(day: int, month: date, expected: date) -> None:
    assert due_date(day, month) == expected


def test_february_1900_is_not_a_leap_month_but_2000_is() -> None:
    assert due_date(31, date(1900, 2, 1)) == date(1900, 2, 28)
    assert due_date(31, date(2000, 2, 1)) == date(2000, 2, 29)


@pytest.mark.parametrize("day", [0, 32, -1])
def test_a_day_outside_1_to_31_is_refused(day: int) -> None:
    with pytest.raises(ValueError, match=r"1\.\.31"):
        due_date(day, date(2026, 11, 1))


@pytest.mark.parametrize(
    ("day", "today", "due"),
    [
        (8, date(2026, 11, 7), False),
        (8, date(2026, 11, 8), True),
        (8, date(2026, 11, 30), True),
        (31, date(2026, 2, 27), False),
        (31, date(2026, 2, 28), True),
        (31, date(2028, 2, 28), False),
        (31, date(2028, 2, 29), True),
        (1, date(2026, 12, 1), True),
    ],
)
def test_a_bill_is_due_on_and_after_its_date_this_month(day: int, today: date, due: bool) -> None:
    assert is_due(day, today) is due


def test_the_entry_id_names_the_month_so_a_second_run_adds_nothing() -> None:
    assert recurring_entry_id("abc123", date(2026, 11, 8)) == "rec#abc123#2026-11"
    assert recurring_entry_id("abc123", date(2026, 11, 8)) == recurring_entry_id("abc123", date(2026, 11, 30))
    assert recurring_entry_id("abc123", date(2026, 1, 1)) == "rec#abc123#2026-01"


def test_the_entry_id_differs_between_months_and_between_bills() -> None:
    assert recurring_entry_id("a", date(2026, 11, 8)) != recurring_entry_id("a", date(2026, 12, 8))
    assert recurring_entry_id("a", date(2026, 11, 8)) != recurring_entry_id("b", date(2026, 11, 8))


def test_the_text_names_the_day_the_amount_and_the_bill() -> None:
    assert recurring_text(8, Decimal("1800"), "aluguel") == "todo dia 8: R$ 1.800,00 de aluguel"
    assert recurring_text(10, Decimal("99.90"), "internet") == "todo dia 10: R$ 99,90 de internet"


@pytest.mark.parametrize(
    ("day", "today", "first"),
    [
        (8, date(2026, 11, 7), "2026-11"),
        (8, date(2026, 11, 8), "2026-12"),
        (8, date(2026, 11, 24), "2026-12"),
        (8, date(2026, 12, 24), "2027-01"),
        (31, date(2026, 2, 27), "2026-02"),
        (31, date(2026, 2, 28), "2026-03"),
    ],
)
def test_a_new_recurring_bill_never_back_fills_a_month_already_past_its_day(day: int, today: date, first: str) -> None:
    assert first_month(day, today) == first
