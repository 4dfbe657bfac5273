"""OWASP's CSV Injection rule for our exports: no cell begins with a formula trigger, and our reader undoes it."""

import pytest

from finassist.domain.csv_cells import FORMULA_TRIGGERS, neutralise, restore


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_with_a_formula_trigger_gets_a_leading_quote(trigger: str) -> None:
    assert neutralise(trigger + "1+1") == "'" + trigger + "1+1"


def test_the_triggers_are_owasps_six() -> None:
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize("text", ["Almoço", "", "R$ 45", " =espaço antes", "a=b"])
def test_other_cells_are_left_alone(text: str) -> None:
    assert neutralise(text) == text


def test_a_cell_that_already_begins_with_a_quote_gets_one_more_so_reading_back_is_exact() -> None:
    assert neutralise("'já citado") == "''já citado"


@pytest.mark.parametrize("text", ["=1+1", "-45", "@x", "'=já", "Almoço", "'só aspas", ""])
def test_restore_gives_back_exactly_what_neutralise_was_given(text: str) -> None:
    assert restore(neutralise(text)) == text
