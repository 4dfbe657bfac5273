"""Sending each WhatsApp message at most once, even when the state machine retries the step.

A retried SendReply would otherwise resend the parts that already went out before Twilio said 429. Each
part is keyed by MessageSid and its index in Powertools Idempotency's DynamoDB table; a retry returns the
recorded message id instead of sending again. The unknown-sender refusal uses the same record keyed by
sender and day, so a stranger gets at most one refusal a day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from finassist.ports import Channel

SendOnce = Callable[..., dict[str, Any]]

TWO_DAYS = 2 * 24 * 3600


def send_once_with(channel: Channel, table_name: str) -> tuple[SendOnce, IdempotencyConfig]:
    """A `send_once(message={"key", "to", "text"})` recorded in the idempotency table, and its config."""
    config = IdempotencyConfig(event_key_jmespath="key", expires_after_seconds=TWO_DAYS)
    persistence = DynamoDBPersistenceLayer(table_name=table_name)

    @idempotent_function(data_keyword_argument="message", persistence_store=persistence, config=config)  # type: ignore[untyped-decorator]
    def send_once(message: dict[str, str]) -> dict[str, Any]:
        return {"message_id": channel.send(message["to"], message["text"])}

    return send_once, config


def deliver(send_once: SendOnce, to: str, parts: Sequence[str], message_sid: str, kind: str) -> dict[str, Any]:
    """Send every part once; `kind` separates a reply's parts from an apology's for the same message."""
    ids = [
        send_once(message={"key": f"{kind}#{message_sid}#{index}", "to": to, "text": text})["message_id"]
        for index, text in enumerate(parts)
    ]
    return {"sent": len(ids), "message_ids": ids}
