"""The two things most messages are: an expense to note ('almoço 45') or a question about spending."""

from __future__ import annotations

import re

from finassist.domain.categories import category_in_question, classify, item_in_question, spelled
from finassist.domain.money import MAX_AMOUNT, AmountMatch, format_brl, quantize
from finassist.domain.periods import parse_period, this_month
from finassist.domain.understanding.asking import HELP, ask_amount, plain
from finassist.domain.understanding.description import DESCRIPTION_FOR_VERB, describe, noise_spans
from finassist.domain.understanding.guards import unsafe_date
from finassist.domain.understanding.income import is_income
from finassist.domain.understanding.intents import (
    Clarification,
    ExpenseIntent,
    Intent,
    NotUnderstood,
    SeveralExpenses,
    SpendingQuestion,
)
from finassist.domain.understanding.message import Message, Span, without
from finassist.domain.understanding.patterns import EXPENSE_VERB_RE, QUESTION_RE
from finassist.domain.understanding.quantity import unit_price
from finassist.domain.understanding.several import part_description, split_parts

_SOFT_QUESTION_RE = re.compile(r"\b(?:gastos|despesas)\b|\?\s*$")
"""'gastos com lazer este mês' and 'e ontem?' are questions when no amount is in them."""
_SPENDING_WORD_RE = re.compile(r"\b(?:gast\w*|despesas?|paguei|comprei)\b")
"""A bare '?' is a spending question only with a period, a category or these words ('tudo bem?' is not)."""


def read_question(message: Message) -> SpendingQuestion | None:
    """'quanto gastei com transporte em outubro?', 'gastos com lazer este mês', 'e ontem?'."""
    folded = message.folded
    asks = QUESTION_RE.search(folded)
    if not (asks or (not message.values and _SOFT_QUESTION_RE.search(folded))):
        return None
    period = parse_period(message.text, message.today)
    category = category_in_question(message.text)
    if period or category or asks or _SPENDING_WORD_RE.search(folded):
        item = item_in_question(message.text)
        return SpendingQuestion(period or this_month(message.today), category, spelled(item[0]) if item else None)
    return None


def read_expense(message: Message) -> Intent:
    """An expense with its amount, day, category and description, or the question that gets the missing piece."""
    text, folded, values = message.text, message.folded, message.values
    removed = message.date_spans + message.amount_spans + noise_spans(folded)
    description, verbs = describe(text, folded, removed)
    category, certain = classify(description) if description else ("Outros", False)
    if category == "Outros" and not certain:
        category, certain = classify(without(text, removed))

    expense_like = (description and (certain or verbs or category != "Outros")) or EXPENSE_VERB_RE.search(folded)
    date_question = unsafe_date(message) if values or expense_like else None
    if date_question is not None:
        return date_question
    if not values:
        return Clarification("missing_amount", ask_amount(description)) if expense_like else NotUnderstood(HELP)
    if len(message.amounts) > 1:
        several = _several(message)
        if several is not None:
            return several
    if len(values) > 1:
        shown = " e ".join(format_brl(quantize(v)) for v in values[:3])
        return Clarification(
            "ambiguous_amount",
            f"Encontrei mais de um valor na mensagem ({shown}) e não sei qual é de quê. Qual foi o valor? "
            'Se foram gastos diferentes, mande cada um com o que foi, por exemplo: "pizza 60 e refri 12"',
        )
    if not description:
        description = next((DESCRIPTION_FOR_VERB[v] for v in verbs if v in DESCRIPTION_FOR_VERB), "")
    return _one(message, message.amounts[0], description, (category, certain))


def _one(message: Message, amount_match: AmountMatch, description: str, classified: tuple[str, bool]) -> Intent:
    """One expense from its amount and description, counted per unit when the words say so."""
    each = unit_price(message, amount_match)
    amount = quantize(each.total if each else amount_match.value)
    notes = f"{each.count} × {format_brl(quantize(each.price))}" if each else ""
    description = each.what if each else description
    if amount <= 0 or amount >= MAX_AMOUNT:
        return Clarification(
            "ambiguous_amount",
            f"O valor {format_brl(amount)} não parece certo para um gasto. Pode confirmar o valor? "
            f"Por exemplo: {description or 'almoço'} 45,00",
        )
    if not description:
        return Clarification(
            "missing_description",
            f"Com o que foi o gasto de {format_brl(amount)}? Me diga o que foi, por exemplo: almoço {plain(amount)}",
        )
    when = message.dates[0].value if message.dates else message.today
    category, certain = classified
    return ExpenseIntent(amount, when, category, spelled(description), certain, notes)


def _several(message: Message) -> SeveralExpenses | None:
    """One expense per part when the message lists several ('pizza 60 e refri 12'); None when it is not clear."""
    parts = split_parts(message)
    if parts is None:
        return None
    expenses: list[ExpenseIntent] = []
    if any(is_income(_part_message(message, span)) for span, _ in parts):
        return None  # "gastei 30 no uber e recebi 100": money in and out in one message, asked about
    for span, amount in parts:
        description, part_text = part_description(message, span, amount)
        intent = _one(_part_message(message, span), _shifted(amount, span), description, classify(part_text))
        if not isinstance(intent, ExpenseIntent):
            return None
        when = next((d.value for d in message.dates if span[0] <= d.start < span[1]), None)
        if when is None and len({d.value for d in message.dates}) == 1:
            when = message.dates[0].value
        expenses.append(ExpenseIntent(**{**intent.__dict__, "date": when or message.today}))
    return SeveralExpenses(tuple(expenses))


def _part_message(message: Message, span: Span) -> Message:
    start, end = span
    return Message(message.text[start:end], message.folded[start:end], message.today)


def _shifted(amount: AmountMatch, span: Span) -> AmountMatch:
    return AmountMatch(amount.value, amount.start - span[0], amount.end - span[0], amount.explicit)
