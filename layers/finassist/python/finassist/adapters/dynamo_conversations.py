"""The Conversations table in DynamoDB: sender -> the assistant's conversation id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DynamoConversationStore:
    """ConversationStore on a DynamoDB table keyed by sender_id."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def find(self, sender_id: str) -> str | None:
        item = self._table.get_item(Key={"sender_id": sender_id}, ConsistentRead=True).get("Item")
        return str(item["conversation_id"]) if item else None

    def save(self, sender_id: str, conversation_id: str) -> None:
        """First contact only: a concurrent first message keeps whichever conversation was saved first."""
        try:
            self._table.put_item(
                Item={
                    "sender_id": sender_id,
                    "conversation_id": conversation_id,
                    "created_at": _now(),
                    "last_interaction": _now(),
                    "message_count": 0,
                },
                ConditionExpression="attribute_not_exists(sender_id)",
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException:
            pass

    def touch(self, sender_id: str) -> None:
        self._table.update_item(
            Key={"sender_id": sender_id},
            UpdateExpression="SET last_interaction = :now ADD message_count :one",
            ExpressionAttributeValues={":now": _now(), ":one": 1},
        )
