"""Which intents the offline engine is sure enough of to act on with no model call (offline-first).

Conservative by design: a wrong row recorded with confidence costs more than a model call. Sure are the
plain cases the readers already refuse to guess on — an expense or income whose amount, date and category were
all read (a category only suggested is not sure), alone or before a question about spending; a question about
spending or the balance; and the commands (undo, correct, month summary, export). Anything that asks back, is
small talk, answers a yes/no, or was not understood goes to the model, which has the whole conversation.
"""

from __future__ import annotations

from finassist.domain.understanding.intents import (
    BalanceQuestion,
    CorrectLast,
    ExpenseIntent,
    ExpenseThenQuestion,
    ExportRequest,
    IncomeIntent,
    Intent,
    MonthSummaryRequest,
    SeveralExpenses,
    SpendingQuestion,
    UndoLast,
)

_SURE_COMMANDS = (UndoLast, CorrectLast, MonthSummaryRequest, ExportRequest, SpendingQuestion, BalanceQuestion)


def is_sure(intent: Intent) -> bool:
    """True when the offline engine may answer this message by itself."""
    if isinstance(intent, ExpenseIntent):
        return intent.category_certain
    if isinstance(intent, SeveralExpenses):
        return all(expense.category_certain for expense in intent.expenses)
    if isinstance(intent, ExpenseThenQuestion):
        return is_sure(intent.expense)
    if isinstance(intent, IncomeIntent):
        return True
    return isinstance(intent, _SURE_COMMANDS)
