"""WaitForSenderTurn: this message's turn among the person's messages; SenderTurnBusy makes the ASL wait."""

from typing import Any

from finassist import sender_turns, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    settings = wiring.settings()
    return sender_turns.take(
        wiring.turns(),
        event["user_key"],
        event["message_sid"],
        settings.turn_rules,
        sender_turns.Waiting(max_seconds=settings.turn_wait_seconds),
    )
