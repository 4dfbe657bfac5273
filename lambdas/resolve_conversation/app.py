"""ResolveConversation: the person's assistant conversation, created on first contact."""

from typing import Any

from finassist import flow, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    wiring.keep_turn(event["user_key"], event["message_sid"])
    return flow.resolve_conversation(event["user_key"], wiring.assistant(), wiring.conversations())
