"""StartAssistantRun: a background response on the person's conversation, followed until it settles (bounded)."""

import time
from typing import Any

from finassist import assistant_run, clock, flow, wiring
from finassist.observability import record_run, step_handler
from finassist.ports import RunContext


def _open(request: dict[str, Any]) -> dict[str, Any]:
    """Created once per message: a retried step follows the response it made instead of making another."""
    run_context = RunContext(today=clock.today(wiring.settings()), sender_name=request["sender_name"])
    conversation_id, run = assistant_run.open_response(
        wiring.assistant(),
        wiring.conversations(),
        request["user_key"],
        request["conversation_id"],
        request["text"],
        run_context,
    )
    return {"conversation_id": conversation_id, "run_id": run.run_id, "started_at": time.time()}


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    wiring.keep_turn(event["user_key"], event["message_sid"])
    open_once = wiring.once("start", "message_sid", _open)
    wiring.register_lambda_context(context)
    user = flow.active_user(wiring.users(), event["user_key"])
    opened = open_once(
        request={
            "message_sid": event["message_sid"],
            "user_key": event["user_key"],
            "conversation_id": event["conversation"]["conversation_id"],
            "text": event["text"],
            "sender_name": user.display_name,
        }
    )
    limits = assistant_run.limits(wiring.settings())
    run = assistant_run.follow_new(wiring.assistant(), opened["run_id"], limits.follow_seconds)
    return record_run(
        assistant_run.record(
            run,
            opened["conversation_id"],
            tool_rounds=0,
            started_at=float(opened["started_at"]),
            now=time.time(),
            tool_outputs=[],
            limits=limits,
        )
    )
