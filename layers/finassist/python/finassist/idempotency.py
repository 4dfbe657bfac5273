"""Doing a step's side effect at most once, even when the state machine retries the step.

A retried SendReply would resend the parts that went out before Twilio said 429; a retried RunTool would
delete a second row for one "apaga o último". Each such effect is keyed (MessageSid and part index, or
MessageSid and call id) in Powertools Idempotency's DynamoDB table: a retry returns the recorded result
instead of acting again. A failed attempt leaves no record, so the retry really runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from finassist.ports import Channel

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

Request = dict[str, Any]
Once = Callable[..., dict[str, Any]]

DAY = 24 * 3600
REDRIVE_WINDOW = 14 * DAY
"""How long after it ends a Standard execution can be redriven (Step Functions developer guide, "Redriving
executions"). A redrive re-runs the failed step with the same MessageSid, so its records must still be there."""
RECORD_LIFETIME = REDRIVE_WINDOW + DAY
"""The window plus the longest an execution runs (its 30-minute timeout) and then some: a redrive on day 14 still
finds every reply part and tool call it already did, and does not send or delete them again."""


def once(
    work: Callable[[Request], dict[str, Any]],
    *,
    table_name: str,
    key_path: str,
    key_prefix: str,
    boto_config: Any = None,
) -> tuple[Once, IdempotencyConfig]:
    """`work` wrapped so that `run(request=...)` acts once per key (a JMESPath into the request)."""
    # Imported on the first effect, not with the handler: Powertools Idempotency brings boto3 and jmespath.
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    config = IdempotencyConfig(event_key_jmespath=key_path, expires_after_seconds=RECORD_LIFETIME)
    persistence = DynamoDBPersistenceLayer(table_name=table_name, boto_config=boto_config)

    @idempotent_function(  # type: ignore[untyped-decorator]
        data_keyword_argument="request", persistence_store=persistence, config=config, key_prefix=key_prefix
    )
    def run(request: Request) -> dict[str, Any]:
        return work(request)

    return run, config


def sender_for(channel: Channel) -> Callable[[Request], dict[str, Any]]:
    """The channel's sends as idempotent work: {"key", "to", "text", "media"?} or {"key", "to", "content_sid",
    "variables"} for an approved template."""

    def send(request: Request) -> dict[str, Any]:
        if request.get("content_sid"):
            return {"message_id": channel.send_template(request["to"], request["content_sid"], request["variables"])}
        media: Sequence[str] = request.get("media") or ()
        return {"message_id": channel.send(request["to"], request["text"], media, key=request["key"])}

    return send


def deliver(
    send_once: Once,
    to: str,
    parts: Sequence[str],
    message_sid: str,
    kind: str,
    media: Sequence[str] = (),
) -> dict[str, Any]:
    """Send every part once; `kind` keeps a reply's parts apart from an apology's.

    WhatsApp delivers one attachment per message and ignores the rest, so the first part carries the first
    attachment and every other attachment goes after the text as a message of its own (a chart and an export in
    the same turn are two messages). Each message has its own key: a retry sends only what did not go.
    """
    messages = [
        (f"{kind}#{message_sid}#{index}", text, list(media[:1]) if index == 0 else [])
        for index, text in enumerate(parts)
    ]
    extra = media[1:] if parts else media
    messages += [(f"{kind}#{message_sid}#media{number}", "", [url]) for number, url in enumerate(extra, start=1)]
    ids = [
        send_once(request={"key": key, "to": to, "text": text, "media": urls})["message_id"]
        for key, text, urls in messages
    ]
    return {"sent": len(ids), "message_ids": ids}
