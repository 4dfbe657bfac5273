import pytest

from finassist.errors import TranscriptionFailed, VoiceNoteTooLarge
from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack, project_root


def test_a_sample_voice_note_becomes_its_transcript(stack: EmbeddedStack) -> None:
    result = stack.call("transcribe_voice_note", prepare(stack, "transcribe_voice_note"))
    expected = (project_root() / "events" / "voice_notes" / "almoco.txt").read_text(encoding="utf-8").strip()
    assert result["text"] == expected
    assert result["kind"] == "voice_note" and result["transcribed"] is True


def test_a_voice_note_over_the_limit_is_declined(stack: EmbeddedStack) -> None:
    stack.configure(MAX_VOICE_NOTE_BYTES="1000")
    with pytest.raises(VoiceNoteTooLarge):
        stack.call("transcribe_voice_note", prepare(stack, "transcribe_voice_note"))


def test_unknown_audio_is_not_pretended_to_be_understood_offline(stack: EmbeddedStack, tmp_path) -> None:
    other = tmp_path / "other.ogg"
    other.write_bytes(b"OggS" + b"\x00" * 100)
    event = prepare(stack, "transcribe_voice_note")
    event["message"]["media_url"] = other.as_uri()
    with pytest.raises(TranscriptionFailed, match="sample voice notes"):
        stack.call("transcribe_voice_note", event)
