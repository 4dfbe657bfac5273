"""Twilio's WhatsApp as the Channel port: replies through the Messages API, voice notes from media URLs.

Errors are sorted for the state machine: what a retry may fix (429, 5xx, network) is ChannelUnavailable,
which the ASL retries; what it cannot (a bad address, the 24-hour window) is ChannelRejected, which goes
straight to the Catch. The auth token never appears in an exception message.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from finassist.errors import (
    ChannelRejected,
    ChannelUnavailable,
    FinAssistError,
    TranscriptionFailed,
    VoiceNoteTooLarge,
)
from finassist.ports import Media

WHATSAPP_PREFIX = "whatsapp:"
SEND_TIMEOUT_SECONDS = 20.0
"""The SDK's client takes one number for connect and read; without it a hung Twilio would hang the Lambda."""
MEDIA_TIMEOUT_SECONDS = (5.0, 20.0)
"""(connect, read) for media downloads; read is per socket read, the size cap bounds the rest."""
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TWILIO_DOMAIN = "twilio.com"
_CHUNK_BYTES = 64 * 1024
_GONE_STATUSES = frozenset({403, 404, 410})


ACCEPTED_CLOCK_SKEW_SECONDS = 5
"""Twilio's date_created and our clock may differ a little; a match must still be this call's message."""


class TwilioChannel:
    """Channel port on Twilio: the official SDK sends, plain requests downloads media under our control."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        *,
        client: Client | None = None,
        http_client: HttpClient | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._from = whatsapp_address(from_number)
        if client is None:
            # No SDK retries (max_retries unset): the Step Functions Retry owns back-off, so they never stack.
            client = Client(
                account_sid,
                auth_token,
                http_client=http_client or TwilioHttpClient(timeout=SEND_TIMEOUT_SECONDS),
            )
        self._client = client
        self._session = session or requests.Session()

    def __repr__(self) -> str:
        return f"TwilioChannel(account_sid={self._account_sid!r}, from_number={self._from!r})"

    def send(self, to: str, text: str, media_urls: Sequence[str] = (), *, key: str = "") -> str:
        """Send one WhatsApp message (split long replies first) and return Twilio's message SID.

        The Messages API has no idempotency key (so `key` goes nowhere: the idempotency table keeps sends
        once): after a read timeout Twilio may have accepted the message.
        Before reporting ChannelUnavailable (which the state machine retries), the recent messages to this
        recipient are listed, and one with the same body created since this call started counts as sent.
        """
        started = datetime.now(UTC) - timedelta(seconds=ACCEPTED_CLOCK_SKEW_SECONDS)
        try:
            extra: dict[str, Any] = {"media_url": list(media_urls)} if media_urls else {}
            message: Any = self._client.messages.create(from_=self._from, to=whatsapp_address(to), body=text, **extra)
        except (TwilioRestException, TwilioServiceException) as exc:
            raise _send_error(exc) from exc
        except requests.ReadTimeout as exc:
            accepted = self._accepted_since(to, text, started)
            if accepted:
                return accepted
            raise ChannelUnavailable("Twilio did not answer in time and has no record of the message") from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise ChannelUnavailable(f"Twilio could not be reached to send a message ({type(exc).__name__})") from exc
        return str(message.sid)

    def _accepted_since(self, to: str, text: str, since: datetime) -> str | None:
        """The SID of a message with this body that Twilio created for `to` since `since`, if it did."""
        try:
            recent: Any = self._client.messages.list(to=whatsapp_address(to), from_=self._from, limit=20)
        except (TwilioRestException, TwilioServiceException, requests.RequestException):
            return None
        for message in recent:
            created = message.date_created
            if message.body == text and created is not None and created >= since:
                return str(message.sid)
        return None

    def download_media(self, url: str, max_bytes: int) -> Media:
        """Fetch a media URL with Basic auth, following redirects ourselves so credentials stay on Twilio.

        Twilio's media URL answers with a redirect to short-lived storage (S3 or a CDN); requests would
        follow it itself, so redirects are followed here, one hop at a time, and only Twilio's own https
        hosts get the Authorization header. The body is streamed and cut off past max_bytes, whatever
        Content-Length says.
        """
        # The execution history carries media URLs with the account replaced (no AccountSid in payloads).
        url = url.replace("/Accounts/{AccountSid}/", f"/Accounts/{self._account_sid}/")
        if not is_twilio_url(url):
            raise TranscriptionFailed("media URL is not an https URL on a Twilio host")
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            auth = (self._account_sid, self._auth_token) if is_twilio_url(current) else None
            try:
                with self._session.get(
                    current, auth=auth, timeout=MEDIA_TIMEOUT_SECONDS, stream=True, allow_redirects=False
                ) as response:
                    status = int(response.status_code)
                    if status in REDIRECT_STATUSES:
                        current = _redirect_target(current, response.headers.get("Location"))
                        continue
                    _check_media_status(status)
                    _check_declared_length(response.headers.get("Content-Length"), max_bytes)
                    content = _read_capped(response, max_bytes)
                    return Media(content=content, content_type=media_type(response.headers.get("Content-Type")))
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
                raise ChannelUnavailable(f"media download failed, retry may help ({type(exc).__name__})") from exc
        raise TranscriptionFailed(f"media URL redirected more than {MAX_REDIRECTS} times")


def whatsapp_address(address: str) -> str:
    """Twilio's WhatsApp channel address: the sender id Twilio gave us is kept as is, never re-parsed."""
    address = address.strip()
    return address if address.startswith(WHATSAPP_PREFIX) else WHATSAPP_PREFIX + address


