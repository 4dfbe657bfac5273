"""Questions about the ledger: totals by category, by item or over a period, and the balance."""

from __future__ import annotations

from datetime import date
from typing import Any

from finassist.domain.expense import in_period, total, totals_by_category
from finassist.domain.items import rows_naming
from finassist.tools.actions.common import error, money, range_problem
from finassist.tools.arguments import CategoryRangeArgs, ItemRangeArgs, RangeArgs
from finassist.tools.context import ToolContext


def balance(args: RangeArgs, context: ToolContext) -> dict[str, Any]:
    """Income minus expenses over the period: 'quanto sobrou este mês?', 'qual meu saldo?'."""
    start, end = args.start_date, args.end_date
    problem = range_problem(start, end)
    if problem:
        return error(problem)
    rows = context.ledger.query(start, end, kind=None)
    incomes = in_period(rows, start, end, kind="income")
    expenses = in_period(rows, start, end, kind="expense")
    return {
        "status": "success",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "income": money(total(incomes)),
        "expenses": money(total(expenses)),
        "balance": money(total(incomes) - total(expenses)),
        "income_count": len(incomes),
        "expense_count": len(expenses),
    }


def _totals(
    context: ToolContext, start: date, end: date, category: str | None, item: str | None = None
) -> dict[str, Any]:
    problem = range_problem(start, end)
    if problem:
        return error(problem)
    rows = in_period(context.ledger.query(start, end, category), start, end, category)
    if item is not None:
        rows = rows_naming(rows, item)
    result: dict[str, Any] = {
        "status": "success",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "total": money(total(rows)),
        "count": len(rows),
    }
    if item is not None:
        result["item"] = item
    elif category:
        result["category"] = category
    else:
        result["by_category"] = {name: money(value) for name, value in totals_by_category(rows).items()}
    return result


def expenses_by_item(args: ItemRangeArgs, context: ToolContext) -> dict[str, Any]:
    """The expenses whose description names the item ('Uber'), not the whole category."""
    return _totals(context, args.start_date, args.end_date, None, item=args.item)


def expenses_by_category(args: CategoryRangeArgs, context: ToolContext) -> dict[str, Any]:
    return _totals(context, args.start_date, args.end_date, args.category)


def expenses_by_period(args: RangeArgs, context: ToolContext) -> dict[str, Any]:
    return _totals(context, args.start_date, args.end_date, None)
