"""What every Ledger adapter must do, written once: the xlsx file, Microsoft Graph, any future store.

An adapter's test module subclasses LedgerContract and provides one fixture, `make_ledger`: a zero-argument
callable whose every call returns a Ledger over the same store, empty when the test starts. Calling it twice
gives two clients of one workbook, which is how a retried Lambda meets the rows an earlier attempt wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from finassist.domain.expense import Expense, LedgerRow, total
from finassist.ports import Ledger

MakeLedger = Callable[[], Ledger]

NOV_1 = date(2026, 11, 1)
NOV_30 = date(2026, 11, 30)


def expense(
    day: date,
    amount: str = "10.00",
    category: str = "Alimentação",
    description: str = "Almoço",
    notes: str = "",
) -> Expense:
    return Expense(date=day, category=category, description=description, amount=Decimal(amount), notes=notes)


def descriptions(rows: list[LedgerRow]) -> list[str]:
    return sorted(row.expense.description for row in rows)


class LedgerContract:
    """Subclass as `TestSomethingLedgerContract` and define the `make_ledger` fixture."""

    @pytest.fixture
    def make_ledger(self) -> MakeLedger:
        raise NotImplementedError("an adapter's contract test must define the make_ledger fixture")

    @pytest.fixture
    def ledger(self, make_ledger: MakeLedger) -> Ledger:
        return make_ledger()

    def test_an_empty_ledger_answers_a_query_with_an_empty_list(self, ledger: Ledger) -> None:
        assert ledger.query(date(2000, 1, 1), date(2100, 12, 31)) == []
        assert ledger.query(NOV_1, NOV_30, "Alimentação") == []

    def test_an_appended_expense_comes_back_from_a_query_over_its_date(self, ledger: Ledger) -> None:
        added = expense(date(2026, 11, 24), "45.00", "Alimentação", "Almoço", "com a equipe")

        assert ledger.append(added, "SM1:call_1") is True

        rows = ledger.query(NOV_1, NOV_30)
        assert rows == [LedgerRow(added, "SM1:call_1")]
        assert type(rows[0].expense.date) is date
        assert isinstance(rows[0].expense.amount, Decimal)

    def test_appending_the_same_entry_id_twice_keeps_one_row_and_the_second_append_says_so(
        self, ledger: Ledger
    ) -> None:
        first = expense(date(2026, 11, 24), "45.00")
        retried = expense(date(2026, 11, 24), "45.00")

        assert ledger.append(first, "SM1:call_1") is True
        assert ledger.append(retried, "SM1:call_1") is False

        assert len(ledger.query(NOV_1, NOV_30)) == 1

    def test_a_retry_through_a_second_client_of_the_same_store_adds_nothing(self, make_ledger: MakeLedger) -> None:
        make_ledger().append(expense(date(2026, 11, 24), "45.00"), "SM1:call_1")

        again = make_ledger()
        assert again.append(expense(date(2026, 11, 24), "45.00"), "SM1:call_1") is False
        assert [row.entry_id for row in again.query(NOV_1, NOV_30)] == ["SM1:call_1"]

    def test_different_entry_ids_with_the_same_content_are_two_rows(self, ledger: Ledger) -> None:
        """Two identical coffees on one day are two expenses; only the ID says "the same entry"."""
        assert ledger.append(expense(date(2026, 11, 24), "9.50", description="Café"), "SM1:call_1") is True
        assert ledger.append(expense(date(2026, 11, 24), "9.50", description="Café"), "SM2:call_1") is True

        assert len(ledger.query(NOV_1, NOV_30)) == 2

    def test_a_query_includes_rows_on_both_bounds_of_the_period(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 16), description="segunda"), "a")
        ledger.append(expense(date(2026, 11, 19), description="quinta"), "b")
        ledger.append(expense(date(2026, 11, 22), description="domingo"), "c")

        rows = ledger.query(date(2026, 11, 16), date(2026, 11, 22))

        assert descriptions(rows) == ["domingo", "quinta", "segunda"]

    def test_rows_outside_the_period_are_left_out(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 15), description="véspera"), "a")
        ledger.append(expense(date(2026, 11, 16), description="dentro"), "b")
        ledger.append(expense(date(2026, 11, 23), description="depois"), "c")
        ledger.append(expense(date(2025, 11, 16), description="ano passado"), "d")
        ledger.append(expense(date(2026, 12, 16), description="mês que vem"), "e")

        rows = ledger.query(date(2026, 11, 16), date(2026, 11, 22))

        assert descriptions(rows) == ["dentro"]

    def test_a_single_day_period_finds_that_day(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 24), description="hoje"), "a")
        ledger.append(expense(date(2026, 11, 23), description="ontem"), "b")

        assert descriptions(ledger.query(date(2026, 11, 24), date(2026, 11, 24))) == ["hoje"]

    @pytest.mark.parametrize("asked", ["alimentacao", "ALIMENTAÇÃO", "Alimentação", " alimentação "])
    def test_a_category_is_matched_ignoring_case_and_accents(self, ledger: Ledger, asked: str) -> None:
        ledger.append(expense(date(2026, 11, 6), category="Alimentação", description="Almoço"), "a")
        ledger.append(expense(date(2026, 11, 7), category="Transporte", description="Uber"), "b")
        ledger.append(expense(date(2026, 11, 8), category="Saúde", description="Farmácia"), "c")

        rows = ledger.query(NOV_1, NOV_30, asked)

        assert descriptions(rows) == ["Almoço"]

    def test_a_category_nobody_used_finds_nothing(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 6), category="Alimentação"), "a")

        assert ledger.query(NOV_1, NOV_30, "Educação") == []

    def test_amounts_are_exact_decimals_so_ten_and_twenty_cents_make_thirty(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 1), "0.10", description="bala"), "a")
        ledger.append(expense(date(2026, 11, 2), "0.20", description="chiclete"), "b")
        ledger.append(expense(date(2026, 11, 3), "1234.56", description="notebook"), "c")

        rows = ledger.query(NOV_1, NOV_30)
        by_description = {row.expense.description: row.expense.amount for row in rows}

        assert by_description["bala"] + by_description["chiclete"] == Decimal("0.30")
        assert by_description["notebook"] == Decimal("1234.56")
        assert all(isinstance(amount, Decimal) for amount in by_description.values())
        assert total(rows) == Decimal("1234.86")

    def test_many_small_amounts_sum_to_the_cent(self, ledger: Ledger) -> None:
        for day in range(1, 31):
            ledger.append(expense(date(2026, 11, day), "0.10", description=f"dia {day}"), f"id-{day}")

        assert total(ledger.query(NOV_1, NOV_30)) == Decimal("3.00")

    def test_a_description_with_accents_and_emoji_round_trips(self, ledger: Ledger) -> None:
        added = expense(
            date(2026, 11, 20),
            "23.50",
            category="Alimentação",
            description="Pão de queijo 🧀 e café ☕ na padaria São João",
            notes="ação, coração, Ñandú, 💸",
        )
        ledger.append(added, "SM9:call_😀")

        assert ledger.query(NOV_1, NOV_30) == [LedgerRow(added, "SM9:call_😀")]
