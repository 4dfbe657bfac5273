"""What `make serve` promised Twilio: each webhook it answered 200, written to disk (fsync'd) before the answer.

In AWS a 200 means Step Functions holds the execution durably. The embedded stack's Step Functions is moto, in
memory: a crash of the server loses every execution in flight, and after a restart moto no longer knows which
MessageSids it has seen. The journal is therefore the local server's durable truth: one document per
MessageSid, `received` until its execution ends, then `done`. On start the server runs again every message
still `received`, oldest first; a redelivered MessageSid that the journal holds is answered 200 and nothing
more. Replies are kept once across the re-run by the console channel's outbox (it remembers each send's key).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from finassist.adapters.json_documents import JsonDocuments
from finassist.errors import DocumentUnreadable

RECEIVED = "received"
DONE = "done"


@dataclass(frozen=True)
class Entry:
    """One journaled webhook: the request as it came (to run it again) and how far it got."""

    message_sid: str
    status: str
    received_at: float
    request: dict[str, Any]


class WebhookJournal:
    """One durable JSON document per MessageSid under `folder`."""

    def __init__(self, folder: Path) -> None:
        self._documents = JsonDocuments(folder, durable=True)

    def receive(self, message_sid: str, request: dict[str, Any]) -> bool:
        """Journal a message before it is acknowledged; False when this MessageSid is already journaled."""
        return self._documents.create(
            message_sid,
            {"message_sid": message_sid, "status": RECEIVED, "received_at": time.time(), "request": request},
        )

    def status(self, message_sid: str) -> str | None:
        """`received`, `done`, or None for a MessageSid never journaled."""
        try:
            return str(self._documents.read(message_sid)["status"])
        except DocumentUnreadable:
            return None

    def finish(self, message_sid: str, outcome: str) -> None:
        """The message's execution ended (or none was needed): a restart will not run it again."""
        with self._documents.update(message_sid) as entry:
            entry.update(status=DONE, outcome=outcome, finished_at=time.time())

    def forget(self, message_sid: str) -> None:
        """The webhook was refused (forged, malformed): nothing was promised, so nothing is kept."""
        self._documents.path(message_sid).unlink(missing_ok=True)

    def unfinished(self) -> list[Entry]:
        """Messages acknowledged but not finished, in the order they were received."""
        entries = []
        for ident in self._documents.idents():
            try:
                document = self._documents.read(ident)
            except DocumentUnreadable:
                continue  # damaged on disk: it cannot be run again (the file stays for an operator)
            if document.get("status") == RECEIVED:
                entries.append(Entry(ident, RECEIVED, float(document["received_at"]), dict(document["request"])))
        return sorted(entries, key=lambda entry: entry.received_at)
