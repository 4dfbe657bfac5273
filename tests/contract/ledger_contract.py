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


def income(day: date, amount: str, description: str) -> Expense:
    return Expense(date=day, category="Receita", description=description, amount=Decimal(amount), kind="income")


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

    # -- the last entry, delete and update ("apaga o último", "corrige o valor") ---------------------------------

    def test_an_empty_ledger_has_no_last_entry(self, ledger: Ledger) -> None:
        assert ledger.last_entry() is None

    def test_after_two_appends_the_last_entry_is_the_second(self, ledger: Ledger) -> None:
        second = expense(date(2026, 11, 20), "23.50", description="Padaria")
        ledger.append(expense(date(2026, 11, 24), description="Almoço"), "SM1:call_1")
        ledger.append(second, "SM2:call_1")

        assert ledger.last_entry() == LedgerRow(second, "SM2:call_1")

    def test_the_last_entry_is_the_last_row_written_not_the_latest_date(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 24), description="hoje"), "SM1:call_1")
        ledger.append(expense(date(2026, 11, 2), description="lembrei agora"), "SM2:call_1")

        last = ledger.last_entry()
        assert last is not None and last.expense.description == "lembrei agora"

    def test_rows_typed_by_hand_are_never_the_last_entry(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 5), description="à mão, antes"), "")
        assert ledger.last_entry() is None

        ours = expense(date(2026, 11, 6), description="pelo zap")
        ledger.append(ours, "SM1:call_1")
        ledger.append(expense(date(2026, 11, 7), description="à mão, depois"), "")

        assert ledger.last_entry() == LedgerRow(ours, "SM1:call_1")

    def test_delete_removes_exactly_that_row_and_a_second_delete_is_a_no_op(self, ledger: Ledger) -> None:
        kept_before = expense(date(2026, 11, 1), description="antes")
        kept_after = expense(date(2026, 11, 3), description="depois")
        ledger.append(kept_before, "a")
        ledger.append(expense(date(2026, 11, 2), description="apagar"), "b")
        ledger.append(kept_after, "c")

        assert ledger.delete("b") is True
        assert ledger.delete("b") is False

        assert ledger.query(NOV_1, NOV_30) == [LedgerRow(kept_before, "a"), LedgerRow(kept_after, "c")]

    def test_deleting_an_id_that_was_never_there_returns_false_and_changes_nothing(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 1), description="fica"), "a")
        ledger.append(expense(date(2026, 11, 2), description="à mão"), "")

        assert ledger.delete("SM404:call_1") is False
        assert ledger.delete("") is False

        assert descriptions(ledger.query(NOV_1, NOV_30)) == ["fica", "à mão"]

    def test_deleting_the_only_row_leaves_an_empty_ledger_that_still_takes_appends(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 1), description="única"), "a")

        assert ledger.delete("a") is True
        assert ledger.query(date(2000, 1, 1), date(2100, 12, 31)) == []
        assert ledger.last_entry() is None

        again = expense(date(2026, 11, 2), description="nova")
        assert ledger.append(again, "b") is True
        assert ledger.query(NOV_1, NOV_30) == [LedgerRow(again, "b")]

    def test_after_deleting_the_last_entry_the_previous_finassist_row_is_the_last(self, ledger: Ledger) -> None:
        previous = expense(date(2026, 11, 1), description="anterior")
        ledger.append(previous, "SM1:call_1")
        ledger.append(expense(date(2026, 11, 2), description="à mão"), "")
        ledger.append(expense(date(2026, 11, 3), description="errada"), "SM2:call_1")

        last = ledger.last_entry()
        assert last is not None and ledger.delete(last.entry_id) is True

        assert ledger.last_entry() == LedgerRow(previous, "SM1:call_1")

    def test_update_changes_the_values_keeps_the_id_and_amounts_stay_exact_decimals(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 1), "0.20", description="outro"), "a")
        ledger.append(expense(date(2026, 11, 24), "45.00", "Alimentação", "Almoço", "com a equipe"), "SM1:call_1")
        ledger.append(expense(date(2026, 11, 2), "0.30", description="mais um"), "c")
        corrected = expense(date(2026, 11, 23), "0.10", "Lazer", "Cinema", "")

        assert ledger.update("SM1:call_1", corrected) is True

        rows = ledger.query(NOV_1, NOV_30)
        assert rows == [
            LedgerRow(expense(date(2026, 11, 1), "0.20", description="outro"), "a"),
            LedgerRow(corrected, "SM1:call_1"),
            LedgerRow(expense(date(2026, 11, 2), "0.30", description="mais um"), "c"),
        ]
        assert all(isinstance(row.expense.amount, Decimal) for row in rows)
        assert total(rows) == Decimal("0.60")
        assert ledger.last_entry() == LedgerRow(expense(date(2026, 11, 2), "0.30", description="mais um"), "c")

    def test_updating_a_missing_id_returns_false_and_changes_nothing(self, ledger: Ledger) -> None:
        kept = expense(date(2026, 11, 1), description="fica")
        ledger.append(kept, "a")

        assert ledger.update("SM404:call_1", expense(date(2026, 11, 2), "99.99")) is False
        assert ledger.update("", expense(date(2026, 11, 2), "99.99")) is False

        assert ledger.query(NOV_1, NOV_30) == [LedgerRow(kept, "a")]

    def test_an_updated_row_still_blocks_a_retried_append_of_its_id(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 24), "45.00"), "SM1:call_1")
        ledger.update("SM1:call_1", expense(date(2026, 11, 24), "54.00"))

        assert ledger.append(expense(date(2026, 11, 24), "45.00"), "SM1:call_1") is False
        assert [row.expense.amount for row in ledger.query(NOV_1, NOV_30)] == [Decimal("54.00")]

    def test_queries_reflect_deletes_and_updates(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 5), "30.00", "Alimentação", "Feira"), "a")
        ledger.append(expense(date(2026, 11, 6), "12.00", "Alimentação", "Lanche"), "b")
        ledger.append(expense(date(2026, 11, 7), "8.00", "Transporte", "Ônibus"), "c")

        ledger.delete("b")
        ledger.update("c", expense(date(2026, 10, 31), "8.00", "Alimentação", "Pastel"))
        ledger.update("a", expense(date(2026, 11, 5), "31.50", "Alimentação", "Feira"))

        assert total(ledger.query(NOV_1, NOV_30, "Alimentação")) == Decimal("31.50")
        assert ledger.query(NOV_1, NOV_30, "Transporte") == []
        assert descriptions(ledger.query(date(2026, 10, 1), date(2026, 10, 31))) == ["Pastel"]

    def test_a_delete_or_update_through_a_second_client_is_seen_by_the_first(self, make_ledger: MakeLedger) -> None:
        first = make_ledger()
        first.append(expense(date(2026, 11, 1), description="um"), "a")
        first.append(expense(date(2026, 11, 2), description="dois"), "b")
        assert len(first.query(NOV_1, NOV_30)) == 2

        second = make_ledger()
        assert second.delete("a") is True
        assert second.update("b", expense(date(2026, 11, 2), "20.00", description="dois, corrigido")) is True

        assert first.query(NOV_1, NOV_30) == [
            LedgerRow(expense(date(2026, 11, 2), "20.00", description="dois, corrigido"), "b")
        ]
        assert first.delete("a") is False

    # -- one row by its ID, and what one message wrote ("<MessageSid>#<position>") ------------------------------

    def test_get_finds_the_row_with_exactly_that_id_and_nothing_else(self, ledger: Ledger) -> None:
        first = expense(date(2026, 11, 24), "60.00", description="pizza")
        second = expense(date(2026, 11, 24), "12.00", description="refri")
        ledger.append(first, "SM1#0")
        ledger.append(second, "SM1#1")
        ledger.append(expense(date(2026, 11, 24), description="à mão"), "")

        assert ledger.get("SM1#1") == LedgerRow(second, "SM1#1")
        assert ledger.get("SM1#0") == LedgerRow(first, "SM1#0")
        assert ledger.get("SM1") is None  # a prefix is not an ID
        assert ledger.get("SM1#2") is None
        assert ledger.get("") is None  # rows typed by hand are never found by their empty ID

    def test_entries_lists_every_row_whose_id_starts_with_the_prefix_in_sheet_order(self, ledger: Ledger) -> None:
        pizza = expense(date(2026, 11, 24), "60.00", description="pizza")
        soda = expense(date(2026, 11, 24), "12.00", description="refri")
        ledger.append(pizza, "SM1#0")
        ledger.append(expense(date(2026, 11, 24), description="outra mensagem"), "SM2#0")
        ledger.append(expense(date(2026, 11, 24), description="à mão"), "")
        ledger.append(soda, "SM1#1")
        ledger.append(expense(date(2026, 11, 24), description="parecida"), "SM10#0")

        assert ledger.entries("SM1#") == [LedgerRow(pizza, "SM1#0"), LedgerRow(soda, "SM1#1")]
        assert ledger.entries("SM9#") == []
        assert [row.entry_id for row in ledger.entries("SM")] == ["SM1#0", "SM2#0", "SM1#1", "SM10#0"]

    def test_get_and_entries_see_an_update_and_a_delete_made_through_another_client(
        self, make_ledger: MakeLedger
    ) -> None:
        first = make_ledger()
        first.append(expense(date(2026, 11, 24), "60.00", description="pizza"), "SM1#0")
        first.append(expense(date(2026, 11, 24), "12.00", description="refri"), "SM1#1")
        corrected = expense(date(2026, 11, 24), "15.00", description="refri")

        second = make_ledger()
        assert second.update("SM1#1", corrected) is True
        assert second.delete("SM1#0") is True

        assert first.get("SM1#1") == LedgerRow(corrected, "SM1#1")
        assert first.get("SM1#0") is None
        assert first.entries("SM1#") == [LedgerRow(corrected, "SM1#1")]

    # -- income: a Receita row in the same table -----------------------------------------------------------------

    def test_income_is_kept_apart_from_expenses_in_every_query(self, ledger: Ledger) -> None:
        lunch = expense(date(2026, 11, 5), "45.00", description="almoço")
        salary = income(date(2026, 11, 5), "5000.00", "salário")
        ledger.append(lunch, "SM1#0")
        ledger.append(salary, "SM2#0")

        assert ledger.query(NOV_1, NOV_30) == [LedgerRow(lunch, "SM1#0")]
        assert ledger.query(NOV_1, NOV_30, kind="income") == [LedgerRow(salary, "SM2#0")]
        assert ledger.query(NOV_1, NOV_30, kind=None) == [LedgerRow(lunch, "SM1#0"), LedgerRow(salary, "SM2#0")]
        assert total(ledger.query(NOV_1, NOV_30)) == Decimal("45.00")

    def test_the_first_income_leaves_every_earlier_row_an_expense_for_every_client(
        self, make_ledger: MakeLedger
    ) -> None:
        first = make_ledger()
        first.append(expense(date(2026, 11, 1), description="antes"), "a")
        first.append(expense(date(2026, 11, 2), description="à mão"), "")
        first.append(income(date(2026, 11, 3), "800.00", "freela"), "b")
        first.append(expense(date(2026, 11, 4), description="depois"), "c")

        rows = make_ledger().query(NOV_1, NOV_30, kind=None)

        assert [(row.expense.description, row.expense.kind) for row in rows] == [
            ("antes", "expense"),
            ("à mão", "expense"),
            ("freela", "income"),
            ("depois", "expense"),
        ]

    def test_an_income_can_be_the_last_entry_and_is_corrected_or_undone_as_one(self, ledger: Ledger) -> None:
        ledger.append(expense(date(2026, 11, 1), description="almoço"), "SM1#0")
        ledger.append(income(date(2026, 11, 5), "5000.00", "salário"), "SM2#0")
        corrected = income(date(2026, 11, 5), "5500.00", "salário")

        last = ledger.last_entry()
        assert last is not None and last.expense.kind == "income"
        assert ledger.update("SM2#0", corrected) is True
        assert ledger.get("SM2#0") == LedgerRow(corrected, "SM2#0")
        assert ledger.entries("SM2#") == [LedgerRow(corrected, "SM2#0")]
        assert ledger.delete("SM2#0") is True
        assert ledger.query(NOV_1, NOV_30, kind="income") == []
        assert [row.entry_id for row in ledger.query(NOV_1, NOV_30)] == ["SM1#0"]
