"""The Transcriber port on OpenAI's audio transcription endpoint, in Portuguese.

Twilio media URLs carry no file extension and the API identifies the format by the uploaded file's name
and content type, so the name is chosen here from the content type WhatsApp reported.
"""

from __future__ import annotations

import json

import openai

from finassist.adapters.openai_errors import translate_openai_error
from finassist.errors import AssistantUnavailable, TranscriptionFailed

__all__ = ["ACCEPTED_AUDIO_TYPES", "DEFAULT_TRANSCRIPTION_MODEL", "OpenAITranscriber", "filename_for"]

DEFAULT_TRANSCRIPTION_MODEL = "gpt-4o-mini-transcribe"

# Content type -> the upload name; the API accepts flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav and webm.
ACCEPTED_AUDIO_TYPES: dict[str, str] = {
    "audio/ogg": "voice.ogg",
    "audio/opus": "voice.ogg",
    "audio/mpeg": "voice.mp3",
    "audio/mp3": "voice.mp3",
    "audio/mp4": "voice.m4a",
    "audio/x-m4a": "voice.m4a",
    "audio/m4a": "voice.m4a",
    "audio/wav": "voice.wav",
    "audio/x-wav": "voice.wav",
    "audio/wave": "voice.wav",
    "audio/webm": "voice.webm",
    "audio/flac": "voice.flac",
    "audio/x-flac": "voice.flac",
}


def _base_type(content_type: str) -> str:
    """'audio/ogg; codecs=opus' -> 'audio/ogg'."""
    return content_type.split(";", 1)[0].strip().lower()


def filename_for(content_type: str) -> str:
    """The extension-bearing name the API needs; TranscriptionFailed for a format it does not take (amr)."""
    name = ACCEPTED_AUDIO_TYPES.get(_base_type(content_type))
    if name is None:
        raise TranscriptionFailed(
            f"audio format {_base_type(content_type) or 'unknown'} is not accepted for transcription "
            "(accepted: flac, mp3, m4a, ogg, wav, webm)"
        )
    return name


class OpenAITranscriber:
    """Voice notes to pt-BR text with `audio.transcriptions.create`."""

    def __init__(self, client: openai.OpenAI, model: str = DEFAULT_TRANSCRIPTION_MODEL) -> None:
        self._client = client
        self._model = model

    def transcribe(self, audio: bytes, content_type: str) -> str:
        """Transcribe in Portuguese; an empty transcript is a failure, not an empty message to the model."""
        filename = filename_for(content_type)
        if not audio:
            raise TranscriptionFailed("the voice note is empty")
        try:
            result = self._client.audio.transcriptions.create(
                model=self._model,
                file=(filename, audio, _base_type(content_type)),
                language="pt",
            )
        except openai.OpenAIError as exc:
            raise translate_openai_error(
                exc, action="transcribe a voice note", on_client_error=TranscriptionFailed
            ) from exc
        except json.JSONDecodeError as exc:
            raise AssistantUnavailable("OpenAI sent a body that is not JSON while transcribing") from exc
        text = result.text.strip()
        if not text:
            raise TranscriptionFailed("the transcription came back empty")
        return text
