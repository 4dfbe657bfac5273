"""The OpenAI transcriber against a fake of POST /v1/audio/transcriptions (no network)."""

from __future__ import annotations

from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP

import httpx2
import openai
import pytest

from finassist.adapters.openai_transcriber import ACCEPTED_AUDIO_TYPES, OpenAITranscriber
from finassist.errors import AssistantRateLimited, AssistantUnavailable, TranscriptionFailed

OGG_OPUS = b"OggS\x00\x02" + b"\x00" * 20 + b"OpusHead" + b"\x01" * 64
TRANSCRIPT = "Gastei quarenta e cinco reais no almoço hoje."


@dataclass
class Part:
    value: bytes
    filename: str | None
    content_type: str


class FakeTranscriptionApi:
    """Records requests and answers each with the next queued reply (the last one repeats)."""

    def __init__(self, *replies: httpx2.Response | Exception) -> None:
        self.requests: list[httpx2.Request] = []
        self._replies = list(replies) or [httpx2.Response(200, json=transcription_json(TRANSCRIPT))]

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        reply = self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]
        if isinstance(reply, Exception):
            raise reply
        return reply

    def client(self) -> openai.OpenAI:
        return openai.OpenAI(
            api_key="test-key",
            base_url="https://api.openai.test/v1",
            max_retries=0,
            http_client=httpx2.Client(transport=httpx2.MockTransport(self.handler)),
            _strict_response_validation=True,
        )

    def form(self) -> dict[str, Part]:
        """The multipart fields of the one request made."""
        (request,) = self.requests
        head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + request.content)
        parts: dict[str, Part] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            assert isinstance(name, str) and isinstance(payload, bytes)
            parts[name] = Part(payload, part.get_filename(), part.get_content_type())
        return parts


def transcription_json(text: str) -> dict[str, object]:
    return {"text": text, "usage": {"type": "duration", "seconds": 3.2}}


def api_error(status: int, code: str | None, headers: dict[str, str] | None = None) -> httpx2.Response:
    body = {"error": {"message": "An error.", "type": "invalid_request_error", "param": None, "code": code}}
    return httpx2.Response(status, json=body, headers=headers)


def test_a_whatsapp_voice_note_is_uploaded_as_an_ogg_file_in_portuguese() -> None:
    api = FakeTranscriptionApi()

    text = OpenAITranscriber(api.client()).transcribe(OGG_OPUS, "audio/ogg")

    assert text == TRANSCRIPT
    (request,) = api.requests
    assert (request.method, request.url.path) == ("POST", "/v1/audio/transcriptions")
    form = api.form()
    assert form["language"].value == b"pt"
    assert form["model"].value == b"gpt-4o-mini-transcribe"
    assert form["file"].filename == "voice.ogg"
    assert form["file"].content_type == "audio/ogg"
    assert form["file"].value == OGG_OPUS


@pytest.mark.parametrize(
    ("content_type", "filename"),
    [
        ("audio/ogg; codecs=opus", "voice.ogg"),
        ("audio/mpeg", "voice.mp3"),
        ("audio/mp4", "voice.m4a"),
        ("audio/x-m4a", "voice.m4a"),
        ("audio/wav", "voice.wav"),
        ("audio/webm", "voice.webm"),
        ("audio/flac", "voice.flac"),
        ("AUDIO/MPEG", "voice.mp3"),
    ],
)
def test_the_upload_name_carries_the_extension_of_the_content_type(content_type: str, filename: str) -> None:
    api = FakeTranscriptionApi()

    OpenAITranscriber(api.client()).transcribe(b"audio bytes", content_type)

    assert api.form()["file"].filename == filename


def test_a_chosen_model_is_the_one_sent() -> None:
    api = FakeTranscriptionApi()

    OpenAITranscriber(api.client(), model="gpt-4o-transcribe").transcribe(OGG_OPUS, "audio/ogg")

    assert api.form()["model"].value == b"gpt-4o-transcribe"


@pytest.mark.parametrize("content_type", ["audio/amr", "audio/aac", "video/mp4", ""])
def test_a_format_openai_does_not_accept_fails_clearly_without_calling_the_api(content_type: str) -> None:
    api = FakeTranscriptionApi()

    with pytest.raises(TranscriptionFailed, match="not accepted for transcription"):
        OpenAITranscriber(api.client()).transcribe(b"#!AMR\n", content_type)

    assert api.requests == []


def test_the_accepted_types_include_whatsapp_voice_notes_and_exclude_amr() -> None:
    assert "audio/ogg" in ACCEPTED_AUDIO_TYPES
    assert "audio/mpeg" in ACCEPTED_AUDIO_TYPES
    assert "audio/amr" not in ACCEPTED_AUDIO_TYPES


def test_an_empty_transcript_is_a_transcription_failure() -> None:
    api = FakeTranscriptionApi(httpx2.Response(200, json=transcription_json("  ")))

    with pytest.raises(TranscriptionFailed, match="empty"):
        OpenAITranscriber(api.client()).transcribe(OGG_OPUS, "audio/ogg")


def test_an_empty_file_is_refused_before_the_upload() -> None:
    api = FakeTranscriptionApi()

    with pytest.raises(TranscriptionFailed, match="empty"):
        OpenAITranscriber(api.client()).transcribe(b"", "audio/ogg")

    assert api.requests == []


def test_a_400_from_the_api_becomes_transcription_failed() -> None:
    api = FakeTranscriptionApi(api_error(400, "invalid_value"))

    with pytest.raises(TranscriptionFailed, match="HTTP 400") as raised:
        OpenAITranscriber(api.client()).transcribe(OGG_OPUS, "audio/ogg")

    assert isinstance(raised.value.__cause__, openai.BadRequestError)


def test_a_429_becomes_assistant_rate_limited_with_the_retry_after() -> None:
    api = FakeTranscriptionApi(api_error(429, "rate_limit_exceeded", headers={"retry-after": "12"}))

    with pytest.raises(AssistantRateLimited, match="retry after 12"):
        OpenAITranscriber(api.client()).transcribe(OGG_OPUS, "audio/ogg")

    assert len(api.requests) == 1


def test_a_502_becomes_assistant_unavailable() -> None:
    api = FakeTranscriptionApi(api_error(502, None))

    with pytest.raises(AssistantUnavailable, match="502"):
        OpenAITranscriber(api.client()).transcribe(OGG_OPUS, "audio/ogg")


def test_a_timeout_becomes_assistant_unavailable() -> None:
    api = FakeTranscriptionApi(httpx2.ReadTimeout("read timed out"))

    with pytest.raises(AssistantUnavailable) as raised:
        OpenAITranscriber(api.client()).transcribe(OGG_OPUS, "audio/ogg")

    assert isinstance(raised.value.__cause__, openai.APITimeoutError)
