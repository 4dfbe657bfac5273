"""TranscribeVoiceNote: download the note with the channel's credentials and turn it into pt-BR text."""

from typing import Any

from finassist import flow, wiring
from finassist.observability import metrics, step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    message = flow.transcribe_voice_note(
        event["message"], wiring.channel(), wiring.transcriber(), wiring.settings().max_voice_note_bytes
    )
    metrics.add_metric(name="VoiceNotesTranscribed", unit="Count", value=1)
    return message
