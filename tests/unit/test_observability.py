"""What reaches CloudWatch: JSON lines with no phone number in full and nothing a person wrote."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from finassist.local.stack import LambdaContext
from finassist.observability import logger, step_handler
from finassist.redaction import mask_phone_numbers, redact

ANA = "whatsapp:+5511987654321"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Where Powertools' own handler writes, for the length of one test."""
    handler = logger.registered_handler
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    previous_stream = handler.setStream(buffer)
    previous_level = logger.log_level
    logger.setLevel("INFO")
    try:
        yield buffer
    finally:
        if previous_stream is not None:
            handler.setStream(previous_stream)
        logger.setLevel(previous_level)


def _records(output: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.getvalue().splitlines()]


def test_a_whatsapp_sender_is_logged_with_only_its_last_four_digits(log_output: io.StringIO) -> None:
    logger.info(f"message from {ANA}", extra={"sender": ANA})
    records = _records(log_output)

    assert records[-1]["message"] == "message from whatsapp:+***4321"
    assert records[-1]["sender"] == "whatsapp:+***4321"
    assert "987654321" not in json.dumps(records)


def test_what_a_person_wrote_or_was_told_is_replaced_by_its_size(log_output: io.StringIO) -> None:
    extra = {
        "parsed": {"sender": ANA, "text": "Gastei R$ 45 em almoço hoje", "kind": "text"},
        "twilio": {"Body": "Uber 23,50 ontem", "WaId": "5511987654321", "MessageSid": "SM" + "a" * 32},
        "transcript": "comprei pão",
        "reply": "Anotei!",
        "parts": ["Anotei!", "Mais alguma coisa?"],
    }
    logger.info("step done", extra=extra)
    records = _records(log_output)

    record = records[-1]
    assert record["message"] == "step done"
    assert record["transcript"] == "<redacted 11 chars>"
    assert record["reply"] == "<redacted 7 chars>"
    assert record["parts"] == "<redacted 2 items>"
    assert record["twilio"] == {"Body": "<redacted 16 chars>", "WaId": "***4321", "MessageSid": "SM" + "a" * 32}
    dumped = json.dumps(record, ensure_ascii=False)
    assert "almoço" not in dumped and "Uber" not in dumped and "987654321" not in dumped


def test_a_child_logger_of_the_package_is_redacted_too(log_output: io.StringIO) -> None:
    child = logging.getLogger("finassist.adapters.some_adapter")
    child.warning("could not reach %s", ANA)
    records = _records(log_output)

    assert records[-1]["message"] == "could not reach whatsapp:+***4321"


def test_a_step_logs_with_the_message_sid_as_correlation_id_and_without_the_text(log_output: io.StringIO) -> None:
    @step_handler
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        logger.info("parsed", extra={"text": event["text"]})
        return {"ok": True}

    sid = "SM" + "b" * 32
    handler({"message_sid": sid, "text": "Gastei R$ 45 em almoço hoje"}, LambdaContext(function_name="ParseMessage"))

    record = next(r for r in _records(log_output) if r["message"] == "parsed")
    assert record["correlation_id"] == sid
    assert record["service"] == "finassist"
    assert record["function_name"] == "ParseMessage"
    assert record["text"] == "<redacted 27 chars>"


def test_numbers_inside_other_text_are_masked_and_short_numbers_are_left_alone() -> None:
    assert mask_phone_numbers("de +14155238886 para whatsapp:+5521912345678") == ("de +***8886 para whatsapp:+***5678")
    assert mask_phone_numbers("R$ 1.234,56 em 24/11, pedido +1234") == "R$ 1.234,56 em 24/11, pedido +1234"
    assert redact({"amount": 45, "items": [ANA, None]}) == {"amount": 45, "items": ["whatsapp:+***4321", None]}
