"""The WhatsApp webhook: verify Twilio's signature, know the sender, start one execution per MessageSid.

It answers Twilio at once with empty TwiML; the reply goes out later from the state machine, because a
model run can take longer than the 15 seconds Twilio waits.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from twilio.request_validator import RequestValidator

from finassist.idempotency import Once
from finassist.ports import UserDirectory
from finassist.settings import Settings

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")

UNKNOWN_SENDER_REPLY = (
    "Olá! 👋 Eu sou o FinAssist, um assistente de gastos em fase fechada. "
    "Este número ainda não está cadastrado; se você recebeu um convite, peça para quem convidou liberar o seu acesso."
)


def _response(status: int, body: str = EMPTY_TWIML, content_type: str = "text/xml") -> dict[str, Any]:
    return {"statusCode": status, "headers": {"Content-Type": content_type}, "body": body}


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    wanted = name.lower()
    return next((value for key, value in (headers or {}).items() if key.lower() == wanted), "")


def _body(event: Mapping[str, Any]) -> str:
    raw = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return base64.b64decode(raw, validate=True).decode("utf-8")
    return str(raw)


def public_url(event: Mapping[str, Any], settings: Settings) -> str:
    """The URL Twilio signed: the configured one, else the one API Gateway was called on (host + stage path)."""
    if settings.webhook_public_url:
        return settings.webhook_public_url
    context = event.get("requestContext") or {}
    host = context.get("domainName") or _header(event.get("headers"), "Host")
    return f"https://{host}{context.get('path') or event.get('path', '')}"


def handle(
    event: Mapping[str, Any],
    settings: Settings,
    auth_token: str,
    users: UserDirectory,
    stepfunctions: Any,
    send_once: Once,
    today: date,
) -> dict[str, Any]:
    """API Gateway proxy event in, API Gateway proxy response out."""
    if len(event.get("body") or "") > settings.max_webhook_body_bytes:
        return _response(413, "payload too large", "text/plain")
    try:
        body = _body(event)
        params = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=bool(body)))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return _response(400, "malformed body", "text/plain")
    signature = _header(event.get("headers"), "X-Twilio-Signature")
    if not signature or not RequestValidator(auth_token).validate(public_url(event, settings), params, signature):
        return _response(403, "forbidden", "text/plain")
    message_sid = params.get("MessageSid", "")
    sender = params.get("From", "")
    if not MESSAGE_SID.match(message_sid) or not sender:
        return _response(400, "missing MessageSid or From", "text/plain")

    user = users.get(sender)
    if user is None or not user.active:
        # At most one refusal per sender per day: a stranger who keeps writing is not answered every time.
        send_once(request={"key": f"refusal#{sender}#{today.isoformat()}", "to": sender, "text": UNKNOWN_SENDER_REPLY})
        return _response(200)

    execution_input: dict[str, Any] = {
        "message_sid": message_sid,
        "sender": sender,
        "twilio": params,
        "settings": settings.state_settings,
        "tool_outputs": [],
        "error": None,
    }
    try:
        stepfunctions.start_execution(
            stateMachineArn=settings.state_machine_arn,
            name=message_sid,
            input=json.dumps(execution_input, ensure_ascii=False),
        )
    except stepfunctions.exceptions.ExecutionAlreadyExists:
        pass  # Twilio delivered this message before: it is already being answered
    return _response(200)
