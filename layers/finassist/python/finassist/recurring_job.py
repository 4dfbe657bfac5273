"""The daily job behind "todo dia 8 pago 1.800 de aluguel": which recurring expenses are due, and adding
one (at most once a month, by its entry id) and telling its owner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from finassist.domain.expense import Expense
from finassist.domain.recurring import due_date, is_due, recurring_entry_id
from finassist.ports import Ledger, PendingNotice, RecurringExpense, RecurringStore, UserDirectory


def due_items(items: list[RecurringExpense], today: date, keys: dict[str, str]) -> list[dict[str, Any]]:
    """The recurring expenses whose day has come this month (and whose first month has come), of the senders
    in `keys` (sender -> opaque user key): the execution carries the key, never the phone number."""
    month = f"{today:%Y-%m}"
    return [
        {
            "user_key": keys[item.sender_id],
            "recurring_id": item.recurring_id,
            "date": due_date(item.day, today).isoformat(),
            "amount": str(item.amount),
            "category": item.category,
            "description": item.description,
        }
        for item in items
        if item.sender_id in keys and is_due(item.day, today) and (not item.first_month or item.first_month <= month)
    ]


def owners(items: list[RecurringExpense], users: UserDirectory, store: RecurringStore) -> dict[str, str]:
    """The active owners' keys; the items of a user who was removed are deleted (a disabled one's are kept)."""
    keys: dict[str, str] = {}
    for sender in sorted({item.sender_id for item in items}):
        user = users.get(sender)
        if user is None:
            for item in items:
                if item.sender_id == sender:
                    store.remove(sender, item.recurring_id)
        elif user.active:
            keys[sender] = users.ensure_key(user).user_key
    return keys


def add_due(item: dict[str, Any], ledger: Ledger, tell: Callable[[PendingNotice], str], to: str) -> dict[str, Any]:
    """Append the month's row (a second run adds nothing) and tell its owner `to` once (finassist.notices.teller);
    the item carries the owner's opaque key, the step looks the number up."""
    when = date.fromisoformat(item["date"])
    expense = Expense(
        date=when,
        category=item["category"],
        description=item["description"],
        amount=Decimal(item["amount"]),
        notes="recorrente",
    )
    entry_id = recurring_entry_id(item["recurring_id"], when)
    added = ledger.append(expense, entry_id)
    told = None
    if added:
        notice = PendingNotice(to, entry_id, when, expense.description, expense.category, expense.amount)
        told = tell(notice)
    return {"added": added, "told": told}  # the Map keeps every item's result: a few bytes each
