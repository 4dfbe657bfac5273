"""TwilioChannel against Twilio faked at the HTTP boundary: the SDK and our media download both use requests."""

from __future__ import annotations

import base64
import io
import itertools
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
import responses

from finassist.adapters.media_urls import is_twilio_media_url
from finassist.adapters.twilio_channel import TwilioChannel, media_type
from finassist.errors import (
    ChannelRejected,
    ChannelUnavailable,
    FinAssistError,
    OutsideMessagingWindow,
    TranscriptionFailed,
    VoiceNoteTooLarge,
)
from finassist.ports import Media

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "5ecre7" + "fedcba9876543210" + "0123456789"
FROM_NUMBER = "whatsapp:+14155238886"
TO_NUMBER = "whatsapp:+5511987654321"
MESSAGE_SID = "SM" + "a1b2c3d4e5f60718" * 2
MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
MEDIA_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{MESSAGE_SID}/Media/ME{'9' * 32}"
CDN_URL = "https://mms.example-cdn.com/media/voice-note.ogg?Expires=1767225600&Signature=abc123"
BASIC_AUTH = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
MAX_BYTES = 25 * 1024 * 1024
OGG = b"OggS\x00\x02" + b"\x00" * 100


class CountingBody(io.RawIOBase):
    """A large body produced on demand, which remembers how much of it was actually read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = min(len(buffer), self.size - self.served)
        buffer[:count] = b"\x00" * count
        self.served += count
        return count


@pytest.fixture
def twilio() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def channel() -> TwilioChannel:
    return TwilioChannel(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER)


def _message_resource(body: str) -> dict[str, Any]:
    """A Messages API 201 body as Twilio returns it for a queued WhatsApp message."""
    uri = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{MESSAGE_SID}.json"
    return {
        "account_sid": ACCOUNT_SID,
        "api_version": "2010-04-01",
        "body": body,
        "date_created": "Mon, 24 Nov 2025 15:04:05 +0000",
        "date_sent": None,
        "date_updated": "Mon, 24 Nov 2025 15:04:05 +0000",
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": FROM_NUMBER,
        "messaging_service_sid": None,
        "num_media": "0",
        "num_segments": "1",
        "price": None,
        "price_unit": "USD",
        "sid": MESSAGE_SID,
        "status": "queued",
        "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
        "to": TO_NUMBER,
        "uri": uri,
    }


def _twilio_error(status: int, code: int, message: str) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def _form(call: Any) -> dict[str, list[str]]:
    """The form fields the SDK posted, as Twilio would parse them."""
    body = call.request.body
    assert isinstance(body, str)
    return parse_qs(body)


def _assert_no_secret(exc: BaseException) -> None:
    assert AUTH_TOKEN not in str(exc)
    assert AUTH_TOKEN not in repr(exc.args)
    assert BASIC_AUTH.split()[1] not in str(exc)


# --- send ---------------------------------------------------------------------------------------


def test_send_posts_whatsapp_addresses_and_body_with_basic_auth_and_returns_the_sid(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    text = "Anotei R$ 45,00 em Alimentação hoje (24/11)."
    twilio.add(responses.POST, MESSAGES_URL, json=_message_resource(text), status=201)

    sid = channel.send(TO_NUMBER, text)

    assert sid == MESSAGE_SID
    request = twilio.calls[0].request
    assert request.headers["Authorization"] == BASIC_AUTH
    form = _form(twilio.calls[0])
    assert form == {"From": [FROM_NUMBER], "To": [TO_NUMBER], "Body": [text]}


def test_send_adds_the_whatsapp_prefix_to_bare_numbers(twilio: responses.RequestsMock) -> None:
    twilio.add(responses.POST, MESSAGES_URL, json=_message_resource("oi"), status=201)
    channel = TwilioChannel(ACCOUNT_SID, AUTH_TOKEN, "+14155238886")

    channel.send("+5511987654321", "oi")

    form = _form(twilio.calls[0])
    assert form["From"] == [FROM_NUMBER] and form["To"] == [TO_NUMBER]


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        (429, 20429, "Too Many Requests"),
        (500, 20500, "Internal Server Error"),
        (503, 20503, "Service Unavailable"),
    ],
)
def test_send_reports_throttling_and_server_errors_as_channel_unavailable_so_the_asl_retries(
    twilio: responses.RequestsMock, channel: TwilioChannel, status: int, code: int, message: str
) -> None:
    twilio.add(responses.POST, MESSAGES_URL, json=_twilio_error(status, code, message), status=status)

    with pytest.raises(ChannelUnavailable) as caught:
        channel.send(TO_NUMBER, "oi")

    assert f"HTTP {status}" in str(caught.value)
    _assert_no_secret(caught.value)


def test_send_reports_a_connection_failure_as_channel_unavailable(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    twilio.add(responses.POST, MESSAGES_URL, body=requests.ConnectionError("connection reset by peer"))

    with pytest.raises(ChannelUnavailable):
        channel.send(TO_NUMBER, "oi")


def test_send_reports_a_timeout_as_channel_unavailable(twilio: responses.RequestsMock, channel: TwilioChannel) -> None:
    twilio.add(responses.POST, MESSAGES_URL, body=requests.ReadTimeout("read timed out"))
    twilio.add(responses.GET, MESSAGES_URL, json=_message_list([]))

    with pytest.raises(ChannelUnavailable):
        channel.send(TO_NUMBER, "oi")


def _message_list(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """GET Messages.json as Twilio pages it."""
    return {
        "messages": messages,
        "end": max(len(messages) - 1, 0),
        "first_page_uri": "/2010-04-01/Accounts/x/Messages.json?PageSize=20&Page=0",
        "next_page_uri": None,
        "page": 0,
        "page_size": 20,
        "previous_page_uri": None,
        "start": 0,
        "uri": "/2010-04-01/Accounts/x/Messages.json?PageSize=20&Page=0",
    }


def test_a_timed_out_send_that_twilio_accepted_is_not_reported_as_failed(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    accepted = {
        "sid": "SM" + "c" * 32,
        "body": "Anotado! ✅",
        "to": TO_NUMBER,
        "from": "whatsapp:+14155238886",
        "status": "queued",
        "date_created": format_datetime(datetime.now(UTC), usegmt=True),
    }
    older = {**accepted, "sid": "SM" + "d" * 32, "date_created": "Mon, 23 Nov 2026 10:00:00 +0000"}
    twilio.add(responses.POST, MESSAGES_URL, body=requests.ReadTimeout("read timed out"))
    twilio.add(responses.GET, MESSAGES_URL, json=_message_list([accepted, older]))

    assert channel.send(TO_NUMBER, "Anotado! ✅") == accepted["sid"]
    assert sum(1 for call in twilio.calls if call.request.method == "POST") == 1


def test_an_older_message_with_the_same_text_does_not_count_as_this_send(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    older = {
        "sid": "SM" + "d" * 32,
        "body": "oi",
        "to": TO_NUMBER,
        "from": "whatsapp:+14155238886",
        "status": "delivered",
        "date_created": "Mon, 23 Nov 2026 10:00:00 +0000",
    }
    twilio.add(responses.POST, MESSAGES_URL, body=requests.ReadTimeout("read timed out"))
    twilio.add(responses.GET, MESSAGES_URL, json=_message_list([older]))

    with pytest.raises(ChannelUnavailable):
        channel.send(TO_NUMBER, "oi")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (21211, "The 'To' number whatsapp:+5511 is not a valid phone number."),
        (63016, "Failed to send freeform message because you are outside the allowed window."),
        (21617, "The concatenated message body exceeds the 1600 character limit."),
    ],
)
def test_send_reports_a_final_refusal_as_channel_rejected_with_its_twilio_code(
    twilio: responses.RequestsMock, channel: TwilioChannel, code: int, message: str
) -> None:
    twilio.add(responses.POST, MESSAGES_URL, json=_twilio_error(400, code, message), status=400)

    with pytest.raises(ChannelRejected) as caught:
        channel.send(TO_NUMBER, "oi")

    assert (caught.value.status, caught.value.code) == (400, code)
    assert isinstance(caught.value, FinAssistError)
    assert not isinstance(caught.value, ChannelUnavailable)
    assert str(code) in str(caught.value)
    _assert_no_secret(caught.value)


def test_a_timed_out_send_that_twilio_failed_outside_the_window_is_outside_messaging_window(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    failed = {
        "sid": "SM" + "e" * 32,
        "body": "oi",
        "to": TO_NUMBER,
        "from": "whatsapp:+14155238886",
        "status": "failed",
        "error_code": 63016,
        "error_message": "Failed to send freeform message because you are outside the allowed window.",
        "date_created": format_datetime(datetime.now(UTC), usegmt=True),
    }
    twilio.add(responses.POST, MESSAGES_URL, body=requests.ReadTimeout("read timed out"))
    twilio.add(responses.GET, MESSAGES_URL, json=_message_list([failed]))

    with pytest.raises(OutsideMessagingWindow) as caught:
        channel.send(TO_NUMBER, "oi")

    assert caught.value.code == 63016
    assert isinstance(caught.value, ChannelRejected), "final: the Catch takes it, no Retry"


def test_a_63016_error_from_twilio_is_outside_messaging_window(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    twilio.add(responses.POST, MESSAGES_URL, json=_twilio_error(400, 63016, "outside the allowed window"), status=400)

    with pytest.raises(OutsideMessagingWindow):
        channel.send(TO_NUMBER, "oi")


# --- send_template ------------------------------------------------------------------------------

TEMPLATE_SID = "HX" + "0a1b2c3d4e5f6a7b" * 2


def test_a_template_is_posted_as_content_sid_and_content_variables_json_without_a_body(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    twilio.add(responses.POST, MESSAGES_URL, json=_message_resource(""), status=201)
    variables = {"1": "R$ 1.800,00", "2": "Moradia", "3": "aluguel", "4": "08/12"}

    assert channel.send_template(TO_NUMBER, TEMPLATE_SID, variables) == MESSAGE_SID

    form = _form(twilio.calls[0])
    assert form["ContentSid"] == [TEMPLATE_SID]
    assert json.loads(form["ContentVariables"][0]) == variables
    assert "Body" not in form and "MediaUrl" not in form
    assert form["To"] == [TO_NUMBER] and form["From"] == [FROM_NUMBER]


@pytest.mark.parametrize(("status", "code", "error"), [(400, 21655, ChannelRejected), (503, 20503, ChannelUnavailable)])
def test_a_refused_template_is_rejected_and_an_unavailable_twilio_is_retried(
    twilio: responses.RequestsMock, channel: TwilioChannel, status: int, code: int, error: type[Exception]
) -> None:
    twilio.add(responses.POST, MESSAGES_URL, json=_twilio_error(status, code, "no"), status=status)

    with pytest.raises(error):
        channel.send_template(TO_NUMBER, TEMPLATE_SID, {"1": "x"})


def test_the_auth_token_does_not_show_in_the_channels_repr(channel: TwilioChannel) -> None:
    assert AUTH_TOKEN not in repr(channel)
    assert ACCOUNT_SID in repr(channel)


# --- download_media -----------------------------------------------------------------------------


def test_a_voice_note_downloads_with_basic_auth_and_a_bare_content_type(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    twilio.add(responses.GET, MEDIA_URL, body=OGG, content_type="audio/ogg; codecs=opus")

    media = channel.download_media(MEDIA_URL, MAX_BYTES)

    assert media == Media(content=OGG, content_type="audio/ogg")
    assert twilio.calls[0].request.headers["Authorization"] == BASIC_AUTH


def test_the_redirect_to_storage_gets_no_credentials_while_twilio_does(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    twilio.add(responses.GET, MEDIA_URL, status=307, headers={"Location": CDN_URL})
    twilio.add(responses.GET, CDN_URL, body=OGG, content_type="audio/ogg")

    media = channel.download_media(MEDIA_URL, MAX_BYTES)

    assert media.content == OGG
    assert [call.request.url for call in twilio.calls] == [MEDIA_URL, CDN_URL]
    assert twilio.calls[0].request.headers["Authorization"] == BASIC_AUTH
    assert "Authorization" not in twilio.calls[1].request.headers


@pytest.mark.parametrize(
    "location",
    [
        "https://api.twilio.com.attacker.example/steal",
        "https://eviltwilio.com/steal",
        "https://api.twilio.com@attacker.example/steal",
    ],
)
def test_a_redirect_to_a_lookalike_of_twilio_gets_no_credentials(
    twilio: responses.RequestsMock, channel: TwilioChannel, location: str
) -> None:
    twilio.add(responses.GET, MEDIA_URL, status=302, headers={"Location": location})
    twilio.add(responses.GET, location, body=OGG, content_type="audio/ogg")

    channel.download_media(MEDIA_URL, MAX_BYTES)

    sent = twilio.calls[1].request.headers.get("Authorization", "")
    assert isinstance(sent, str)
    assert sent != BASIC_AUTH
    assert AUTH_TOKEN not in (base64.b64decode(sent.removeprefix("Basic ")).decode() if sent else "")


def test_a_relative_redirect_within_twilio_keeps_the_credentials(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    twilio.add(responses.GET, MEDIA_URL, status=301, headers={"Location": "/v1/media/ME1"})
    twilio.add(responses.GET, "https://api.twilio.com/v1/media/ME1", body=OGG, content_type="audio/ogg")

    channel.download_media(MEDIA_URL, MAX_BYTES)

    assert twilio.calls[1].request.headers["Authorization"] == BASIC_AUTH


def test_five_redirects_are_followed(twilio: responses.RequestsMock, channel: TwilioChannel) -> None:
    hops = [MEDIA_URL] + [f"https://cdn{n}.example-cdn.com/m" for n in range(1, 6)]
    for here, there in itertools.pairwise(hops):
        twilio.add(responses.GET, here, status=302, headers={"Location": there})
    twilio.add(responses.GET, hops[-1], body=OGG, content_type="audio/ogg")

    assert channel.download_media(MEDIA_URL, MAX_BYTES).content == OGG
    assert len(twilio.calls) == 6


def test_a_redirect_chain_longer_than_five_hops_is_refused(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    hops = [MEDIA_URL] + [f"https://cdn{n}.example-cdn.com/m" for n in range(1, 7)]
    for here, there in itertools.pairwise(hops):
        twilio.add(responses.GET, here, status=302, headers={"Location": there})

    with pytest.raises(TranscriptionFailed, match="redirected more than 5 times"):
        channel.download_media(MEDIA_URL, MAX_BYTES)

    assert len(twilio.calls) == 6


def test_a_redirect_to_plain_http_is_refused_before_it_is_followed(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    twilio.add(responses.GET, MEDIA_URL, status=302, headers={"Location": "http://mms.example-cdn.com/m.ogg"})

    with pytest.raises(TranscriptionFailed, match="https"):
        channel.download_media(MEDIA_URL, MAX_BYTES)

    assert len(twilio.calls) == 1


@pytest.mark.parametrize("url", ["https://media.example.com/voice.ogg", "http://api.twilio.com/2010-04-01/x"])
def test_a_media_url_off_twilio_or_off_https_is_refused_without_a_request(
    twilio: responses.RequestsMock, channel: TwilioChannel, url: str
) -> None:
    with pytest.raises(TranscriptionFailed, match="Twilio media host"):
        channel.download_media(url, MAX_BYTES)

    assert len(twilio.calls) == 0


def test_a_declared_content_length_over_the_limit_is_refused_without_reading_the_body(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    body = CountingBody(2_000_000)
    twilio.add(
        responses.GET,
        MEDIA_URL,
        body=io.BufferedReader(body),
        content_type="audio/ogg",
        headers={"Content-Length": "2000000"},
    )

    with pytest.raises(VoiceNoteTooLarge, match="2000000 bytes"):
        channel.download_media(MEDIA_URL, 1_000_000)

    assert body.served == 0


@pytest.mark.parametrize("headers", [{"Content-Length": "1000"}, {}], ids=["lying-content-length", "no-content-length"])
def test_a_body_larger_than_declared_is_cut_off_once_past_the_limit(
    twilio: responses.RequestsMock, channel: TwilioChannel, headers: dict[str, str]
) -> None:
    body = CountingBody(50_000_000)
    twilio.add(responses.GET, MEDIA_URL, body=io.BufferedReader(body), content_type="audio/ogg", headers=headers)

    with pytest.raises(VoiceNoteTooLarge):
        channel.download_media(MEDIA_URL, 1_000_000)

    # streamed and abandoned: a little past the limit was read, not the 50 MB on offer
    assert 1_000_000 < body.served <= 1_000_000 + 256 * 1024


def test_a_body_of_exactly_the_limit_is_accepted(twilio: responses.RequestsMock, channel: TwilioChannel) -> None:
    twilio.add(responses.GET, MEDIA_URL, body=b"\x01" * 4096, content_type="audio/ogg")

    assert len(channel.download_media(MEDIA_URL, 4096).content) == 4096


@pytest.mark.parametrize("status", [403, 404])
def test_missing_or_expired_media_is_a_transcription_failure(
    twilio: responses.RequestsMock, channel: TwilioChannel, status: int
) -> None:
    twilio.add(responses.GET, MEDIA_URL, status=status, json=_twilio_error(status, 20404, "not found"))

    with pytest.raises(TranscriptionFailed, match="media not found or expired"):
        channel.download_media(MEDIA_URL, MAX_BYTES)


def test_an_expired_storage_link_after_the_redirect_is_a_transcription_failure(
    twilio: responses.RequestsMock, channel: TwilioChannel
) -> None:
    twilio.add(responses.GET, MEDIA_URL, status=307, headers={"Location": CDN_URL})
    twilio.add(responses.GET, CDN_URL, status=403, body="<Error><Code>AccessDenied</Code></Error>")

    with pytest.raises(TranscriptionFailed, match="media not found or expired"):
        channel.download_media(MEDIA_URL, MAX_BYTES)


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_a_media_host_error_is_channel_unavailable_so_the_asl_retries(
    twilio: responses.RequestsMock, channel: TwilioChannel, status: int
) -> None:
    twilio.add(responses.GET, MEDIA_URL, status=status, json=_twilio_error(status, 20500, "error"))

    with pytest.raises(ChannelUnavailable) as caught:
        channel.download_media(MEDIA_URL, MAX_BYTES)

    _assert_no_secret(caught.value)


@pytest.mark.parametrize(
    "failure",
    [
        requests.ConnectTimeout("connect timed out"),
        requests.ReadTimeout("read timed out"),
        requests.ConnectionError("connection reset"),
    ],
)
def test_a_media_timeout_or_connection_failure_is_channel_unavailable(
    twilio: responses.RequestsMock, channel: TwilioChannel, failure: Exception
) -> None:
    twilio.add(responses.GET, MEDIA_URL, body=failure)

    with pytest.raises(ChannelUnavailable):
        channel.download_media(MEDIA_URL, MAX_BYTES)


def test_media_download_uses_a_5_second_connect_and_20_second_read_timeout(channel: TwilioChannel) -> None:
    seen: dict[str, Any] = {}

    class RecordingSession(requests.Session):
        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
            seen.update(kwargs)
            response = requests.Response()
            response.status_code = 200
            response.headers["Content-Type"] = "audio/ogg"
            response.raw = io.BytesIO(OGG)
            return response

    channel = TwilioChannel(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, session=RecordingSession())

    assert channel.download_media(MEDIA_URL, MAX_BYTES).content == OGG
    assert seen["timeout"] == (5.0, 20.0)
    assert seen["allow_redirects"] is False


# --- helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.twilio.com/2010-04-01/x", True),
        ("https://API.Twilio.COM/2010-04-01/x", True),  # requests lower-cases the host: it is Twilio
        ("https://api.twilio.com:443/2010-04-01/x", True),
        ("https://api%2Etwilio%2Ecom/2010-04-01/x", True),  # requests percent-decodes the host: it is Twilio
        ("https://media.twiliocdn.com/x", False),  # storage: no credentials needed there
        ("https://mms.twilio.com/x", False),  # not a media host
        ("https://api.twilio.com./x", False),  # trailing dot: not the name Twilio posts
        ("https://API.TWILIO.COM./x", False),
        ("http://api.twilio.com/x", False),
        ("https://twilio.com.evil.example/x", False),
        ("https://api.twilio.com:8443/x", False),
    ],
)
def test_only_https_on_twilios_media_host_counts_as_twilio(url: str, expected: bool) -> None:
    assert is_twilio_media_url(url) is expected


BYPASS_SHAPES = [
    "https://evil.example\\@api.twilio.com/2010-04-01/Media/ME1",  # requests: host evil.example, path \@api...
    "https://evil.example\\.api.twilio.com/2010-04-01/Media/ME1",
    "https://api.twilio.com@evil.example/2010-04-01/Media/ME1",  # userinfo api.twilio.com, host evil.example
    "https://user:secret@api.twilio.com/2010-04-01/Media/ME1",  # userinfo never goes with our credentials
    "https://api.twilio.com.evil.example/2010-04-01/Media/ME1",
    "https://api.twilio.com./2010-04-01/Media/ME1",
    "https://API.TWILIO.COM./2010-04-01/Media/ME1",
    "https://api.twilio.com:8443/2010-04-01/Media/ME1",
    "https://api.twilio.com%2Eevil.example/2010-04-01/Media/ME1",  # decodes to api.twilio.com.evil.example
    "https://\u0430pi.twilio.com/2010-04-01/Media/ME1",  # Cyrillic a: xn--pi-6kc.twilio.com
    "https://api.twilio.com\u3002evil.example/2010-04-01/Media/ME1",  # ideographic full stop
    "http://api.twilio.com/2010-04-01/Media/ME1",
    "HTTP://api.twilio.com/2010-04-01/Media/ME1",
    "https:/api.twilio.com/2010-04-01/Media/ME1",
    "https:\\\\api.twilio.com/2010-04-01/Media/ME1",
]


@pytest.mark.parametrize("url", BYPASS_SHAPES)
def test_a_media_url_the_http_client_would_send_off_twilio_is_refused_without_a_request(
    twilio: responses.RequestsMock, channel: TwilioChannel, url: str
) -> None:
    with pytest.raises(TranscriptionFailed, match="Twilio media host"):
        channel.download_media(url, MAX_BYTES)

    assert len(twilio.calls) == 0


@pytest.mark.parametrize(
    ("location", "lands_on"),
    [
        # requests re-quotes a Location (requote_uri): the backslash becomes %5C and ends up in the userinfo
        ("https://evil.example\\@api.twilio.com/steal", "evil.example%5C@api.twilio.com"),
        ("https://api.twilio.com@evil.example/steal", "api.twilio.com@evil.example"),
        ("https://api.twilio.com./steal", "api.twilio.com."),
        ("https://api.twilio.com:8443/steal", "api.twilio.com:8443"),
        ("https://api.twilio.com%2Eevil.example/steal", "api.twilio.com.evil.example"),
        ("//evil.example/steal", "evil.example"),
    ],
)
def test_a_redirect_to_a_bypass_shape_is_followed_without_our_credentials(
    twilio: responses.RequestsMock, channel: TwilioChannel, location: str, lands_on: str
) -> None:
    twilio.add(responses.GET, MEDIA_URL, status=302, headers={"Location": location})
    twilio.add(responses.GET, re.compile(r"https://.*/steal"), body=OGG, content_type="audio/ogg")

    assert channel.download_media(MEDIA_URL, MAX_BYTES).content == OGG

    assert twilio.calls[0].request.headers["Authorization"] == BASIC_AUTH
    second = twilio.calls[1].request
    assert second.url == f"https://{lands_on}/steal"
    sent = str(second.headers.get("Authorization", ""))
    assert AUTH_TOKEN not in (base64.b64decode(sent.removeprefix("Basic ")).decode() if sent else "")


@pytest.mark.parametrize(
    "url",
    [
        MEDIA_URL.replace("api.twilio.com", "API.Twilio.COM"),
        MEDIA_URL.replace("api.twilio.com", "api.twilio.com:443"),
        MEDIA_URL.replace("api.twilio.com", "api%2Etwilio%2Ecom"),
        MEDIA_URL.replace("/Media/", "\\@evil.example/Media/"),  # requests keeps the backslash in Twilio's path
    ],
)
def test_a_media_url_that_requests_sends_to_twilio_anyway_gets_the_credentials_there(
    twilio: responses.RequestsMock, channel: TwilioChannel, url: str
) -> None:
    twilio.add(
        responses.GET, re.compile(r"https://api\.twilio\.com(:443)?/2010-04-01/.*"), body=OGG, content_type="audio/ogg"
    )

    channel.download_media(url, MAX_BYTES)

    [call] = twilio.calls
    assert call.request.url is not None and call.request.url.startswith("https://api.twilio.com")
    assert call.request.headers["Authorization"] == BASIC_AUTH


@pytest.mark.parametrize(
    ("header", "expected"),
    [("audio/ogg; codecs=opus", "audio/ogg"), ("Audio/OGG", "audio/ogg"), (None, "application/octet-stream")],
)
def test_media_type_drops_parameters(header: str | None, expected: str) -> None:
    assert media_type(header) == expected
