"""The Users table in DynamoDB: who may talk to FinAssist and where their workbook is."""

from __future__ import annotations

from typing import Any

from finassist.ports import User


class DynamoUserDirectory:
    """UserDirectory on a DynamoDB table keyed by sender_id (Twilio's `From`, never a parsed phone number)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def get(self, sender_id: str) -> User | None:
        item = self._table.get_item(Key={"sender_id": sender_id}, ConsistentRead=True).get("Item")
        if not item:
            return None
        return User(
            sender_id=str(item["sender_id"]),
            display_name=str(item.get("display_name", "")),
            status="disabled" if item.get("status") == "disabled" else "active",
            workbook={str(k): str(v) for k, v in dict(item.get("workbook", {})).items()},
        )

    def put(self, user: User) -> None:
        self._table.put_item(
            Item={
                "sender_id": user.sender_id,
                "display_name": user.display_name,
                "status": user.status,
                "workbook": dict(user.workbook),
            }
        )

    def all(self) -> list[User]:
        """Every user, for the operator's `finassist users list`."""
        users: list[User] = []
        kwargs: dict[str, Any] = {}
        while True:
            page = self._table.scan(**kwargs)
            users.extend(u for item in page.get("Items", []) if (u := self.get(str(item["sender_id"]))))
            if "LastEvaluatedKey" not in page:
                return users
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
