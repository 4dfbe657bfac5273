"""The Users table in DynamoDB: who may talk to FinAssist and where their workbook is.

Operators change a user with `finassist users add` and `disable`, possibly two at once: each change is one
conditional or atomic request on the item (never read, edit, put back), so a `disable` is never undone by an
`add` that read the user before it, and an `add` that keeps the workbook never erases one set meanwhile.
"""

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

    def enroll(self, sender_id: str, display_name: str, workbook: dict[str, str] | None) -> tuple[User, bool]:
        """Let a sender in (or rename and re-enable them) in one request; `workbook=None` keeps theirs.

        Returns the user as stored and whether the sender was new.
        """
        names = {"#status": "status", "#workbook": "workbook"}
        values: dict[str, Any] = {":name": display_name, ":active": "active", ":key": new_user_key()}
        if workbook is None:
            values[":none"] = {}
            workbook_expression = "#workbook = if_not_exists(#workbook, :none)"
        else:
            values[":workbook"] = dict(workbook)
            workbook_expression = "#workbook = :workbook"
        response = self._table.update_item(
            Key={"sender_id": sender_id},
            UpdateExpression=(
                f"SET display_name = :name, #status = :active, {workbook_expression}, "
                "user_key = if_not_exists(user_key, :key)"
            ),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ReturnValues="ALL_OLD",
        )
        before = response.get("Attributes") or {}
        kept = workbook if workbook is not None else before.get("workbook", {})
        # What this one write stored: the old item comes back atomically with it.
        stored = {
            "sender_id": sender_id,
            "display_name": display_name,
            "status": "active",
            "workbook": kept,
            "user_key": before.get("user_key") or values[":key"],
        }
        return _user(stored), not before

    def disable(self, sender_id: str) -> User | None:
        """Refuse the sender from now on, keeping the row; None when there is no such sender."""
        try:
            response = self._table.update_item(
                Key={"sender_id": sender_id},
                UpdateExpression="SET #status = :disabled",
                ConditionExpression="attribute_exists(sender_id)",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={":disabled": "disabled"},
                ReturnValues="ALL_NEW",
            )
        except self._table.meta.client.exceptions.ConditionalCheckFailedException:
            return None
        return _user(response["Attributes"])

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
