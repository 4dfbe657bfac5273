"""DynamoDB request units, metered where the embedded stack's DynamoDB (moto) answers each request.

moto reports no consumed capacity worth the name (a constant per call), so each request is priced here by the rules
of on-demand billing (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
and .../on-demand-capacity-mode.html), from the items it read or wrote:

- a read is 1 read request unit per 4 KB read (the items' sizes summed, rounded up), half that when eventually
  consistent (a global secondary index is always read that way), at least half a unit even when nothing is found;
- a write is 1 write request unit per 1 KB of the larger of the item before and after it (a delete: the item
  deleted), at least 1; a conditional write whose condition fails still consumes those units;
- a write to a table with a global secondary index writes the index too (projection ALL here): one more write of the
  item where it is in the index, and one to remove it where its index key changed;
- item size: attribute names plus values (string and binary bytes, a number about 1 byte per 2 significant digits
  plus 1, true/false/null 1 byte, a list or map 3 bytes plus 1 per element plus its elements).

Every request of every client goes through moto's `DynamoHandler.call_action` (the hook point the embedded stack
already uses, checked by tests/unit/test_moto_hook_points.py), the Powertools Idempotency layer's included.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from moto.dynamodb.responses import DynamoHandler

READ_BLOCK = 4096
WRITE_BLOCK = 1024
READS = ("GetItem", "Query", "Scan")
WRITES = ("PutItem", "UpdateItem", "DeleteItem")


@dataclass(frozen=True)
class KeySchema:
    """What the meter must know of a table: its key attributes and the hash keys of its global indexes."""

    hash_key: str
    range_key: str | None = None
    index_hash_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableUse:
    requests: int = 0
    read_units: float = 0.0
    write_units: float = 0.0

    def __add__(self, other: TableUse) -> TableUse:
        return TableUse(
            self.requests + other.requests,
            self.read_units + other.read_units,
            self.write_units + other.write_units,
        )

    def __sub__(self, other: TableUse) -> TableUse:
        return TableUse(
            self.requests - other.requests,
            self.read_units - other.read_units,
            self.write_units - other.write_units,
        )


# -- sizes and units (pure) -------------------------------------------------------------------------------------------


def value_size(value: Mapping[str, Any]) -> int:
    """Bytes DynamoDB counts for one AttributeValue ({"S": ...}, {"N": ...}, {"M": {...}}, ...)."""
    (kind, raw), *_ = value.items()
    if kind in ("S", "B"):
        return len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
    if kind == "N":
        return _number_size(str(raw))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "L":
        return 3 + sum(1 + value_size(element) for element in raw)
    if kind == "M":
        return 3 + sum(1 + len(name.encode("utf-8")) + value_size(element) for name, element in raw.items())
    if kind in ("SS", "BS"):
        return sum(value_size({kind[0]: element}) for element in raw)
    if kind == "NS":
        return sum(_number_size(str(element)) for element in raw)
    raise ValueError(f"unknown attribute type {kind}")


def _number_size(text: str) -> int:
    try:
        digits = Decimal(text).normalize().as_tuple().digits
    except InvalidOperation:
        digits = tuple(range(len(text)))
    return math.ceil(len(digits) / 2) + 1


def item_size(item: Mapping[str, Any] | None) -> int:
    """An item's size: its attribute names' bytes plus their values'."""
    if not item:
        return 0
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())


def read_units(sizes: list[int], *, consistent: bool) -> float:
    """Read request units of one GetItem/Query/Scan that read items of these sizes."""
    blocks = max(1, math.ceil(sum(sizes) / READ_BLOCK))
    return float(blocks) if consistent else blocks / 2


def write_units(before: int, after: int) -> float:
    """Write request units of one item write: the larger of its size before and after, per 1 KB, at least 1."""
    return float(max(1, math.ceil(max(before, after) / WRITE_BLOCK)))


def index_write_units(
    schema: KeySchema, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, *, changed: bool
) -> float:
    """The global indexes' writes caused by one item write (none when the item did not change)."""
    if not changed:
        return 0.0
    units = 0.0
    for key in schema.index_hash_keys:
        old_key = (before or {}).get(key)
        new_key = (after or {}).get(key)
        if new_key is not None:
            units += write_units(0, item_size(after))
        if old_key is not None and old_key != new_key:
            units += write_units(0, item_size(before))
    return units


# -- the meter --------------------------------------------------------------------------------------------------------


