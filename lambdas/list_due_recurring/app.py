"""ListDueRecurring: the recurring expenses whose day has come this month (the daily schedule's first step)."""

from typing import Any

from finassist import clock, recurring_job, wiring
from finassist.observability import step_handler


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    store = wiring.recurring()
    everything = store.all()
    keys = recurring_job.owners(everything, wiring.users(), store)
    items = recurring_job.due_items(everything, clock.today(wiring.settings()), keys)
    return {"items": items, "count": len(items)}
