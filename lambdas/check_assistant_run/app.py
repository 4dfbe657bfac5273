"""CheckAssistantRun: follows a response that outlasted the step that started it, for a bounded time."""

import time
from typing import Any

from finassist import assistant_run, wiring
from finassist.observability import record_run, step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    wiring.keep_turn(event["user_key"], event["message_sid"])
    run = event["run"]
    limits = assistant_run.limits(wiring.settings())
    latest = assistant_run.follow(wiring.assistant(), str(run["run_id"]), limits.follow_seconds)
    return record_run(
        assistant_run.record(
            latest,
            str(run["conversation_id"]),
            tool_rounds=int(run["tool_rounds"]),
            started_at=float(run["started_at"]),
            now=time.time(),
            tool_outputs=event.get("tool_outputs") or [],
            limits=limits,
        )
    )
