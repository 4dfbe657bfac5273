"""Offline transcription: recognises the project's recorded sample voice notes by content hash.

There is no speech model offline; rather than pretend, any other audio fails with a clear error.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources

from finassist.errors import TranscriptionFailed


@cache
def _known_samples() -> dict[str, str]:
    manifest = resources.files("finassist.data").joinpath("voice_samples.json")
    if not manifest.is_file():
        return {}
    return {str(k): str(v) for k, v in json.loads(manifest.read_text(encoding="utf-8")).items()}


class OfflineTranscriber:
    """Transcriber that knows only the sample notes in events/voice_notes (their sha256 -> transcript)."""

    def transcribe(self, audio: bytes, content_type: str) -> str:
        digest = hashlib.sha256(audio).hexdigest()
        try:
            return _known_samples()[digest]
        except KeyError:
            raise TranscriptionFailed(
                "offline transcription only knows the recorded sample voice notes; set OPENAI_API_KEY for real audio"
            ) from None
