"""The embedded stack's Step Functions keeps AWS's payload limit and its terminal errors.

AWS: a state's input or output over 262,144 bytes (UTF-8) fails with States.DataLimitExceeded, which States.ALL
neither catches nor retries (developer guide, concepts-error-handling; service quotas). moto let States.ALL catch
it, so these tests run small state machines around handlers of their own and check the execution fails as on AWS.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from finassist.local.sfn_limits import MAX_PAYLOAD_BYTES, payload_bytes
from finassist.local.stack import REGION, ROLE_NAME, EmbeddedStack

CATCH_ALL = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Apologise"}]
RETRY_ALL = [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2}]
HANDLER = """
def handler(event, context):
    return {"reply": "x" * int(event["size"])}
"""


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[EmbeddedStack]:
    with EmbeddedStack(tmp_path / "data") as running:
        yield running


def big_reply_function(stack: EmbeddedStack, tmp_path: Path) -> str:
    code = tmp_path / f"big_reply_{uuid.uuid4().hex[:8]}"
    code.mkdir()
    (code / "app.py").write_text(HANDLER, encoding="utf-8")
    return stack.register_function(code.name, code)


def run(stack: EmbeddedStack, states: dict[str, Any], start: str, payload: dict[str, Any]) -> dict[str, Any]:
    sfn = boto3.client("stepfunctions", region_name=REGION)
    role = boto3.client("iam", region_name=REGION).get_role(RoleName=ROLE_NAME)["Role"]["Arn"]
    machine = sfn.create_state_machine(
        name=f"limits-{uuid.uuid4().hex[:8]}",
        definition=json.dumps({"StartAt": start, "States": states}),
        roleArn=role,
        type="STANDARD",
    )["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, name=uuid.uuid4().hex, input=json.dumps(payload))["executionArn"]
    described = stack.wait(arn)
    described["state_names"] = [visit.name for visit in stack.path(arn)]
    return described


def task(arn: str, **extra: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": arn, "Retry": RETRY_ALL, "Catch": CATCH_ALL, "End": True, **extra}


APOLOGISE = {"Apologise": {"Type": "Pass", "End": True}}


def test_a_task_result_over_256_kib_fails_the_execution_and_states_all_neither_retries_nor_catches_it(
    stack: EmbeddedStack, tmp_path: Path
) -> None:
    arn = big_reply_function(stack, tmp_path)

    described = run(stack, {"Reply": task(arn), **APOLOGISE}, "Reply", {"size": 300_000})

    assert described["status"] == "FAILED"
    assert described["error"] == "States.DataLimitExceeded"
    assert "Apologise" not in described["state_names"]
    assert stack.invocations.count(arn.rsplit(":", 1)[1]) == 1, "States.ALL's Retry does not retry it"


def test_a_task_input_over_256_kib_after_parameters_fails_before_the_function_runs(
    stack: EmbeddedStack, tmp_path: Path
) -> None:
    arn = big_reply_function(stack, tmp_path)
    oversized = {"size": 1, "padding": "p" * MAX_PAYLOAD_BYTES}

    described = run(
        stack,
        {"Reply": task(arn, Parameters={"size.$": "$.size", "padding.$": "$.padding"}), **APOLOGISE},
        "Reply",
        oversized,
    )

    assert (described["status"], described["error"]) == ("FAILED", "States.DataLimitExceeded")
    assert arn.rsplit(":", 1)[1] not in stack.invocations


def test_a_state_output_over_256_kib_made_by_result_path_fails_the_execution(
    stack: EmbeddedStack, tmp_path: Path
) -> None:
    arn = big_reply_function(stack, tmp_path)

    described = run(
        stack,
        {"Reply": task(arn, ResultPath="$.result"), **APOLOGISE},
        "Reply",
        {"size": 140_000, "kept": "k" * 140_000},
    )

    assert (described["status"], described["error"]) == ("FAILED", "States.DataLimitExceeded")
    assert "Apologise" not in described["state_names"]


def test_a_catch_that_names_data_limit_exceeded_does_catch_it(stack: EmbeddedStack, tmp_path: Path) -> None:
    arn = big_reply_function(stack, tmp_path)
    named = [{"ErrorEquals": ["States.DataLimitExceeded"], "ResultPath": "$.error", "Next": "Apologise"}]

    described = run(stack, {"Reply": task(arn, Catch=named), **APOLOGISE}, "Reply", {"size": 300_000})

    assert described["status"] == "SUCCEEDED"
    assert described["state_names"][-1] == "Apologise"


@pytest.mark.parametrize(("extra_bytes", "status"), [(0, "SUCCEEDED"), (1, "FAILED")])
def test_the_limit_is_262144_bytes_of_utf8_inclusive(stack: EmbeddedStack, extra_bytes: int, status: str) -> None:
    frame = payload_bytes({"s": ""})
    text = "é" * ((MAX_PAYLOAD_BYTES - frame) // 2)  # two bytes each in UTF-8
    text += "x" * (MAX_PAYLOAD_BYTES - frame - 2 * len(text) + extra_bytes)
    assert payload_bytes({"s": text}) == MAX_PAYLOAD_BYTES + extra_bytes

    described = run(stack, {"Echo": {"Type": "Pass", "End": True}}, "Echo", {"s": text})

    assert described["status"] == status
    if status == "FAILED":
        assert described["error"] == "States.DataLimitExceeded"


def test_other_errors_are_still_caught_by_states_all(stack: EmbeddedStack, tmp_path: Path) -> None:
    arn = big_reply_function(stack, tmp_path)

    described = run(stack, {"Reply": task(arn), **APOLOGISE}, "Reply", {"no_size": True})

    assert described["status"] == "SUCCEEDED"
    assert described["state_names"][-1] == "Apologise"
