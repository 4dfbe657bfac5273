"""`finassist history` on the embedded stack: two WhatsApp messages, then what an operator reads about them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from finassist.commands.history import (
    HistoryError,
    discover_state_machine,
    execution_detail,
    format_detail,
    format_list,
    recent_executions,
    resolve_execution,
)
from finassist.local.stack import REGION, EmbeddedStack, twilio_fields
from tests.conftest import ANA, NOW

EXPENSE_SID = "SM" + "1" * 32
PICTURE_SID = "SM" + "2" * 32


@pytest.fixture(scope="module")
def two_messages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedStack, Any]]:
    """One stack for the module: the tests only read its history."""
    with EmbeddedStack(tmp_path_factory.mktemp("history"), env={"FINASSIST_NOW": NOW}) as stack:
        stack.add_user(ANA, "Ana")
        stack.send(twilio_fields(ANA, "Gastei R$ 45 em almoço hoje", message_sid=EXPENSE_SID))
        stack.send(
            twilio_fields(
                ANA, message_sid=PICTURE_SID, media_url="https://api.twilio.com/m/ME0", media_type="image/jpeg"
            )
        )
        yield stack, boto3.client("stepfunctions", region_name=REGION)


def test_the_message_flow_is_found_by_its_name(two_messages: tuple[EmbeddedStack, Any]) -> None:
    stack, sfn = two_messages

    assert discover_state_machine(sfn) == stack.state_machine_arn


def test_the_list_has_one_execution_per_message_newest_first_with_the_senders_opaque_key(
    two_messages: tuple[EmbeddedStack, Any],
) -> None:
    stack, sfn = two_messages

    rows = recent_executions(sfn, stack.state_machine_arn)

    assert [row.name for row in rows] == [PICTURE_SID, EXPENSE_SID]
    assert {row.status for row in rows} == {"SUCCEEDED"}
    assert {row.sender for row in rows} == {stack.user_key(ANA)}
    assert all(row.seconds is not None and row.seconds >= 0 for row in rows)
    printed = format_list(rows)
    assert printed.splitlines()[0].split()[:2] == ["STARTED", "NAME"]
    assert EXPENSE_SID in printed and "987654321" not in printed
    assert [row.name for row in recent_executions(sfn, stack.state_machine_arn, max_items=1)] == [PICTURE_SID]


def test_an_expense_shows_its_states_in_order_with_the_tool_call(two_messages: tuple[EmbeddedStack, Any]) -> None:
    stack, sfn = two_messages

    detail = execution_detail(sfn, resolve_execution(sfn, stack.state_machine_arn, EXPENSE_SID))

    names = [visit.name for visit in detail.path]
    assert names[:2] == ["ParseMessage", "IsVoiceNote"]
    assert "RunToolCalls" in names and "RunTool" in names
    assert names[-2:] == ["RunStatus", "SendReply"]
    assert detail.status == "SUCCEEDED" and detail.sender == stack.user_key(ANA)
    printed = format_detail(detail)
    assert printed.startswith(f"{EXPENSE_SID}  SUCCEEDED")
    assert f"{len(names)} states" in printed


def test_a_caught_error_shows_by_name_on_the_state_that_raised_it(two_messages: tuple[EmbeddedStack, Any]) -> None:
    stack, sfn = two_messages

    detail = execution_detail(sfn, resolve_execution(sfn, stack.state_machine_arn, "latest"))

    assert detail.name == PICTURE_SID
    assert detail.path[0].name == "ParseMessage" and detail.path[0].error == "UnsupportedMessage"
    assert detail.path[-1].name == "SendApology"
    parse_line = next(line for line in format_detail(detail).splitlines() if "ParseMessage" in line)
    assert parse_line.rstrip().endswith("UnsupportedMessage")


def test_an_unknown_execution_is_reported_not_raised_as_a_traceback(two_messages: tuple[EmbeddedStack, Any]) -> None:
    stack, sfn = two_messages

    with pytest.raises(HistoryError, match="no execution"):
        execution_detail(sfn, resolve_execution(sfn, stack.state_machine_arn, "SM" + "f" * 32))
