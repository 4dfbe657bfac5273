"""JSON shaped like the real Responses and Conversations APIs (openai-python's types), shared by the adapter's
unit tests (httpx2 MockTransport) and the flow tests' local fake server."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from finassist.tools.schemas import TOOL_SCHEMAS

CONVERSATION_ID = "conv_68a1f0c2d1b08190a5c6e1f4b2a7d3e9"


def conversation_json(conversation_id: str = CONVERSATION_ID) -> dict[str, Any]:
    return {"id": conversation_id, "object": "conversation", "created_at": 1764000000, "metadata": {}}


def error_body(
    message: str, kind: str = "invalid_request_error", param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    """The spec's ErrorResponse: {"error": Error}, where Error requires code, message, param and type
    (openai-openapi openapi.yaml, components.schemas.Error / ErrorResponse)."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def response_json(
    response_id: str,
    status: str,
    output: Iterable[dict[str, Any]] = (),
    *,
    error: dict[str, Any] | None = None,
    incomplete_details: dict[str, Any] | None = None,
    conversation_id: str | None = CONVERSATION_ID,
    created_at: int = 1764000000,
    completed_at: int | None = None,
    background: bool = True,
) -> dict[str, Any]:
    """A Response object as GET/POST /v1/responses returns it."""
    if completed_at is None and status == "completed":
        completed_at = created_at + 4
    return {
        "id": response_id,
        "object": "response",
        "created_at": created_at,
        "completed_at": completed_at,
        "status": status,
        "background": background,
        "conversation": {"id": conversation_id} if conversation_id else None,
        "error": error,
        "incomplete_details": incomplete_details,
        "instructions": "Você é o FinAssist...",
        "max_output_tokens": None,
        "max_tool_calls": None,
        "model": "gpt-5-mini-2025-08-07",
        "output": list(output),
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "reasoning": {"effort": "medium", "summary": None},
        "service_tier": "default",
        "store": True,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto",
        "tools": TOOL_SCHEMAS,
        "top_p": 1.0,
        "truncation": "auto",
        "usage": None,
        "user": None,
        "metadata": {},
    }


def function_call(call_id: str, name: str, arguments: dict[str, Any], item_id: str) -> dict[str, Any]:
    return {
        "type": "function_call",
        "id": item_id,
        "call_id": call_id,
        "name": name,
        "arguments": json.dumps(arguments, ensure_ascii=False),
        "status": "completed",
    }


def message(text: str) -> dict[str, Any]:
    return {
        "type": "message",
        "id": "msg_68a1f0c9aa1c8190b3e2",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}],
    }
