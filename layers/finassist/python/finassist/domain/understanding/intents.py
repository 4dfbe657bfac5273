"""What a message asks for, as plain typed values: the only thing the readers produce and the replies consume."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from finassist.domain.periods import Period

ClarificationReason = Literal[
    "negative_amount",
    "missing_amount",
    "ambiguous_amount",
    "missing_description",
    "missing_budget_amount",
    "budget_period",
    "missing_budget_category",
    "unsupported_removal",
    "recurring_day",
    "recurring_frequency",
    "missing_recurring_day",
    "export_format",
    "correction_unclear",
    "ambiguous_category",
    "unclear_amount",
    "foreign_currency",
    "refund",
    "unclear_date",
    "future_date",
    "recurring_income",
    "expense_or_question",
]
"""Why we asked instead of acting; each reason names what the reply asks for.

- negative_amount: "-50" or "R$ -50"; we only note positive amounts.
- missing_amount: an expense (or a recurring bill) without a value: "almoço", "paguei o aluguel".
- ambiguous_amount: several values that cannot be split into one expense each ("45 e 20 no almoço"), or
  one that cannot be a personal expense ("0", "2 milhões").
- missing_description: a value with nothing saying what it paid for: "gastei 45".
- missing_budget_amount: "quero definir um limite de lazer" without the limit.
- budget_period: a limit per week, day or year; limits are monthly.
- missing_budget_category: a limit with no category: "meu limite é 800".
- unsupported_removal: a removal of anything but the last entry: "apaga tudo", "apaga os dois últimos".
- recurring_day: a bill on a business day ("5º dia útil"), which we cannot count yet.
- recurring_frequency: a bill that repeats other than monthly: "toda semana", "todo ano".
- missing_recurring_day: a monthly bill without its day: "netflix 55,90 todo mês".
- export_format: an export in a format we do not make (PDF, JSON, Google Sheets).
- correction_unclear: a correction that does not say the new value, category, date or description.
- ambiguous_category: a correction naming two categories: "muda pra lazer ou compras".
- unclear_amount: a number that reads two ways or has more than two decimals: "1,234", "33,333", "0,001".
- foreign_currency: money in another currency: "US$ 20", "20 dólares", "€15"; we never guess the rate.
- refund: money back ("estorno de 50", "me devolveram 30"), which is not a new expense.
- unclear_date: a day that does not exist: "31/02", "dia 32".
- future_date: a day still to come: "amanhã", "semana que vem", "próxima sexta".
- recurring_income: income that repeats ("todo dia 5 cai o salário"); only expenses are added by themselves.
"""


@dataclass(frozen=True)
class ExpenseIntent:
    """An expense to add: everything the add_expense tool needs."""

    amount: Decimal
    date: date
    category: str  # one of CATEGORIES
    description: str  # short pt-BR noun phrase in the user's own words: "almoço", "conta de luz"
    category_certain: bool = True
    notes: str = ""  # how the amount was reached, when it was not typed as one: "2 × R$ 7,50"


@dataclass(frozen=True)
class SeveralExpenses:
    """Several expenses in one message ("pizza 60 e refri 12"), each added as its own row."""

    expenses: tuple[ExpenseIntent, ...]


@dataclass(frozen=True)
class SpendingQuestion:
    """A question about spending over a period, for one category or all (None).

    item narrows it to the rows whose description names one thing ("quanto gastei com Uber?"); category is
    then the item's category, kept so the question still reads as "how much in Transporte" where no row names
    the item. Equality is on period and category: the item refines which rows are summed, not what is asked.
    """

    period: Period
    category: str | None
    item: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ExpenseThenQuestion:
    """An expense to note and a question to answer after it ("anota 30 de uber e me diz quanto gastei com
    transporte"): the question's total includes the row the same message adds, so the expense goes first."""

    expense: ExpenseIntent | SeveralExpenses
    question: SpendingQuestion


@dataclass(frozen=True)
class IncomeIntent:
    """Money that came in ("recebi 3.000 de salário", "caiu o freela, 800"): a Receita row, never an expense."""

    amount: Decimal
    date: date
    description: str  # where it came from, in the user's words: "salário", "freela"


@dataclass(frozen=True)
class BalanceQuestion:
    """Income and expenses over a period: "quanto sobrou este mês?", "qual meu saldo?", "quanto recebi?"."""

    period: Period
    income_only: bool = False


@dataclass(frozen=True)
class Clarification:
    """An expense we cannot note safely yet; message asks the user for the missing piece."""

    reason: ClarificationReason
    message: str


@dataclass(frozen=True)
class NotUnderstood:
    """Neither an expense nor a question; message says what the user can send."""

    message: str


@dataclass(frozen=True)
class UndoLast:
    """Remove the entry the user made last ("apaga o último", "desfaz"), or the one they name ("apaga o aluguel")."""

    target: str | None = None


@dataclass(frozen=True)
class CorrectLast:
    """Change fields of the last entry; None leaves a field as it is ("na verdade foram 52", "era ontem")."""

    amount: Decimal | None = None
    category: str | None = None  # one of CATEGORIES
    date: dt.date | None = None  # dt.date: a bare `date` here would name the field, not the type
    description: str | None = None


@dataclass(frozen=True)
class MonthSummaryRequest:
    """The month at a glance: total, per-category lines and the change against the month before."""

    period: Period  # a calendar month, "este mês" when the message names none


@dataclass(frozen=True)
class SetBudget:
    """A monthly spending limit for one category ("meu limite de alimentação é 800 por mês")."""

    category: str  # one of CATEGORIES
    amount: Decimal


@dataclass(frozen=True)
class AddRecurring:
    """An expense to add by itself on a day of every month ("todo dia 8 pago 1.800 de aluguel")."""

    day: int  # 1..31; a short month uses its last day
    amount: Decimal
    category: str  # one of CATEGORIES
    description: str


@dataclass(frozen=True)
class ExportRequest:
    """The user's rows as a file, for a period or everything (None)."""

    period: Period | None
    format: str  # "xlsx" | "csv"


@dataclass(frozen=True)
class Confirmation:
    """A yes or a no to the question we asked last ("Quer que eu coloque em Lazer?")."""

    yes: bool


Intent = (
    ExpenseIntent
    | SeveralExpenses
    | IncomeIntent
    | SpendingQuestion
    | ExpenseThenQuestion
    | BalanceQuestion
    | Clarification
    | NotUnderstood
    | UndoLast
    | CorrectLast
    | MonthSummaryRequest
    | SetBudget
    | AddRecurring
    | ExportRequest
    | Confirmation
)
