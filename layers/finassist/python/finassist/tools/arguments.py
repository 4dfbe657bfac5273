"""The arguments of each tool as pydantic models: what the model may send, and what each field means to it.

Written once: the strict JSON schemas the model is given are derived from these models (finassist.tools.schemas),
and the same models validate what comes back. A field's JSON shape and description ride on its type
(`WithJsonSchema`) or on its `Field(description=...)`; limits the schema does not carry (a day from 1 to 31, a
month's pattern) are checked here and answered to the model as an error it can explain.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from finassist.domain.categories import CATEGORIES, canonical_category


def _category(value: str) -> str:
    found = canonical_category(value)
    if found is None:
        raise ValueError(f"categoria desconhecida: {value}; use uma de: {', '.join(CATEGORIES)}")
    return found


def _decimal_text(value: Any) -> Any:
    # A JSON number arrives as float: go through its repr so 0.1 stays 0.1, not 0.1000000000000000055.
    return str(value) if isinstance(value, float) else value


Category = Annotated[str, AfterValidator(_category), WithJsonSchema({"type": "string", "enum": list(CATEGORIES)})]
IsoDate = Annotated[
    date, WithJsonSchema({"type": "string", "description": "Data ISO AAAA-MM-DD (fuso America/Sao_Paulo)."})
]
Money = Annotated[
    Decimal,
    BeforeValidator(_decimal_text),
    WithJsonSchema({"type": "string", "description": "Valor em reais com ponto decimal, ex.: 1234.56"}),
]
Target = Annotated[
    str | None,
    Field(
        description=(
            'Só quando o usuário nomeia o lançamento ("apaga o aluguel", "o aluguel foi 1850"): a palavra que o '
            "identifica. null = o último lançamento que ele fez pelo FinAssist."
        )
    ),
]
Notes = Annotated[str | None, Field(description="Observações opcionais.")]
OPTIONAL_DATE = "Data ISO AAAA-MM-DD, ou null."


class ToolArguments(BaseModel):
    """Extra fields are refused: a strict schema never sends them, so one is a model's mistake worth telling."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AddExpenseArgs(ToolArguments):
    date: IsoDate
    category: Category
    description: str = Field(description="Descrição curta, ex.: almoço, Uber.")
    amount: Money
    notes: Notes = None


class IncomeArgs(ToolArguments):
    date: IsoDate
    description: str = Field(description="De onde veio, ex.: salário, freela.")
    amount: Money
    notes: Notes = None


class RangeArgs(ToolArguments):
    start_date: IsoDate
    end_date: IsoDate


class CategoryRangeArgs(ToolArguments):
    category: Category
    start_date: IsoDate
    end_date: IsoDate


class ItemRangeArgs(ToolArguments):
    item: str = Field(min_length=1, max_length=100, description="O item como o usuário disse, ex.: Uber, iFood.")
    start_date: IsoDate
    end_date: IsoDate


class UndoLastArgs(ToolArguments):
    target: Target = None


class UpdateLastArgs(ToolArguments):
    target: Target = None
    amount: Money | None = Field(default=None, description="Valor em reais com ponto decimal, ou null.")
    category: Category | None = None
    date: IsoDate | None = Field(default=None, description=OPTIONAL_DATE)
    description: str | None = None


class MonthArgs(ToolArguments):
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="Mês AAAA-MM.")


class BudgetArgs(ToolArguments):
    category: Category
    monthly_limit: Money


class RecurringArgs(ToolArguments):
    day: int = Field(ge=1, le=31, description="Dia do mês, 1 a 31.")
    amount: Money
    category: Category
    description: str


class ExportArgs(ToolArguments):
    start_date: IsoDate | None = Field(default=None, description=OPTIONAL_DATE)
    end_date: IsoDate | None = Field(default=None, description=OPTIONAL_DATE)


ARGUMENTS: dict[str, type[ToolArguments]] = {
    "add_expense": AddExpenseArgs,
    "get_expenses_by_category": CategoryRangeArgs,
    "get_expenses_by_item": ItemRangeArgs,
    "add_income": IncomeArgs,
    "get_balance": RangeArgs,
    "get_expenses_by_period": RangeArgs,
    "undo_last_expense": UndoLastArgs,
    "update_last_expense": UpdateLastArgs,
    "get_month_summary": MonthArgs,
    "set_budget": BudgetArgs,
    "add_recurring_expense": RecurringArgs,
    "export_expenses": ExportArgs,
}
"""Each tool's name and its arguments, in the order the model is shown them."""
