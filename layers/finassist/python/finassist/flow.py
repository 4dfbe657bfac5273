"""What the message-flow states before and around the assistant do, written against the ports so every
step is testable alone (the assistant's own steps are in finassist.assistant_run).

The Lambda handlers only unpack their event, pick adapters from finassist.wiring and call one function
here; the state machine passes small dicts between them (ids and counters, not conversation transcripts).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from finassist.errors import TranscriptionFailed, UnknownSender, UnsupportedMessage
from finassist.ports import Assistant, Channel, ConversationStore, ToolCall, Transcriber, User, UserDirectory

if TYPE_CHECKING:
    from finassist.tools.context import ToolContext

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


def resolve_conversation(user_key: str, assistant: Assistant, store: ConversationStore) -> dict[str, str]:
    """The person's conversation, created on first contact."""
    conversation_id = store.find(user_key)
    if conversation_id is None:
        # Two first messages at once both create one; the save keeps the first and returns it to both.
        conversation_id = store.save(user_key, assistant.create_conversation(user_key))
    store.touch(user_key)
    return {"conversation_id": conversation_id}


def active_user(users: UserDirectory, user_key: str) -> User:
    """The person behind the state machine's opaque key; looked up only by the steps that need their number
    or their workbook, so neither ever enters the execution history."""
    user = users.by_key(user_key)
    if user is None or not user.active:
        raise UnknownSender("the sender is no longer an active user")
    return user


def entry_id(message_sid: str, position: str) -> str:
    """A ledger row's ID: the message and the call's place in it ("<round>.<index>"), never the model's call id,
    so re-running the same message (a retry, a redrive, the model asked again) finds its own rows."""
    return f"{message_sid}#{position}"


def position(round_number: int, index: int) -> str:
    return f"{round_number}.{index}"


def run_tool(call: Mapping[str, Any], context: ToolContext, max_output_bytes: int) -> dict[str, str]:
    """One function call; an oversized argument or output is answered with an error, never carried on."""
    from finassist.tools.dispatch import (
        dispatch,
    )  # only RunTool needs the tools and pydantic: keep them off other cold starts

    tool_call = ToolCall(call_id=str(call["call_id"]), name=str(call["name"]), arguments=str(call["arguments"]))
    if call.get("oversized"):
        output: dict[str, Any] = {"status": "error", "message": "argumentos grandes demais; resuma o pedido"}
    else:
        output = dispatch(tool_call, context)
    text = json.dumps(output, ensure_ascii=False)
    if len(text.encode("utf-8")) > max_output_bytes:
        text = json.dumps({"status": "error", "message": "resultado grande demais para devolver"}, ensure_ascii=False)
    return {"call_id": tool_call.call_id, "output": text}
