"""SendReply: the reply's parts to the sender, each sent at most once even if this step is retried, with any
notice that was waiting for this person at the top."""

from typing import Any

from finassist import clock, notices, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    send_once = wiring.send_once()
    wiring.register_lambda_context(context)
    return notices.deliver_reply(
        send_once,
        wiring.notices(),
        clock.today(wiring.settings()),
        event["to"],
        event["parts"],
        event["message_sid"],
        kind="reply",
        media=event.get("media") or [],
    )
