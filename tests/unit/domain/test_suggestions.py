"""Asking instead of imposing: a category to suggest only when the words do not settle one."""

from __future__ import annotations

import pytest

from finassist.domain.categories import CATEGORIES, classify
from finassist.domain.suggestions import suggest_category, suggestion_question


@pytest.mark.parametrize("description", ["almoço", "uber", "aluguel", "farmácia", "cinema", "conta de luz"])
def test_nothing_is_suggested_when_the_category_is_certain(description: str) -> None:
    assert suggest_category(description) is None


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("bebida", "Alimentação"),
        ("passagem", "Transporte"),
        ("coisas", "Compras"),
        ("apartamento", "Moradia"),
    ],
)
def test_a_weak_word_is_suggested_as_a_question(description: str, category: str) -> None:
    assert suggest_category(description) == category


@pytest.mark.parametrize(("description", "category"), [("amoço", "Alimentação"), ("pizaa", "Alimentação")])
def test_a_short_misspelt_lexicon_word_is_suggested(description: str, category: str) -> None:
    assert suggest_category(description) == category


@pytest.mark.parametrize(
    ("description", "category"),
    [("framacia", "Saúde"), ("restaurnte", "Alimentação"), ("gasolna", "Transporte"), ("combustivle", "Transporte")],
)
def test_a_long_word_one_slip_from_the_lexicon_is_filed_not_asked(description: str, category: str) -> None:
    """Issue 15: a typo of a long word ("restaurnte") used to fall to Outros with a question; it is now filed."""
    assert classify(description) == (category, True)
    assert suggest_category(description) is None


@pytest.mark.parametrize("description", ["xpto", "", "   ", "123", "qwertyuiop"])
def test_nothing_is_suggested_without_a_clue(description: str) -> None:
    assert suggest_category(description) is None


def test_every_suggestion_is_one_of_our_categories_but_never_outros() -> None:
    for description in ("bebida", "amoço", "coisas", "passagem", "tratamento", "programa"):
        category = suggest_category(description)
        assert category in CATEGORIES
        assert category != "Outros"


def test_the_question_asks_before_moving_and_says_how_to_answer() -> None:
    assert suggestion_question("Lazer") == "Quer que eu coloque em Lazer? Responda sim ou não."


def test_the_question_names_the_entry_when_given() -> None:
    question = suggestion_question("Saúde", "framacia")
    assert question.startswith("Não tenho certeza da categoria de framacia.")
    assert "Quer que eu coloque em Saúde?" in question
