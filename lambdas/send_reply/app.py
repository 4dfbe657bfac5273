"""SendReply: the reply's parts to the sender through the channel."""

from typing import Any

from finassist import flow, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return flow.send_parts(wiring.channel(), event["to"], event["parts"])
