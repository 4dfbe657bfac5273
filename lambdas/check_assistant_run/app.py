"""CheckAssistantRun: one poll of the background run; raises AssistantRunFailed when it failed."""

from typing import Any

from finassist import flow, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return flow.check_assistant_run(wiring.assistant(), event["run"])
