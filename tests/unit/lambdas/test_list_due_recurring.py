from decimal import Decimal

from finassist import wiring
from finassist.local.invoke import SAMPLE_SENDER, prepare
from finassist.local.stack import EmbeddedStack
from finassist.ports import RecurringExpense


def rent(first_month: str) -> RecurringExpense:
    return RecurringExpense(SAMPLE_SENDER, "rent1", 8, Decimal("1800.00"), "Moradia", "aluguel", first_month)


def test_what_is_due_this_month_is_listed_with_its_date(stack: EmbeddedStack) -> None:
    stack.configure(FINASSIST_NOW="2026-12-09T08:00:00-03:00")
    wiring.recurring().put(rent("2026-12"))

    result = stack.call("list_due_recurring", prepare(stack, "list_due_recurring"))

    assert result["count"] == 1
    assert result["items"][0] | {"amount": "x"} == {
        "sender": SAMPLE_SENDER,
        "recurring_id": "rent1",
        "date": "2026-12-08",
        "amount": "x",
        "category": "Moradia",
        "description": "aluguel",
    }
    assert Decimal(result["items"][0]["amount"]) == Decimal("1800.00")


def test_nothing_is_listed_before_its_day_or_its_first_month(stack: EmbeddedStack) -> None:
    stack.configure(FINASSIST_NOW="2026-12-07T08:00:00-03:00")
    wiring.recurring().put(rent("2026-12"))
    assert stack.call("list_due_recurring", prepare(stack, "list_due_recurring"))["count"] == 0

    stack.configure(FINASSIST_NOW="2026-11-30T08:00:00-03:00")
    assert stack.call("list_due_recurring", prepare(stack, "list_due_recurring"))["count"] == 0
