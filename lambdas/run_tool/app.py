"""RunTool: one function call from the model against the sender's own ledger."""

import json
from typing import Any

from finassist import clock, flow, tools, wiring
from finassist.errors import UnknownSender
from finassist.observability import metrics, step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    user = wiring.users().get(event["sender"])
    if user is None or not user.active:
        raise UnknownSender("the sender is no longer an active user")
    ledger = wiring.ledger_for(user)
    result = flow.run_tool(event["call"], ledger, event["message_sid"], clock.today(wiring.settings()))
    metric = tools.metric_for(event["call"]["name"], json.loads(result["output"]))
    if metric:
        metrics.add_metric(name=metric, unit="Count", value=1)
    return result
