"""AnswerOpenToolCalls: before an apology, every function call of the conversation gets an output."""

from typing import Any

from finassist import assistant_run, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    wiring.keep_turn(event["user_key"], event["message_sid"])
    reason = str((event.get("error") or {}).get("Error") or "the message could not be answered")
    return assistant_run.answer_open_calls(wiring.assistant(), event.get("conversation"), event.get("run"), reason)
