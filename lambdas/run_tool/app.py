"""RunTool: one function call from the model against the person's own ledger, at most once per position."""

import json
from typing import Any

from finassist import assistant_run, clock, flow, wiring
from finassist.message_effects import EffectRecorder
from finassist.observability import metrics, step_handler
from finassist.tools.context import ToolContext


def _run(event: dict[str, Any]) -> dict[str, Any]:
    user = flow.active_user(wiring.users(), event["user_key"])
    position = flow.position(int(event["round"]), int(event["index"]))
    context = ToolContext(
        ledger=wiring.ledger_for(user),
        entry_id=flow.entry_id(event["message_sid"], position),
        today=clock.today(wiring.settings()),
        sender=user.sender_id,
        budgets=wiring.budgets(),
        recurring=wiring.recurring(),
        media=wiring.media(),
        user_key=event["user_key"],
        entries=wiring.entry_log(),
        effects=EffectRecorder(wiring.effects(), event["message_sid"], position),
        charts=wiring.charts(),
        files=wiring.files(),
    )
    return flow.run_tool(event["call"], context, assistant_run.limits(wiring.settings()).max_tool_output_bytes)


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from finassist.tools.dispatch import metric_for  # pydantic and the tools load with the first call, not at import

    # Keyed by the call's place in the message, not by the model's call id: the model asked again gives new ids.
    wiring.keep_turn(event["user_key"], event["message_sid"])
    run_once = wiring.once("tool", "[message_sid, round, index, call.name]", _run)
    wiring.register_lambda_context(context)
    result = run_once(request=event)
    metric = metric_for(event["call"]["name"], json.loads(result["output"]))
    if metric:
        metrics.add_metric(name=metric, unit="Count", value=1)
    return result
