"""Reading one message: which reader gets it, in which order, and how an answer to our question is read."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from finassist.domain.understanding.asking import HELP, NEGATIVE_AMOUNT, unclear_amount
from finassist.domain.understanding.balance import read_balance
from finassist.domain.understanding.budget import read_budget
from finassist.domain.understanding.correction import read_correction
from finassist.domain.understanding.expense import read_expense, read_question
from finassist.domain.understanding.expense_then_question import read_expense_then_question
from finassist.domain.understanding.export import read_export
from finassist.domain.understanding.guards import foreign_currency, refund
from finassist.domain.understanding.income import read_income
from finassist.domain.understanding.intents import (
    BalanceQuestion,
    Clarification,
    ExpenseIntent,
    ExpenseThenQuestion,
    Intent,
    NotUnderstood,
    SpendingQuestion,
)
from finassist.domain.understanding.message import Message
from finassist.domain.understanding.recurring import read_recurring
from finassist.domain.understanding.small_talk import read_small_talk
from finassist.domain.understanding.summary import read_summary
from finassist.domain.understanding.undo import read_undo
from finassist.domain.understanding.yes_no import read_emoji_answer, read_yes_no

_NEGATIVE_AMOUNT_RE = re.compile(r"(?<![\w.,/-])[-\u2212](?:r\$\s?)?\d")
"""A minus sign glued to a number ('-50', 'R$ -50', '−1000'), not a dash between words ('uber - 20')."""

COMMANDS: tuple[Callable[[Message], Intent | None], ...] = (
    read_budget,
    read_undo,
    read_recurring,
    read_export,
    read_summary,
    read_correction,
)
"""Messages that manage the ledger rather than add to it or ask about it.

Order matters: a limit ("limite de lazer 300") is not an expense, "apaga o último" is not a question, and
each reader declines anything that reads like a plain expense or a question.
"""


def understand(text: str, today: date, *, awaiting_confirmation: bool = False) -> Intent:
    """Read one message: an expense, a question, a change to the ledger, a yes / no, a question back, or help.

    awaiting_confirmation: we just asked the user a yes / no question, so a bare 👍 or "cancela" answers it.
    """
    return read(Message.of(text, today, awaiting_confirmation=awaiting_confirmation))


def read(message: Message) -> Intent:
    """understand() on a message already built."""
    if not any(ch.isalnum() for ch in message.folded):
        return read_emoji_answer(message) or NotUnderstood(HELP)
    answer = read_yes_no(message) or read_small_talk(message)
    if answer is not None:
        return answer
    if _NEGATIVE_AMOUNT_RE.search(message.folded):
        return Clarification("negative_amount", NEGATIVE_AMOUNT)
    unclear = next((a for a in message.amounts if a.unclear), None)
    if unclear is not None:
        return unclear_amount(message.text[unclear.start : unclear.end])
    guarded = foreign_currency(message) or refund(message) or read_balance(message) or read_income(message)
    if guarded is not None:
        return guarded
    for command in COMMANDS:
        intent = command(message)
        if intent is not None:
            return intent
    return read_expense_then_question(message) or read_question(message) or read_expense(message)


_ELLIPTIC_RE = re.compile(r"^\W*(?:e|mas|e\s+e)\s+(?!(?:com|de|em|n[oa]s?)\s+(?:\w+\s+)?(?:categoria)\b)")
"""'e no mês passado?', 'e em outubro?', 'e ontem?': the question before, asked again of another period."""


def follow_up(
    asked_about: str | None,
    user_text: str,
    today: date,
    *,
    awaiting_confirmation: bool = False,
    last_question: Mapping[str, Any] | None = None,
) -> Intent:
    """Understand the message in the conversation: an answer to our question back is read with what we asked
    about, and 'e no mês passado?' keeps the subject of the question before (last_question, from asked())."""
    message = Message.of(user_text, today, awaiting_confirmation=awaiting_confirmation, asked_back=asked_about or "")
    intent = read(message)
    if message.asked_back and isinstance(intent, (Clarification, NotUnderstood)):
        combined = understand(f"{message.asked_back} {user_text}", today)
        if isinstance(combined, ExpenseIntent):
            return combined
    if last_question and _ELLIPTIC_RE.match(message.folded):
        return _same_subject(intent, last_question)
    return intent


def asked(intent: Intent) -> dict[str, Any] | None:
    """What a question was about, to keep for the next message ('e no mês passado?'); None for anything else."""
    if isinstance(intent, ExpenseThenQuestion):
        return asked(intent.question)
    if isinstance(intent, SpendingQuestion):
        return {"kind": "spending", "category": intent.category, "item": intent.item}
    if isinstance(intent, BalanceQuestion):
        return {"kind": "balance", "income_only": intent.income_only}
    return None


def _same_subject(intent: Intent, last: Mapping[str, Any]) -> Intent:
    """A question that names only a period, read with the subject of the question before."""
    if not isinstance(intent, SpendingQuestion) or intent.category or intent.item:
        return intent
    if last.get("kind") == "balance":
        return BalanceQuestion(intent.period, bool(last.get("income_only")))
    category, item = last.get("category"), last.get("item")
    return SpendingQuestion(intent.period, str(category) if category else None, item=str(item) if item else None)
