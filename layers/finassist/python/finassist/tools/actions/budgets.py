"""A category's monthly limit: setting it, and what is left of it after each expense."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from finassist.domain.budgets import budget_note, budget_status
from finassist.domain.expense import in_period, total
from finassist.domain.periods import month_period
from finassist.ports import Budget
from finassist.tools.actions.common import CENT, amount_problem, error, money
from finassist.tools.arguments import BudgetArgs
from finassist.tools.context import ToolContext


def _month_spent(context: ToolContext, category: str) -> Decimal:
    period = month_period(context.today.year, context.today.month, "este mês")
    rows = context.ledger.query(period.start, period.end, category)
    return total(in_period(rows, period.start, period.end, category))


def budget_left(context: ToolContext, category: str) -> dict[str, Any] | None:
    """What is left of the category's monthly budget, with the warning the user should read, if any."""
    if context.budgets is None or not context.sender:
        return None
    budget = context.budgets.get(context.sender, category)
    if budget is None:
        return None
    status = budget_status(budget.monthly_limit, _month_spent(context, category), category)
    return {
        "limit": money(status.limit),
        "spent": money(status.spent),
        "left": money(status.left),
        "level": status.level,
        "note": budget_note(status),
    }


def set_budget(args: BudgetArgs, context: ToolContext) -> dict[str, Any]:
    problem = amount_problem(args.monthly_limit)
    if problem:
        return error(problem)
    if context.budgets is None or not context.sender:
        return error("limites de gastos não estão disponíveis agora")
    context.budgets.put(context.sender, Budget(args.category, args.monthly_limit.quantize(CENT)))
    output: dict[str, Any] = {
        "status": "success",
        "budget": {"category": args.category, "monthly_limit": money(args.monthly_limit)},
    }
    output["now"] = budget_left(context, args.category)
    return output
