from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_a_running_run_is_cancelled(stack: EmbeddedStack) -> None:
    event = prepare(stack, "cancel_assistant_run")
    assert stack.call("cancel_assistant_run", event) == {"run_id": event["run_id"], "status": "cancelled"}
