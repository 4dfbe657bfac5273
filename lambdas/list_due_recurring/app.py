"""ListDueRecurring: the recurring expenses whose day has come this month (the daily schedule's first step)."""

from typing import Any

from finassist import clock, recurring_job, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    items = recurring_job.due_items(wiring.recurring().all(), clock.today(wiring.settings()))
    return {"items": items, "count": len(items)}
