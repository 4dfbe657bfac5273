"""A bill that repeats every month on the same day; the daily recurring execution writes its rows."""

from __future__ import annotations

import uuid
from typing import Any

from finassist.domain.recurring import first_month, recurring_text
from finassist.ports import RecurringExpense
from finassist.tools.actions.common import CENT, amount_problem, error, money
from finassist.tools.arguments import RecurringArgs
from finassist.tools.context import ToolContext


def add_recurring_expense(args: RecurringArgs, context: ToolContext) -> dict[str, Any]:
    problem = amount_problem(args.amount)
    if problem:
        return error(problem)
    if context.recurring is None or not context.sender:
        return error("despesas recorrentes não estão disponíveis agora")
    # The call's entry id makes the id stable across a retried RunTool, so a retry overwrites, never adds.
    recurring_id = uuid.uuid5(uuid.NAMESPACE_URL, context.entry_id or uuid.uuid4().hex).hex[:12]
    item = RecurringExpense(
        sender_id=context.sender,
        recurring_id=recurring_id,
        day=args.day,
        amount=args.amount.quantize(CENT),
        category=args.category,
        description=args.description[:200],
        first_month=first_month(args.day, context.today),
    )
    context.recurring.put(item)
    return {
        "status": "success",
        "recurring": {
            "id": recurring_id,
            "day": item.day,
            "amount": money(item.amount),
            "category": item.category,
            "description": item.description,
        },
        "text": recurring_text(item.day, item.amount, item.description),
    }