def is_twilio_url(url: str) -> bool:
    """True for https URLs on twilio.com or a subdomain: the only places our credentials may go."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    return parts.scheme == "https" and (host == TWILIO_DOMAIN or host.endswith("." + TWILIO_DOMAIN))


def media_type(content_type: str | None) -> str:
    """The bare media type: "audio/ogg; codecs=opus" -> "audio/ogg", which the transcriber checks."""
    bare = (content_type or "").split(";", 1)[0].strip().lower()
    return bare or "application/octet-stream"


def _send_error(exc: TwilioRestException | TwilioServiceException) -> FinAssistError:
    """Retryable (429, 5xx) or final; the message names the status and Twilio code, not the text or token."""
    status = int(exc.status)
    code = exc.code if isinstance(exc.code, int) else None
    if status == 429 or status >= 500:
        return ChannelUnavailable(f"Twilio could not take the message now (HTTP {status}, code {code})")
    return ChannelRejected(
        f"Twilio refused the message (HTTP {status}, code {code}; https://www.twilio.com/docs/errors/{code})",
        status=status,
        code=code,
    )


def _redirect_target(current: str, location: str | None) -> str:
    """The next hop: relative Locations resolve against the current URL; plain http is refused."""
    if not location:
        raise TranscriptionFailed("media redirect had no Location")
    target = urljoin(current, location)
    if urlsplit(target).scheme != "https":
        raise TranscriptionFailed("media redirect left https")
    return target


def _check_media_status(status: int) -> None:
    """Map a final status: gone media is final, 429/5xx may pass, anything else is not media."""
    if 200 <= status < 300:
        return
    if status in _GONE_STATUSES:
        raise TranscriptionFailed("media not found or expired")
    if status == 429 or status >= 500:
        raise ChannelUnavailable(f"media host unavailable (HTTP {status})")
    raise TranscriptionFailed(f"media download refused (HTTP {status})")


def _check_declared_length(header: str | None, max_bytes: int) -> None:
    """Refuse before reading when the server itself says the file is too big."""
    if header is None:
        return
    try:
        declared = int(header)
    except ValueError:
        return
    if declared > max_bytes:
        raise VoiceNoteTooLarge(f"voice note is {declared} bytes, over the {max_bytes}-byte limit")


def _read_capped(response: Any, max_bytes: int) -> bytes:
    """Read the body but stop as soon as it passes max_bytes: Content-Length may be missing or wrong."""
    body = bytearray()
    for chunk in response.iter_content(chunk_size=min(_CHUNK_BYTES, max_bytes + 1)):
        body += chunk
        if len(body) > max_bytes:
            raise VoiceNoteTooLarge(f"voice note is over the {max_bytes}-byte limit")
    return bytes(body)
