"""Whole messages in, intents out: what the offline assistant does with what a person writes on WhatsApp."""

from __future__ import annotations

import csv
import json
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from finassist.domain.categories import CATEGORIES
from finassist.domain.expense import Expense, LedgerRow, in_period, total
from finassist.domain.periods import Period
from finassist.domain.text import fold
from finassist.domain.understanding import (
    Clarification,
    ExpenseIntent,
    NotUnderstood,
    SeveralExpenses,
    SpendingQuestion,
    understand,
)

TUESDAY = date(2026, 11, 24)
CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def _cases() -> list[dict[str, Any]]:
    path = CORPUS / "messages-ptbr.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ledger(name: str) -> list[LedgerRow]:
    with (CORPUS / name).open(encoding="utf-8") as handle:
        return [
            LedgerRow(
                Expense(
                    date.fromisoformat(row["Data"]),
                    row["Categoria"],
                    row["Descrição"],
                    Decimal(row["Valor"]),
                    row["Observações"] or "",
                )
            )
            for row in csv.DictReader(handle)
        ]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: f"{case['id']}: {case['text']}")
def test_every_corpus_message_is_understood_as_the_user_expects(case: dict[str, Any]) -> None:
    today = date.fromisoformat(case["now"][:10])
    intent = understand(case["text"], today)
    expect = case["expect"]
    if "add" in expect:
        add = expect["add"]
        assert isinstance(intent, ExpenseIntent), intent
        assert intent.date == date.fromisoformat(add["date"])
        assert intent.amount == Decimal(str(add["amount"])).quantize(Decimal("0.01"))
        assert intent.category in add["category_any"]
        wanted = add.get("description_contains_any")
        if wanted:
            assert any(fold(word) in fold(intent.description) for word in wanted), intent.description
    else:
        assert isinstance(intent, SpendingQuestion), intent
        rows = _ledger(case["ledger"])
        answered = total(in_period(rows, intent.period.start, intent.period.end, intent.category))
        assert answered == Decimal(str(expect["answer"]["total"])).quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    ("text", "amount", "day", "category", "description"),
    [
        ("Gastei R$ 45 em almoço hoje", "45", date(2026, 11, 24), "Alimentação", "almoço"),
        ("gastei quarenta e cinco reais no almoço hoje", "45", date(2026, 11, 24), "Alimentação", "almoço"),
        ("Uber 23,50 ontem", "23.50", date(2026, 11, 23), "Transporte", "Uber"),
        ("paguei 1.800 de aluguel dia 8", "1800", date(2026, 11, 8), "Moradia", "aluguel"),
        ("R$ 8,50 café", "8.50", date(2026, 11, 24), "Alimentação", "café"),
        ("paguei a internet, 109,90", "109.90", date(2026, 11, 24), "Contas", "internet"),
        ("Comprei uma camiseta por 59,90 na sexta", "59.90", date(2026, 11, 20), "Compras", "camiseta"),
        (
            "mensalidade do curso de inglês 320 reais",
            "320",
            date(2026, 11, 24),
            "Educação",
            "mensalidade do curso de inglês",
        ),
        ("paguei a conta de luz de 187,35 ontem", "187.35", date(2026, 11, 23), "Contas", "conta de luz"),
        ("almoço 45 no restaurante", "45", date(2026, 11, 24), "Alimentação", "almoço no restaurante"),
        ("Gastei trinta reais com pão na padaria", "30", date(2026, 11, 24), "Alimentação", "pão na padaria"),
        ("anota aí: almoço 45", "45", date(2026, 11, 24), "Alimentação", "almoço"),
        ("uber 15 hoje de manhã", "15", date(2026, 11, 24), "Transporte", "uber"),
        ("gastei 50 no mercado semana passada", "50", date(2026, 11, 24), "Alimentação", "mercado"),
        (
            "Paguei R$ 320 da mensalidade da faculdade dia 10",
            "320",
            date(2026, 11, 10),
            "Educação",
            "mensalidade da faculdade",
        ),
        ("sorvete 12 reais e 50 centavos", "12.50", date(2026, 11, 24), "Alimentação", "sorvete"),
        ("vinte e três e cinquenta de uber", "23.50", date(2026, 11, 24), "Transporte", "uber"),
        ("almoço, 32,90, sexta-feira", "32.90", date(2026, 11, 20), "Alimentação", "almoço"),
        ("Netflix 55,90 dia 3", "55.90", date(2026, 11, 3), "Contas", "Netflix"),
        ("ônibus 5", "5", date(2026, 11, 24), "Transporte", "ônibus"),
        ("farmácia 37,90 em 21/11", "37.90", date(2026, 11, 21), "Saúde", "farmácia"),
        ("dentista 250 reais 3 de novembro", "250", date(2026, 11, 3), "Saúde", "dentista"),
        ("condomínio R$ 650,00 no dia 5", "650", date(2026, 11, 5), "Moradia", "condomínio"),
        ("corrida do 99 18,50 domingo", "18.50", date(2026, 11, 22), "Transporte", "corrida do 99"),
        ("comprei 2 camisetas por 100", "100", date(2026, 11, 24), "Compras", "2 camisetas"),
        ("Almocei 35 hoje", "35", date(2026, 11, 24), "Alimentação", "almoço"),
        ("abasteci 200 ontem", "200", date(2026, 11, 23), "Transporte", "combustível"),
        ("oi! gastei 42 de ifood", "42", date(2026, 11, 24), "Alimentação", "ifood"),
        ("notebook R$ 3.499,00", "3499", date(2026, 11, 24), "Compras", "notebook"),
        ("cinema 2 mil", "2000", date(2026, 11, 24), "Lazer", "cinema"),
        ("Dei 50 reais de presente pro meu sobrinho", "50", date(2026, 11, 24), "Compras", "presente pro meu sobrinho"),
        ("peguei um uber de 20 reais", "20", date(2026, 11, 24), "Transporte", "uber"),
        ("fui ao cinema 64", "64", date(2026, 11, 24), "Lazer", "cinema"),
        ("comi uma pizza 40 ontem", "40", date(2026, 11, 23), "Alimentação", "pizza"),
        ("Gastei cento e vinte reais no mercado ontem.", "120", date(2026, 11, 23), "Alimentação", "mercado"),
        ("Paguei trezentos e cinquenta de luz.", "350", date(2026, 11, 24), "Contas", "luz"),
        ("R$ 45,90 - almoço", "45.90", date(2026, 11, 24), "Alimentação", "almoço"),
        ("45 almoço", "45", date(2026, 11, 24), "Alimentação", "almoço"),
        ("Gastei 45,00 no almoço de hoje", "45", date(2026, 11, 24), "Alimentação", "almoço"),
        ("Gastei R$ 200,00 no sábado passado com roupas", "200", date(2026, 11, 21), "Compras", "roupas"),
        ("Paguei R$ 1.800,00 de aluguel no dia 08/11", "1800", date(2026, 11, 8), "Moradia", "aluguel"),
    ],
)
def test_an_expense_message_becomes_one_expense_with_a_clean_description(
    text: str, amount: str, day: date, category: str, description: str
) -> None:
    intent = understand(text, TUESDAY)
    assert intent == ExpenseIntent(Decimal(amount).quantize(Decimal("0.01")), day, category, description, True)


