"""StartAssistantRun: a background run on the sender's conversation, told today's date."""

from typing import Any

from finassist import clock, flow, wiring
from finassist.observability import step_handler
from finassist.ports import RunContext


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    run_context = RunContext(today=clock.today(wiring.settings()), sender_name=event.get("profile_name", ""))
    return flow.start_assistant_run(wiring.assistant(), event["conversation_id"], event["text"], run_context)
