"""AddRecurringExpense: this month's row of one recurring expense, added once, and its owner told."""

from typing import Any

from finassist import flow, recurring_job, wiring
from finassist.observability import metrics, step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    item = event["item"]
    user = flow.active_user(wiring.users(), item["user_key"])
    send_once = wiring.send_once()
    wiring.register_lambda_context(context)
    result = recurring_job.add_due(item, wiring.ledger_for(user), send_once, user.sender_id)
    if result["added"]:
        metrics.add_metric(name="ExpensesAdded", unit="Count", value=1)
    return result
