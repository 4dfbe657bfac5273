"""Timeouts nest: each client call with its own retries fits inside its Lambda's timeout, each Lambda's timeout
inside its Task's TimeoutSeconds, and the budgets inside the execution's timeout (docs/decisions.md has the
table). template.yaml, the ASL and the clients' settings are read here, so none can drift from the others."""

from __future__ import annotations

import json
import sys

import pytest

from finassist import wiring
from finassist.adapters import graph_client, twilio_channel
from finassist.local.stack import project_root
from finassist.local.template import load
from finassist.settings import Settings

ROOT = project_root()
TEMPLATE = load(ROOT)
sys.path.insert(0, str(ROOT / "scripts"))
import gen_asl  # noqa: E402

DEFAULTS = Settings()
OPENAI_BACKOFF = 8.0  # the openai SDK's longest wait between its own retries (_base_client MAX_RETRY_DELAY)
OPENAI_CALL = DEFAULTS.openai_timeout_seconds * (DEFAULTS.openai_max_retries + 1) + OPENAI_BACKOFF
FOLLOW = DEFAULTS.assistant_follow_seconds + OPENAI_CALL  # the stream (or polls) for the bound, then one read
GRAPH_CALL = sum(graph_client.TIMEOUT)
TWILIO_SEND = twilio_channel.SEND_TIMEOUT_SECONDS
MEDIA = sum(twilio_channel.MEDIA_TIMEOUT_SECONDS)
AWS_CALL = (wiring.AWS_CONNECT_SECONDS + wiring.AWS_READ_SECONDS) * wiring.AWS_ATTEMPTS

# The longest client call (with its own retries) each step makes, plus the time it waits on purpose.
CLIENT_BUDGET: dict[str, float] = {
    "ReceiveWebhook": max(AWS_CALL, TWILIO_SEND),  # Twilio only for a stranger's refusal
    "ParseMessage": 0.0,
    "TranscribeVoiceNote": max(MEDIA, OPENAI_CALL),
    "WaitForSenderTurn": DEFAULTS.turn_wait_seconds + AWS_CALL,
    "ResolveConversation": max(OPENAI_CALL, AWS_CALL),
    "StartAssistantRun": OPENAI_CALL + FOLLOW,
    "CheckAssistantRun": FOLLOW,
    "RunTool": max(GRAPH_CALL, AWS_CALL),
    "SubmitToolOutputs": OPENAI_CALL + FOLLOW,
    "SendReply": max(TWILIO_SEND, AWS_CALL),
    "CancelAssistantRun": OPENAI_CALL,
    "AnswerOpenToolCalls": OPENAI_CALL,
    "SendApology": max(GRAPH_CALL, TWILIO_SEND, AWS_CALL),
    "ListDueRecurring": AWS_CALL,
    "AddRecurringExpense": max(GRAPH_CALL, TWILIO_SEND, AWS_CALL),
}


def _task_timeouts() -> dict[str, int]:
    found: dict[str, int] = {}
    for machine in TEMPLATE.state_machines.values():
        states = dict(json.loads(machine.definition_uri.read_text(encoding="utf-8"))["States"])
        for state in list(states.values()):
            if state["Type"] == "Map":
                states.update(state["ItemProcessor"]["States"])
        found.update({name: int(s["TimeoutSeconds"]) for name, s in states.items() if s["Type"] == "Task"})
    return found


def _lambda_timeout(state: str) -> int:
    import yaml

    from finassist.local.template import _Loader

    doc = yaml.load((ROOT / "template.yaml").read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    properties = doc["Resources"][f"{state}Function"]["Properties"]
    return int(properties.get("Timeout", doc["Globals"]["Function"]["Timeout"]))


def test_every_function_has_a_client_budget_in_the_table() -> None:
    assert {spec.state_name for spec in TEMPLATE.functions.values()} == set(CLIENT_BUDGET)


@pytest.mark.parametrize("state", sorted(CLIENT_BUDGET))
def test_the_clients_fit_inside_the_lambda_timeout(state: str) -> None:
    assert CLIENT_BUDGET[state] < _lambda_timeout(state), f"{state}: clients may take {CLIENT_BUDGET[state]} s"


@pytest.mark.parametrize("state", sorted(_task_timeouts()))
def test_the_lambda_timeout_fits_inside_the_task_timeout(state: str) -> None:
    assert _lambda_timeout(state) + 5 <= _task_timeouts()[state]


def test_the_asl_timeouts_are_the_generators_table() -> None:
    assert _task_timeouts() == gen_asl.TASK_TIMEOUTS


def _turn_retry() -> dict[str, int]:
    rules = gen_asl.STATES["WaitForSenderTurn"]["Retry"]
    rule: dict[str, int] = next(r for r in rules if r["ErrorEquals"] == ["SenderTurnBusy"])
    return rule


def test_the_assistant_budget_ends_well_before_the_execution_timeout() -> None:
    execution = int(json.loads((ROOT / "statemachine" / "message_flow.asl.json").read_text())["TimeoutSeconds"])
    waiting = _turn_retry()["MaxAttempts"] * (DEFAULTS.turn_wait_seconds + _turn_retry()["MaxDelaySeconds"])
    tasks = _task_timeouts()
    before = (
        tasks["ParseMessage"] + tasks["TranscribeVoiceNote"] + tasks["ResolveConversation"] + tasks["StartAssistantRun"]
    )
    after = (
        tasks["CheckAssistantRun"] + tasks["CancelAssistantRun"] + tasks["AnswerOpenToolCalls"] + tasks["SendApology"]
    )
    worst = before + waiting + DEFAULTS.max_assistant_seconds + after
    assert worst < execution, f"{worst} s of waiting, assistant and apology against {execution} s"
    assert DEFAULTS.max_assistant_seconds + DEFAULTS.assistant_follow_seconds < 10 * 60  # background retention


def test_the_wait_for_a_turn_outlasts_a_dead_holders_lease_so_a_waiting_message_is_still_answered() -> None:
    # Only the in-Lambda waits count (the Retry's jittered delays may be near zero).
    waiting = _turn_retry()["MaxAttempts"] * DEFAULTS.turn_wait_seconds
    assert waiting > DEFAULTS.turn_lease_seconds + DEFAULTS.turn_start_grace_seconds


def test_the_lease_outlasts_any_single_step_of_a_turn_because_every_step_renews_it() -> None:
    in_the_turn = ("ResolveConversation", "StartAssistantRun", "CheckAssistantRun", "RunTool", "SubmitToolOutputs")
    in_the_turn += ("CancelAssistantRun", "AnswerOpenToolCalls", "SendReply", "SendApology")
    longest_step = max(_task_timeouts()[state] for state in in_the_turn)
    # A step starts with at least this much lease left: it renews unless the lease was renewed moments ago.
    least_left = DEFAULTS.turn_lease_seconds - DEFAULTS.turn_renew_after_seconds
    assert least_left >= longest_step + 60  # plus a retry's back-off
