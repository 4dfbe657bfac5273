"""The one entry point RunTool calls: a function call's name and JSON arguments in, the output the model reads out.

Tool failures the model can explain (bad arguments, a date far off, nothing to undo) come back as
`{"status": "error", "message": ...}` outputs instead of failing the run; only outages raise (the
ledger's or a store's), so the state machine can retry them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import InvalidOperation
from typing import Any

from pydantic import ValidationError

from finassist.ports import ToolCall
from finassist.tools.actions import budgets, corrections, expenses, export, questions, recurring, summary
from finassist.tools.actions.common import error
from finassist.tools.arguments import ARGUMENTS, ToolArguments
from finassist.tools.context import ToolContext

Action = Callable[[Any, ToolContext], dict[str, Any]]

ACTIONS: dict[str, Action] = {
    "add_expense": expenses.add_expense,
    "get_expenses_by_category": questions.expenses_by_category,
    "get_expenses_by_period": questions.expenses_by_period,
    "get_expenses_by_item": questions.expenses_by_item,
    "add_income": expenses.add_income,
    "get_balance": questions.balance,
    "undo_last_expense": corrections.undo_last_expense,
    "update_last_expense": corrections.update_last_expense,
    "get_month_summary": summary.month_summary,
    "set_budget": budgets.set_budget,
    "add_recurring_expense": recurring.add_recurring_expense,
    "export_expenses": export.export_expenses,
}

TOOLS: dict[str, tuple[type[ToolArguments], Action]] = {
    name: (ARGUMENTS[name], action) for name, action in ACTIONS.items()
}
"""Each tool's argument model and action; a name without arguments fails here, at import."""


def dispatch(call: ToolCall, context: ToolContext) -> dict[str, Any]:
    """Run one tool call; returns the JSON-able output the model reads."""
    tool = TOOLS.get(call.name)
    if tool is None:
        return error(f"ferramenta desconhecida: {call.name}")
    model, action = tool
    try:
        raw = json.loads(call.arguments or "{}")
        if not isinstance(raw, dict):
            return error("os argumentos precisam ser um objeto JSON")
        arguments = model.model_validate(raw)
    except (ValueError, ValidationError, InvalidOperation) as exc:
        return error(f"argumentos inválidos para {call.name}: {_brief(exc)}")
    return action(arguments, context)


def metric_for(tool: str, output: dict[str, Any]) -> str | None:
    """The business metric a successful tool call counts toward (for the operators' dashboard)."""
    if output.get("status") != "success":
        return None
    if tool == "add_expense":
        return "ExpensesAdded" if output.get("added") else None
    if tool.startswith("get_"):
        return "QuestionsAnswered"
    return None


def _brief(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
    return str(exc)[:300]
