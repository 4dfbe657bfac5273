"""The offline channel: the embedded stack's Twilio. Replies go to a transcript file instead of WhatsApp.

It keeps WhatsApp's rules as Twilio applies them (finassist.adapters.whatsapp_rules), so what would fail on day one
fails here: a free-form message outside the 24-hour window is accepted and then ends `failed` with 63016 (never
read by the person), one attachment per message (extra media ignored), only WhatsApp's media types and sizes, a
body of at most 1,600 characters, and approved templates that go through at any time. The window is measured from
the inbound times the embedded stack records when Twilio would have received each message (InboundLog).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from filelock import FileLock

from finassist.adapters import whatsapp_rules
from finassist.domain.notices import render
from finassist.domain.reply import message_length
from finassist.errors import ChannelRejected, TranscriptionFailed, VoiceNoteTooLarge
from finassist.ports import Media

_TYPES = {
    ".ogg": "audio/ogg",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".wav": "audio/wav",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
}


class InboundLog:
    """When each sender last wrote (what Twilio knows and measures the 24-hour window from)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "inbound.json"

    def record(self, sender: str, at: datetime) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path) + ".lock"):
            seen = self._read()
            seen[sender] = at.isoformat()
            self.path.write_text(json.dumps(seen, ensure_ascii=False), encoding="utf-8")

    def last(self, sender: str) -> datetime | None:
        when = self._read().get(sender)
        return datetime.fromisoformat(when) if when else None

    def _read(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        seen: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        return seen


class ConsoleChannel:
    """Channel that appends every message to outbox.jsonl with the status Twilio would give it.

    The outbox is also the channel's durable record of sends: a send whose key is already in it returns that
    message's id and sends nothing. In AWS the idempotency table keeps each send once; on the embedded stack
    that table lives in moto's memory and is gone when `make serve` restarts, and the outbox is not.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        now: Callable[[], datetime] | None = None,
        templates: Mapping[str, str] | None = None,
    ) -> None:
        self.outbox = data_dir / "outbox.jsonl"
        self.inbound = InboundLog(data_dir)
        self._now = now or (lambda: datetime.now(UTC))
        self._templates = dict(templates or {})

    def send(self, to: str, text: str, media_urls: Sequence[str] = (), *, key: str = "") -> str:
        """Accepted at once (as Twilio's 201); whether it reaches the person shows in its status."""
        if message_length(text) > whatsapp_rules.MAX_BODY_CHARS:
            raise ChannelRejected(
                "Twilio refused the message (HTTP 400, code 21617: body over 1600 characters)",
                status=400,
                code=whatsapp_rules.BODY_TOO_LONG,
            )
        record: dict[str, Any] = {"to": to, "text": text}
        if media_urls:
            record["media"] = list(media_urls[:1])
            if len(media_urls) > 1:
                record["ignored_media"] = list(media_urls[1:])  # WhatsApp delivers the first attachment only
        refusal = self._refusal(to, record.get("media", []))
        return self._append(record, refusal, key)

    def send_template(self, to: str, content_sid: str, variables: Mapping[str, str]) -> str:
        """An approved template goes through whether or not the person wrote in the last 24 hours."""
        body = self._templates.get(content_sid) if whatsapp_rules.CONTENT_SID.match(content_sid) else None
        if body is None:
            raise ChannelRejected(
                f"Twilio refused the message (HTTP 400, code 21655: The ContentSid is Invalid: {content_sid})",
                status=400,
                code=whatsapp_rules.INVALID_CONTENT_SID,
            )
        refusal = whatsapp_rules.variables_refusal(variables)
        if refusal is not None:
            raise ChannelRejected(
                f"Twilio refused the message (HTTP 400, code {refusal.code}: {refusal.message})",
                status=400,
                code=refusal.code,
            )
        values = {str(key): str(value) for key, value in variables.items()}
        record = {"to": to, "text": render(body, values), "content_sid": content_sid, "content_variables": values}
        return self._append(record, None, "")

    def _refusal(self, to: str, media: Sequence[str]) -> whatsapp_rules.Refusal | None:
        if not whatsapp_rules.in_session(self.inbound.last(to), self._now()):
            return whatsapp_rules.Refusal(whatsapp_rules.OUTSIDE_WINDOW, whatsapp_rules.OUTSIDE_WINDOW_MESSAGE)
        for url in media:
            path = Path(unquote(urlparse(url).path))
            size = path.stat().st_size if path.is_file() else 0
            refusal = whatsapp_rules.media_refusal(whatsapp_rules.media_type_of(path.name), size)
            if refusal is not None:
                return refusal
        return None

    def _append(self, record: dict[str, Any], refusal: whatsapp_rules.Refusal | None, key: str) -> str:
        self.outbox.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.outbox) + ".lock"):
            written = self.outbox.read_bytes() if self.outbox.exists() else b""
            sent_before = next((str(m["sid"]) for m in _records(written) if key and m.get("key") == key), None)
            if sent_before:
                return sent_before
            sid = ("MM" if record.get("media") else "SM") + uuid.uuid4().hex
            record = {"sid": sid, **record, "at": datetime.now(UTC).isoformat(), "status": "delivered"}
            if refusal is not None:
                record.update(status="failed", error_code=refusal.code, error_message=refusal.message)
            if key:
                record["key"] = key
            torn = bool(written) and not written.endswith(b"\n")  # a crash cut the last line short
            with self.outbox.open("a", encoding="utf-8") as out:
                out.write(("\n" if torn else "") + json.dumps(record, ensure_ascii=False) + "\n")
        return sid

    def download_media(self, url: str, max_bytes: int) -> Media:
        """Offline media are local files (file:// URLs); the size rule is the same as with Twilio."""
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise TranscriptionFailed("offline, only file:// media can be downloaded")
        path = Path(unquote(parsed.path))
        if not path.is_file():
            raise TranscriptionFailed("media not found")
        if path.stat().st_size > max_bytes:
            raise VoiceNoteTooLarge(f"voice note is {path.stat().st_size} bytes, over {max_bytes}")
        return Media(
            content=path.read_bytes(), content_type=_TYPES.get(path.suffix.lower(), "application/octet-stream")
        )

    def sent(self) -> list[dict[str, Any]]:
        """Every message sent so far, oldest first, each with its status (delivered or failed)."""
        return _records(self.outbox.read_bytes()) if self.outbox.exists() else []

    def delivered(self) -> list[dict[str, Any]]:
        """What reached the person: the messages that did not fail."""
        return [message for message in self.sent() if message.get("status") == "delivered"]


def _records(outbox: bytes) -> list[dict[str, Any]]:
    """The outbox's records; a line cut short by a crash was never sent whole, so it is skipped."""
    records = []
    for line in outbox.decode("utf-8", errors="replace").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records
