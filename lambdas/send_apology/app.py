"""SendApology: every caught error ends here, so no message goes unanswered."""

from typing import Any

from finassist import clock, flow, notices, wiring
from finassist.domain.apologies import apology_for
from finassist.observability import logger, metrics, step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    error = event.get("error") or {}
    logger.warning("apologising", extra={"error": error.get("Error", "unknown")})
    metrics.add_metric(name="ApologiesSent", unit="Count", value=1)
    send_once = wiring.send_once()
    wiring.register_lambda_context(context)
    apology = apology_for(error, flow.recorded_expenses(event.get("tool_outputs") or []))
    return notices.deliver_reply(
        send_once,
        wiring.notices(),
        clock.today(wiring.settings()),
        event["to"],
        [apology],
        event["message_sid"],
        kind="apology",
    )
