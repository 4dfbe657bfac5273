from decimal import Decimal

import boto3
import pytest

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.errors import UnknownSender
from finassist.local.invoke import SAMPLE_SENDER, prepare
from finassist.local.stack import REGION, EmbeddedStack
from finassist.wiring import xlsx_ledger_path

TEMPLATE_SID = "HX" + "0a1b2c3d4e5f6a7b" * 2


def kept_notices(stack: EmbeddedStack) -> list[dict[str, object]]:
    items: list[dict[str, object]] = (
        boto3.resource("dynamodb", region_name=REGION).Table("PendingNoticesTable").scan()["Items"]
    )
    return items


def test_the_months_row_is_added_once_and_without_a_template_its_notice_is_kept_once(stack: EmbeddedStack) -> None:
    event = prepare(stack, "add_recurring_expense")

    first = stack.call("add_recurring_expense", event)
    again = stack.call("add_recurring_expense", event)

    assert (first["added"], again["added"]) == (True, False)
    assert (first["told"], again["told"]) == ("kept", None)
    rows = XlsxLedger(xlsx_ledger_path(stack.data_dir, SAMPLE_SENDER)).rows()
    assert [(r.expense.amount, r.entry_id) for r in rows] == [(Decimal("1800.00"), "rec#3f2a9c1d7e4b#2026-12")]
    assert stack.messages_to(SAMPLE_SENDER) == [], "nothing free-form is sent to someone who did not write"
    [notice] = kept_notices(stack)
    assert (notice["notice_id"], notice["amount"], notice["description"]) == (
        "rec#3f2a9c1d7e4b#2026-12",
        "1800.00",
        "aluguel",
    )


def test_with_a_template_the_notice_goes_once_as_that_template(stack: EmbeddedStack) -> None:
    stack.configure(RECURRING_NOTICE_TEMPLATE_SID=TEMPLATE_SID)
    event = prepare(stack, "add_recurring_expense")

    first = stack.call("add_recurring_expense", event)
    stack.call("add_recurring_expense", {**event, "item": {**event["item"]}})

    assert first["told"] == "template"
    [sent] = stack.messages_to(SAMPLE_SENDER)
    assert sent["content_sid"] == TEMPLATE_SID
    assert sent["content_variables"] == {"1": "R$ 1.800,00", "2": "Moradia", "3": "aluguel", "4": "08/12"}
    assert sent["status"] == "delivered"
    assert kept_notices(stack) == []


def test_an_owner_who_is_no_longer_a_user_gets_no_row(stack: EmbeddedStack) -> None:
    event = prepare(stack, "add_recurring_expense")
    event["item"]["user_key"] = "u" + "0" * 20
    with pytest.raises(UnknownSender):
        stack.call("add_recurring_expense", event)
