from decimal import Decimal

import pytest

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.errors import UnknownSender
from finassist.local.invoke import SAMPLE_SENDER, prepare
from finassist.local.stack import EmbeddedStack
from finassist.wiring import xlsx_ledger_path


def test_the_months_row_is_added_once_and_its_owner_told_once(stack: EmbeddedStack) -> None:
    event = prepare(stack, "add_recurring_expense")

    first = stack.call("add_recurring_expense", event)
    again = stack.call("add_recurring_expense", event)

    assert (first["added"], again["added"]) == (True, False)
    rows = XlsxLedger(xlsx_ledger_path(stack.data_dir, SAMPLE_SENDER)).rows()
    assert [(r.expense.amount, r.entry_id) for r in rows] == [(Decimal("1800.00"), "rec#3f2a9c1d7e4b#2026-12")]
    assert len(stack.replies_to(SAMPLE_SENDER)) == 1


def test_an_owner_who_is_no_longer_a_user_gets_no_row(stack: EmbeddedStack) -> None:
    event = prepare(stack, "add_recurring_expense")
    event["item"]["user_key"] = "u" + "0" * 20
    with pytest.raises(UnknownSender):
        stack.call("add_recurring_expense", event)
