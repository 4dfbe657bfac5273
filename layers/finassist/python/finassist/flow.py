"""What each state of the message flow does, written against the ports so every step is testable alone.

The Lambda handlers only unpack their event, pick adapters from finassist.wiring and call one function
here; the state machine passes small dicts between them (ids and counters, not conversation transcripts).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from finassist.domain.money import format_brl
from finassist.domain.reply import split_reply
from finassist.errors import AssistantRunFailed, TranscriptionFailed, UnsupportedMessage

if TYPE_CHECKING:
    from finassist.tools import ToolContext
from finassist.ports import (
    Assistant,
    Channel,
    ConversationStore,
    Run,
    RunContext,
    ToolCall,
    ToolOutput,
    Transcriber,
)

AUDIO_PREFIX = "audio/"
MAX_TEXT_CHARS = 4000


def parse_message(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Twilio's form fields -> the message the flow works on: text, a voice note, or a caption.

    A photo or a voice note sent with a caption is read from its caption ("gastei 30 na farmácia" under a photo
    of the receipt): the words say what to do, and images are not read. Other media without words, and media
    other than photos and audio, are unsupported. Characters nobody sees (zero-width spaces and joiners) go.
    """
    from finassist.domain.text import visible

    body = visible(str(fields.get("Body") or "")).strip()
    media_count = int(str(fields.get("NumMedia") or "0") or "0")
    media_type = str(fields.get("MediaContentType0") or "").split(";")[0].strip().lower()
    message: dict[str, Any] = {
        "kind": "text",
        "text": body[:MAX_TEXT_CHARS],
        "media_url": None,
        "media_type": None,
        "profile_name": str(fields.get("ProfileName") or "")[:100],
    }
    if media_count > 0:
        captioned = media_type.startswith((AUDIO_PREFIX, "image/"))
        if body and captioned:
            return message
        if not media_type.startswith(AUDIO_PREFIX):
            raise UnsupportedMessage(f"media of type {media_type or 'unknown'} is not supported")
        message.update(kind="voice_note", media_url=str(fields.get("MediaUrl0") or ""), media_type=media_type)
        return message
    if not body:
        raise UnsupportedMessage("the message has no text and no audio")
    return message


def transcribe_voice_note(
    message: Mapping[str, Any], channel: Channel, transcriber: Transcriber, max_bytes: int
) -> dict[str, Any]:
    """Download the note (size-capped) and put its pt-BR transcript where the text would be."""
    media = channel.download_media(str(message["media_url"]), max_bytes)
    text = transcriber.transcribe(media.content, media.content_type or str(message["media_type"])).strip()
    if not text:
        raise TranscriptionFailed("the voice note has no recognisable speech")
    return {**message, "text": text[:MAX_TEXT_CHARS], "transcribed": True}


def resolve_conversation(sender: str, assistant: Assistant, store: ConversationStore) -> dict[str, str]:
    """The sender's conversation, created on first contact."""
    conversation_id = store.find(sender)
    if conversation_id is None:
        store.save(sender, assistant.create_conversation(sender))
        conversation_id = store.find(sender) or ""
    store.touch(sender)
    return {"conversation_id": conversation_id}


def _run_state(run: Run, polls: int, tool_rounds: int, started_at: float) -> dict[str, Any]:
    """The small run record the state machine carries: status normalised for the RunStatus choice."""
    if run.status in ("queued", "in_progress"):
        status = "in_progress"
    elif run.status == "completed":
        status = "tool_calls" if run.tool_calls else "completed"
    else:
        raise AssistantRunFailed(f"run {run.run_id} ended {run.status}: {run.error or 'no details'}")
    return {
        "run_id": run.run_id,
        "status": status,
        "tool_calls": [{"call_id": c.call_id, "name": c.name, "arguments": c.arguments} for c in run.tool_calls],
        "polls": polls,
        "tool_rounds": tool_rounds,
        "started_at": started_at,
    }


