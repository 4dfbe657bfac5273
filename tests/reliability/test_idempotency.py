"""Idempotency under retries and redeliveries: a write that landed is never written again, a message is answered once.

The ledger's entry id is MessageSid + call_id, and every reply part is recorded by MessageSid before it is sent,
so any replay of the same message (a Step Functions Retry, Twilio redelivering the webhook, an operator running
the execution again) finds its work done.
"""

from __future__ import annotations

import json
import threading
from decimal import Decimal

import boto3
import pytest
from botocore.exceptions import ClientError

from finassist.local.stack import REGION, twilio_fields
from tests.reliability.world import ANSWER, LambdaServiceException, World


def test_a_run_tool_retried_after_its_write_landed_adds_one_row(world: World) -> None:
    sender = world.new_user()
    call_id = world.plan_lunch()
    fields = twilio_fields(sender, "Gastei R$ 45 em almoço hoje")
    world.stack.inject_fault("RunTool", LambdaServiceException, after=True)  # the row lands, the answer is lost

    outcome = world.stack.send(fields)

    assert outcome.status == "SUCCEEDED"
    assert next(visit for visit in outcome.path if visit.name == "RunTool").retries == 1
    assert world.amounts_of(fields["MessageSid"]) == [Decimal("45")]
    submitted = world.openai.bodies("POST", "/v1/responses")[-1]["input"]
    assert submitted[0]["call_id"] == call_id
    assert json.loads(submitted[0]["output"])["status"] == "success"
    assert world.twilio.to(sender) == [ANSWER]


def test_a_webhook_delivered_three_times_at_once_starts_one_execution(world: World) -> None:
    sender = world.new_user()
    world.plan_lunch()
    fields = twilio_fields(sender, "Gastei R$ 45 em almoço hoje")
    event = world.stack.webhook_event(fields)
    statuses: list[int] = []
    barrier = threading.Barrier(3)

    def deliver() -> None:
        barrier.wait()
        statuses.append(world.stack.post_webhook(event)["statusCode"])

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    world.stack.wait(world.stack.execution_arn(fields["MessageSid"]))

    sfn = boto3.client("stepfunctions", region_name=REGION)
    executions = sfn.list_executions(stateMachineArn=world.stack.state_machine_arn)["executions"]
    assert statuses == [200, 200, 200]
    assert [e["name"] for e in executions].count(fields["MessageSid"]) == 1
    assert len(world.rows_of(fields["MessageSid"])) == 1
    assert world.twilio.to(sender) == [ANSWER]


def test_moto_does_not_implement_redrive_execution(world: World) -> None:
    """RedriveExecution is not in moto 5.2.5; the next test runs its equivalent."""
    sender = world.new_user()
    world.plan_lunch()
    world.twilio.fail_next("send", "status", 503, times=10)
    outcome = world.stack.send(twilio_fields(sender, "Gastei R$ 45 em almoço hoje"))
    assert outcome.status == "FAILED" and outcome.execution_arn is not None

    sfn = boto3.client("stepfunctions", region_name=REGION)
    with pytest.raises((NotImplementedError, ClientError)):
        sfn.redrive_execution(executionArn=outcome.execution_arn)


def test_running_a_failed_execution_again_with_the_same_input_adds_no_second_row(world: World) -> None:
    """The redrive equivalent: the first run wrote the row, then Twilio was down for the reply and the apology."""
    sender = world.new_user()
    call_id = world.plan_lunch()
    fields = twilio_fields(sender, "Gastei R$ 45 em almoço hoje")
    world.twilio.fail_next("send", "status", 503, times=10)
    first = world.stack.send(fields)
    assert first.status == "FAILED" and first.execution_arn is not None
    assert len(world.rows_of(fields["MessageSid"])) == 1 and world.twilio.to(sender) == []

    world.reset()
    world.plan_lunch(call_id)  # the model plans the same call again: same MessageSid + call_id, same entry id
    sfn = boto3.client("stepfunctions", region_name=REGION)
    original_input = sfn.describe_execution(executionArn=first.execution_arn)["input"]
    again = sfn.start_execution(
        stateMachineArn=world.stack.state_machine_arn, name=fields["MessageSid"] + "-again", input=original_input
    )["executionArn"]
    described = world.stack.wait(again)

    assert described["status"] == "SUCCEEDED"
    assert world.amounts_of(fields["MessageSid"]) == [Decimal("45")]
    assert world.twilio.to(sender) == [ANSWER]
