"""FetchReply: the run's final text, split into WhatsApp-sized parts."""

from typing import Any

from finassist import flow, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return flow.fetch_reply(wiring.assistant(), event["run_id"])
