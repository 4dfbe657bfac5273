"""CancelAssistantRun: stop a background run that outlived the poll budget (best effort)."""

from typing import Any

from finassist import wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    wiring.keep_turn(event["user_key"], event["message_sid"])
    run = wiring.assistant().cancel_run(event["run_id"])
    return {"run_id": run.run_id, "status": run.status}
