"""Pending notices in DynamoDB: (sender_id, notice_id) -> the recurring expense to mention, and who claimed it.

A claim is a conditional write, so two messages from the same person never both take a notice; a retried step of
the message that claimed it finds the same notices again (claimed_by is its MessageSid) and sends the same text,
which the idempotent send then does not repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from finassist.ports import PendingNotice


def _notice(item: dict[str, Any]) -> PendingNotice:
    return PendingNotice(
        sender_id=str(item["sender_id"]),
        notice_id=str(item["notice_id"]),
        when=date.fromisoformat(str(item["when"])),
        description=str(item["description"]),
        category=str(item["category"]),
        amount=Decimal(str(item["amount"])),
    )


class DynamoNoticeStore:
    """NoticeStore on a table keyed by sender_id (HASH) and notice_id (RANGE)."""

    def __init__(self, table: Any) -> None:
        self._table = table
        self._conditional_failed = table.meta.client.exceptions.ConditionalCheckFailedException

    def keep(self, notice: PendingNotice) -> bool:
        try:
            self._table.put_item(
                Item={
                    "sender_id": notice.sender_id,
                    "notice_id": notice.notice_id,
                    "when": notice.when.isoformat(),
                    "description": notice.description,
                    "category": notice.category,
                    "amount": str(notice.amount),
                },
                ConditionExpression="attribute_not_exists(notice_id)",
            )
        except self._conditional_failed:
            return False
        return True

    def claim(self, sender_id: str, claim_id: str) -> list[PendingNotice]:
        from boto3.dynamodb.conditions import Key

        held: list[PendingNotice] = []
        kwargs: dict[str, Any] = {"KeyConditionExpression": Key("sender_id").eq(sender_id), "ConsistentRead": True}
        while True:
            page = self._table.query(**kwargs)
            for item in page.get("Items", []):
                owner = item.get("claimed_by")
                if owner == claim_id or (owner is None and self._take(item, claim_id)):
                    held.append(_notice(item))
            if "LastEvaluatedKey" not in page:
                return sorted(held, key=lambda notice: (notice.when, notice.notice_id))
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _take(self, item: dict[str, Any], claim_id: str) -> bool:
        try:
            self._table.update_item(
                Key={"sender_id": item["sender_id"], "notice_id": item["notice_id"]},
                UpdateExpression="SET claimed_by = :claim",
                ConditionExpression="attribute_exists(notice_id) AND attribute_not_exists(claimed_by)",
                ExpressionAttributeValues={":claim": claim_id},
            )
        except self._conditional_failed:
            return False  # another message took it (or it was just delivered and removed)
        return True

    def remove(self, sender_id: str, notice_ids: Sequence[str]) -> None:
        for notice_id in notice_ids:
            self._table.delete_item(Key={"sender_id": sender_id, "notice_id": notice_id})
