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

from finassist import sender_turns
from finassist.idempotency import Once
from finassist.ports import TurnStore, UserDirectory
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


MAX_MEDIA = 10  # Twilio's NumMedia is at most 10; WhatsApp itself sends one attachment per message
_INBOUND_FIELDS = ("Body", "NumMedia")
ACCOUNT_PLACEHOLDER = "{AccountSid}"


def inbound_message(params: Mapping[str, str]) -> dict[str, str]:
    """What the state machine needs of Twilio's fields: the text and the media, nothing that names the person.

    From, WaId, ProfileName and AccountSid stay out of the execution history; a Twilio media URL names the
    account in its path, so the account is replaced by a placeholder the channel fills in when it downloads.
    """
    inbound = {name: params.get(name, "") for name in _INBOUND_FIELDS}
    account = params.get("AccountSid", "")
    try:
        count = min(int(params.get("NumMedia") or "0"), MAX_MEDIA)
    except ValueError:
        count = 0
    for index in range(count):
        url = params.get(f"MediaUrl{index}", "")
        if account:
            url = url.replace(f"/Accounts/{account}/", f"/Accounts/{ACCOUNT_PLACEHOLDER}/")
        inbound[f"MediaUrl{index}"] = url
        inbound[f"MediaContentType{index}"] = params.get(f"MediaContentType{index}", "")
    return inbound


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
    turns: TurnStore,
    stepfunctions: Any,
    send_once: Once,
    today: date,
    now: float,
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

    user_key = users.ensure_key(user).user_key
    # The message's place in the person's queue is taken before its execution exists, so the order of the
    # queue is the order in which this webhook accepted the messages (one turn per sender).
    sender_turns.join(turns, user_key, message_sid, now)
    execution_input: dict[str, Any] = {
        "message_sid": message_sid,
        "user_key": user_key,
        "inbound": inbound_message(params),
        "settings": settings.state_settings,
        "message": None,
        "conversation": None,
        "run": None,
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
        # Twilio delivered this message before. If its execution already ended, the entry just added to the
        # queue would hold up the person's next messages until its grace ran out: take it out again.
        if _ended(stepfunctions, settings.state_machine_arn, message_sid):
            sender_turns.leave(turns, user_key, message_sid, now)
    return _response(200)


def _ended(stepfunctions: Any, state_machine_arn: str, message_sid: str) -> bool:
    arn = state_machine_arn.replace(":stateMachine:", ":execution:") + ":" + message_sid
    try:
        status = stepfunctions.describe_execution(executionArn=arn)["status"]
    except stepfunctions.exceptions.ExecutionDoesNotExist:
        return True
    return str(status) != "RUNNING"
