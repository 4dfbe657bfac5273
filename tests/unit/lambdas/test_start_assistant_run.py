from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_a_run_starts_in_the_background_with_counters_at_zero(stack: EmbeddedStack) -> None:
    result = stack.call("start_assistant_run", prepare(stack, "start_assistant_run"))
    assert result["run_id"].startswith("resp_")
    assert result["status"] == "in_progress"
    assert (result["polls"], result["tool_rounds"], result["tool_calls"]) == (0, 0, [])
