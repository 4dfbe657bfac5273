"""SendReply: the reply's parts to the person, each sent at most once even if this step is retried, with any
notice that was waiting for them at the top; then their next message's turn."""

import time
from typing import Any

from finassist import final_answer, flow, sender_turns, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    send_once = wiring.send_once()
    wiring.register_lambda_context(context)
    user = flow.active_user(wiring.users(), event["user_key"])
    result = final_answer.send_reply(wiring.outbound(user.sender_id, event["message_sid"], send_once), event["reply"])
    sender_turns.leave(wiring.turns(), event["user_key"], event["message_sid"], time.time())
    return result
