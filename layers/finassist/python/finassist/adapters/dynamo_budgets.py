"""Budgets in DynamoDB: (sender_id, category) -> monthly limit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from finassist.ports import Budget


class DynamoBudgetStore:
    """BudgetStore on a table keyed by sender_id (HASH) and category (RANGE); DynamoDB numbers are Decimals."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def put(self, sender_id: str, budget: Budget) -> None:
        self._table.put_item(
            Item={"sender_id": sender_id, "category": budget.category, "monthly_limit": budget.monthly_limit}
        )

    def get(self, sender_id: str, category: str) -> Budget | None:
        item = self._table.get_item(Key={"sender_id": sender_id, "category": category}).get("Item")
        if not item:
            return None
        return Budget(category=str(item["category"]), monthly_limit=Decimal(str(item["monthly_limit"])))
