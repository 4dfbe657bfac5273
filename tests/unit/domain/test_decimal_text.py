"""One rule for a typed number, whether a person sends it in a message or types it in a workbook cell."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from finassist.adapters.workbook_cells import to_amount
from finassist.domain.decimal_text import parse_decimal, unclear_decimals
from finassist.domain.money import find_amount
from finassist.domain.understanding import Clarification, ExpenseIntent, understand


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567", "1234567"),
        ("1.500", "1500"),
        ("45.999", "45999"),
        ("23,5", "23.5"),
        ("45,90", "45.90"),
        ("45.90", "45.90"),
        ("0.5", "0.5"),
        ("1234.56", "1234.56"),
        ("-12,90", "-12.90"),
        ("1800", "1800"),
    ],
)
def test_a_number_typed_the_brazilian_or_the_american_way_reads_as_one_value(typed: str, value: str) -> None:
    assert parse_decimal(typed) == Decimal(value)
    assert not unclear_decimals(typed)


@pytest.mark.parametrize("typed", ["1,234", "33,333", "0,001", "0.001", "45,999", "1.2345", "1.234,567"])
def test_a_number_that_reads_two_ways_or_has_three_decimals_has_no_value(typed: str) -> None:
    assert parse_decimal(typed) is None
    assert unclear_decimals(typed)


@pytest.mark.parametrize("typed", ["trinta", "", "1.2.3", "R$", "12a"])
def test_what_is_not_a_number_is_neither_a_value_nor_unclear(typed: str) -> None:
    assert parse_decimal(typed) is None
    assert not unclear_decimals(typed)


@pytest.mark.parametrize("typed", ["1,234", "33,333", "0,001", "1.500", "1.234,56", "1,234.56", "23,5", "45.90"])
def test_a_cell_and_a_message_agree_on_what_a_typed_amount_is(typed: str) -> None:
    """The cell is read to the cent or skipped; the message is noted with the same value or asked about."""
    cell = to_amount(typed)
    intent = understand(f"mercado {typed}", date(2026, 11, 24))

    if cell is None:
        assert isinstance(intent, Clarification) and intent.reason == "unclear_amount", intent
        assert typed in intent.message
    else:
        assert isinstance(intent, ExpenseIntent), intent
        assert intent.amount == cell == find_amount(typed)
