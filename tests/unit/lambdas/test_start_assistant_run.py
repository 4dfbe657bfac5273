from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_a_run_starts_and_is_followed_until_it_settles_with_counters_at_zero(stack: EmbeddedStack) -> None:
    event = prepare(stack, "start_assistant_run")
    result = stack.call("start_assistant_run", event)
    assert result["run_id"].startswith("resp_")
    assert result["conversation_id"] == event["conversation"]["conversation_id"]
    assert result["status"] == "tool_calls"  # the offline engine settles at once: no Wait, no check
    assert result["tool_rounds"] == 0 and len(result["tool_calls"]) == 1


def test_a_retried_start_follows_the_response_it_made_instead_of_making_another(stack: EmbeddedStack) -> None:
    event = prepare(stack, "start_assistant_run")
    first = stack.call("start_assistant_run", event)
    again = stack.call("start_assistant_run", event)
    assert again["run_id"] == first["run_id"]
