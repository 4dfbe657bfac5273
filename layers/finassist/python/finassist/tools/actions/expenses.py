"""Money that went out or came in: a new row of the person's ledger, remembered as theirs."""

from __future__ import annotations

from typing import Any

from finassist.domain.expense import INCOME_CATEGORY, Expense, expense_fields
from finassist.tools.actions.budgets import budget_left
from finassist.tools.actions.common import CENT, amount_problem, change, date_problem, error
from finassist.tools.arguments import AddExpenseArgs, IncomeArgs
from finassist.tools.context import ToolContext


def _append(context: ToolContext, row: Expense) -> bool:
    """Write the row under the call's entry id, and remember it as the person's newest ("apaga o último")."""
    fields = expense_fields(row)
    added = change(context, "added", context.entry_id, fields, lambda: context.ledger.append(row, context.entry_id))
    if context.entries is not None and context.user_key:
        context.entries.push(context.user_key, context.entry_id)
    return added


def add_expense(args: AddExpenseArgs, context: ToolContext) -> dict[str, Any]:
    problem = amount_problem(args.amount) or date_problem(args.date, context.today)
    if problem:
        return error(problem)
    if not args.description:
        return error("a descrição está vazia")
    expense = Expense(
        date=args.date,
        category=args.category,
        description=args.description[:200],
        amount=args.amount.quantize(CENT),
        notes=(args.notes or "")[:500],
    )
    output: dict[str, Any] = {
        "status": "success",
        "added": _append(context, expense),
        "entry_id": context.entry_id,
        "expense": expense_fields(expense),
    }
    budget = budget_left(context, expense.category)
    if budget:
        output["budget"] = budget
    return output


def add_income(args: IncomeArgs, context: ToolContext) -> dict[str, Any]:
    """Money that came in, as a Receita row of the same table (never summed with spending)."""
    problem = amount_problem(args.amount) or date_problem(args.date, context.today)
    if problem:
        return error(problem)
    if not args.description:
        return error("a descrição está vazia")
    income = Expense(
        date=args.date,
        category=INCOME_CATEGORY,
        description=args.description[:200],
        amount=args.amount.quantize(CENT),
        notes=(args.notes or "")[:500],
        kind="income",
    )
    added = _append(context, income)
    return {"status": "success", "added": added, "entry_id": context.entry_id, "income": expense_fields(income)}
