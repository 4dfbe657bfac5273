"""A person's turn with the assistant, as the states StartAssistantRun, CheckAssistantRun, SubmitToolOutputs,
CancelAssistantRun and AnswerOpenToolCalls carry it out.

Each step that starts a response follows it for a bounded time (`Limits.follow_seconds`) and hands the
state machine a settled status when it can: one step per model response in the common case, and the
WaitForAssistant/CheckAssistantRun loop only for responses that outlast the bound. The record the state
machine carries stays small and bounded in size (see `Limits`): ids, a status, this round's function calls,
counters, and the reply once there is one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from finassist.domain.reply import split_reply
from finassist.errors import (
    AssistantConversationLocked,
    AssistantRateLimited,
    AssistantRunFailed,
    AssistantUnavailable,
    ConversationHasOpenToolCalls,
)
from finassist.ports import Assistant, ConversationStore, Run, RunContext, ToolOutput
from finassist.settings import Settings

ELLIPSIS = "…"
EMPTY_REPLY = "Pronto! 👍"


@dataclass(frozen=True)
class Limits:
    """The bounds that keep each state's data far from Step Functions' 256 KiB (docs/decisions.md has the sums)."""

    follow_seconds: float = 20.0
    max_reply_chars: int = 6000
    max_tool_calls: int = 8
    max_argument_bytes: int = 4096
    max_tool_output_bytes: int = 8192


def limits(settings: Settings) -> Limits:
    return Limits(follow_seconds=settings.assistant_follow_seconds)


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(text: str, max_chars: int) -> str:
    """A reply longer than WhatsApp should carry is cut at a word with "…", never silently."""
    if len(text) <= max_chars:
        return text
    head = text[: max_chars - 1]
    space = head.rfind(" ")
    return (head[:space] if space > max_chars // 2 else head).rstrip() + ELLIPSIS


def _calls(run: Run, limits: Limits) -> list[dict[str, Any]]:
    """This round's function calls; an oversized argument is dropped (RunTool answers it with an error)."""
    if len(run.tool_calls) > limits.max_tool_calls:
        raise AssistantRunFailed(f"the model asked for {len(run.tool_calls)} tool calls in one round")
    calls = []
    for call in run.tool_calls:
        oversized = _utf8_len(call.arguments) > limits.max_argument_bytes
        calls.append(
            {
                "call_id": call.call_id[:128],
                "name": call.name[:64],
                "arguments": "" if oversized else call.arguments,
                "oversized": oversized,
            }
        )
    return calls


def media_of(tool_outputs: Sequence[Mapping[str, Any]]) -> list[str]:
    """The media URLs in the tool outputs (a month's chart, an export)."""
    urls: list[str] = []
    for item in tool_outputs:
        try:
            output = json.loads(str(item.get("output", "")))
        except ValueError:
            continue
        if isinstance(output, dict):
            urls.extend(str(m["url"]) for m in output.get("media", []) if isinstance(m, dict) and m.get("url"))
    return urls


def _settled_text(run: Run) -> str | None:
    """The reply of a settled response; a reply cut by the output-token cap still reaches the user, marked."""
    if run.status == "completed":
        return run.reply_text
    if run.status == "incomplete" and run.incomplete_reason == "max_output_tokens" and not run.tool_calls:
        return run.reply_text.rstrip() + ELLIPSIS if run.reply_text.strip() else None
    return None


def record(
    run: Run,
    conversation_id: str,
    *,
    tool_rounds: int,
    started_at: float,
    now: float,
    tool_outputs: Sequence[Mapping[str, Any]],
    limits: Limits,
) -> dict[str, Any]:
    """The run as the state machine carries it; raises AssistantRunFailed for a response that ended badly."""
    base: dict[str, Any] = {
        "conversation_id": conversation_id,
        "run_id": run.run_id,
        "tool_rounds": tool_rounds,
        "started_at": round(started_at, 3),
        "assistant_seconds": round(max(0.0, now - started_at), 3),
        "tool_calls": [],
        "reply": None,
    }
    if run.status in ("queued", "in_progress"):
        return {**base, "status": "in_progress"}
    if run.status == "completed" and run.tool_calls:
        return {**base, "status": "tool_calls", "tool_calls": _calls(run, limits)}
    text = _settled_text(run)
    if text is None:
        raise AssistantRunFailed(f"response {run.run_id} ended {run.status}: {run.error or 'no details'}")
    parts = split_reply(_cut(text.strip() or EMPTY_REPLY, limits.max_reply_chars))
    return {**base, "status": "completed", "reply": {"parts": parts, "media": media_of(tool_outputs)}}


def open_response(
    assistant: Assistant,
    conversations: ConversationStore,
    user_key: str,
    conversation_id: str,
    text: str,
    context: RunContext,
) -> tuple[str, Run]:
    """Start the message's response; a conversation refused for an unanswered function call is repaired
    (the named calls answered) and tried again, and if it is still refused the person gets a new one."""
    try:
        return conversation_id, assistant.start_run(conversation_id, text, context)
    except ConversationHasOpenToolCalls:
        assistant.close_open_calls(conversation_id, "abandoned: the earlier message ended before this answer")
    try:
        return conversation_id, assistant.start_run(conversation_id, text, context)
    except ConversationHasOpenToolCalls:
        fresh = assistant.create_conversation(user_key)
        conversations.replace(user_key, fresh)
        return fresh, assistant.start_run(fresh, text, context)


def follow(assistant: Assistant, run_id: str, seconds: float) -> Run:
    """The response once it settles, or as it is after `seconds` (the Wait loop then takes over)."""
    if seconds <= 0:
        return assistant.get_run(run_id)
    return assistant.wait_for_run(run_id, seconds)


def follow_new(assistant: Assistant, run_id: str, seconds: float) -> Run:
    """Following the response a step just created is a bonus: if reading it fails, the step still succeeds
    (the response exists) and CheckAssistantRun, with its own retries, reads it after the Wait."""
    if seconds <= 0:
        return Run(run_id=run_id, status="in_progress")
    try:
        return follow(assistant, run_id, seconds)
    except (AssistantRateLimited, AssistantUnavailable, AssistantConversationLocked):
        return Run(run_id=run_id, status="in_progress")


def submit(
    assistant: Assistant,
    run: Mapping[str, Any],
    outputs: Sequence[Mapping[str, Any]],
    context: RunContext,
) -> Run:
    """Answer every function call of the round (echoing each call_id) as the next background response."""
    items = [ToolOutput(call_id=str(o["call_id"]), output=str(o["output"])) for o in outputs]
    answered = {item.call_id for item in items}
    missing = [c["call_id"] for c in run.get("tool_calls", []) if c["call_id"] not in answered]
    if missing:
        raise AssistantRunFailed(f"no output for function call(s) {', '.join(missing)}")
    return assistant.submit_tool_outputs(str(run["conversation_id"]), items, context)


def answer_open_calls(
    assistant: Assistant, conversation: Mapping[str, Any] | None, run: Mapping[str, Any] | None, reason: str
) -> dict[str, Any]:
    """Before an apology: no function call of this conversation may stay without an output, or the service
    refuses every later message of the person ("No tool output found for function call …")."""
    conversation_id = str((run or {}).get("conversation_id") or (conversation or {}).get("conversation_id") or "")
    if not conversation_id:
        return {"answered": []}
    answered = assistant.close_open_calls(conversation_id, f"abandoned: {reason}")
    return {"answered": answered}
