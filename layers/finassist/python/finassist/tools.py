"""The tools the model may call, their strict JSON schemas, and the one dispatcher that runs them.

Tool failures the model can explain (bad arguments, a date far off, nothing to undo) come back as
`{"status": "error", "message": ...}` outputs instead of failing the run; only outages raise (the
ledger's or a store's), so the state machine can retry them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from finassist import tool_actions
from finassist.domain.categories import CATEGORIES, canonical_category
from finassist.message_effects import EffectRecorder
from finassist.ports import BudgetStore, EntryLog, Ledger, MediaStore, RecurringStore, ToolCall

_DATE = {"type": "string", "description": "Data ISO AAAA-MM-DD (fuso America/Sao_Paulo)."}
_OPTIONAL_DATE = {"type": ["string", "null"], "description": "Data ISO AAAA-MM-DD, ou null."}
_CATEGORY = {"type": "string", "enum": list(CATEGORIES)}
_OPTIONAL_CATEGORY = {"type": ["string", "null"], "enum": [*CATEGORIES, None]}
_MONEY = {"type": "string", "description": "Valor em reais com ponto decimal, ex.: 1234.56"}
_OPTIONAL_MONEY = {"type": ["string", "null"], "description": "Valor em reais com ponto decimal, ou null."}
_TARGET = {
    "type": ["string", "null"],
    "description": (
        'Só quando o usuário nomeia o lançamento ("apaga o aluguel", "o aluguel foi 1850"): a palavra que o '
        "identifica. null = o último lançamento que ele fez pelo FinAssist."
    ),
}


def _tool(name: str, description: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A strict function tool in the Responses API's flat format: every property required, no extras."""
    return {
        "type": "function",
        "name": name,
        "description": description,
        "strict": True,
        "parameters": {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        },
    }


TOOL_SCHEMAS: list[dict[str, Any]] = [
    _tool(
        "add_expense",
        "Registra uma despesa na planilha do usuário.",
        {
            "date": _DATE,
            "category": _CATEGORY,
            "description": {"type": "string", "description": "Descrição curta, ex.: almoço, Uber."},
            "amount": _MONEY,
            "notes": {"type": ["string", "null"], "description": "Observações opcionais."},
        },
    ),
    _tool(
        "get_expenses_by_category",
        "Soma as despesas de uma categoria entre duas datas (inclusive).",
        {"category": _CATEGORY, "start_date": _DATE, "end_date": _DATE},
    ),
    _tool(
        "get_expenses_by_period",
        "Soma todas as despesas entre duas datas (inclusive), com totais por categoria.",
        {"start_date": _DATE, "end_date": _DATE},
    ),
    _tool(
        "undo_last_expense",
        "Apaga a última despesa que o usuário registrou pelo FinAssist, ou a que ele nomear.",
        {"target": _TARGET},
    ),
    _tool(
        "update_last_expense",
        "Corrige a última despesa registrada pelo FinAssist, ou a que o usuário nomear; null mantém o valor atual.",
        {
            "target": _TARGET,
            "amount": _OPTIONAL_MONEY,
            "category": _OPTIONAL_CATEGORY,
            "date": _OPTIONAL_DATE,
            "description": {"type": ["string", "null"]},
        },
    ),
    _tool(
        "get_month_summary",
        "Resumo de um mês: total, totais por categoria com participação e variação sobre o mês anterior, e um "
        "gráfico de barras enviado como imagem.",
        {"month": {"type": "string", "description": "Mês AAAA-MM."}},
    ),
    _tool(
        "set_budget",
        "Define o limite mensal de gastos de uma categoria.",
        {"category": _CATEGORY, "monthly_limit": _MONEY},
    ),
    _tool(
        "add_recurring_expense",
        "Cadastra uma despesa que se repete todo mês no mesmo dia; ela é lançada automaticamente.",
        {
            "day": {"type": "integer", "description": "Dia do mês, 1 a 31."},
            "amount": _MONEY,
            "category": _CATEGORY,
            "description": {"type": "string"},
        },
    ),
    _tool(
        "export_expenses",
        "Envia as despesas como arquivo (CSV ou planilha .xlsx); datas null exportam tudo.",
        {
            "start_date": _OPTIONAL_DATE,
            "end_date": _OPTIONAL_DATE,
            "format": {"type": "string", "enum": ["csv", "xlsx"]},
        },
    ),
]


