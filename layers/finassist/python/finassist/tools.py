"""The tools the model may call, their strict JSON schemas, and the one dispatcher that runs them.

Tool failures the model can explain (bad arguments, a date far off) come back as
`{"status": "error", "message": ...}` outputs instead of failing the run; only ledger outages raise.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from finassist.domain.categories import CATEGORIES, canonical_category
from finassist.domain.expense import Expense, in_period, total, totals_by_category
from finassist.ports import Ledger, ToolCall

MAX_AMOUNT = Decimal("1000000")
MAX_DAYS_AWAY = 366

_DATE = {"type": "string", "description": "Data ISO AAAA-MM-DD (fuso America/Sao_Paulo)."}
_CATEGORY = {"type": "string", "enum": list(CATEGORIES)}

TOOL_SCHEMAS: list[dict[str, Any]] = [
    {
        "type": "function",
        "name": "add_expense",
        "description": "Registra uma despesa na planilha do usuário.",
        "strict": True,
        "parameters": {
            "type": "object",
            "properties": {
                "date": _DATE,
                "category": _CATEGORY,
                "description": {"type": "string", "description": "Descrição curta, ex.: almoço, Uber."},
                "amount": {"type": "string", "description": "Valor em reais com ponto decimal, ex.: 1234.56"},
                "notes": {"type": ["string", "null"], "description": "Observações opcionais."},
            },
            "required": ["date", "category", "description", "amount", "notes"],
            "additionalProperties": False,
        },
    },
    {
        "type": "function",
        "name": "get_expenses_by_category",
        "description": "Soma as despesas de uma categoria entre duas datas (inclusive).",
        "strict": True,
        "parameters": {
            "type": "object",
            "properties": {"category": _CATEGORY, "start_date": _DATE, "end_date": _DATE},
            "required": ["category", "start_date", "end_date"],
            "additionalProperties": False,
        },
    },
    {
        "type": "function",
        "name": "get_expenses_by_period",
        "description": "Soma todas as despesas entre duas datas (inclusive), com totais por categoria.",
        "strict": True,
        "parameters": {
            "type": "object",
            "properties": {"start_date": _DATE, "end_date": _DATE},
            "required": ["start_date", "end_date"],
            "additionalProperties": False,
        },
    },
]


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AddExpenseArgs(_Args):
    date: date
    category: str
    description: str
    amount: Decimal
    notes: str | None = None

    @field_validator("amount", mode="before")
    @classmethod
    def _amount_is_not_float(cls, value: Any) -> Any:
        # A JSON number arrives as float: go through its repr so 0.1 stays 0.1, not 0.1000000000000000055.
        return str(value) if isinstance(value, float) else value

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        found = canonical_category(value)
        if found is None:
            raise ValueError(f"categoria desconhecida: {value}; use uma de: {', '.join(CATEGORIES)}")
        return found


class RangeArgs(_Args):
    start_date: date
    end_date: date


class CategoryRangeArgs(RangeArgs):
    category: str

    _known_category = field_validator("category")(AddExpenseArgs._known_category.__func__)  # type: ignore[attr-defined]


def _error(message: str) -> dict[str, Any]:
    return {"status": "error", "message": message}


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _check_amount(amount: Decimal) -> str | None:
    if not amount.is_finite() or amount <= 0:
        return "o valor precisa ser maior que zero"
    if amount > MAX_AMOUNT:
        return "valor alto demais para uma despesa; confirme o valor"
    if amount != amount.quantize(Decimal("0.01")):
        return "o valor tem mais de duas casas decimais"
    return None


def _add_expense(args: AddExpenseArgs, ledger: Ledger, entry_id: str, today: date) -> dict[str, Any]:
    problem = _check_amount(args.amount)
    if problem:
        return _error(problem)
    if abs((args.date - today).days) > MAX_DAYS_AWAY:
        return _error("a data está a mais de um ano de hoje; confirme a data")
    if not args.description:
        return _error("a descrição está vazia")
    expense = Expense(
        date=args.date,
        category=args.category,
        description=args.description[:200],
        amount=args.amount.quantize(Decimal("0.01")),
        notes=(args.notes or "")[:500],
    )
    added = ledger.append(expense, entry_id)
    return {
        "status": "success",
        "added": added,
        "entry_id": entry_id,
        "expense": {
            "date": expense.date.isoformat(),
            "category": expense.category,
            "description": expense.description,
            "amount": _money(expense.amount),
            "notes": expense.notes,
        },
    }


def _summary(ledger: Ledger, start: date, end: date, category: str | None) -> dict[str, Any]:
    if end < start:
        return _error("a data final é anterior à inicial")
    if (end - start) > timedelta(days=3 * 366):
        return _error("período longo demais; peça no máximo três anos")
    rows = in_period(ledger.query(start, end, category), start, end, category)
    result: dict[str, Any] = {
        "status": "success",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "total": _money(total(rows)),
        "count": len(rows),
    }
    if category:
        result["category"] = category
    else:
        result["by_category"] = {name: _money(value) for name, value in totals_by_category(rows).items()}
    return result


def dispatch(call: ToolCall, ledger: Ledger, entry_id: str, today: date) -> dict[str, Any]:
    """Run one tool call; returns the JSON-able output the model reads."""
    try:
        raw = json.loads(call.arguments or "{}")
        if not isinstance(raw, dict):
            return _error("os argumentos precisam ser um objeto JSON")
        if call.name == "add_expense":
            return _add_expense(AddExpenseArgs.model_validate(raw), ledger, entry_id, today)
        if call.name == "get_expenses_by_category":
            cat_args = CategoryRangeArgs.model_validate(raw)
            return _summary(ledger, cat_args.start_date, cat_args.end_date, cat_args.category)
        if call.name == "get_expenses_by_period":
            range_args = RangeArgs.model_validate(raw)
            return _summary(ledger, range_args.start_date, range_args.end_date, None)
    except (ValueError, ValidationError, InvalidOperation) as exc:
        return _error(f"argumentos inválidos para {call.name}: {_brief(exc)}")
    return _error(f"ferramenta desconhecida: {call.name}")


def metric_for(tool: str, output: dict[str, Any]) -> str | None:
    """The business metric a successful tool call counts toward (for the operators' dashboard)."""
    if output.get("status") != "success":
        return None
    if tool == "add_expense":
        return "ExpensesAdded" if output.get("added") else None
    if tool.startswith("get_expenses"):
        return "QuestionsAnswered"
    return None


def _brief(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
    return str(exc)[:300]
