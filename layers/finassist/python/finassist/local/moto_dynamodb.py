"""moto's DynamoDB, one request at a time, as DynamoDB applies a request to an item: atomically.

In DynamoDB a conditional write either sees the other writer's item or is seen by it, so of two messages that
both create a sender's conversation exactly one wins. moto checks the condition and then writes in plain
Python, and two threads can both pass the same condition in between (measured: with threads switching
often, 8 rounds in 30 of four racing `attribute_not_exists` puts had more than one winner). The embedded
stack, and tests that race writers on moto, put one lock around moto's DynamoDB request handler. DynamoDB's
own guarantee is per item; this is stronger, so only slower, never kinder to a race DynamoDB would allow.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from moto.dynamodb.responses import DynamoHandler

_ONE_REQUEST = threading.RLock()


def one_request_at_a_time(call_action: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """DynamoHandler.call_action (every DynamoDB API call goes through it) under one lock."""

    @functools.wraps(call_action)
    def locked(handler: Any) -> Any:
        with _ONE_REQUEST:
            return call_action(handler)

    return locked


@contextmanager
def atomic_dynamodb() -> Iterator[None]:
    """For tests that use moto's `mock_aws` without the embedded stack."""
    original = DynamoHandler.call_action
    DynamoHandler.call_action = one_request_at_a_time(original)  # type: ignore[method-assign]
    try:
        yield
    finally:
        DynamoHandler.call_action = original  # type: ignore[method-assign]
