"""Recurring expenses in DynamoDB: (sender_id, recurring_id) -> day of month, amount, category, description."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from finassist.ports import RecurringExpense


def _item(item: dict[str, Any]) -> RecurringExpense:
    return RecurringExpense(
        sender_id=str(item["sender_id"]),
        recurring_id=str(item["recurring_id"]),
        day=int(item["day"]),
        amount=Decimal(str(item["amount"])),
        category=str(item["category"]),
        description=str(item["description"]),
        first_month=str(item.get("first_month", "")),
    )


class DynamoRecurringStore:
    """RecurringStore on a table keyed by sender_id (HASH) and recurring_id (RANGE)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def put(self, item: RecurringExpense) -> None:
        """Create the recurring expense once: its id comes from the message's tool call, so a retried or
        redriven call (perhaps days later, with another `first_month`) leaves the first one as it was."""
        try:
            self._table.put_item(
                Item={
                    "sender_id": item.sender_id,
                    "recurring_id": item.recurring_id,
                    "day": item.day,
                    "amount": item.amount,
                    "category": item.category,
                    "description": item.description,
                    "first_month": item.first_month,
                },
                ConditionExpression="attribute_not_exists(recurring_id)",
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException:
            pass

    def remove(self, sender_id: str, recurring_id: str) -> None:
        self._table.delete_item(Key={"sender_id": sender_id, "recurring_id": recurring_id})

    def for_sender(self, sender_id: str) -> list[RecurringExpense]:
        from boto3.dynamodb.conditions import Key

        page = self._table.query(KeyConditionExpression=Key("sender_id").eq(sender_id))
        return [_item(item) for item in page.get("Items", [])]

    def all(self) -> list[RecurringExpense]:
        """Every recurring expense; a scan is fine at this scale (one item per user per bill)."""
        items: list[RecurringExpense] = []
        kwargs: dict[str, Any] = {}
        while True:
            page = self._table.scan(**kwargs)
            items.extend(_item(item) for item in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
