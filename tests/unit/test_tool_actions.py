"""Each tool's rules, on a real .xlsx ledger in a temp folder: what it refuses, and what it writes."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from finassist.adapters.charts import PillowCharts
from finassist.adapters.media_stores import LocalMediaStore
from finassist.adapters.xlsx_export import XlsxExporter
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.domain.expense import Expense
from finassist.ports import ToolCall
from finassist.tools.context import ToolContext
from finassist.tools.dispatch import dispatch

TODAY = date(2026, 11, 24)


@pytest.fixture
def context(tmp_path: Path) -> ToolContext:
    return ToolContext(
        ledger=XlsxLedger(tmp_path / "l.xlsx"),
        entry_id="SM1:call_1",
        today=TODAY,
        media=LocalMediaStore(tmp_path),
        charts=PillowCharts(),
        files=XlsxExporter(),
    )


def call(name: str, context: ToolContext, **arguments: object) -> dict[str, object]:
    return dispatch(ToolCall("call_1", name, json.dumps(arguments)), context)


def test_undo_with_nothing_written_by_finassist_explains_instead_of_deleting(context: ToolContext) -> None:
    context.ledger.append(Expense(TODAY, "Lazer", "bar", Decimal("30")), "")  # typed by hand: no ID
    output = call("undo_last_expense", context)
    assert output["status"] == "error"
    assert len(context.ledger.query(TODAY, TODAY)) == 1


def test_a_correction_that_changes_nothing_is_refused(context: ToolContext) -> None:
    context.ledger.append(Expense(TODAY, "Lazer", "bar", Decimal("30.00")), "SM0:call_0")
    output = call("update_last_expense", context, amount="30.00", category=None, date=None, description=None)
    assert output["status"] == "error" and "nada a mudar" in str(output["message"])


def test_a_correction_keeps_what_it_does_not_mention(context: ToolContext) -> None:
    context.ledger.append(Expense(TODAY, "Lazer", "bar", Decimal("30.00"), "com amigos"), "SM0:call_0")
    output = call("update_last_expense", context, amount="32.5", category=None, date=None, description=None)
    assert output["status"] == "success"
    [row] = context.ledger.query(TODAY, TODAY)
    assert row.expense == Expense(TODAY, "Lazer", "bar", Decimal("32.50"), "com amigos")


@pytest.mark.parametrize("limit", ["0", "-10", "10.001"])
def test_a_budget_must_be_a_positive_amount_in_cents(context: ToolContext, limit: str) -> None:
    assert call("set_budget", context, category="Lazer", monthly_limit=limit)["status"] == "error"


def test_an_export_with_its_dates_reversed_is_refused(context: ToolContext) -> None:
    output = call("export_expenses", context, start_date="2026-11-30", end_date="2026-11-01")
    assert output["status"] == "error"


def test_a_month_that_is_not_a_month_fails_the_schema(context: ToolContext) -> None:
    assert call("get_month_summary", context, month="2026-13")["status"] == "error"


def test_a_summary_of_an_empty_month_sends_no_chart(context: ToolContext) -> None:
    output = call("get_month_summary", context, month="2026-11")
    assert output["status"] == "success" and "media" not in output
    assert output["total"] == "0.00"


def test_an_export_is_always_the_xlsx_and_a_csv_format_is_refused_by_the_schema(context: ToolContext) -> None:
    assert call("export_expenses", context, start_date=None, end_date=None, format="csv")["status"] == "error"

    output = call("export_expenses", context, start_date=None, end_date=None)

    assert output["status"] == "success" and output["format"] == "xlsx"
    assert output["media"][0]["content_type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert output["media"][0]["url"].endswith("despesas.xlsx")