def start_assistant_run(assistant: Assistant, conversation_id: str, text: str, context: RunContext) -> dict[str, Any]:
    run = assistant.start_run(conversation_id, text, context)
    return _run_state(run, polls=0, tool_rounds=0, started_at=round(time.time(), 3))


def check_assistant_run(assistant: Assistant, run: Mapping[str, Any]) -> dict[str, Any]:
    """One poll: counts it, so the RunStatus choice can enforce the poll budget."""
    latest = assistant.get_run(str(run["run_id"]))
    return _run_state(
        latest,
        polls=int(run.get("polls", 0)) + 1,
        tool_rounds=int(run.get("tool_rounds", 0)),
        started_at=float(run.get("started_at", time.time())),
    )


def run_tool(call: Mapping[str, Any], context: ToolContext) -> dict[str, str]:
    """One function call; its entry id (message + call) makes a retried write a no-op."""
    from finassist import tools  # only RunTool needs the schemas and pydantic: keep them off other cold starts

    tool_call = ToolCall(call_id=str(call["call_id"]), name=str(call["name"]), arguments=str(call["arguments"]))
    output = tools.dispatch(tool_call, context)
    return {"call_id": tool_call.call_id, "output": json.dumps(output, ensure_ascii=False)}


def entry_id(message_sid: str, call_id: str) -> str:
    """The ledger row's ID for a tool call: the same on every retry of that call, unique across messages."""
    return f"{message_sid}:{call_id}"


def submit_tool_outputs(
    assistant: Assistant,
    conversation_id: str,
    outputs: Sequence[Mapping[str, Any]],
    run: Mapping[str, Any],
    context: RunContext,
) -> dict[str, Any]:
    """Answer every function call of the round and start the next background run."""
    items = [ToolOutput(call_id=str(o["call_id"]), output=str(o["output"])) for o in outputs]
    next_run = assistant.submit_tool_outputs(conversation_id, items, context)
    return _run_state(
        next_run,
        polls=int(run.get("polls", 0)),
        tool_rounds=int(run.get("tool_rounds", 0)) + 1,
        started_at=float(run.get("started_at", time.time())),
    )


def run_seconds(started_at: float | None, now: float | None = None) -> float | None:
    """How long the assistant took, from the background run's start to its reply."""
    if started_at is None:
        return None
    return max(0.0, (time.time() if now is None else now) - started_at)


def fetch_reply(
    assistant: Assistant, run_id: str, tool_outputs: Sequence[Mapping[str, Any]] = ()
) -> dict[str, list[str]]:
    """The final text in WhatsApp-sized parts, with any chart or file the last tools produced."""
    run = assistant.get_run(run_id)
    text = run.reply_text.strip() or "Pronto! 👍"
    return {"parts": split_reply(text), "media": media_of(tool_outputs)}


def _outputs(tool_outputs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    parsed = []
    for item in tool_outputs:
        try:
            output = json.loads(str(item.get("output", "")))
        except ValueError:
            continue
        if isinstance(output, dict):
            parsed.append(output)
    return parsed


def recorded_expenses(tool_outputs: Sequence[Mapping[str, Any]]) -> list[str]:
    """The expenses the last tool round wrote, as the user reads them ("R$ 45,00 em Alimentação, 24/11")."""
    lines = []
    for output in _outputs(tool_outputs):
        expense = output.get("expense")
        if output.get("status") == "success" and output.get("added") and isinstance(expense, dict):
            when = date.fromisoformat(str(expense["date"]))
            lines.append(f"{format_brl(Decimal(str(expense['amount'])))} em {expense['category']}, {when:%d/%m}")
    return lines


def media_of(tool_outputs: Sequence[Mapping[str, Any]]) -> list[str]:
    """The media URLs in the tool outputs (a month's chart, an export)."""
    urls: list[str] = []
    for output in _outputs(tool_outputs):
        urls.extend(str(m["url"]) for m in output.get("media", []) if isinstance(m, dict) and m.get("url"))
    return urls
