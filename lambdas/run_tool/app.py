"""RunTool: one function call from the model against the sender's own ledger, at most once per call."""

import json
from typing import Any

from finassist import clock, flow, wiring
from finassist.errors import UnknownSender
from finassist.observability import metrics, step_handler


def _run(event: dict[str, Any]) -> dict[str, Any]:
    from finassist import tools  # the schemas and pydantic load with the first call, not at import

    user = wiring.users().get(event["sender"])
    if user is None or not user.active:
        raise UnknownSender("the sender is no longer an active user")
    context = tools.ToolContext(
        ledger=wiring.ledger_for(user),
        entry_id=flow.entry_id(event["message_sid"], event["call"]["call_id"]),
        today=clock.today(wiring.settings()),
        sender=user.sender_id,
        budgets=wiring.budgets(),
        recurring=wiring.recurring(),
        media=wiring.media(),
    )
    return flow.run_tool(event["call"], context)


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from finassist import tools

    run_once = wiring.once("tool", "[message_sid, call.call_id]", _run)
    wiring.register_lambda_context(context)
    result = run_once(request=event)
    metric = tools.metric_for(event["call"]["name"], json.loads(result["output"]))
    if metric:
        metrics.add_metric(name=metric, unit="Count", value=1)
    return result
