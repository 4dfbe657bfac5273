"""Idempotency on the offline stack (offline engine, local .xlsx ledger, console channel): retries and re-runs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import boto3

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import REGION, EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA
from tests.reliability.world import LambdaServiceException


def test_a_run_tool_retried_after_its_write_landed_adds_one_row_to_the_local_workbook(
    stack: EmbeddedStack,
) -> None:
    stack.inject_fault("RunTool", LambdaServiceException, after=True)

    outcome = stack.send(twilio_fields(ANA, "Gastei R$ 45 em almoço hoje"))

    assert outcome.status == "SUCCEEDED"
    assert [row.expense.amount for row in XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).rows()] == [
        Decimal("45.00")
    ]
    assert len(outcome.replies) == 1 and "R$ 45,00" in outcome.replies[0]


def test_running_a_succeeded_execution_again_does_not_reply_twice(tmp_path: Path) -> None:
    with EmbeddedStack(tmp_path / "data", env={"FINASSIST_NOW": "2026-11-24T10:00:00-03:00"}) as stack:
        stack.add_user(ANA, "Ana")
        fields = twilio_fields(ANA, "Gastei R$ 45 em almoço hoje")
        first = stack.send(fields)
        assert first.status == "SUCCEEDED" and first.execution_arn is not None
        sfn = boto3.client("stepfunctions", region_name=REGION)
        original_input = sfn.describe_execution(executionArn=first.execution_arn)["input"]

        again = sfn.start_execution(
            stateMachineArn=stack.state_machine_arn, name=fields["MessageSid"] + "-again", input=original_input
        )["executionArn"]
        stack.wait(again)

        # A run from the start finds the message's response, tool results and reply parts by the MessageSid and
        # each call's position in the message (never by the model's call ids): nothing is written or sent twice.
        assert len(stack.replies_to(ANA)) == 1
        assert len(XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).rows()) == 1
