"""What a pt-BR WhatsApp message asks for, without a model: an expense to note, a question, or a question back.

Besides expenses and questions, a message can manage the ledger: undo or correct the last entry, ask for the
month at a glance, set a monthly limit for a category, register a bill that repeats every month, export the
data, or answer yes / no to something we asked.

The offline assistant is built on this, so the whole flow runs with no key. When the words do not settle
the amount, the engine asks rather than guesses: a wrong row in someone's ledger costs more than a reply.

Each reader takes a Message and has one job (message.py, expense.py, yes_no.py, undo.py, correction.py,
budget.py, recurring.py, export.py, summary.py); reader.py puts them in order. Word lists live in
finassist/data.
"""

from finassist.domain.understanding.asking import HELP, NEGATIVE_AMOUNT
from finassist.domain.understanding.confidence import is_sure
from finassist.domain.understanding.intents import (
    AddRecurring,
    BalanceQuestion,
    Clarification,
    ClarificationReason,
    Confirmation,
    CorrectLast,
    ExpenseIntent,
    ExpenseThenQuestion,
    ExportRequest,
    IncomeIntent,
    Intent,
    MonthSummaryRequest,
    NotUnderstood,
    SetBudget,
    SeveralExpenses,
    SpendingQuestion,
    UndoLast,
)
from finassist.domain.understanding.message import Message
from finassist.domain.understanding.reader import asked, follow_up, read, understand

__all__ = [
    "HELP",
    "NEGATIVE_AMOUNT",
    "AddRecurring",
    "BalanceQuestion",
    "Clarification",
    "ClarificationReason",
    "Confirmation",
    "CorrectLast",
    "ExpenseIntent",
    "ExpenseThenQuestion",
    "ExportRequest",
    "IncomeIntent",
    "Intent",
    "Message",
    "MonthSummaryRequest",
    "NotUnderstood",
    "SetBudget",
    "SeveralExpenses",
    "SpendingQuestion",
    "UndoLast",
    "asked",
    "follow_up",
    "is_sure",
    "read",
    "understand",
]