@dataclass
class DynamoMeter:
    """Request units per table since the meter was installed; `snapshot()` then subtract, per message."""

    schemas: dict[str, KeySchema]
    tables: dict[str, TableUse] = field(default_factory=dict)
    unpriced: set[str] = field(default_factory=set)
    overheads: list[tuple[float, float]] = field(default_factory=list)
    """(time.perf_counter() when it began, seconds) of the meter's own work around each request, so a benchmark
    can take it out of the invocation that made the request."""
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def snapshot(self) -> dict[str, TableUse]:
        with self._lock:
            return dict(self.tables)

    def since(self, earlier: dict[str, TableUse]) -> dict[str, TableUse]:
        now = self.snapshot()
        return {name: use - earlier.get(name, TableUse()) for name, use in now.items() if use != earlier.get(name)}

    def add(self, table: str, use: TableUse) -> None:
        with self._lock:
            self.tables[table] = self.tables.get(table, TableUse()) + use

    def observe(self, handler: Any, call: Any) -> Any:
        """Run one request through moto and price it; one request at a time, so before and after are its own."""
        with self._lock:
            began = time.perf_counter()
            answered: list[float] = []

            def timed_call(request: Any) -> Any:
                start = time.perf_counter()
                try:
                    return call(request)
                finally:
                    answered.append(time.perf_counter() - start)

            try:
                return self._observe(handler, timed_call)
            finally:
                self.overheads.append((began, time.perf_counter() - began - sum(answered)))

    def overhead_within(self, start: float, seconds: float) -> float:
        """The meter's own seconds during [start, start + seconds]."""
        with self._lock:
            return sum(spent for began, spent in self.overheads if start <= began <= start + seconds)

    def _observe(self, handler: Any, call: Any) -> Any:
        operation = str(handler.headers.get("X-Amz-Target") or handler.headers.get("x-amz-target") or "")
        operation = operation.rsplit(".", 1)[-1]
        body = json.loads(handler.body) if isinstance(handler.body, (str, bytes)) and handler.body else {}
        table = str(body.get("TableName", ""))
        if operation in WRITES and table in self.schemas:
            key = self._key(table, body)
            before = _stored(handler, table, key)
            response = call(handler)
            after = _stored(handler, table, key)
            status = int(response[0]) if isinstance(response, tuple) else 200
            units = write_units(item_size(before), item_size(after))
            units += index_write_units(self.schemas[table], before, after, changed=status == 200 and before != after)
            self.add(table, TableUse(1, 0.0, units))
            return response
        response = call(handler)
        if operation in READS and table:
            self.add(table, TableUse(1, _read_units(body, response), 0.0))
        elif table:
            self.unpriced.add(operation)
            self.add(table, TableUse(1))
        return response

    def _key(self, table: str, body: Mapping[str, Any]) -> dict[str, Any]:
        if "Key" in body:
            return dict(body["Key"])
        schema = self.schemas[table]
        item = body.get("Item", {})
        return {name: item[name] for name in (schema.hash_key, schema.range_key) if name and name in item}


def _stored(handler: Any, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    """The item as stored now, read from moto's backend directly (not a request: nothing is billed for it)."""
    try:
        item = handler.dynamodb_backend.get_item(table, key)
    except Exception:  # noqa: BLE001 - a key moto cannot read is an item that is not there
        return None
    if item is None:
        return None
    attributes: dict[str, Any] = item.to_json()["Attributes"]
    return attributes


def _read_units(body: Mapping[str, Any], response: Any) -> float:
    payload = response[2] if isinstance(response, tuple) and len(response) > 2 else "{}"
    try:
        answer = json.loads(payload) if payload else {}
    except (TypeError, ValueError):
        answer = {}
    items = answer.get("Items") or ([answer["Item"]] if answer.get("Item") else [])
    consistent = bool(body.get("ConsistentRead")) and not body.get("IndexName")
    return read_units([item_size(item) for item in items], consistent=consistent)


@contextmanager
def metered_dynamodb(schemas: dict[str, KeySchema]) -> Iterator[DynamoMeter]:
    """Meter every DynamoDB request while the block runs (inside a running EmbeddedStack)."""
    meter = DynamoMeter(schemas)
    original = DynamoHandler.call_action

    def call_action(handler: Any) -> Any:
        return meter.observe(handler, original)

    DynamoHandler.call_action = call_action  # type: ignore[method-assign]
    try:
        yield meter
    finally:
        DynamoHandler.call_action = original  # type: ignore[method-assign]


def schemas_of(tables: Mapping[str, Any]) -> dict[str, KeySchema]:
    """KeySchemas from the embedded stack's template tables (finassist.local.template.TableSpec)."""
    return {
        name: KeySchema(spec.hash_key, spec.range_key, tuple(index.hash_key for index in spec.indexes))
        for name, spec in tables.items()
    }


def total(uses: Mapping[str, TableUse]) -> TableUse:
    result = TableUse()
    for use in uses.values():
        result = result + use
    return result
