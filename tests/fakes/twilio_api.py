"""Twilio's Messages API and media URLs for WhatsApp, faked for `responses` and reached by the real twilio SDK.

It keeps the channel's rules over time, from Twilio's docs and its OpenAPI spec (twilio/twilio-oai
spec/json/twilio_api_v2010.json), the same ones the offline channel keeps (finassist.adapters.whatsapp_rules):

- the 24-hour customer-service window, measured from the sender's last inbound message: a free-form message outside
  it is accepted (201 `queued`) and then fails, its resource showing `status: failed`, `error_code: 63016`;
- an approved template (ContentSid + ContentVariables) goes through at any time; an unknown ContentSid is a 400
  21655 and unfit ContentVariables a 400 21656;
- one attachment per WhatsApp message: extra MediaUrl values are ignored (`num_media` is "1");
- media of a type WhatsApp does not take, an image over 5 MB or anything over 16 MB: the message fails;
- a Body over 1,600 characters is a 400 21617.

Faults per route for reliability tests: `fail_next(route, kind)` (a status, a timeout, a malformed body, or a
message accepted whose answer never came).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
import responses

from finassist.adapters import whatsapp_rules
from finassist.domain.notices import render
from finassist.domain.reply import message_length

Reply = tuple[int, dict[str, str], str | bytes]
VOICE_NOTE_BYTES_DEFAULT = b"OggS" + b"\x00" * 64


@dataclass
class TwilioFault:
    kind: str  # "status", "timeout", "malformed", "accepted_then_timeout"
    status: int = 0


def twilio_error(status: int, code: int, message: str) -> Reply:
    """Twilio's REST error body: code, message, more_info, status."""
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return status, {"Content-Type": "application/json"}, json.dumps(body)


