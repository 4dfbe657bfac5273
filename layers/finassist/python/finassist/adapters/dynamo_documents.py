"""The offline engine's documents (its conversations and runs) as DynamoDB items, for Lambda.

In AWS the step that starts an offline run and the step that answers its tool calls may run in two different
Lambda instances, so the documents cannot live in /tmp. They live in the FlowState table (`doc#<kind>#<id>` /
`doc`) as a JSON string; a change is read, made and written back under a version check (the person's turn
already keeps a second writer away, so losing the check means something is wrong: DocumentBusy, retried).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from finassist.adapters.json_documents import Document, DocumentMissing, Recover
from finassist.errors import DocumentBusy, DocumentUnreadable

DAY = 86400


class DynamoDocuments:
    """Documents of one kind in the FlowState table; `ttl_days` makes DynamoDB forget old ones (runs)."""

    def __init__(self, table: Any, kind: str, *, ttl_days: int = 0) -> None:
        self._table = table
        self._kind = kind
        self._ttl_days = ttl_days

    def _key(self, ident: str) -> dict[str, str]:
        return {"pk": f"doc#{self._kind}#{ident}", "sk": "doc"}

    def _item(self, ident: str) -> dict[str, Any] | None:
        item: dict[str, Any] | None = self._table.get_item(Key=self._key(ident), ConsistentRead=True).get("Item")
        return item

    def _decoded(self, ident: str, item: dict[str, Any]) -> Document:
        try:
            data = json.loads(str(item["body"]))
        except (KeyError, ValueError) as exc:
            raise DocumentUnreadable(f"document {ident} is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise DocumentUnreadable(f"document {ident} is not a JSON object")
        return data

    def read(self, ident: str) -> Document:
        item = self._item(ident)
        if item is None:
            raise DocumentMissing(f"no document {ident}")
        return self._decoded(ident, item)

    def _put(self, ident: str, data: Document, version: int, condition: str | None) -> bool:
        item: dict[str, Any] = {**self._key(ident), "body": json.dumps(data, ensure_ascii=False), "version": version}
        if self._ttl_days:
            item["expiration"] = int(time.time()) + self._ttl_days * DAY
        kwargs: dict[str, Any] = {"Item": item}
        if condition:
            kwargs["ConditionExpression"] = condition
            if ":expected" in condition:
                kwargs["ExpressionAttributeValues"] = {":expected": version - 1}
        try:
            self._table.put_item(**kwargs)
        except self._table.meta.client.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def write(self, ident: str, data: Document) -> None:
        current = self._item(ident)
        self._put(ident, data, int((current or {}).get("version", 0)) + 1, None)

    def create(self, ident: str, data: Document) -> bool:
        return self._put(ident, data, 1, "attribute_not_exists(pk)")

    @contextmanager
    def update(self, ident: str, *, recover: Recover | None = None) -> Iterator[Document]:
        """Read, change in the `with` block, write back if nobody wrote since; nothing is written if it raises."""
        item = self._item(ident)
        version = int((item or {}).get("version", 0))
        try:
            if item is None:
                raise DocumentMissing(f"no document {ident}")
            data = self._decoded(ident, item)
        except DocumentUnreadable as problem:
            if recover is None:
                raise
            data = recover(problem)
        yield data
        condition = "version = :expected" if item is not None else "attribute_not_exists(pk)"
        if not self._put(ident, data, version + 1, condition):
            raise DocumentBusy(f"document {ident} changed while it was being updated")
