"""The Conversations table in DynamoDB: a person's opaque user key -> the assistant's conversation id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DynamoConversationStore:
    """ConversationStore on a DynamoDB table keyed by user_key (never the phone number)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def find(self, user_key: str) -> str | None:
        item = self._table.get_item(Key={"user_key": user_key}, ConsistentRead=True).get("Item")
        return str(item["conversation_id"]) if item else None

    def save(self, user_key: str, conversation_id: str) -> None:
        """First contact only: a concurrent first message keeps whichever conversation was saved first."""
        try:
            self._table.put_item(
                Item={
                    "user_key": user_key,
                    "conversation_id": conversation_id,
                    "created_at": _now(),
                    "last_interaction": _now(),
                    "message_count": 0,
                },
                ConditionExpression="attribute_not_exists(user_key)",
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException:
            pass

    def replace(self, user_key: str, conversation_id: str) -> None:
        self._table.update_item(
            Key={"user_key": user_key},
            UpdateExpression="SET conversation_id = :id, created_at = :now, last_interaction = :now",
            ExpressionAttributeValues={":id": conversation_id, ":now": _now()},
        )

    def touch(self, user_key: str) -> None:
        self._table.update_item(
            Key={"user_key": user_key},
            UpdateExpression="SET last_interaction = :now ADD message_count :one",
            ExpressionAttributeValues={":now": _now(), ":one": 1},
        )