def _category(value: str) -> str:
    found = canonical_category(value)
    if found is None:
        raise ValueError(f"categoria desconhecida: {value}; use uma de: {', '.join(CATEGORIES)}")
    return found


def _decimal_text(value: Any) -> Any:
    # A JSON number arrives as float: go through its repr so 0.1 stays 0.1, not 0.1000000000000000055.
    return str(value) if isinstance(value, float) else value


Category = Annotated[str, AfterValidator(_category)]
IsoDate = date  # a field named `date` would shadow the type inside its class
Money = Annotated[Decimal, BeforeValidator(_decimal_text)]


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AddExpenseArgs(_Args):
    date: date
    category: Category
    description: str
    amount: Money
    notes: str | None = None


class RangeArgs(_Args):
    start_date: date
    end_date: date


class CategoryRangeArgs(RangeArgs):
    category: Category


class NoArgs(_Args):
    pass


class UndoLastArgs(_Args):
    target: str | None = None


class UpdateLastArgs(_Args):
    target: str | None = None
    amount: Money | None = None
    category: Category | None = None
    date: IsoDate | None = None
    description: str | None = None


class MonthArgs(_Args):
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")


class BudgetArgs(_Args):
    category: Category
    monthly_limit: Money


class RecurringArgs(_Args):
    day: int = Field(ge=1, le=31)
    amount: Money
    category: Category
    description: str


class ExportArgs(_Args):
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    format: Literal["csv", "xlsx"] = "xlsx"


@dataclass(frozen=True)
class ToolContext:
    """Everything a tool may touch for one call: the sender's ledger and stores, the entry id, today."""

    ledger: Ledger
    entry_id: str
    today: date
    sender: str = ""
    budgets: BudgetStore | None = None
    recurring: RecurringStore | None = None
    media: MediaStore | None = None
    user_key: str = ""
    entries: EntryLog | None = None
    """The person's own entries, newest first: what "apaga o último" acts on (not the sheet's last row)."""
    effects: EffectRecorder | None = None
    """Where each ledger change is written down before and after it is made (the truthful apology reads it)."""


Action = Callable[[Any, ToolContext], dict[str, Any]]

TOOLS: dict[str, tuple[type[_Args], Action]] = {
    "add_expense": (AddExpenseArgs, tool_actions.add_expense),
    "get_expenses_by_category": (CategoryRangeArgs, tool_actions.expenses_by_category),
    "get_expenses_by_period": (RangeArgs, tool_actions.expenses_by_period),
    "undo_last_expense": (UndoLastArgs, tool_actions.undo_last_expense),
    "update_last_expense": (UpdateLastArgs, tool_actions.update_last_expense),
    "get_month_summary": (MonthArgs, tool_actions.month_summary),
    "set_budget": (BudgetArgs, tool_actions.set_budget),
    "add_recurring_expense": (RecurringArgs, tool_actions.add_recurring_expense),
    "export_expenses": (ExportArgs, tool_actions.export_expenses),
}


def dispatch(call: ToolCall, context: ToolContext) -> dict[str, Any]:
    """Run one tool call; returns the JSON-able output the model reads."""
    tool = TOOLS.get(call.name)
    if tool is None:
        return tool_actions.error(f"ferramenta desconhecida: {call.name}")
    model, action = tool
    try:
        raw = json.loads(call.arguments or "{}")
        if not isinstance(raw, dict):
            return tool_actions.error("os argumentos precisam ser um objeto JSON")
        arguments = model.model_validate(raw)
    except (ValueError, ValidationError, InvalidOperation) as exc:
        return tool_actions.error(f"argumentos inválidos para {call.name}: {_brief(exc)}")
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
