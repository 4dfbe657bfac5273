"""OpenAI SDK failures as the named errors the state machine's Retry and Catch match: 429 waits, 5xx and timeouts
retry, a busy or broken conversation has its own name, other 4xx give up. Nothing that looks like a credential
leaves in a message."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import TypeVar

import openai

from finassist.errors import (
    AssistantConversationLocked,
    AssistantRateLimited,
    AssistantRunFailed,
    AssistantUnavailable,
    ConversationHasOpenToolCalls,
    ConversationUnusable,
    FinAssistError,
)

T = TypeVar("T")

# OpenAI echoes a masked key in 401 messages ("Incorrect API key provided: sk-ab***yz"); never pass it on.
_SECRET_LIKE = re.compile(r"\b(?:sk|sess|org|proj)-[A-Za-z0-9_\-*.]{3,}")
_MAX_DETAIL = 200
# The Responses API's 400 for a conversation holding a function call without an output (see docs/decisions.md).
_OPEN_CALL = re.compile(r"No tool output found for function call ([A-Za-z0-9_\-]+)")


def _redact(text: str) -> str:
    return _SECRET_LIKE.sub("[redacted]", text)[:_MAX_DETAIL]


def server_detail(exc: openai.APIStatusError) -> str:
    """The API's error code and message, without anything that looks like a credential."""
    body = exc.body if isinstance(exc.body, dict) else {}
    parts: list[str] = []
    code = body.get("code") or body.get("type")
    if code:
        parts.append(str(code))
    message = body.get("message")
    if message and exc.status_code not in (401, 403):
        parts.append(_redact(str(message)))
    if exc.request_id:
        parts.append(f"request id {exc.request_id}")
    return "; ".join(parts)


def _retry_after(headers: Mapping[str, str]) -> str:
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return f"{float(milliseconds) / 1000:g} s"
        except ValueError:
            pass
    return headers.get("retry-after", "")


def translate_openai_error(
    exc: openai.OpenAIError,
    *,
    action: str,
    on_client_error: type[FinAssistError] = AssistantRunFailed,
) -> FinAssistError:
    """Map an SDK error to the named error the ASL acts on: 429 waits, 5xx/timeouts retry, other 4xx give up."""
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        detail = server_detail(exc)
        suffix = f" ({detail})" if detail else ""
        if status == 429 and exc.code != "insufficient_quota":
            wait = _retry_after(exc.response.headers)
            hint = f"; retry after {wait}" if wait else ""
            return AssistantRateLimited(f"OpenAI rate limit while trying to {action}{hint}{suffix}")
        if status >= 500 or status == 408:
            return AssistantUnavailable(f"OpenAI answered {status} while trying to {action}{suffix}")
        refusal = _conversation_refusal(exc, action, suffix)
        if refusal is not None:
            return refusal
        return on_client_error(f"OpenAI refused to {action}: HTTP {status}{suffix}")
    if isinstance(exc, openai.APITimeoutError):
        return AssistantUnavailable(f"OpenAI timed out while trying to {action}")
    if isinstance(exc, openai.APIConnectionError):
        return AssistantUnavailable(f"could not reach OpenAI to {action}")
    if isinstance(exc, openai.APIResponseValidationError):
        return on_client_error(f"OpenAI sent an unexpected answer while trying to {action}")
    return AssistantUnavailable(f"OpenAI failed while trying to {action}: {type(exc).__name__}")


def _conversation_refusal(exc: openai.APIStatusError, action: str, suffix: str) -> FinAssistError | None:
    """The two ways the service refuses a conversation: busy (retry soon) or holding an unanswered call."""
    body = exc.body if isinstance(exc.body, dict) else {}
    message = str(body.get("message") or "")
    if exc.code == "conversation_locked" or body.get("code") == "conversation_locked":
        return AssistantConversationLocked(f"OpenAI: the conversation is busy while trying to {action}{suffix}")
    open_calls = tuple(_OPEN_CALL.findall(message))
    if exc.status_code == 400 and open_calls:
        return ConversationHasOpenToolCalls(f"OpenAI refused to {action}: a function call has no output", open_calls)
    if exc.status_code == 404 and body.get("param") == "conversation":
        return ConversationUnusable(f"OpenAI does not know the conversation while trying to {action}{suffix}")
    return None


def call(action: str, request: Callable[[], T]) -> T:
    """One SDK request; a failure leaves as the named error for `action` ("create a conversation", ...)."""
    try:
        return request()
    except openai.OpenAIError as exc:
        raise translate_openai_error(exc, action=action) from exc
    except json.JSONDecodeError as exc:
        # A 200 whose body is not JSON (a proxy's error page): the service is not answering properly; retry.
        raise AssistantUnavailable(f"OpenAI sent a body that is not JSON while trying to {action}") from exc
