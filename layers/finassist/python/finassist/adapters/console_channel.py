"""The offline channel: replies go to a transcript file (and the console) instead of WhatsApp."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from filelock import FileLock

from finassist.errors import TranscriptionFailed, VoiceNoteTooLarge
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


class ConsoleChannel:
    """Channel that appends every sent message to outbox.jsonl, so the demo and tests can read replies.

    The outbox is also the channel's durable record of sends: a send whose key is already in it returns that
    message's id and sends nothing. In AWS the idempotency table keeps each send once; on the embedded stack
    that table lives in moto's memory and is gone when `make serve` restarts, and the outbox is not.
    """

    def __init__(self, data_dir: Path) -> None:
        self.outbox = data_dir / "outbox.jsonl"

    def send(self, to: str, text: str, media_urls: Sequence[str] = (), *, key: str = "") -> str:
        self.outbox.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.outbox) + ".lock"):
            written = self.outbox.read_bytes() if self.outbox.exists() else b""
            sent_before = next((str(m["sid"]) for m in _records(written) if key and m.get("key") == key), None)
            if sent_before:
                return sent_before
            sid = ("MM" if media_urls else "SM") + uuid.uuid4().hex
            record: dict[str, object] = {"sid": sid, "to": to, "text": text, "at": datetime.now(UTC).isoformat()}
            if media_urls:
                record["media"] = list(media_urls)
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
        """Every message sent so far, oldest first."""
        return _records(self.outbox.read_bytes()) if self.outbox.exists() else []


def _records(outbox: bytes) -> list[dict[str, Any]]:
    """The outbox's records; a line cut short by a crash was never sent whole, so it is skipped."""
    records = []
    for line in outbox.decode("utf-8", errors="replace").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records
