import pytest

from finassist.errors import UnsupportedMessage
from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_a_text_message_is_parsed_from_twilio_fields(stack: EmbeddedStack) -> None:
    result = stack.call("parse_message", prepare(stack, "parse_message"))
    assert result == {
        "kind": "text",
        "text": "Gastei R$ 45 em almoço hoje",
        "media_url": None,
        "media_type": None,
    }


def test_an_audio_attachment_is_a_voice_note(stack: EmbeddedStack) -> None:
    event = prepare(stack, "parse_message")
    event["inbound"].update(
        Body="", NumMedia="1", MediaUrl0="https://api.twilio.com/m/ME1", MediaContentType0="audio/ogg; codecs=opus"
    )
    result = stack.call("parse_message", event)
    assert (result["kind"], result["media_type"], result["media_url"]) == (
        "voice_note",
        "audio/ogg",
        "https://api.twilio.com/m/ME1",
    )


@pytest.mark.parametrize("media_type", ["image/jpeg", "application/pdf", "image/webp", "text/vcard"])
def test_other_attachments_are_unsupported(stack: EmbeddedStack, media_type: str) -> None:
    event = prepare(stack, "parse_message")
    event["inbound"].update(NumMedia="1", MediaUrl0="https://api.twilio.com/m/ME1", MediaContentType0=media_type)
    with pytest.raises(UnsupportedMessage):
        stack.call("parse_message", event)


def test_an_empty_message_is_unsupported(stack: EmbeddedStack) -> None:
    event = prepare(stack, "parse_message")
    event["inbound"]["Body"] = "   "
    with pytest.raises(UnsupportedMessage):
        stack.call("parse_message", event)
