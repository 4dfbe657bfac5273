"""SendApology: every caught error ends here, so no message goes unanswered, and the answer says what was done."""

import time
from typing import Any

from finassist import final_answer, flow, sender_turns, wiring
from finassist.errors import FinAssistError
from finassist.observability import logger, metrics, step_handler
from finassist.ports import Ledger, User


def _ledger(user: User) -> Ledger | None:
    """The person's ledger, to check changes recorded as "about to"; None when it cannot be reached."""
    try:
        return wiring.ledger_for(user)
    except FinAssistError:
        return None


@step_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    error = event.get("error") or {}
    logger.warning("apologising", extra={"error": error.get("Error", "unknown")})
    try:
        send_once = wiring.send_once()
        wiring.register_lambda_context(context)
        user = flow.active_user(wiring.users(), event["user_key"])
        out = wiring.outbound(user.sender_id, event["message_sid"], send_once)
        result = final_answer.send_apology(out, lambda: _ledger(user), error, event.get("run"))
    finally:
        # Whatever happens to the apology, the person's next message must not wait for this one.
        sender_turns.leave(wiring.turns(), event["user_key"], event["message_sid"], time.time())
    if result.get("answered_with") == "apology":
        metrics.add_metric(name="ApologiesSent", unit="Count", value=1)
    return result
