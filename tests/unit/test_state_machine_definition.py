"""The ASL's promises, checked on the file itself: names operators know, a Retry and a Catch on every Task."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from finassist.local.stack import project_root
from finassist.local.template import load

ASL = project_root() / "statemachine" / "message_flow.asl.json"
LAMBDA_ERRORS = {
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
}
DESIGN_STATES = {
    "ParseMessage",
    "IsVoiceNote",
    "TranscribeVoiceNote",
    "ResolveConversation",
    "StartAssistantRun",
    "WaitForAssistant",
    "CheckAssistantRun",
    "RunStatus",
    "RunToolCalls",
    "SubmitToolOutputs",
    "SendReply",
    "SendApology",
    "WaitForSenderTurn",
    "AnswerOpenToolCalls",
}
# Once the conversation may hold this message's function calls, a failure answers them before the apology.
AFTER_THE_CONVERSATION = {
    "StartAssistantRun",
    "CheckAssistantRun",
    "RunToolCalls",
    "SubmitToolOutputs",
    "CancelAssistantRun",
}


def definition() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(ASL.read_text(encoding="utf-8"))
    return loaded


def all_states() -> dict[str, Any]:
    states = dict(definition()["States"])
    for state in list(states.values()):
        if state["Type"] == "Map":
            states.update(state["ItemProcessor"]["States"])
    return states


def test_every_state_of_the_design_is_there_under_its_name() -> None:
    assert DESIGN_STATES <= set(definition()["States"])
    assert "RunTool" in definition()["States"]["RunToolCalls"]["ItemProcessor"]["States"]


@pytest.mark.parametrize("name", sorted(n for n, s in all_states().items() if s["Type"] == "Task"))
def test_every_task_retries_the_lambda_service_errors(name: str) -> None:
    retried = {e for rule in all_states()[name]["Retry"] for e in rule["ErrorEquals"]}
    assert LAMBDA_ERRORS <= retried


@pytest.mark.parametrize(
    "name", sorted(n for n, s in definition()["States"].items() if s["Type"] in ("Task", "Map") and n != "SendApology")
)
def test_every_top_level_task_catches_everything_into_the_apology_path(name: str) -> None:
    catchers = definition()["States"][name]["Catch"]
    target = "AnswerOpenToolCalls" if name in AFTER_THE_CONVERSATION else "SendApology"
    assert any(c["ErrorEquals"] == ["States.ALL"] and c["Next"] == target for c in catchers)


def test_answering_the_open_calls_always_ends_in_the_apology() -> None:
    state = definition()["States"]["AnswerOpenToolCalls"]
    assert state["Next"] == "SendApology" and state["Catch"][0]["Next"] == "SendApology"


def test_every_task_retries_a_lambda_timeout_because_every_step_is_idempotent() -> None:
    for name, state in all_states().items():
        if state["Type"] == "Task":
            retried = {e for rule in state["Retry"] for e in rule["ErrorEquals"]}
            assert {"States.Timeout", "Sandbox.Timedout"} <= retried, name


def test_tasks_retry_their_own_named_errors() -> None:
    states = all_states()
    own = {
        name: {e for rule in s["Retry"] for e in rule["ErrorEquals"]} - LAMBDA_ERRORS
        for name, s in states.items()
        if s["Type"] == "Task"
    }
    assert {"AssistantRateLimited", "AssistantUnavailable"} <= own["StartAssistantRun"]
    assert "LedgerThrottled" in own["RunTool"]
    assert "ChannelUnavailable" in own["SendReply"] and "ChannelUnavailable" in own["SendApology"]


def test_the_apology_itself_failing_ends_the_execution_failed_for_an_alarm() -> None:
    apology = definition()["States"]["SendApology"]
    assert apology["Catch"][0]["Next"] == "ApologyUndelivered"
    assert definition()["States"]["ApologyUndelivered"]["Type"] == "Fail"


def test_polling_is_a_wait_fed_by_settings_and_bounded_by_budgets() -> None:
    states = definition()["States"]
    assert states["WaitForAssistant"]["SecondsPath"] == "$.settings.poll_seconds"
    choices = json.dumps(states["RunStatus"]["Choices"])
    assert "$.settings.max_assistant_seconds" in choices and "$.settings.max_tool_rounds" in choices
    assert states["PollBudgetSpent"]["Next"] == "CancelAssistantRun"
    assert states["ToolBudgetSpent"]["Next"] == "AnswerOpenToolCalls"


def test_tool_calls_run_one_at_a_time() -> None:
    assert definition()["States"]["RunToolCalls"]["MaxConcurrency"] == 1


def test_the_asl_is_jsonpath_not_jsonata() -> None:
    text = ASL.read_text(encoding="utf-8")
    assert "JSONata" not in text and '"Assign"' not in text


def test_every_task_resource_is_a_template_substitution_of_a_function() -> None:
    template = load(project_root())
    arns = {lid: f"arn:aws:lambda:us-east-1:123456789012:function:{lid}" for lid in template.functions}
    resolved = json.loads(template.definition(arns))
    assert "${" not in json.dumps(resolved)


def test_the_committed_asl_is_what_the_generator_writes() -> None:
    script = project_root() / "scripts" / "gen_asl.py"
    assert subprocess.run([sys.executable, str(script), "--check"], check=False).returncode == 0, "run make asl"  # noqa: S603
