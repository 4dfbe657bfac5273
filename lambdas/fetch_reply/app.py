"""FetchReply: the run's final text, split into WhatsApp-sized parts."""

from typing import Any

from finassist import flow, wiring
from finassist.observability import metrics, step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    reply = flow.fetch_reply(wiring.assistant(), event["run_id"], event.get("tool_outputs") or [])
    seconds = flow.run_seconds(event.get("run_started_at"))
    if seconds is not None:
        metrics.add_metric(name="AssistantRunSeconds", unit="Seconds", value=seconds)
    return reply
