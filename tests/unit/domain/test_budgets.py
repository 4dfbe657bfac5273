"""Monthly limits: exact levels at the thresholds and the one line that warns the user."""

from __future__ import annotations

from decimal import Decimal

import pytest

from finassist.domain.budgets import BudgetStatus, budget_note, budget_status

LIMIT = Decimal("800")


@pytest.mark.parametrize(
    ("spent", "level"),
    [
        ("0", "ok"),
        ("566.35", "ok"),
        ("639.99", "ok"),
        ("640.00", "warning"),
        ("680", "warning"),
        ("799.99", "warning"),
        ("800.00", "exceeded"),
        ("835", "exceeded"),
    ],
)
def test_the_level_is_warning_from_80_percent_and_exceeded_from_100(spent: str, level: str) -> None:
    assert budget_status(LIMIT, Decimal(spent)).level == level


def test_the_status_carries_exact_decimals() -> None:
    status = budget_status(LIMIT, Decimal("566.35"), "Alimentação")
    assert status == BudgetStatus(
        "Alimentação", Decimal("800.00"), Decimal("566.35"), Decimal("233.65"), Decimal("70.7"), "ok"
    )


def test_left_goes_negative_once_the_limit_is_passed_and_over_says_by_how_much() -> None:
    status = budget_status(LIMIT, Decimal("835"), "Alimentação")
    assert status.left == Decimal("-35.00")
    assert status.over == Decimal("35.00")


def test_used_percent_rounds_down_so_nearly_full_never_reads_as_full() -> None:
    assert budget_status(LIMIT, Decimal("799.99")).used_percent == Decimal("99.9")


def test_an_ok_note_says_what_is_left_of_the_limit() -> None:
    note = budget_note(budget_status(LIMIT, Decimal("566.35"), "Alimentação"))
    assert note == "Restam R$ 233,65 do seu limite de Alimentação (R$ 800,00) este mês."


def test_a_warning_note_says_how_much_was_used_and_what_is_left() -> None:
    note = budget_note(budget_status(LIMIT, Decimal("680"), "Alimentação"))
    assert note == "⚠️ Você já usou 85% do limite de Alimentação: restam R$ 120,00."


def test_an_exceeded_note_says_by_how_much() -> None:
    note = budget_note(budget_status(LIMIT, Decimal("835"), "Alimentação"))
    assert note == "🚨 Você passou do limite de Alimentação em R$ 35,00 (limite R$ 800,00)."


def test_reaching_the_limit_exactly_is_said_as_reached_not_passed_by_zero() -> None:
    note = budget_note(budget_status(LIMIT, Decimal("800"), "Alimentação"))
    assert note.startswith("🚨 Você chegou ao limite de Alimentação")
    assert "R$ 0,00" not in note


def test_a_note_without_a_category_still_reads_well() -> None:
    assert budget_note(budget_status(LIMIT, Decimal("100"))) == "Restam R$ 700,00 do seu limite (R$ 800,00) este mês."


def test_a_zero_limit_is_exceeded_by_any_spending() -> None:
    assert budget_status(Decimal("0"), Decimal("1")).level == "exceeded"
    assert budget_status(Decimal("0"), Decimal("0")).level == "ok"
