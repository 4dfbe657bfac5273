import json

import boto3

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.invoke import SAMPLE_SENDER, prepare
from finassist.local.stack import EmbeddedStack
from finassist.wiring import xlsx_ledger_path


def _ledger(stack: EmbeddedStack) -> XlsxLedger:
    return XlsxLedger(xlsx_ledger_path(stack.data_dir, SAMPLE_SENDER))


def test_add_expense_writes_one_row_even_when_retried(stack: EmbeddedStack) -> None:
    event = prepare(stack, "run_tool")
    first = json.loads(stack.call("run_tool", event)["output"])
    again = json.loads(stack.call("run_tool", event)["output"])
    assert first["status"] == "success" and first["added"] is True
    assert again == first  # the recorded result, not a second write
    assert len(_ledger(stack).rows()) == 1


def test_a_retry_after_the_idempotency_record_expired_still_adds_no_second_row(stack: EmbeddedStack) -> None:
    event = prepare(stack, "run_tool")
    stack.call("run_tool", event)
    table = boto3.resource("dynamodb", region_name="us-east-1").Table("IdempotencyTable")
    for item in table.scan()["Items"]:
        table.delete_item(Key={"id": item["id"]})

    again = json.loads(stack.call("run_tool", event)["output"])

    assert again["status"] == "success" and again["added"] is False  # the ID column caught it
    assert len(_ledger(stack).rows()) == 1


def test_bad_arguments_come_back_as_a_tool_error_not_an_exception(stack: EmbeddedStack) -> None:
    event = prepare(stack, "run_tool")
    event["call"]["arguments"] = json.dumps(
        {"date": "ontem", "category": "Comida", "description": "x", "amount": "-3", "notes": None}
    )
    result = stack.call("run_tool", event)
    output = json.loads(result["output"])
    assert result["call_id"] == event["call"]["call_id"]
    assert output["status"] == "error" and "argumentos inválidos" in output["message"]
    assert _ledger(stack).rows() == []
