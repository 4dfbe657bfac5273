import json
from decimal import Decimal

import pytest

from finassist.errors import AssistantRunFailed
from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_a_check_reports_the_function_calls_and_keeps_the_counters(stack: EmbeddedStack) -> None:
    event = prepare(stack, "check_assistant_run")
    result = stack.call("check_assistant_run", event)
    assert result["status"] == "tool_calls"
    assert result["tool_rounds"] == event["run"]["tool_rounds"]
    assert result["started_at"] == event["run"]["started_at"]
    [call] = result["tool_calls"]
    assert call["name"] == "add_expense" and call["call_id"].startswith("call_")
    assert Decimal(json.loads(call["arguments"])["amount"]) == Decimal("45")


def test_a_run_that_does_not_exist_fails_by_name(stack: EmbeddedStack) -> None:
    event = prepare(stack, "check_assistant_run")
    event["run"]["run_id"] = "resp_doesnotexist"
    with pytest.raises(AssistantRunFailed):
        stack.call("check_assistant_run", event)
