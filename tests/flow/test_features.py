"""What people ask of expense bots, through the same state machine, tools and ledger: correct or undo, the
month at a glance, budgets, recurring expenses, export, and a suggested category instead of an imposed one."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlparse

import openpyxl
import pytest

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA, SEED_CSV, openai_stack
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import Turn


def ledger(stack: EmbeddedStack) -> XlsxLedger:
    return XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA))


def say(stack: EmbeddedStack, text: str) -> list[str]:
    outcome = stack.send(twilio_fields(ANA, text))
    assert outcome.status == "SUCCEEDED", outcome.state_names
    return outcome.replies


def local_file(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


@pytest.fixture
def seeded(stack: EmbeddedStack) -> EmbeddedStack:
    if not SEED_CSV.exists():
        pytest.skip(f"seed ledger not found at {SEED_CSV}")
    ledger(stack).load_csv(SEED_CSV)
    return stack


def test_the_last_entry_is_undone_and_only_that_one(stack: EmbeddedStack) -> None:
    say(stack, "Uber 23,50 ontem")
    say(stack, "almoço 45")

    [reply] = say(stack, "apaga o último")

    assert "Apaguei" in reply and "R$ 45,00" in reply
    assert [r.expense.description for r in ledger(stack).rows()] == ["Uber"]


def test_a_correction_shows_the_old_and_the_new_values(stack: EmbeddedStack) -> None:
    say(stack, "almoço 45")

    [reply] = say(stack, "na verdade foram 52")

    assert "Antes: R$ 45,00" in reply and "Agora: R$ 52,00" in reply
    [row] = ledger(stack).rows()
    assert row.expense.amount == Decimal("52.00") and row.entry_id  # same row, same ID


def test_the_category_of_the_last_entry_can_be_changed(stack: EmbeddedStack) -> None:
    say(stack, "cinema 30")
    say(stack, "muda a categoria para Compras")
    assert [r.expense.category for r in ledger(stack).rows()] == ["Compras"]


def test_the_month_at_a_glance_comes_with_a_bar_chart(seeded: EmbeddedStack) -> None:
    outcome = seeded.send(twilio_fields(ANA, "resumo do mês"))

    [reply] = outcome.replies
    assert "Resumo de novembro" in reply and "R$ 3.381,49" in reply
    assert "Moradia: R$ 1.800,00" in reply
    [chart] = outcome.media
    assert local_file(chart).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_a_budget_says_what_is_left_then_warns_then_says_it_was_passed(seeded: EmbeddedStack) -> None:
    say(seeded, "meu limite de alimentação é 800 por mês")  # November so far: R$ 566,35

    ok = say(seeded, "padaria 10")[0]  # 576,35: 72%
    warning = say(seeded, "jantar 140")[0]  # 716,35: 89%
    exceeded = say(seeded, "mercado 100")[0]  # 816,35

    assert "Restam R$ 223,65" in ok
    assert "⚠️" in warning and "restam R$ 83,65" in warning
    assert "🚨" in exceeded and "R$ 16,35" in exceeded


def test_a_recurring_expense_is_added_by_the_daily_job_once_a_month(stack: EmbeddedStack) -> None:
    stack.configure(FINASSIST_NOW="2026-11-24T10:00:00-03:00")
    [reply] = say(stack, "todo dia 8 pago 1.800 de aluguel")
    assert "dia 8" in reply and "R$ 1.800,00" in reply

    stack.configure(FINASSIST_NOW="2026-11-30T08:00:00-03:00")
    assert stack.run_daily_recurring().status == "SUCCEEDED"
    assert ledger(stack).rows() == []  # it starts next month: November's rent is not back-filled

    stack.configure(FINASSIST_NOW="2026-12-08T08:00:00-03:00")
    first = stack.run_daily_recurring()
    again = stack.run_daily_recurring()

    assert first.status == again.status == "SUCCEEDED"
    assert first.state_names[:2] == ["ListDueRecurring", "AddDueRecurring"]
    rows = ledger(stack).rows()
    assert [(r.expense.date.isoformat(), r.expense.amount, r.expense.category) for r in rows] == [
        ("2026-12-08", Decimal("1800.00"), "Moradia")
    ]
    notices = [text for text in stack.replies_to(ANA) if text.startswith("🔁 Lancei")]
    assert len(notices) == 1 and "R$ 1.800,00" in notices[0]


def test_the_ledger_is_exported_as_a_workbook_with_every_row(seeded: EmbeddedStack) -> None:
    outcome = seeded.send(twilio_fields(ANA, "me manda a planilha"))

    [workbook] = outcome.media
    sheet = openpyxl.load_workbook(local_file(workbook)).worksheets[0]
    assert "Despesas" in sheet.tables
    assert sheet.max_row == 31  # the header and the 30 seed rows
    assert "30 lançamentos" in outcome.replies[0]


def test_one_month_is_exported_as_csv(seeded: EmbeddedStack) -> None:
    outcome = seeded.send(twilio_fields(ANA, "exporta outubro em CSV"))

    [export] = outcome.media
    rows = list(csv.DictReader(io.StringIO(local_file(export).read_text(encoding="utf-8-sig"))))
    assert len(rows) == 11 and all(row["Data"].startswith("2026-10") for row in rows)
    assert sum(Decimal(row["Valor"]) for row in rows) == Decimal("3524.35")


def test_an_uncertain_category_goes_to_outros_and_a_yes_moves_it(stack: EmbeddedStack) -> None:
    [asked] = say(stack, "gastei 80 com presente de aniversário")
    assert "Outros" in asked and "Quer que eu coloque em Compras?" in asked
    assert [r.expense.category for r in ledger(stack).rows()] == ["Outros"]

    say(stack, "sim")

    assert [r.expense.category for r in ledger(stack).rows()] == ["Compras"]


def test_a_no_keeps_the_suggested_entry_where_it_was(stack: EmbeddedStack) -> None:
    say(stack, "gastei 80 com presente de aniversário")
    [reply] = say(stack, "não")
    assert "deixei como estava" in reply
    assert [r.expense.category for r in ledger(stack).rows()] == ["Outros"]


def test_a_retried_undo_deletes_one_row_not_two(stack: EmbeddedStack) -> None:
    say(stack, "Uber 23,50 ontem")
    say(stack, "almoço 45")
    event = {
        "message_sid": "SM" + "a" * 32,
        "user_key": stack.user_key(ANA),
        "round": 0,
        "index": 0,
        "call": {"call_id": "call_undo_1", "name": "undo_last_expense", "arguments": "{}"},
    }

    first = stack.call("run_tool", event)
    again = stack.call("run_tool", event)

    assert again == first
    assert [r.expense.description for r in ledger(stack).rows()] == ["Uber"]


def test_the_openai_engine_reaches_the_same_tools_for_an_undo(tmp_path: Path) -> None:
    lunch = {"date": "2026-11-24", "category": "Alimentação", "description": "almoço", "amount": "45.00", "notes": None}
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        openai_api.plan(
            Turn(output=[function_call("call_add_1", "add_expense", lunch, "fc_1")], polls_in_progress=0),
            Turn(output=[message("Anotado: R$ 45,00 em Alimentação.")], polls_in_progress=0),
            Turn(output=[function_call("call_undo_1", "undo_last_expense", {}, "fc_2")], polls_in_progress=0),
            Turn(output=[message("Apaguei o almoço de R$ 45,00.")], polls_in_progress=0),
        )
        stack.send(twilio_fields(ANA, "almoço 45"))

        outcome = stack.send(twilio_fields(ANA, "apaga o último"))

        assert outcome.replies == ["Apaguei o almoço de R$ 45,00."]
        undo_output = json.loads(openai_api.bodies("POST", "/v1/responses")[3]["input"][0]["output"])
        assert undo_output["status"] == "success" and undo_output["deleted"]["amount"] == "45.00"
        assert ledger(stack).rows() == []