@dataclass
class FakeTwilio:
    """The Messages API and media URLs for one account: records every message with the status it ends in."""

    account_sid: str
    last_inbound: Callable[[str], datetime | None]
    now: Callable[[], datetime]
    templates: dict[str, str] = field(default_factory=dict)
    """Approved Content templates of the account: ContentSid -> body with {{n}} placeholders."""
    voice_note: bytes = VOICE_NOTE_BYTES_DEFAULT
    cdn_url: str = "https://mms.twiliocdn.example.net/voice-notes/"
    messages: list[dict[str, Any]] = field(default_factory=list)
    media_requests: list[dict[str, str]] = field(default_factory=list)
    faults: dict[str, deque[TwilioFault]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def messages_url(self) -> str:
        return f"https://api.twilio.com/2010-04-01/Accounts/{self.account_sid}/Messages.json"

    @property
    def media_url_prefix(self) -> str:
        return f"https://api.twilio.com/2010-04-01/Accounts/{self.account_sid}/Messages/"

    # -- switches and views ----------------------------------------------------------------------------------

    def fail_next(self, route: str, kind: str, status: int = 0, times: int = 1) -> None:
        with self.lock:
            self.faults.setdefault(route, deque()).extend(TwilioFault(kind, status) for _ in range(times))

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def _fault(self, route: str) -> TwilioFault | None:
        with self.lock:
            queue = self.faults.get(route)
            return queue.popleft() if queue else None

    def to(self, sender: str) -> list[str]:
        """What the person read: the bodies of the messages to them that were delivered."""
        with self.lock:
            return [m["body"] for m in self.messages if m["to"] == sender and m["status"] == "delivered"]

    def sent_to(self, sender: str) -> list[dict[str, Any]]:
        """Every message created for this person, delivered or failed."""
        with self.lock:
            return [dict(m) for m in self.messages if m["to"] == sender]

    # -- routes -------------------------------------------------------------------------------------------

    def register(self, mock: responses.RequestsMock) -> None:
        mock.add_callback(responses.POST, self.messages_url, callback=self._create)
        mock.add_callback(responses.GET, re.compile(re.escape(self.messages_url) + r"(\?.*)?$"), callback=self._list)
        one = re.escape(self.media_url_prefix) + r"(SM|MM)[0-9a-f]{32}\.json$"
        mock.add_callback(responses.GET, re.compile(one), callback=self._fetch)
        mock.add_callback(
            responses.GET, re.compile(re.escape(self.media_url_prefix) + r".+/Media/.+"), callback=self._media
        )
        mock.add_callback(responses.GET, re.compile(re.escape(self.cdn_url) + r".+"), callback=self._cdn)

    def _create(self, request: requests.PreparedRequest) -> Reply:
        form = parse_qs(str(request.body or ""))
        first = {key: values[0] for key, values in form.items()}
        fault = self._fault("send")
        if fault is not None and fault.kind == "timeout":
            raise requests.exceptions.ConnectTimeout("fake Twilio: connect timed out")
        if fault is not None and fault.kind == "status":
            return twilio_error(fault.status, 20429 if fault.status == 429 else 20500, "fake fault")
        if fault is not None and fault.kind == "malformed":
            return 200, {"Content-Type": "text/html"}, "<html><body>502 Bad Gateway</body></html>"
        content_sid = first.get("ContentSid")
        if content_sid:
            refused = self._template_refusal(content_sid, first.get("ContentVariables", "{}"))
            if refused is not None:
                return refused
            variables = json.loads(first.get("ContentVariables") or "{}")
            message = self._message(first, render(self.templates[content_sid], variables), [], None)
            message.update(content_sid=content_sid, content_variables=variables)
        else:
            body = first.get("Body", "")
            if message_length(body) > whatsapp_rules.MAX_BODY_CHARS:
                return twilio_error(
                    400, whatsapp_rules.BODY_TOO_LONG, "The concatenated message body exceeds the 1600 character limit."
                )
            media = form.get("MediaUrl", [])
            kept = media[:1]  # "Any additional attachments will be ignored."
            message = self._message(first, body, kept, self._refusal(first.get("To", ""), kept))
            message["ignored_media"] = media[1:]
        with self.lock:
            self.messages.append(message)
        if fault is not None and fault.kind == "accepted_then_timeout":
            raise requests.exceptions.ReadTimeout("fake Twilio: accepted, but the answer never came")
        return 201, {"Content-Type": "application/json"}, json.dumps(self._resource(message, as_created=True))

    def _template_refusal(self, content_sid: str, raw_variables: str) -> Reply | None:
        if not whatsapp_rules.CONTENT_SID.match(content_sid) or content_sid not in self.templates:
            return twilio_error(400, whatsapp_rules.INVALID_CONTENT_SID, "The ContentSid is Invalid")
        try:
            variables = json.loads(raw_variables or "{}")
        except ValueError:
            variables = None
        if not isinstance(variables, dict) or whatsapp_rules.variables_refusal(variables) is not None:
            return twilio_error(
                400, whatsapp_rules.INVALID_CONTENT_VARIABLES, "The ContentVariables Parameter is invalid"
            )
        return None

    def _refusal(self, to: str, media: list[str]) -> whatsapp_rules.Refusal | None:
        if not whatsapp_rules.in_session(self.last_inbound(to), self.now()):
            return whatsapp_rules.Refusal(whatsapp_rules.OUTSIDE_WINDOW, whatsapp_rules.OUTSIDE_WINDOW_MESSAGE)
        for url in media:
            content_type, size = _media_facts(url)
            refusal = whatsapp_rules.media_refusal(content_type, size)
            if refusal is not None:
                return refusal
        return None

    def _message(
        self, form: dict[str, str], body: str, media: list[str], refusal: whatsapp_rules.Refusal | None
    ) -> dict[str, Any]:
        with self.lock:
            count = len(self.messages) + 1
        return {
            "sid": ("MM" if media else "SM") + f"{count:032x}",
            "to": form.get("To", ""),
            "from": form.get("From", ""),
            "body": body,
            "media": media,
            "date_created": format_datetime(datetime.now(UTC), usegmt=True),
            "status": "delivered" if refusal is None else "failed",
            "error_code": None if refusal is None else refusal.code,
            "error_message": None if refusal is None else refusal.message,
        }

    def _resource(self, message: dict[str, Any], *, as_created: bool = False) -> dict[str, Any]:
        """The Message resource (api.v2010.account.message); just created it is `queued` with no error yet."""
        return {
            "sid": message["sid"],
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "to": message["to"],
            "from": message["from"],
            "body": message["body"],
            "num_media": str(len(message["media"])),
            "num_segments": "1",
            "direction": "outbound-api",
            "messaging_service_sid": None,
            "status": "queued" if as_created else message["status"],
            "error_code": None if as_created else message["error_code"],
            "error_message": None if as_created else message["error_message"],
            "date_created": message["date_created"],
            "date_updated": message["date_created"],
            "date_sent": None,
            "price": None,
            "price_unit": "USD",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{message['sid']}.json",
            "subresource_uris": {},
        }

    def _fetch(self, request: requests.PreparedRequest) -> Reply:
        sid = urlsplit(str(request.url)).path.rsplit("/", 1)[-1].removesuffix(".json")
        with self.lock:
            found = next((m for m in self.messages if m["sid"] == sid), None)
        if found is None:
            return twilio_error(404, 20404, f"The requested resource /Messages/{sid}.json was not found")
        return 200, {"Content-Type": "application/json"}, json.dumps(self._resource(found))

    def _list(self, request: requests.PreparedRequest) -> Reply:
        """GET Messages.json: the newest messages first, filtered by To, as Twilio pages them."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(str(request.url)).query).items()}
        with self.lock:
            found = [m for m in reversed(self.messages) if not query.get("To") or m["to"] == query["To"]]
        page = [self._resource(m) for m in found[: int(query.get("PageSize", "50"))]]
        body = {
            "messages": page,
            "page": 0,
            "page_size": len(page),
            "start": 0,
            "end": max(len(page) - 1, 0),
            "first_page_uri": "",
            "next_page_uri": None,
            "previous_page_uri": None,
            "uri": "",
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _media(self, request: requests.PreparedRequest) -> Reply:
        with self.lock:
            self.media_requests.append({"url": request.url or "", "auth": request.headers.get("Authorization", "")})
        fault = self._fault("media")
        if fault is not None and fault.kind == "timeout":
            raise requests.exceptions.ReadTimeout("fake Twilio: media read timed out")
        if fault is not None and fault.kind == "status":
            return fault.status, {"Content-Type": "application/json"}, json.dumps({"status": fault.status})
        if fault is not None and fault.kind == "malformed":
            return 200, {"Content-Type": "text/html"}, "<html><body>Media expired</body></html>"
        return 302, {"Location": self.cdn_url + uuid.uuid4().hex}, ""

    def _cdn(self, request: requests.PreparedRequest) -> Reply:
        if request.headers.get("Authorization"):
            return 400, {"Content-Type": "text/plain"}, "credentials must not follow the redirect"
        return 200, {"Content-Type": "audio/ogg"}, self.voice_note


def _media_facts(url: str) -> tuple[str, int]:
    """The content type and size Twilio would find at a media URL (file:// on the embedded stack)."""
    parts = urlsplit(url)
    path = Path(unquote(parts.path))
    size = path.stat().st_size if parts.scheme == "file" and path.is_file() else 0
    return whatsapp_rules.media_type_of(path.name), size
