"""The two things most messages are: an expense to note ('almoço 45') or a question about spending."""

from __future__ import annotations

import re

from finassist.domain.categories import category_in_question, classify
from finassist.domain.money import MAX_AMOUNT, format_brl, quantize
from finassist.domain.periods import parse_period, this_month
from finassist.domain.understanding.asking import HELP, ask_amount, plain
from finassist.domain.understanding.description import DESCRIPTION_FOR_VERB, describe, noise_spans
from finassist.domain.understanding.intents import (
    Clarification,
    ExpenseIntent,
    Intent,
    NotUnderstood,
    SpendingQuestion,
)
from finassist.domain.understanding.message import Message, without
from finassist.domain.understanding.patterns import EXPENSE_VERB_RE, QUESTION_RE

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
        return SpendingQuestion(period or this_month(message.today), category)
    return None


def read_expense(message: Message) -> Intent:
    """An expense with its amount, day, category and description, or the question that gets the missing piece."""
    text, folded, values = message.text, message.folded, message.values
    removed = message.date_spans + message.amount_spans + noise_spans(folded)
    description, verbs = describe(text, folded, removed)
    category, certain = classify(description) if description else ("Outros", False)
    if category == "Outros" and not certain:
        category, certain = classify(without(text, removed))

    if not values:
        if (description and (certain or verbs or category != "Outros")) or EXPENSE_VERB_RE.search(folded):
            return Clarification("missing_amount", ask_amount(description))
        return NotUnderstood(HELP)
    if len(values) > 1:
        shown = " e ".join(format_brl(quantize(v)) for v in values[:3])
        return Clarification(
            "ambiguous_amount",
            f"Encontrei mais de um valor na mensagem ({shown}). Qual foi o valor? Se foram gastos diferentes, "
            "mande um por mensagem, por exemplo: almoço 45,00",
        )
    amount = quantize(values[0])
    if amount <= 0 or amount >= MAX_AMOUNT:
        return Clarification(
            "ambiguous_amount",
            f"O valor {format_brl(amount)} não parece certo para um gasto. Pode confirmar o valor? "
            f"Por exemplo: {description or 'almoço'} 45,00",
        )
    if not description:
        description = next((DESCRIPTION_FOR_VERB[v] for v in verbs if v in DESCRIPTION_FOR_VERB), "")
    if not description:
        return Clarification(
            "missing_description",
            f"Com o que foi o gasto de {format_brl(amount)}? Me diga o que foi, por exemplo: almoço {plain(amount)}",
        )
    when = message.dates[0].value if message.dates else message.today
    return ExpenseIntent(amount, when, category, description, certain)
