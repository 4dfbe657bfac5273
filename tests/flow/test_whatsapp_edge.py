"""The WhatsApp edge on the embedded stack: forged webhooks refused, redeliveries absorbed, strangers answered
once a day, long replies split, and Twilio's 429 retried without sending any part twice."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote_plus, urlencode

import pytest
import responses
from twilio.request_validator import RequestValidator

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import LOCAL_ACCOUNT_SID, LOCAL_WEBHOOK_URL, EmbeddedStack, project_root, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA, openai_stack
from tests.fakes.openai_payloads import message
from tests.fakes.openai_server import Turn

MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{LOCAL_ACCOUNT_SID}/Messages.json"


def signature_for(stack: EmbeddedStack, url: str, fields: dict[str, str]) -> str:
    return RequestValidator(stack.auth_token).compute_signature(url, fields)


def test_a_correctly_signed_webhook_starts_its_execution(stack: EmbeddedStack) -> None:
    fields = twilio_fields(ANA, "Uber 23,50 ontem")
    outcome = stack.send(fields, signature=signature_for(stack, LOCAL_WEBHOOK_URL, fields))
    assert outcome.webhook_status == 200 and outcome.status == "SUCCEEDED"


@pytest.mark.parametrize("forgery", ["tampered body", "wrong url", "missing header", "extra parameter"])
def test_a_forged_webhook_gets_403_and_starts_nothing(stack: EmbeddedStack, forgery: str) -> None:
    fields = twilio_fields(ANA, "Uber 23,50 ontem")
    signature = signature_for(stack, LOCAL_WEBHOOK_URL, fields)
    event = stack.webhook_event(fields, signature=signature)
    if forgery == "tampered body":
        event = stack.webhook_event({**fields, "Body": "Uber 2350 ontem"}, signature=signature)
    elif forgery == "wrong url":
        event = stack.webhook_event(fields, signature=signature_for(stack, "https://evil.example/webhook", fields))
    elif forgery == "missing header":
        del event["headers"]["X-Twilio-Signature"]
    elif forgery == "extra parameter":
        event = stack.webhook_event({**fields, "Injected": "1"}, signature=signature)

    response = stack.post_webhook(event)

    assert response["statusCode"] == 403
    assert not stack.has_execution(fields["MessageSid"])
    assert stack.replies_to(ANA) == []


def test_a_plain_text_body_with_the_stage_path_is_validated_against_the_called_url(stack: EmbeddedStack) -> None:
    stack.configure(WEBHOOK_PUBLIC_URL="")
    fields = twilio_fields(ANA, "táxi 32")
    url = "https://abc123.execute-api.sa-east-1.amazonaws.com/prod/webhook/whatsapp"
    event = stack.webhook_event(fields, signature=signature_for(stack, url, fields))
    event.update(isBase64Encoded=False, body=urlencode(fields))
    event["requestContext"].update(
        domainName="abc123.execute-api.sa-east-1.amazonaws.com", path="/prod/webhook/whatsapp"
    )

    assert stack.post_webhook(event)["statusCode"] == 200
    stack.wait(stack.execution_arn(fields["MessageSid"]))


def test_an_oversized_body_is_refused_before_anything_else(stack: EmbeddedStack) -> None:
    fields = twilio_fields(ANA, "x" * 70_000)
    assert stack.post_webhook(stack.webhook_event(fields))["statusCode"] == 413
    assert not stack.has_execution(fields["MessageSid"])


def test_one_message_delivered_three_times_gives_one_execution_one_row_one_reply(stack: EmbeddedStack) -> None:
    fields = twilio_fields(ANA, "Gastei R$ 45 em almoço hoje")
    answers = [stack.post_webhook(stack.webhook_event(fields))["statusCode"] for _ in range(3)]
    stack.wait(stack.execution_arn(fields["MessageSid"]))
    answers.append(stack.post_webhook(stack.webhook_event(fields))["statusCode"])  # and once more after it ended

    assert answers == [200, 200, 200, 200]
    assert stack.invocations.count("ParseMessage") == 1
    assert [r.expense.amount for r in XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).rows()] == [Decimal("45.00")]
    assert len(stack.replies_to(ANA)) == 1


def test_a_stranger_is_refused_at_most_once_a_day(stack: EmbeddedStack) -> None:
    stranger = "whatsapp:+5521912345678"
    for text in ("oi", "oi?", "alô"):
        assert stack.send(twilio_fields(stranger, text)).webhook_status == 200
    assert len(stack.replies_to(stranger)) == 1

    stack.configure(FINASSIST_NOW="2026-11-25T09:00:00-03:00")
    stack.send(twilio_fields(stranger, "bom dia"))
    assert len(stack.replies_to(stranger)) == 2


def test_a_voice_note_over_the_limit_is_declined_with_a_reply(stack: EmbeddedStack) -> None:
    stack.configure(MAX_VOICE_NOTE_BYTES="4096")
    note = (project_root() / "events" / "voice_notes" / "almoco.ogg").as_uri()
    outcome = stack.send(twilio_fields(ANA, media_url=note, media_type="audio/ogg"))

    assert outcome.state_names == ["ParseMessage", "IsVoiceNote", "TranscribeVoiceNote", "SendApology"]
    assert outcome.path[2].error == "VoiceNoteTooLarge"
    assert "grande demais" in outcome.replies[0]
    assert not xlsx_ledger_path(stack.data_dir, ANA).exists()


def test_a_long_reply_is_split_and_twilio_429_never_sends_a_part_twice(tmp_path: Path) -> None:
    paragraphs = [f"Parágrafo {n}: " + ("gastos do mês. " * 44).strip() for n in range(1, 6)]
    long_text = "\n\n".join(paragraphs)
    assert len(long_text) > 3200
    sent: list[str] = []
    throttled: list[bool] = []

    def messages_api(request: responses.PreparedRequest) -> tuple[int, dict[str, str], str]:
        form = dict(pair.split("=", 1) for pair in str(request.body).split("&"))
        if len(sent) == 1 and not throttled:
            throttled.append(True)
            error = {"code": 20429, "message": "Too Many Requests", "more_info": "", "status": 429}
            return 429, {"Content-Type": "application/json"}, json.dumps(error)
        sent.append(unquote_plus(form["Body"]))
        sid = f"SM{len(sent):032x}"
        body = {
            "sid": sid,
            "status": "queued",
            "account_sid": LOCAL_ACCOUNT_SID,
            "body": sent[-1],
            "to": ANA,
            "from": "whatsapp:+14155238886",
            "num_segments": "1",
            "uri": f"/{sid}.json",
        }
        return 201, {"Content-Type": "application/json"}, json.dumps(body)

    # moto first, then responses: the later patch sees requests first, and moto's lets ours through.
    with openai_stack(tmp_path / "data", CHANNEL="twilio") as (stack, openai_api), responses.RequestsMock() as twilio:
        twilio.add_callback(responses.POST, MESSAGES_URL, callback=messages_api)
        twilio.add_passthru(re.compile(r"http://127\.0\.0\.1:\d+/.*"))
        openai_api.plan(Turn(output=[message(long_text)], polls_in_progress=0))

        outcome = stack.send(twilio_fields(ANA, "me conta tudo"))

        assert outcome.status == "SUCCEEDED"
        assert outcome.state_names[-2:] == ["RunStatus", "SendReply"]
        assert next(v for v in outcome.path if v.name == "SendReply").retries == 1
        assert throttled == [True]
        assert len(sent) == len(set(sent)) == 3
        assert [part[:6] for part in sent] == ["(1/3) ", "(2/3) ", "(3/3) "]
        assert all(len(part) <= 1600 for part in sent)
