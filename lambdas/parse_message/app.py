"""ParseMessage: Twilio's message fields -> text, voice note, or UnsupportedMessage."""

from typing import Any

from finassist import flow
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return flow.parse_message(event["inbound"])
