"""The Assistant port on OpenAI: one Conversation per sender, each turn a background Response.

The Assistants API (threads, runs) was shut down on 2026-08-26, so a "run" here is a Responses API call
with `background=True` on a Conversation, polled with `responses.retrieve`. Instructions are not carried
between responses, so they are rebuilt and sent on every call. Every SDK failure leaves this module as one
of our named errors, because the state machine's Retry and Catch match on class names.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import httpx2
import openai
from openai.types.responses import Response, ResponseInputItemParam, ResponseInputParam, ToolParam

from finassist.adapters.openai_errors import call, server_detail, translate_openai_error
from finassist.adapters.openai_instructions import build_instructions
from finassist.errors import AssistantRunFailed
from finassist.ports import Run, RunContext, RunStatus, ToolCall, ToolOutput

__all__ = [
    "DEFAULT_MODEL",
    "FAILED_STATUSES",
    "OpenAIAssistant",
    "build_client",
    "build_instructions",
    "raise_if_failed",
    "run_from_response",
    "translate_openai_error",
]

DEFAULT_MODEL = "gpt-5-mini"
FAILED_STATUSES: frozenset[str] = frozenset({"failed", "cancelled", "incomplete"})
_KNOWN_STATUSES: frozenset[str] = frozenset({"queued", "in_progress", "completed", "failed", "cancelled", "incomplete"})
_TERMINAL_EVENTS = frozenset({"response.completed", "response.failed", "response.incomplete", "response.cancelled"})
_ITEMS_PER_CREATE = 20  # "You may add up to 20 items at a time" (Conversations API, items.create)
_POLL_STEPS = (0.2, 0.3, 0.5)  # in-Lambda polls when the event stream is not available


def build_client(
    api_key: str,
    *,
    max_retries: int = 1,
    timeout_seconds: float = 20.0,
    http_client: httpx2.Client | None = None,
) -> openai.OpenAI:
    """An SDK client that retries little, so the state machine's Retry owns back-off and retries never stack."""
    return openai.OpenAI(
        api_key=api_key,
        max_retries=max_retries,
        timeout=timeout_seconds,
        http_client=http_client,
    )


def raise_if_failed(run: Run) -> Run:
    """Turn a run that ended failed, cancelled or incomplete into AssistantRunFailed; pass others through."""
    if run.status in FAILED_STATUSES:
        detail = f": {run.error}" if run.error else ""
        raise AssistantRunFailed(f"response {run.run_id} ended {run.status}{detail}")
    return run


def _status(value: str | None) -> RunStatus:
    """A response without a status (or with one this code does not know) is still running: keep polling."""
    if value in _KNOWN_STATUSES:
        return cast(RunStatus, value)
    return "in_progress"


def _error_text(response: Response) -> str:
    if response.error is not None:
        return f"{response.error.code}: {response.error.message}"
    if response.incomplete_details is not None and response.incomplete_details.reason:
        return f"incomplete: {response.incomplete_details.reason}"
    if response.status in FAILED_STATUSES:
        return str(response.status)
    return ""


def _reply_text(response: Response) -> str:
    """The assistant's text; a refusal is text the user should see too."""
    text = response.output_text
    if text:
        return text
    refusals = [
        part.refusal
        for item in response.output
        if item.type == "message"
        for part in item.content
        if part.type == "refusal"
    ]
    return "".join(refusals)


def run_from_response(response: Response) -> Run:
    """What the state machine needs from a Response: its id, status, function calls and reply."""
    tool_calls = tuple(
        ToolCall(call_id=item.call_id, name=item.name, arguments=item.arguments)
        for item in response.output
        if item.type == "function_call"
    )
    details = response.incomplete_details
    return Run(
        run_id=response.id,
        status=_status(response.status),
        tool_calls=tool_calls,
        reply_text=_reply_text(response),
        error=_error_text(response),
        incomplete_reason=str(details.reason or "") if details is not None else "",
    )


