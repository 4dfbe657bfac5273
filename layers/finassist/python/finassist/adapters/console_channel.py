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
    """Channel that appends every sent message to outbox.jsonl, so the demo and tests can read replies."""

    def __init__(self, data_dir: Path) -> None:
        self.outbox = data_dir / "outbox.jsonl"

    def send(self, to: str, text: str, media_urls: Sequence[str] = ()) -> str:
        sid = ("MM" if media_urls else "SM") + uuid.uuid4().hex
        record: dict[str, object] = {"sid": sid, "to": to, "text": text, "at": datetime.now(UTC).isoformat()}
        if media_urls:
            record["media"] = list(media_urls)
        self.outbox.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.outbox) + ".lock"):
            with self.outbox.open("a", encoding="utf-8") as out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
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
        if not self.outbox.exists():
            return []
        return [json.loads(line) for line in self.outbox.read_text(encoding="utf-8").splitlines() if line]
