"""Putting an expense or a question in one of our categories, from the words people use in Brazil."""

from __future__ import annotations

import pytest

from finassist.domain.categories import CATEGORIES, canonical_category, category_in_question, classify


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Alimentação
        ("almoço", "Alimentação"),
        ("jantar", "Alimentação"),
        ("café", "Alimentação"),
        ("ifood", "Alimentação"),
        ("iFood", "Alimentação"),
        ("rappi", "Alimentação"),
        ("padaria", "Alimentação"),
        ("feira", "Alimentação"),
        ("açougue", "Alimentação"),
        ("mercado", "Alimentação"),
        ("supermercado", "Alimentação"),
        ("pizza", "Alimentação"),
        ("pães", "Alimentação"),
        ("uber eats", "Alimentação"),
        ("lanche", "Alimentação"),
        ("açaí", "Alimentação"),
        ("compras do mês", "Alimentação"),
        ("água mineral", "Alimentação"),
        # Transporte
        ("uber", "Transporte"),
        ("Uber", "Transporte"),
        ("99", "Transporte"),
        ("corrida do 99", "Transporte"),
        ("ônibus", "Transporte"),
        ("onibus", "Transporte"),
        ("metrô", "Transporte"),
        ("pedágio", "Transporte"),
        ("IPVA", "Transporte"),
        ("gasolina", "Transporte"),
        ("táxi", "Transporte"),
        ("estacionamento", "Transporte"),
        ("passagem aérea", "Transporte"),
        # Moradia
        ("aluguel", "Moradia"),
        ("condomínio", "Moradia"),
        ("IPTU", "Moradia"),
        ("diarista", "Moradia"),
        ("geladeira", "Moradia"),
        ("sofá", "Moradia"),
        # Contas
        ("luz", "Contas"),
        ("conta de luz", "Contas"),
        ("conta da luz", "Contas"),
        ("água", "Contas"),
        ("conta de água", "Contas"),
        ("gás", "Contas"),
        ("internet", "Contas"),
        ("celular", "Contas"),
        ("Netflix", "Contas"),
        ("Spotify", "Contas"),
        ("fatura do cartão", "Contas"),
        # Saúde
        ("farmácia", "Saúde"),
        ("remédio", "Saúde"),
        ("remédios", "Saúde"),
        ("dentista", "Saúde"),
        ("plano de saúde", "Saúde"),
        ("academia", "Saúde"),
        ("consulta médica", "Saúde"),
        ("exames", "Saúde"),
        ("psicóloga", "Saúde"),
        # Educação
        ("escola", "Educação"),
        ("faculdade", "Educação"),
        ("livro", "Educação"),
        ("livros", "Educação"),
        ("curso de inglês", "Educação"),
        ("mensalidade do curso de inglês", "Educação"),
        ("material escolar", "Educação"),
        # Lazer
        ("cinema", "Lazer"),
        ("bar", "Lazer"),
        ("bares", "Lazer"),
        ("show", "Lazer"),
        ("viagem", "Lazer"),
        ("hotel", "Lazer"),
        ("ingresso", "Lazer"),
        ("cerveja", "Lazer"),
        # Compras
        ("roupa", "Compras"),
        ("camiseta", "Compras"),
        ("camisetas", "Compras"),
        ("tênis", "Compras"),
        ("eletrônicos", "Compras"),
        ("presente", "Compras"),
        ("ração do cachorro", "Compras"),
        ("C&A", "Compras"),
        ("perfume", "Compras"),
        ("notebook", "Compras"),
        # Outros
        ("doação", "Outros"),
    ],
)
def test_brazilian_everyday_words_land_in_the_expected_category(text: str, category: str) -> None:
    assert classify(text) == (category, True)


def test_unknown_words_fall_back_to_outros_without_certainty() -> None:
    assert classify("xpto qualquer") == ("Outros", False)
    assert classify("") == ("Outros", False)


def test_accents_case_and_gender_do_not_matter() -> None:
    assert classify("CONSULTA MEDICA") == ("Saúde", True)
    assert classify("consulta médico") == ("Saúde", True)


def test_a_longer_phrase_beats_a_word_inside_it() -> None:
    assert classify("uber eats")[0] == "Alimentação"
    assert classify("mesa de jantar")[0] == "Moradia"
    assert classify("seguro do carro")[0] == "Transporte"


def test_sexta_feira_is_a_day_not_the_street_market() -> None:
    assert classify("sexta-feira") == ("Outros", False)
    assert classify("feira na sexta-feira")[0] == "Alimentação"


def test_words_of_two_categories_are_not_certain() -> None:
    category, certain = classify("almoço e uber")
    assert category == "Alimentação"
    assert certain is False


def test_a_category_named_in_an_expense_is_taken_as_chosen() -> None:
    assert classify("transporte") == ("Transporte", True)
    assert classify("fiz compras no mercado")[0] == "Alimentação"


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("Quanto gastei em alimentação este mês?", "Alimentação"),
        ("quanto gastei com comida", "Alimentação"),
        ("com uber", "Transporte"),
        ("de transporte", "Transporte"),
        ("quanto gastei com transporte em novembro?", "Transporte"),
        ("total de gastos com saúde em outubro", "Saúde"),
        ("gastos com lazer este mês", "Lazer"),
        ("quanto gastei com contas este ano?", "Contas"),
        ("quanto gastei em compras", "Compras"),
        ("quanto gastei com educação", "Educação"),
        ("qual foi meu gasto com moradia", "Moradia"),
        ("quanto gastei no mercado", "Alimentação"),
        ("quanto foi a conta de luz", "Contas"),
        ("quanto gastei com outros", "Outros"),
    ],
)
def test_a_question_names_its_category_by_name_or_by_its_words(question: str, category: str) -> None:
    assert category_in_question(question) == category


@pytest.mark.parametrize(
    "question",
    [
        "Quanto gastei no mês passado?",
        "quanto gastei ontem",
        "Quanto gastei semana passada?",
        "quanto eu gastei este mês",
        "quanto gastei hoje?",
        "quanto gastei na sexta-feira",
        "quanto gastei no fim de semana",
        "quanto gastei nos últimos 7 dias",
        "me diz quanto gastei em 2025",
        "qual foi o total de gastos de 1 a 15 de novembro",
    ],
)
def test_a_question_about_all_spending_names_no_category(question: str) -> None:
    assert category_in_question(question) is None


def test_every_lexicon_category_is_one_of_ours_and_canonical_names_still_resolve() -> None:
    assert canonical_category("alimentacao") == "Alimentação"
    assert canonical_category("SAÚDE") == "Saúde"
    assert canonical_category("nada") is None
    for name in CATEGORIES:
        assert canonical_category(name) == name