class OpenAIAssistant:
    """The Assistant port backed by the Conversations and Responses APIs, in background mode.

    The tools it offers the model are handed in (finassist.wiring passes finassist.tools.schemas): the adapter
    knows the wire, not what FinAssist can do.
    """

    def __init__(
        self,
        client: openai.OpenAI,
        model: str = DEFAULT_MODEL,
        *,
        tools: Sequence[Mapping[str, Any]],
        max_output_tokens: int = 1500,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._model = model
        self._tools = cast(list[ToolParam], list(tools))
        self._max_output_tokens = max_output_tokens
        self._clock = clock
        self._sleep = sleep

    def create_conversation(self, sender_id: str) -> str:
        """A new Conversation; the sender is not stored there (the Conversations table maps sender to id)."""
        del sender_id  # a bare phone-number hash is easy to reverse, so nothing about the sender leaves us
        conversation = call(
            "create a conversation",
            lambda: self._client.conversations.create(metadata={"app": "finassist", "channel": "whatsapp"}),
        )
        return conversation.id

    def start_run(self, conversation_id: str, user_text: str, context: RunContext) -> Run:
        """Send the user's message as a background response on their conversation."""
        message: ResponseInputParam = [{"type": "message", "role": "user", "content": user_text}]
        return self._create("start a response", conversation_id, message, context)

    def get_run(self, run_id: str) -> Run:
        """Poll a background response; a failed one comes back as a Run (see raise_if_failed), not raised."""
        response = call("retrieve a response", lambda: self._client.responses.retrieve(run_id))
        return run_from_response(response)

    def wait_for_run(self, run_id: str, max_seconds: float) -> Run:
        """Follow the response's event stream (GET /responses/{id}?stream=true) until it settles; if the stream
        breaks or is not offered, short polls; either way at most `max_seconds`, then its current state."""
        deadline = self._clock() + max_seconds
        settled = self._follow_stream(run_id, max_seconds)
        if settled is not None:
            return settled
        steps = iter(_POLL_STEPS)
        while True:
            run = self.get_run(run_id)
            left = deadline - self._clock()
            if run.status not in ("queued", "in_progress") or left <= 0:
                return run
            self._sleep(min(next(steps, _POLL_STEPS[-1]), left))

    def _follow_stream(self, run_id: str, max_seconds: float) -> Run | None:
        """The settled response from the stream's terminal event, or None (timed out, broke, or no stream)."""
        try:
            # One attempt, no SDK retry: when the stream is not offered or breaks, short polls take over.
            stream = self._client.with_options(max_retries=0).responses.retrieve(
                run_id, stream=True, timeout=httpx2.Timeout(max_seconds, connect=min(5.0, max_seconds))
            )
            with stream:
                for event in stream:
                    if event.type in _TERMINAL_EVENTS:
                        return run_from_response(event.response)  # type: ignore[union-attr]
        except (openai.OpenAIError, httpx2.HTTPError, ValueError):
            return None
        return None

    def close_open_calls(self, conversation_id: str, note: str) -> list[str]:
        """Append a function_call_output to every function call of the recent items that has none (no model
        call: POST /conversations/{id}/items); the service refuses every later response until they exist."""
        page = call(
            "list the conversation's items",
            lambda: self._client.conversations.items.list(conversation_id, order="desc", limit=100),
        )
        calls: list[str] = []
        answered: set[str] = set()
        for item in page.data:
            if item.type == "function_call":
                calls.append(item.call_id)
            elif item.type == "function_call_output" and item.call_id:
                answered.add(item.call_id)
        open_calls = [call_id for call_id in reversed(calls) if call_id not in answered]
        output = json.dumps({"status": "error", "message": note}, ensure_ascii=False)
        for start in range(0, len(open_calls), _ITEMS_PER_CREATE):
            chunk = open_calls[start : start + _ITEMS_PER_CREATE]
            items: list[ResponseInputItemParam] = [
                {"type": "function_call_output", "call_id": call_id, "output": output} for call_id in chunk
            ]
            self._append(conversation_id, items)
        return open_calls

    def add_turn(self, conversation_id: str, user_text: str, reply_text: str) -> None:
        """A turn the offline engine answered, added to the conversation as it would read (no model call)."""
        items: list[ResponseInputItemParam] = [
            {"type": "message", "role": "user", "content": user_text},
            {"type": "message", "role": "assistant", "content": reply_text},
        ]
        self._append(conversation_id, items)

    def _append(self, conversation_id: str, items: list[ResponseInputItemParam]) -> None:
        call(
            "add items to the conversation",
            lambda: self._client.conversations.items.create(conversation_id, items=items),
        )

    def submit_tool_outputs(self, conversation_id: str, outputs: Sequence[ToolOutput], context: RunContext) -> Run:
        """Answer every function call, echoing its call_id, as the next background response on the conversation."""
        items: ResponseInputParam = [
            {"type": "function_call_output", "call_id": output.call_id, "output": output.output} for output in outputs
        ]
        return self._create("submit tool outputs", conversation_id, items, context)

    def cancel_run(self, run_id: str) -> Run:
        """Stop a background response, best effort: one that already ended is reported as it is."""
        try:
            response = self._client.responses.cancel(run_id)
        except openai.APIStatusError as exc:
            if exc.status_code not in (400, 404, 409):
                raise translate_openai_error(exc, action="cancel a response") from exc
            return self._state_after_failed_cancel(run_id, exc)
        except openai.OpenAIError as exc:
            raise translate_openai_error(exc, action="cancel a response") from exc
        return run_from_response(response)

    def _state_after_failed_cancel(self, run_id: str, cancel_error: openai.APIStatusError) -> Run:
        try:
            return self.get_run(run_id)
        except AssistantRunFailed:
            detail = server_detail(cancel_error)
            return Run(
                run_id=run_id, status="cancelled", error=f"cancel refused: HTTP {cancel_error.status_code} {detail}"
            )

    def _create(self, action: str, conversation_id: str, items: ResponseInputParam, context: RunContext) -> Run:
        instructions = build_instructions(context)
        tools = self._tools
        response = call(
            action,
            lambda: self._client.responses.create(
                model=self._model,
                conversation=conversation_id,
                input=items,
                instructions=instructions,
                tools=tools,
                background=True,
                store=True,
                truncation="auto",
                parallel_tool_calls=True,
                max_output_tokens=self._max_output_tokens,
            ),
        )
        return run_from_response(response)
