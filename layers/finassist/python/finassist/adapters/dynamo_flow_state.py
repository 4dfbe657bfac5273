"""The FlowState table in DynamoDB: each person's turn and recent entries, and what each message did.

One table (partition key `pk`, sort key `sk`) keeps the flow's bookkeeping, so a deployment adds one table
for it, not three:
- `user#<user_key>` / `turn`: the person's queue of MessageSids and who holds the turn;
- `user#<user_key>` / `entries`: the entry ids the person wrote through FinAssist, newest last;
- `msg#<MessageSid>` / `<position>`: the effects of one message, expiring after the redrive window.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from finassist.domain.turns import TurnState
from finassist.ports import Effect

EFFECTS_DAYS = 15  # longer than Step Functions' 14-day redrive window: a redriven message still finds them
MAX_RECENT_ENTRIES = 50


def _user(user_key: str) -> str:
    return f"user#{user_key}"


class DynamoTurnStore:
    """TurnStore: the whole turn item is read, decided on (domain.turns) and written back under a version check."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def read(self, user_key: str) -> TurnState:
        item = self._table.get_item(Key={"pk": _user(user_key), "sk": "turn"}, ConsistentRead=True).get("Item")
        if not item:
            return TurnState()
        return TurnState(
            queue=tuple(str(sid) for sid in item.get("queue", [])),
            holder=str(item.get("holder", "")),
            lease_until=float(item.get("lease_until", 0)),
            head_since=float(item.get("head_since", 0)),
            version=int(item.get("version", 0)),
        )

    def write(self, user_key: str, state: TurnState, expected_version: int) -> bool:
        condition = "attribute_not_exists(pk) OR version = :expected"
        try:
            self._table.put_item(
                Item={
                    "pk": _user(user_key),
                    "sk": "turn",
                    "queue": list(state.queue),
                    "holder": state.holder,
                    "lease_until": Decimal(str(round(state.lease_until, 3))),
                    "head_since": Decimal(str(round(state.head_since, 3))),
                    "version": expected_version + 1,
                },
                ConditionExpression=condition,
                ExpressionAttributeValues={":expected": expected_version},
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException:
            return False
        return True


class DynamoEffectsJournal:
    """EffectsJournal: one item per effect of a message, queried by the message's partition."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def record(self, effect: Effect) -> None:
        item: dict[str, Any] = {
            "pk": f"msg#{effect.message_sid}",
            "sk": effect.position,
            "kind": effect.kind,
            "status": effect.status,
            "entry_id": effect.entry_id,
            "expiration": int(time.time()) + EFFECTS_DAYS * 86400,
        }
        if effect.expense is not None:
            item["expense"] = dict(effect.expense)
        if effect.old is not None:
            item["old"] = dict(effect.old)
        self._table.put_item(Item=item)

    def for_message(self, message_sid: str) -> list[Effect]:
        from boto3.dynamodb.conditions import Key

        response = self._table.query(KeyConditionExpression=Key("pk").eq(f"msg#{message_sid}"), ConsistentRead=True)
        return [
            Effect(
                message_sid=message_sid,
                position=str(item["sk"]),
                kind=item["kind"],
                status=item.get("status", "about_to"),
                entry_id=str(item.get("entry_id", "")),
                expense=_strings(item.get("expense")),
                old=_strings(item.get("old")),
            )
            for item in response.get("Items", [])
        ]


def _strings(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


class DynamoEntryLog:
    """EntryLog: one list per person, newest last, capped (an undo never reaches back fifty entries)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def push(self, user_key: str, entry_id: str) -> None:
        entries = [e for e in self._entries(user_key) if e != entry_id]
        entries.append(entry_id)
        self._save(user_key, entries[-MAX_RECENT_ENTRIES:])

    def recent(self, user_key: str) -> list[str]:
        return list(reversed(self._entries(user_key)))

    def drop(self, user_key: str, entry_id: str) -> None:
        entries = self._entries(user_key)
        if entry_id in entries:
            self._save(user_key, [e for e in entries if e != entry_id])

    def _entries(self, user_key: str) -> list[str]:
        item = self._table.get_item(Key={"pk": _user(user_key), "sk": "entries"}, ConsistentRead=True).get("Item")
        return [str(e) for e in (item or {}).get("entries", [])]

    def _save(self, user_key: str, entries: list[str]) -> None:
        # One person's tool calls run one at a time (one turn per sender, Map MaxConcurrency 1): no race to guard.
        self._table.put_item(Item={"pk": _user(user_key), "sk": "entries", "entries": entries})
