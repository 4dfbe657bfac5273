from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_tool_outputs_start_the_next_run_count_a_tool_round_and_bring_the_reply(stack: EmbeddedStack) -> None:
    event = prepare(stack, "submit_tool_outputs")
    result = stack.call("submit_tool_outputs", event)
    assert result["run_id"].startswith("resp_") and result["run_id"] != event["run"]["run_id"]
    assert result["status"] == "completed"
    assert result["tool_rounds"] == event["run"]["tool_rounds"] + 1
    assert result["reply"]["parts"] == ["Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."]
