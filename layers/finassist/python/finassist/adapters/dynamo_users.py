"""The Users table in DynamoDB: who may talk to FinAssist and where their workbook is."""

from __future__ import annotations

import uuid
from typing import Any

from finassist.ports import User

BY_USER_KEY = "ByUserKey"


def new_user_key() -> str:
    """Opaque and random: it says nothing about the phone number and cannot be reversed into it."""
    return "u" + uuid.uuid4().hex[:20]


def _user(item: dict[str, Any]) -> User:
    return User(
        sender_id=str(item["sender_id"]),
        display_name=str(item.get("display_name", "")),
        status="disabled" if item.get("status") == "disabled" else "active",
        workbook={str(k): str(v) for k, v in dict(item.get("workbook", {})).items()},
        user_key=str(item.get("user_key", "")),
    )


class DynamoUserDirectory:
    """UserDirectory on a DynamoDB table keyed by sender_id (Twilio's `From`, never a parsed phone number)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def get(self, sender_id: str) -> User | None:
        item = self._table.get_item(Key={"sender_id": sender_id}, ConsistentRead=True).get("Item")
        return _user(item) if item else None

    def by_key(self, user_key: str) -> User | None:
        """Through the ByUserKey index (eventually consistent, but a key never changes once given)."""
        from boto3.dynamodb.conditions import Key

        if not user_key:
            return None
        items = self._table.query(IndexName=BY_USER_KEY, KeyConditionExpression=Key("user_key").eq(user_key))["Items"]
        return _user(items[0]) if items else None

    def ensure_key(self, user: User) -> User:
        if user.user_key:
            return user
        try:
            self._table.update_item(
                Key={"sender_id": user.sender_id},
                UpdateExpression="SET user_key = :key",
                ConditionExpression="attribute_exists(sender_id) AND attribute_not_exists(user_key)",
                ExpressionAttributeValues={":key": new_user_key()},
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException:
            pass  # a concurrent message gave the key first: read theirs
        return self.get(user.sender_id) or user

    def put(self, user: User) -> None:
        """Add or change a user; the user key, once given, is kept (the person's conversation and turn hang on it)."""
        existing = self.get(user.sender_id)
        key = user.user_key or (existing.user_key if existing else "") or new_user_key()
        self._table.put_item(
            Item={
                "sender_id": user.sender_id,
                "display_name": user.display_name,
                "status": user.status,
                "workbook": dict(user.workbook),
                "user_key": key,
            }
        )

    def all(self) -> list[User]:
        """Every user, for the operator's `finassist users list`."""
        users: list[User] = []
        kwargs: dict[str, Any] = {}
        while True:
            page = self._table.scan(**kwargs)
            users.extend(_user(item) for item in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return users
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
