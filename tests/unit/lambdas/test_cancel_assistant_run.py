from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_cancelling_reports_how_the_run_ended(stack: EmbeddedStack) -> None:
    event = prepare(stack, "cancel_assistant_run")
    result = stack.call("cancel_assistant_run", event)
    # The offline engine settled at once, so there is nothing to cancel: it is reported as it ended.
    assert result == {"run_id": event["run_id"], "status": "completed"}
