"""Issue 15, message by message: what people say that used to go wrong, and the amounts never guessed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from finassist.domain.categories import classify
from finassist.domain.items import names_item
from finassist.domain.understanding import (
    BalanceQuestion,
    Clarification,
    CorrectLast,
    ExpenseIntent,
    ExpenseThenQuestion,
    IncomeIntent,
    NotUnderstood,
    SeveralExpenses,
    SpendingQuestion,
    asked,
    follow_up,
    is_sure,
    understand,
)

TUESDAY = date(2026, 11, 24)


def money(value: str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    ("text", "category", "description"),
    [
        ("farmacai 30", "Saúde", "farmácia"),
        ("restaurnte 80", "Alimentação", "restaurante"),
        ("combustivle 200", "Transporte", "combustível"),
        ("gastei 45 no supermecado", "Alimentação", "supermercado"),
    ],
)
def test_a_long_item_with_one_slip_is_filed_in_its_category_and_written_right(
    text: str, category: str, description: str
) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, ExpenseIntent)
    assert (intent.category, intent.category_certain, intent.description) == (category, True, description)


@pytest.mark.parametrize(
    "word",
    ["conserto", "cantiga", "cozinha", "quanto", "cadeira", "janela", "tesoura", "garrafa", "sobrinho", "parcela"],
)
def test_real_words_near_a_lexicon_word_never_become_that_category_with_certainty(word: str) -> None:
    category, certain = classify(word)
    assert not certain, (word, category)


def test_a_question_naming_an_item_keeps_its_category_and_names_the_item() -> None:
    intent = understand("quanto gastei de ifood esse mês?", TUESDAY)
    assert isinstance(intent, SpendingQuestion)
    assert (intent.category, intent.item, intent.period.label) == ("Alimentação", "ifood", "este mês")
    assert understand("quanto gastei com transporte?", TUESDAY).item is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("description", "item", "named"),
    [
        ("Uber", "uber", True),
        ("Uber Eats", "uber", True),
        ("Supermercado", "mercado", True),
        ("Barbeiro", "bar", False),
    ],
)
def test_an_item_is_named_by_a_description_word_or_inside_a_long_one(description: str, item: str, named: bool) -> None:
    assert names_item(description, item) is named


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("qto gastei esse mês", date(2026, 11, 1), date(2026, 11, 30)),
        ("qnto gastei na quinzena passada", date(2026, 11, 1), date(2026, 11, 15)),
        ("quanto gastei nessa quinzena?", date(2026, 11, 16), date(2026, 11, 30)),
        ("quanto gastei na 2a quinzena de outubro", date(2026, 10, 16), date(2026, 10, 31)),
    ],
)
def test_shorthand_and_half_months_are_questions_over_the_right_days(text: str, start: date, end: date) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, SpendingQuestion)
    assert (intent.period.start, intent.period.end) == (start, end)


def test_a_follow_up_keeps_the_category_or_the_item_of_the_question_before() -> None:
    last = {"kind": "spending", "category": "Transporte", "item": "uber"}
    intent = follow_up(None, "e no mês passado?", TUESDAY, last_question=last)
    assert isinstance(intent, SpendingQuestion)
    assert (intent.category, intent.item, intent.period.start) == ("Transporte", "uber", date(2026, 10, 1))
    other = follow_up(None, "e com lazer?", TUESDAY, last_question=last)
    assert isinstance(other, SpendingQuestion) and (other.category, other.item) == ("Lazer", None)


@pytest.mark.parametrize("text", ["ops, era 98", "errei, foi 98", "foi mal, era 98", "ixi foram 98", "pera, era 98"])
def test_a_casual_correction_changes_the_last_amount(text: str) -> None:
    assert understand(text, TUESDAY) == CorrectLast(amount=money("98"))


@pytest.mark.parametrize(
    ("text", "amount", "description"),
    [
        ("recebi 3.500 de salário", "3500", "salário"),
        ("caiu o salário 4500", "4500", "salário"),
        ("freela 800", "800", "freela"),
        ("me pagaram 300 do freela", "300", "freela"),
    ],
)
def test_money_coming_in_is_income_not_an_expense(text: str, amount: str, description: str) -> None:
    assert understand(text, TUESDAY) == IncomeIntent(money(amount), TUESDAY, description)


def test_paying_someone_a_salary_is_still_an_expense() -> None:
    assert isinstance(understand("paguei o salário da diarista 200", TUESDAY), ExpenseIntent)


@pytest.mark.parametrize(
    ("text", "income_only"),
    [("quanto sobrou este mês?", False), ("qual meu saldo?", False), ("quanto recebi esse mês?", True)],
)
def test_what_is_left_or_what_came_in_is_a_balance_question(text: str, income_only: bool) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, BalanceQuestion) and intent.income_only is income_only


def test_two_expenses_in_one_message_keep_a_shared_date() -> None:
    intent = understand("gastei 50 no mercado e 30 na farmácia ontem", TUESDAY)
    assert isinstance(intent, SeveralExpenses)
    assert [(e.amount, e.category, e.date) for e in intent.expenses] == [
        (money("50"), "Alimentação", date(2026, 11, 23)),
        (money("30"), "Saúde", date(2026, 11, 23)),
    ]


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("almoço 30 tb kkk", "almoço"),
        ("fui no mercado pq precisava 50", "mercado"),
        ("comi fora hoje 45", "refeição fora"),
        ("gastei 20 de sorvete rsrs", "sorvete"),
        ("entrou um pix de 150 do João", "pix do João"),
    ],
)
def test_descriptions_keep_what_was_bought_without_chatter(text: str, description: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, (ExpenseIntent, IncomeIntent)) and intent.description == description


@pytest.mark.parametrize("text", ["oi, tudo bem?", "obrigado!", "valeu", "o que você faz?", "como funciona?"])
def test_greetings_thanks_and_help_get_a_friendly_answer_not_a_misunderstanding(text: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, NotUnderstood)
    assert "Não entendi" not in intent.message and "quanto gastei" in intent.message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("gastei 33,333 no mercado", "unclear_amount"),
        ("R$ 0,001 de bala", "unclear_amount"),
        ("US$ 20 uber", "foreign_currency"),
        ("20 dólares", "foreign_currency"),
        ("€15 café", "foreign_currency"),
        ("£10 livro", "foreign_currency"),
        ("estorno de 50", "refund"),
        ("almoço 30 dia 31/02", "unclear_date"),
        ("almoço 30 dia 32", "unclear_date"),
        ("almoço 30 amanhã", "future_date"),
        ("almoço 30 semana que vem", "future_date"),
    ],
)
def test_an_amount_currency_or_date_we_cannot_trust_is_asked_about(text: str, reason: str) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, Clarification) and intent.reason == reason
    assert "?" in intent.message


def test_sign_language_lessons_are_not_pounds() -> None:
    intent = understand("curso de libras 200", TUESDAY)
    assert isinstance(intent, ExpenseIntent) and intent.amount == money("200")


@pytest.mark.parametrize(
    ("text", "amount", "notes"),
    [
        ("2 cafés de 7,50", "15", "2 × R$ 7,50"),
        ("3 pães a 1,20 cada", "3.60", "3 × R$ 1,20"),
        ("2 camisetas por 100", "100", ""),
    ],
)
def test_a_count_and_a_price_each_make_the_total_and_a_total_stays_the_total(
    text: str, amount: str, notes: str
) -> None:
    intent = understand(text, TUESDAY)
    assert isinstance(intent, ExpenseIntent) and (intent.amount, intent.notes) == (money(amount), notes)


def test_instalments_are_not_multiplied() -> None:
    intent = understand("3 parcelas de 100 da tv", TUESDAY)
    assert isinstance(intent, ExpenseIntent) and intent.amount == money("100")


def test_invisible_characters_do_not_split_a_word() -> None:
    intent = understand("\ufeffal\u200bmoço\u200d 30", TUESDAY)
    assert isinstance(intent, ExpenseIntent) and (intent.description, intent.category) == ("almoço", "Alimentação")


@pytest.mark.parametrize(
    ("text", "amounts", "category"),
    [
        ("anota 30 de uber e me diz quanto gastei com transporte este mês", ["30.00"], "Transporte"),
        ("gastei 45 no almoço, quanto já foi de alimentação?", ["45.00"], "Alimentação"),
        ("pizza 60 e refri 12, qual o total do mês?", ["60.00", "12.00"], None),
    ],
)
def test_an_expense_followed_by_a_question_keeps_both(text: str, amounts: list[str], category: str | None) -> None:
    intent = understand(text, TUESDAY)

    assert isinstance(intent, ExpenseThenQuestion)
    noted = intent.expense.expenses if isinstance(intent.expense, SeveralExpenses) else (intent.expense,)
    assert [str(expense.amount) for expense in noted] == amounts
    assert intent.question.category == category
    assert is_sure(intent)
    assert asked(intent) == asked(intent.question)  # "e no mês passado?" next keeps the subject


@pytest.mark.parametrize(
    "text", ["gastei mais de 100 em lazer?", "paguei 50 de luz, qual categoria?", "posso gastar 50 com lazer?"]
)
def test_an_amount_asked_about_rather_than_stated_is_asked_back(text: str) -> None:
    intent = understand(text, TUESDAY)

    assert isinstance(intent, Clarification) and intent.reason == "expense_or_question"
    assert not is_sure(intent)


def test_an_expense_before_a_question_that_needs_asking_is_asked_about_first() -> None:
    intent = understand("almoço 30 amanhã e quanto gastei hoje?", TUESDAY)

    assert isinstance(intent, Clarification) and intent.reason == "future_date"


def test_an_amount_inside_the_question_leaves_it_a_question() -> None:
    assert isinstance(understand("quanto gastei com uber de 30?", TUESDAY), SpendingQuestion)
