"""The Conversations table in DynamoDB: sender -> the assistant's conversation id.

Two first messages of a new sender can arrive together, and each ResolveConversation then creates a
conversation: the first save wins (a conditional put) and the other message adopts the winner's id, so the
sender never ends up with their turns split between two conversations.
"""

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

    def save(self, sender_id: str, conversation_id: str) -> str:
        """Record the sender's first conversation; returns the one on record (another message's, if it won)."""
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
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException as lost:
            # The failed condition hands back the winner's item (in the low-level attribute-value shape).
            winner = lost.response.get("Item", {}).get("conversation_id", {}).get("S")
            return str(winner) if winner else self.find(sender_id) or conversation_id
        return conversation_id

    def touch(self, sender_id: str) -> None:
        """Count the message; only on a sender that has a conversation, so it never writes an item without one."""
        try:
            self._table.update_item(
                Key={"sender_id": sender_id},
                UpdateExpression="SET last_interaction = :now ADD message_count :one",
                ConditionExpression="attribute_exists(conversation_id)",
                ExpressionAttributeValues={":now": _now(), ":one": 1},
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException:
            pass
