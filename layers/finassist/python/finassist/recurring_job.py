"""The daily job behind "todo dia 8 pago 1.800 de aluguel": which recurring expenses are due, and adding
one (at most once a month, by its entry id) and telling its owner."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from finassist.domain.expense import Expense
from finassist.domain.money import format_brl
from finassist.domain.recurring import due_date, is_due, recurring_entry_id
from finassist.ports import Ledger, RecurringExpense, RecurringStore, UserDirectory

if TYPE_CHECKING:
    from finassist.idempotency import Once


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


def add_due(item: dict[str, Any], ledger: Ledger, send_once: Once, to: str) -> dict[str, Any]:
    """Append the month's row (a second run adds nothing) and tell the user once."""
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
    if added:
        text = (
            f"🔁 Lancei sua despesa recorrente: {format_brl(expense.amount)} em {expense.category} "
            f"({expense.description}), {when:%d/%m}."
        )
        send_once(request={"key": f"recurring#{entry_id}", "to": to, "text": text})
    return {"recurring_id": item["recurring_id"], "entry_id": entry_id, "added": added}
