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


@pytest.mark.parametrize(
    ("media_type", "caption"),
    [
        ("image/jpeg", ""),
        ("image/webp", ""),
        ("application/pdf", ""),
        ("application/pdf", "Gastei R$ 45 em almoço hoje"),
        ("text/vcard", "Gastei R$ 45 em almoço hoje"),
    ],
)
def test_other_attachments_are_unsupported(stack: EmbeddedStack, media_type: str, caption: str) -> None:
    """Issue 15: a photo with a caption is read from its caption, so only photos without words are refused."""
    event = prepare(stack, "parse_message")
    event["inbound"].update(
        Body=caption, NumMedia="1", MediaUrl0="https://api.twilio.com/m/ME1", MediaContentType0=media_type
    )
    with pytest.raises(UnsupportedMessage):
        stack.call("parse_message", event)


@pytest.mark.parametrize("media_type", ["image/jpeg", "image/webp", "audio/ogg; codecs=opus"])
def test_a_photo_or_a_voice_note_with_a_caption_is_read_from_the_caption(stack: EmbeddedStack, media_type: str) -> None:
    event = prepare(stack, "parse_message")
    event["inbound"].update(
        Body="gastei 30 na farmácia",
        NumMedia="1",
        MediaUrl0="https://api.twilio.com/m/ME1",
        MediaContentType0=media_type,
    )

    result = stack.call("parse_message", event)

    assert (result["kind"], result["text"], result["media_url"]) == ("text", "gastei 30 na farmácia", None)


def test_characters_nobody_sees_are_removed_from_the_text(stack: EmbeddedStack) -> None:
    event = prepare(stack, "parse_message")
    event["inbound"]["Body"] = "\ufeffal\u200bmo\u00e7o\u200d 45\u2060"

    assert stack.call("parse_message", event)["text"] == "almo\u00e7o 45"


def test_an_empty_message_is_unsupported(stack: EmbeddedStack) -> None:
    event = prepare(stack, "parse_message")
    event["inbound"]["Body"] = "   "
    with pytest.raises(UnsupportedMessage):
        stack.call("parse_message", event)
