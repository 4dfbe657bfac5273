"""SubmitToolOutputs: every function_call_output of the round, sent back as a new background run."""

from typing import Any

from finassist import clock, flow, wiring
from finassist.observability import step_handler
from finassist.ports import RunContext


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    run_context = RunContext(today=clock.today(wiring.settings()))
    return flow.submit_tool_outputs(
        wiring.assistant(), event["conversation_id"], event["outputs"], event["run"], run_context
    )
