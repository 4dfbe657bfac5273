"""A message that notes an expense and then asks about spending ("anota 30 de uber e me diz quanto gastei com
transporte este mês", "gastei 45 no almoço, quanto já foi de alimentação?").

Read as a question alone, the expense in it would be dropped without a word; read as an expense alone, the
question would go unanswered. The message is cut where the question starts: the part before must read as an
expense (or several) and the part after as a spending question with no amount of its own. A part before that
needs asking about (no clear date, an unclear amount) is asked about first: nothing is noted on a guess.

An amount asked about rather than stated ("gastei mais de 100 em lazer?", "paguei 50 de luz, qual
categoria?") is neither a row to note nor a total to give: we ask which one the person meant.
"""

from __future__ import annotations

import re

from finassist.domain.money import format_brl, quantize
from finassist.domain.understanding.expense import read_expense, read_question
from finassist.domain.understanding.intents import (
    Clarification,
    ExpenseIntent,
    ExpenseThenQuestion,
    SeveralExpenses,
)
from finassist.domain.understanding.message import Message
from finassist.domain.understanding.patterns import HOW_MUCH, QUESTION_RE

_JOIN_RE = re.compile(r"(?:[\s,;.!-]|\be\b|\bagora\b|\bdepois\b|\bai\b)*$")
"""What ties the expense to the question ('… e', '…, agora', '… e depois') and is not part of either."""
_ASKS_SPENDING_RE = re.compile(rf"\b(?:{HOW_MUCH}|total|gast\w*|despesas?)\b")
"""A question about an amount: 'qual categoria?' after an expense is not a spending question."""
_QUESTION_MARK_RE = re.compile(r"\?\s*$")


def read_expense_then_question(message: Message) -> ExpenseThenQuestion | Clarification | None:
    """The expense and the question, the question back the message needs, or None for any other shape."""
    if not message.amounts:
        return None
    asks = QUESTION_RE.search(message.folded)
    if asks is None:
        return _asked_amount(message) if _QUESTION_MARK_RE.search(message.folded) else None
    cut = asks.start()
    if any(amount.start >= cut for amount in message.amounts):
        return None  # the amount is in the question ('quanto gastei além dos 100?'): a question
    joined = _JOIN_RE.search(message.folded[:cut])
    head_end = joined.start() if joined else cut
    if head_end == 0:
        return None
    expense = read_expense(Message.of(message.text[:head_end], message.today))
    if isinstance(expense, Clarification):
        return expense
    if not isinstance(expense, (ExpenseIntent, SeveralExpenses)):
        return None
    question = (
        read_question(Message.of(message.text[cut:], message.today))
        if _ASKS_SPENDING_RE.search(message.folded, cut)
        else None
    )
    return ExpenseThenQuestion(expense, question) if question else _asked_amount(message)


def _asked_amount(message: Message) -> Clarification:
    amount = format_brl(quantize(message.values[0]))
    return Clarification(
        "expense_or_question",
        f"Não entendi se é para anotar {amount} ou se é uma pergunta. 🤔 Para anotar, mande sem a pergunta, "
        f'por exemplo: "almoço 45,00". Para saber quanto gastou, pergunte: "quanto gastei com lazer este mês?"',
    )
