"""The one answer each message gets: its reply, or one apology that says what the message already did.

SendReply and SendApology both end here. An apology is only sent when no reply was ready: when the reply
was ready (the failure came while or after sending it), the reply itself is delivered — parts that went out
are not sent again — so a person never reads an answer and then an apology for the same message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from finassist.domain.apologies import apology_for
from finassist.idempotency import Once
from finassist.message_effects import done_changes
from finassist.notices import deliver_reply
from finassist.ports import EffectsJournal, Ledger, NoticeStore


@dataclass(frozen=True)
class Outbound:
    """How this message's answer goes out: sent once per key, with the notices that were waiting for the person
    at its top; the journal says what the message did, for an apology."""

    send_once: Once
    journal: EffectsJournal
    notices: NoticeStore
    today: date
    to: str
    message_sid: str


def send_reply(out: Outbound, reply: Mapping[str, Any]) -> dict[str, Any]:
    """Every part once (and each attachment as a message of its own): a retry sends only what did not go."""
    parts = [str(part) for part in reply.get("parts") or []]
    media = [str(url) for url in reply.get("media") or []]
    return deliver_reply(
        out.send_once,
        out.notices,
        out.today,
        out.to,
        parts,
        out.message_sid,
        kind="reply",
        media=media,
    )


def send_apology(
    out: Outbound,
    ledger: Callable[[], Ledger | None],
    error: Mapping[str, object] | None,
    run: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The reply if it was ready, else an apology built from the journal (and the ledger, for changes that
    were recorded as "about to" by a step that then died)."""
    reply = (run or {}).get("reply") or {}
    if reply.get("parts"):
        return {**send_reply(out, reply), "answered_with": "reply"}
    changes = done_changes(out.journal.for_message(out.message_sid), ledger())
    text = apology_for(error, changes)
    sent = deliver_reply(out.send_once, out.notices, out.today, out.to, [text], out.message_sid, kind="apology")
    return {**sent, "answered_with": "apology", "changes_told": len(changes)}
