"""The tools as the model is shown them: strict function tools of the Responses API, derived from the argument models.

Strict mode (OpenAI's function-calling guide, "Strict mode") wants `additionalProperties: false` and every property
in `required`; a field that may be absent is written as a union with null (`"type": ["string", "null"]`). pydantic's
own schema says the same things differently (`anyOf` with a null branch, a default, a title), so each property is
rewritten into that shape here and keeps only `type`, `description` and `enum`: the limits the models check (a day
from 1 to 31, a month's pattern, an item's length) are answered to the model as a readable error instead.
"""

from __future__ import annotations

from typing import Any

from finassist.tools.arguments import ARGUMENTS, ToolArguments

DESCRIPTIONS: dict[str, str] = {
    "add_expense": "Registra uma despesa na planilha do usuário.",
    "get_expenses_by_category": "Soma as despesas de uma categoria entre duas datas (inclusive).",
    "get_expenses_by_item": (
        "Soma as despesas cuja descrição cita um item (ex.: Uber, iFood, estacionamento) entre duas datas "
        "(inclusive). Use quando a pergunta nomeia um item e não uma categoria."
    ),
    "add_income": "Registra uma receita (dinheiro que entrou: salário, freela, venda, pix recebido) na planilha.",
    "get_balance": "Receitas, despesas e saldo (receitas menos despesas) entre duas datas (inclusive).",
    "get_expenses_by_period": "Soma todas as despesas entre duas datas (inclusive), com totais por categoria.",
    "undo_last_expense": "Apaga a última despesa que o usuário registrou pelo FinAssist, ou a que ele nomear.",
    "update_last_expense": (
        "Corrige a última despesa registrada pelo FinAssist, ou a que o usuário nomear; null mantém o valor atual."
    ),
    "get_month_summary": (
        "Resumo de um mês: total, totais por categoria com participação e variação sobre o mês anterior, e um "
        "gráfico de barras enviado como imagem."
    ),
    "set_budget": "Define o limite mensal de gastos de uma categoria.",
    "add_recurring_expense": "Cadastra uma despesa que se repete todo mês no mesmo dia; ela é lançada automaticamente.",
    "export_expenses": (
        "Envia as despesas como planilha Excel (.xlsx); datas null exportam tudo. O WhatsApp não aceita "
        "arquivos CSV: um pedido de CSV também recebe a planilha .xlsx."
    ),
}
"""What each tool is for, in the words the model reads."""

_KEPT = ("type", "description", "enum")
_DROPPED = frozenset({"title", "default", "format", "pattern", "minLength", "maxLength", "minimum", "maximum"})


def strict_property(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """One property of pydantic's schema in the strict shape; a shape we do not know is refused, not guessed."""
    branches = schema.get("anyOf")
    nullable = False
    if branches is not None:
        others = [branch for branch in branches if branch != {"type": "null"}]
        if len(others) != 1 or len(others) == len(branches):
            raise ValueError(f"{name}: only a union of one type with null has a strict shape")
        (base,) = others
        nullable = True
        schema = {**base, **{key: value for key, value in schema.items() if key != "anyOf"}}
    unknown = set(schema) - set(_KEPT) - _DROPPED
    if unknown or schema.get("type") not in ("string", "integer", "number", "boolean"):
        raise ValueError(f"{name}: no strict shape for {sorted(unknown) or schema.get('type')}")
    shaped = {key: schema[key] for key in _KEPT if key in schema}
    if nullable:
        shaped["type"] = [shaped["type"], "null"]
        if "enum" in shaped:
            shaped["enum"] = [*shaped["enum"], None]
    return shaped


def strict_tool(name: str, description: str, model: type[ToolArguments]) -> dict[str, Any]:
    """A strict function tool in the Responses API's flat format: every property required, no extras."""
    properties = {
        field: strict_property(f"{name}.{field}", schema)
        for field, schema in model.model_json_schema()["properties"].items()
    }
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


TOOL_SCHEMAS: list[dict[str, Any]] = [strict_tool(name, DESCRIPTIONS[name], model) for name, model in ARGUMENTS.items()]