def test_an_unknown_thing_is_still_noted_under_outros_without_certainty() -> None:
    intent = understand("xpto 30", TUESDAY)
    assert intent == ExpenseIntent(Decimal("30.00"), TUESDAY, "Outros", "xpto", False)


def test_every_category_an_expense_can_get_is_one_of_ours() -> None:
    for text in (
        "almoço 10",
        "uber 10",
        "aluguel 10",
        "luz 10",
        "farmácia 10",
        "livro 10",
        "bar 10",
        "tênis 10",
        "xyz 10",
    ):
        intent = understand(text, TUESDAY)
        assert isinstance(intent, ExpenseIntent)
        assert intent.category in CATEGORIES


@pytest.mark.parametrize(
    ("text", "period", "category"),
    [
        ("quanto gastei este mês?", Period(date(2026, 11, 1), date(2026, 11, 30), "este mês"), None),
        ("quanto gastei?", Period(date(2026, 11, 1), date(2026, 11, 30), "este mês"), None),
        ("Quanto gastei em alimentação?", Period(date(2026, 11, 1), date(2026, 11, 30), "este mês"), "Alimentação"),
        (
            "total de gastos com X em outubro".replace("X", "saúde"),
            Period(date(2026, 10, 1), date(2026, 10, 31), "em outubro"),
            "Saúde",
        ),
        ("gastos com lazer este mês", Period(date(2026, 11, 1), date(2026, 11, 30), "este mês"), "Lazer"),
        (
            "qual foi meu gasto com uber na semana passada",
            Period(date(2026, 11, 16), date(2026, 11, 22), "na semana passada"),
            "Transporte",
        ),
        ("quanto foi o almoço?", Period(date(2026, 11, 1), date(2026, 11, 30), "este mês"), "Alimentação"),
        (
            "me diz quanto gastei com comida nos últimos 7 dias",
            Period(date(2026, 11, 18), date(2026, 11, 24), "nos últimos 7 dias"),
            "Alimentação",
        ),
        ("e ontem?", Period(date(2026, 11, 23), date(2026, 11, 23), "ontem"), None),
        ("gastos de outubro", Period(date(2026, 10, 1), date(2026, 10, 31), "em outubro"), None),
        (
            "quanto gastei de 1 a 15 de novembro",
            Period(date(2026, 11, 1), date(2026, 11, 15), "de 01/11 a 15/11"),
            None,
        ),
        (
            "quanto gastei com transporte no ano passado",
            Period(date(2025, 1, 1), date(2025, 12, 31), "no ano passado"),
            "Transporte",
        ),
        ("Quanto eu gastei no sábado?", Period(date(2026, 11, 21), date(2026, 11, 21), "no sábado, 21/11"), None),
    ],
)
def test_a_spending_question_gets_its_period_and_category(text: str, period: Period, category: str | None) -> None:
    assert understand(text, TUESDAY) == SpendingQuestion(period, category)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("almoço 45 e uber 20", [("45", "almoço", "Alimentação"), ("20", "uber", "Transporte")]),
        ("R$ 10 no café e R$ 30 no almoço", [("10", "café", "Alimentação"), ("30", "almoço", "Alimentação")]),
        ("mercado 100, farmácia 30,50", [("100", "mercado", "Alimentação"), ("30.50", "farmácia", "Saúde")]),
    ],
)
def test_two_expenses_in_one_message_are_two_expenses_each_with_its_own_amount(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    """Issue 15 turned "asked back" into "both noted" when each amount clearly has its own thing bought."""
    intent = understand(text, TUESDAY)
    assert isinstance(intent, SeveralExpenses), intent
    assert [(e.amount, e.description, e.category, e.date) for e in intent.expenses] == [
        (Decimal(amount).quantize(Decimal("0.01")), description, category, TUESDAY)
        for amount, description, category in expected
    ]


@pytest.mark.parametrize(
    "text",
    ["45 reais e 20 do uber", "45 e 20 no almoço", "paguei 100 e recebi 20 de troco", "pizza 60 e refri e sorvete 20"],
)
def test_two_different_amounts_that_cannot_be_told_apart_are_asked_back_not_guessed(text: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "ambiguous_amount"
    assert "R$" in intent.message


@pytest.mark.parametrize(
    "text", ["Gastei R$ 1.234,56 numa geladeira", "gasolina 250 dia 21/11", "cinema 45 reais (R$ 45)"]
)
def test_one_amount_with_separators_or_a_date_beside_it_is_not_ambiguous(text: str) -> None:
    assert isinstance(understand(text, TUESDAY), ExpenseIntent)


@pytest.mark.parametrize("text", ["almoço", "paguei o aluguel", "gastei no mercado ontem", "uber ontem"])
def test_an_expense_without_an_amount_asks_how_much(text: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "missing_amount"
    assert "valor" in intent.message


def test_the_missing_amount_question_names_the_thing() -> None:
    intent = understand("almoço", TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.message.startswith("Quanto você gastou com almoço?")


@pytest.mark.parametrize("text", ["45 reais", "gastei 50", "R$ 1.234,56 hoje"])
def test_an_amount_with_nothing_bought_asks_what_it_was(text: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "missing_description"


@pytest.mark.parametrize("text", ["almoço 0", "R$ 0,00 café", "carro R$ 5.000.000"])
def test_a_zero_or_absurd_amount_is_asked_back(text: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, Clarification)
    assert intent.reason == "ambiguous_amount"


@pytest.mark.parametrize("text", ["oi", "bom dia!", "obrigado", "tudo bem?", "", "   ", "👍", "ajuda", "?"])
def test_greetings_and_chatter_get_help_with_examples(text: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, NotUnderstood)
    assert "quanto gastei" in intent.message


def test_understanding_a_message_takes_well_under_a_millisecond_or_so() -> None:
    messages = [case["text"] for case in _cases()] or ["Gastei R$ 45 em almoço hoje", "quanto gastei este mês?"]
    understand(messages[0], TUESDAY)  # lexicon and regexes warm
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for message in messages:
            understand(message, TUESDAY)
    per_message = (time.perf_counter() - started) / (rounds * len(messages))
    assert per_message < 0.005, f"{per_message * 1000:.2f} ms per message"
