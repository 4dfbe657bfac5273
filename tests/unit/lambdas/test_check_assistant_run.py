import json
from decimal import Decimal

import pytest

from finassist.errors import AssistantRunFailed
from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_a_poll_counts_itself_and_reports_the_function_calls(stack: EmbeddedStack) -> None:
    result = stack.call("check_assistant_run", prepare(stack, "check_assistant_run"))
    assert result["status"] == "tool_calls"
    assert result["polls"] == 1
    [call] = result["tool_calls"]
    assert call["name"] == "add_expense" and call["call_id"].startswith("call_")
    assert Decimal(json.loads(call["arguments"])["amount"]) == Decimal("45")


def test_a_run_that_does_not_exist_fails_by_name(stack: EmbeddedStack) -> None:
    event = prepare(stack, "check_assistant_run")
    event["run"]["run_id"] = "resp_doesnotexist"
    with pytest.raises(AssistantRunFailed):
        stack.call("check_assistant_run", event)
