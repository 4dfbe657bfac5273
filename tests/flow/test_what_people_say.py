"""Issue 15 end to end: income, several expenses, item questions, captions and the questions asked instead of
a wrong row, through the real state machine, tools and ledger; the OpenAI engine reaches the same tools."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA, SEED_CSV, openai_stack
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import Turn


def ledger(stack: EmbeddedStack) -> XlsxLedger:
    return XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA))


def say(stack: EmbeddedStack, text: str) -> str:
    outcome = stack.send(twilio_fields(ANA, text))
    assert outcome.status == "SUCCEEDED", outcome.state_names
    [reply] = outcome.replies
    return reply


def tool_output(openai_api: object, request_index: int, item: int = 0) -> dict[str, object]:
    body = openai_api.bodies("POST", "/v1/responses")[request_index]  # type: ignore[attr-defined]
    output: dict[str, object] = json.loads(body["input"][item]["output"])
    return output


# -- the offline engine --------------------------------------------------------------------------------------


def test_two_expenses_in_one_message_are_two_rows_and_one_reply_lists_both(stack: EmbeddedStack) -> None:
    reply = say(stack, "pizza 60 e refri 12")

    assert "2 gastos" in reply and "R$ 60,00" in reply and "R$ 12,00" in reply
    rows = ledger(stack).rows()
    assert [(r.expense.description, r.expense.amount) for r in rows] == [
        ("pizza", Decimal("60.00")),
        ("refri", Decimal("12.00")),
    ]
    assert len({r.entry_id for r in rows}) == 2


def test_income_is_a_receita_row_and_the_balance_is_income_minus_expenses(stack: EmbeddedStack) -> None:
    say(stack, "almoço 45")
    noted = say(stack, "recebi 3.000 de salário")

    balance = say(stack, "quanto sobrou este mês?")

    assert "receita" in noted.lower() and "R$ 3.000,00" in noted
    [_, salary] = ledger(stack).rows()
    assert (salary.expense.kind, salary.expense.category) == ("income", "Receita")
    assert "R$ 2.955,00" in balance and "R$ 3.000,00" in balance and "R$ 45,00" in balance
    assert "R$ 45,00" in say(stack, "quanto gastei este mês?")  # income never counts as spending


def test_a_question_about_one_item_sums_only_its_rows_and_a_follow_up_keeps_it(stack: EmbeddedStack) -> None:
    ledger(stack).load_csv(SEED_CSV)

    november = say(stack, "quanto gastei com Uber esse mês?")
    october = say(stack, "e no mês passado?")

    assert "R$ 53,95" in november and "com Uber" in november
    assert "R$ 27,90" in october and "com Uber" in october


@pytest.mark.parametrize(
    "text", ["gastei 33,333 no mercado", "US$ 20 de uber", "estorno de 50", "almoço 30 amanhã", "jantar 80 dia 31/02"]
)
def test_an_amount_currency_or_date_we_cannot_trust_gets_a_question_and_no_row(stack: EmbeddedStack, text: str) -> None:
    reply = say(stack, text)

    assert "?" in reply
    assert not xlsx_ledger_path(stack.data_dir, ANA).exists() or ledger(stack).rows() == []


def test_a_photo_with_a_caption_is_read_from_the_caption(stack: EmbeddedStack) -> None:
    fields = twilio_fields(
        ANA, "gastei 30 na farmácia", media_url="https://api.twilio.com/m/ME1", media_type="image/jpeg"
    )
    outcome = stack.send(fields)

    assert outcome.status == "SUCCEEDED"
    [row] = ledger(stack).rows()
    assert (row.expense.amount, row.expense.category) == (Decimal("30.00"), "Saúde")


# -- the OpenAI engine, against the fake API ------------------------------------------------------------------


def test_the_openai_engine_records_income_and_answers_the_balance_through_the_tools(tmp_path: Path) -> None:
    salary = {"date": "2026-11-24", "description": "salário", "amount": "3000.00", "notes": None}
    month = {"start_date": "2026-11-01", "end_date": "2026-11-30"}
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        openai_api.plan(
            Turn(output=[function_call("call_in_1", "add_income", salary, "fc_1")], polls_in_progress=0),
            Turn(output=[message("Anotei a receita de R$ 3.000,00.")], polls_in_progress=0),
            Turn(output=[function_call("call_bal_1", "get_balance", month, "fc_2")], polls_in_progress=0),
            Turn(output=[message("Sobraram R$ 3.000,00 este mês.")], polls_in_progress=0),
        )
        stack.send(twilio_fields(ANA, "recebi 3.000 de salário"))
        outcome = stack.send(twilio_fields(ANA, "qual meu saldo?"))

        assert outcome.replies == ["Sobraram R$ 3.000,00 este mês."]
        [row] = ledger(stack).rows()
        assert (row.expense.kind, row.expense.amount) == ("income", Decimal("3000.00"))
        balance = tool_output(openai_api, 3)
        assert (balance["income"], balance["expenses"], balance["balance"]) == ("3000.00", "0.00", "3000.00")


def test_the_openai_engine_adds_several_expenses_from_one_round_of_calls(tmp_path: Path) -> None:
    pizza = {"date": "2026-11-24", "category": "Alimentação", "description": "pizza", "amount": "60.00", "notes": None}
    soda = {**pizza, "description": "refri", "amount": "12.00"}
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        openai_api.plan(
            Turn(
                output=[
                    function_call("call_add_1", "add_expense", pizza, "fc_1"),
                    function_call("call_add_2", "add_expense", soda, "fc_2"),
                ],
                polls_in_progress=0,
            ),
            Turn(output=[message("Anotei 2 gastos: pizza R$ 60,00 e refri R$ 12,00.")], polls_in_progress=0),
        )

        outcome = stack.send(twilio_fields(ANA, "pizza 60 e refri 12"))

        assert outcome.replies == ["Anotei 2 gastos: pizza R$ 60,00 e refri R$ 12,00."]
        rows = ledger(stack).rows()
        assert [(r.expense.description, r.expense.amount) for r in rows] == [
            ("pizza", Decimal("60.00")),
            ("refri", Decimal("12.00")),
        ]
        assert len({r.entry_id for r in rows}) == 2
        assert [tool_output(openai_api, 1, item)["status"] for item in (0, 1)] == ["success", "success"]


def test_the_openai_engine_answers_an_item_question_with_the_items_rows_only(tmp_path: Path) -> None:
    question = {"item": "Uber", "start_date": "2026-11-01", "end_date": "2026-11-30"}
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        ledger(stack).load_csv(SEED_CSV)
        openai_api.plan(
            Turn(output=[function_call("call_item_1", "get_expenses_by_item", question, "fc_1")], polls_in_progress=0),
            Turn(output=[message("Você gastou R$ 53,95 com Uber este mês.")], polls_in_progress=0),
        )

        outcome = stack.send(twilio_fields(ANA, "quanto gastei com Uber esse mês?"))

        assert outcome.replies == ["Você gastou R$ 53,95 com Uber este mês."]
        answer = tool_output(openai_api, 1)
        assert (answer["total"], answer["count"], answer["item"]) == ("53.95", 2, "Uber")
