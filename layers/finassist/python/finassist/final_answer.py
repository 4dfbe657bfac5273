"""The one answer each message gets: its reply, or one apology that says what the message already did.

SendReply and SendApology both end here. An apology is only sent when no reply was ready: when the reply
was ready (the failure came while or after sending it), the reply itself is delivered — parts that went out
are not sent again — so a person never reads an answer and then an apology for the same message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from finassist.domain.apologies import apology_for
from finassist.idempotency import Once, deliver
from finassist.message_effects import done_changes
from finassist.ports import EffectsJournal, Ledger


def send_reply(
    send_once: Once, journal: EffectsJournal, to: str, reply: Mapping[str, Any], message_sid: str
) -> dict[str, Any]:
    """Every part once, recorded in the journal as it goes out."""
    parts = [str(part) for part in reply.get("parts") or []]
    media = [str(url) for url in reply.get("media") or []]
    return deliver(send_once, to, parts, message_sid, kind="reply", media=media, journal=journal)


def send_apology(
    send_once: Once,
    journal: EffectsJournal,
    ledger: Callable[[], Ledger | None],
    to: str,
    error: Mapping[str, object] | None,
    run: Mapping[str, Any] | None,
    message_sid: str,
) -> dict[str, Any]:
    """The reply if it was ready, else an apology built from the journal (and the ledger, for changes that
    were recorded as "about to" by a step that then died)."""
    reply = (run or {}).get("reply") or {}
    if reply.get("parts"):
        return {**send_reply(send_once, journal, to, reply, message_sid), "answered_with": "reply"}
    changes = done_changes(journal.for_message(message_sid), ledger())
    text = apology_for(error, changes)
    sent = deliver(send_once, to, [text], message_sid, kind="apology", journal=journal)
    return {**sent, "answered_with": "apology", "changes_told": len(changes)}
