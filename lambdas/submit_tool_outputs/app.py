"""SubmitToolOutputs: every function_call_output of the round, sent back as the next background response."""

import time
from typing import Any

from finassist import assistant_run, clock, wiring
from finassist.observability import record_run, step_handler
from finassist.ports import RunContext


def _submit(request: dict[str, Any]) -> dict[str, Any]:
    """Once per message and round: a retried step follows the response it made instead of making another."""
    run_context = RunContext(today=clock.today(wiring.settings()))
    run = assistant_run.submit(wiring.assistant(), request["run"], request["outputs"], run_context)
    return {"run_id": run.run_id}


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    wiring.keep_turn(event["user_key"], event["message_sid"])
    submit_once = wiring.once("submit", "key", _submit)
    wiring.register_lambda_context(context)
    run = event["run"]
    outputs = event["outputs"]
    opened = submit_once(
        request={"key": f"{event['message_sid']}#{run['tool_rounds']}", "run": run, "outputs": outputs}
    )
    limits = assistant_run.limits(wiring.settings())
    latest = assistant_run.follow_new(wiring.assistant(), opened["run_id"], limits.follow_seconds)
    return record_run(
        assistant_run.record(
            latest,
            str(run["conversation_id"]),
            tool_rounds=int(run["tool_rounds"]) + 1,
            started_at=float(run["started_at"]),
            now=time.time(),
            tool_outputs=outputs,
            limits=limits,
        )
    )
