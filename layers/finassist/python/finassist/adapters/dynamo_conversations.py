"""The Conversations table in DynamoDB: a person's opaque user key -> the assistant's conversation id.

Two first messages of a new person can arrive together, and each ResolveConversation then creates a
conversation: the first save wins (a conditional put) and the other message adopts the winner's id, so the
person never ends up with their turns split between two conversations.
"""

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

    def save(self, user_key: str, conversation_id: str) -> str:
        """Record the person's first conversation; returns the one on record (another message's, if it won)."""
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
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException as lost:
            # The failed condition hands back the winner's item (in the low-level attribute-value shape).
            winner = lost.response.get("Item", {}).get("conversation_id", {}).get("S")
            return str(winner) if winner else self.find(user_key) or conversation_id
        return conversation_id

    def replace(self, user_key: str, conversation_id: str) -> None:
        self._table.update_item(
            Key={"user_key": user_key},
            UpdateExpression="SET conversation_id = :id, created_at = :now, last_interaction = :now",
            ExpressionAttributeValues={":id": conversation_id, ":now": _now()},
        )

    def touch(self, user_key: str) -> None:
        """Count the message; only on a person who has a conversation, so it never writes an item without one."""
        try:
            self._table.update_item(
                Key={"user_key": user_key},
                UpdateExpression="SET last_interaction = :now ADD message_count :one",
                ConditionExpression="attribute_exists(conversation_id)",
                ExpressionAttributeValues={":now": _now(), ":one": 1},
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException:
            pass
