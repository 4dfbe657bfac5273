"""WhatsApp's limits as Twilio documents them; both fakes (offline channel, Twilio fake) apply this table."""

from datetime import datetime, timedelta

import pytest

from finassist.adapters import whatsapp_rules as rules

NOW = datetime.fromisoformat("2026-11-24T10:00:00-03:00")


def test_the_window_is_24_hours_from_the_last_inbound_message() -> None:
    assert rules.in_session(NOW - timedelta(hours=23, minutes=59, seconds=59), NOW)
    assert not rules.in_session(NOW - timedelta(hours=24), NOW)
    assert not rules.in_session(None, NOW)


def test_the_documents_whatsapp_takes_are_pdf_doc_docx_pptx_and_xlsx() -> None:
    assert {rules.media_type_of(f"a.{ext}") for ext in ("pdf", "doc", "docx", "pptx", "xlsx")} == rules.DOCUMENT_TYPES
    assert rules.media_type_of("a.csv") not in rules.SUPPORTED_TYPES


@pytest.mark.parametrize(
    ("content_type", "size", "code"),
    [
        ("image/png", 5_000_000, None),
        ("image/jpeg", 5_000_001, 11751),
        ("application/pdf", 16_000_000, None),
        ("video/mp4", 16_000_001, 11751),
        ("audio/ogg; codecs=opus", 1, None),
        ("text/csv", 1, 12300),
        ("image/webp", 1, 12300),
    ],
)
def test_media_limits(content_type: str, size: int, code: int | None) -> None:
    refusal = rules.media_refusal(content_type, size)
    assert (refusal.code if refusal else None) == code


def test_template_variables_must_be_non_empty_single_lines() -> None:
    assert rules.variables_refusal({"1": "R$ 1.800,00", "2": "a    b"}) is None
    for bad in ("", "   ", "a\nb", "a\tb", "a     b", None, 5):
        refusal = rules.variables_refusal({"1": bad})
        assert refusal is not None and refusal.code == 21656
