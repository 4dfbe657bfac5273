"""Twilio's side of the webhook on the embedded stack: the form fields of an inbound WhatsApp message, the API
Gateway event its signed POST becomes, and which of those events this stack's auth token really signed."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from twilio.request_validator import RequestValidator

LOCAL_WEBHOOK_URL = "https://finassist.local/webhook/whatsapp"
LOCAL_ACCOUNT_SID = "ACLOCAL" + "0" * 27  # shaped like a SID, but plainly no real account
# Signs the embedded stack's webhooks and events/receive_webhook.json; it opens nothing outside this machine.
LOCAL_AUTH_TOKEN = "finassist-local-dev-token"  # noqa: S105 - a development value, not a credential


def twilio_fields(
    sender: str,
    text: str = "",
    *,
    message_sid: str | None = None,
    media_url: str | None = None,
    media_type: str | None = None,
    profile_name: str = "",
) -> dict[str, str]:
    """The form fields Twilio posts for one inbound WhatsApp message."""
    fields = {
        "SmsMessageSid": "",
        "NumMedia": "0",
        "ProfileName": profile_name,
        "MessageType": "text",
        "SmsSid": "",
        "WaId": sender.removeprefix("whatsapp:+"),
        "SmsStatus": "received",
        "Body": text,
        "To": "whatsapp:+14155238886",
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": message_sid or "SM" + uuid.uuid4().hex,
        "AccountSid": LOCAL_ACCOUNT_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }
    fields["SmsMessageSid"] = fields["SmsSid"] = fields["MessageSid"]
    if media_url:
        fields.update(
            {
                "NumMedia": "1",
                "MediaUrl0": media_url,
                "MediaContentType0": media_type or "audio/ogg",
                "MessageType": "audio" if (media_type or "audio/").startswith("audio/") else "image",
            }
        )
    return fields


def webhook_event(fields: Mapping[str, str], auth_token: str, signature: str | None = None) -> dict[str, Any]:
    """The API Gateway proxy event Twilio's POST becomes, signed with `auth_token` unless a signature is given."""
    body = urlencode(fields)
    if signature is None:
        signature = RequestValidator(auth_token).compute_signature(LOCAL_WEBHOOK_URL, dict(fields))
    return {
        "resource": "/webhook/whatsapp",
        "path": "/webhook/whatsapp",
        "httpMethod": "POST",
        "headers": {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": signature,
            "Host": "finassist.local",
        },
        "requestContext": {"stage": "prod", "path": "/prod/webhook/whatsapp", "domainName": "finassist.local"},
        "isBase64Encoded": True,
        "body": base64.b64encode(body.encode("utf-8")).decode("ascii"),
    }


def signed_sender(event: Mapping[str, Any], auth_token: str) -> str:
    """The From of a webhook event `auth_token` really signed, else ""."""
    try:
        raw = base64.b64decode(str(event.get("body") or "")) if event.get("isBase64Encoded") else event.get("body")
        text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw or "")
        fields = dict(parse_qsl(text, keep_blank_values=True))
    except (ValueError, UnicodeDecodeError):
        return ""
    signature = next((v for k, v in (event.get("headers") or {}).items() if k.lower() == "x-twilio-signature"), "")
    if not signature or not RequestValidator(auth_token).validate(LOCAL_WEBHOOK_URL, fields, signature):
        return ""
    return fields.get("From", "")
