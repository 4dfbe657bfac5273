from decimal import Decimal

from finassist import wiring
from finassist.local.invoke import SAMPLE_SENDER, SAMPLE_USER_KEY, prepare
from finassist.local.stack import EmbeddedStack
from finassist.ports import RecurringExpense, User


def rent(first_month: str, sender: str = SAMPLE_SENDER) -> RecurringExpense:
    return RecurringExpense(sender, "rent1", 8, Decimal("1800.00"), "Moradia", "aluguel", first_month)


def test_what_is_due_this_month_is_listed_with_its_date_and_the_owners_opaque_key(stack: EmbeddedStack) -> None:
    stack.configure(FINASSIST_NOW="2026-12-09T08:00:00-03:00")
    stack.add_user(SAMPLE_SENDER, "Ana", user_key=SAMPLE_USER_KEY)
    wiring.recurring().put(rent("2026-12"))

    result = stack.call("list_due_recurring", prepare(stack, "list_due_recurring"))

    assert result["count"] == 1
    assert result["items"][0] | {"amount": "x"} == {
        "user_key": SAMPLE_USER_KEY,
        "recurring_id": "rent1",
        "date": "2026-12-08",
        "amount": "x",
        "category": "Moradia",
        "description": "aluguel",
    }
    assert Decimal(result["items"][0]["amount"]) == Decimal("1800.00")


def test_nothing_is_listed_before_its_day_or_its_first_month(stack: EmbeddedStack) -> None:
    stack.add_user(SAMPLE_SENDER, "Ana", user_key=SAMPLE_USER_KEY)
    stack.configure(FINASSIST_NOW="2026-12-07T08:00:00-03:00")
    wiring.recurring().put(rent("2026-12"))
    assert stack.call("list_due_recurring", prepare(stack, "list_due_recurring"))["count"] == 0

    stack.configure(FINASSIST_NOW="2026-11-30T08:00:00-03:00")
    assert stack.call("list_due_recurring", prepare(stack, "list_due_recurring"))["count"] == 0


def test_a_disabled_owner_is_skipped_and_a_removed_owners_items_are_cleaned_up(stack: EmbeddedStack) -> None:
    stack.configure(FINASSIST_NOW="2026-12-09T08:00:00-03:00")
    wiring.users().put(User("whatsapp:+5511911111111", "Bia", status="disabled"))
    wiring.recurring().put(rent("2026-12", "whatsapp:+5511911111111"))
    wiring.recurring().put(rent("2026-12", "whatsapp:+5511922222222"))  # never a user, or removed

    assert stack.call("list_due_recurring", prepare(stack, "list_due_recurring"))["count"] == 0
    assert [item.sender_id for item in wiring.recurring().all()] == ["whatsapp:+5511911111111"]
