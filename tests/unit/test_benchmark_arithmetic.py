"""`make bench`'s own arithmetic on tiny fixed inputs: transitions as AWS bills them, the virtual clock, Lambda's
rounding, DynamoDB's request units, log bytes and the cost per 1,000 messages (benchmarks/, not timed here)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from benchmarks import clock, cost
from benchmarks.common import billed_gb_seconds, billed_ms
from benchmarks.dynamodb_meter import (
    KeySchema,
    index_write_units,
    item_size,
    metered_dynamodb,
    read_units,
    write_units,
)
from benchmarks.log_meter import EVENT_OVERHEAD_BYTES, platform_bytes, platform_lines
from benchmarks.transitions import lambda_invocations, retries, state_counts, transitions


def entered(kind: str, name: str) -> dict[str, Any]:
    return {"type": f"{kind}StateEntered", "stateEnteredEventDetails": {"name": name}}


def scheduled() -> dict[str, Any]:
    return {"type": "LambdaFunctionScheduled"}


# ParseMessage retried once, a Choice, a Map with one RunTool iteration, a Wait loop, SendReply.
HISTORY: list[dict[str, Any]] = [
    {"type": "ExecutionStarted"},
    entered("Task", "ParseMessage"),
    scheduled(),
    {"type": "LambdaFunctionFailed"},
    scheduled(),
    {"type": "LambdaFunctionSucceeded"},
    entered("Choice", "RunStatus"),
    entered("Map", "RunToolCalls"),
    {"type": "MapIterationStarted"},
    entered("Task", "RunTool"),
    scheduled(),
    entered("Wait", "WaitForAssistant"),
    entered("Task", "CheckAssistantRun"),
    scheduled(),
    entered("Choice", "RunStatus"),
    entered("Task", "SendReply"),
    scheduled(),
    {"type": "ExecutionSucceeded"},
]


def test_transitions_count_every_state_entered_map_iterations_included_and_every_retry() -> None:
    assert retries(HISTORY) == 1
    assert transitions(HISTORY) == 8 + 1  # eight states entered, one retry
    assert lambda_invocations(HISTORY) == 5
    assert state_counts(HISTORY)["RunStatus"] == 2


def test_the_virtual_clock_adds_the_lambdas_the_waits_and_the_assumed_dispatch() -> None:
    reply = clock.reply_time(HISTORY, webhook_seconds=0.02, lambda_seconds=[0.1, 0.2, 3.0, 0.05], sleeps=[1.0])

    dispatch = (
        clock.API_GATEWAY_SECONDS
        + clock.EXECUTION_START_SECONDS
        + 5 * clock.TASK_DISPATCH_SECONDS  # every invocation, the retry's included
        + 4 * clock.STATE_SECONDS  # two Choices, the Map and the Wait
    )
    assert reply.dispatch == pytest.approx(dispatch)
    assert reply.total == pytest.approx(0.02 + 3.35 + 1.0 + dispatch)


def test_lambda_bills_each_invocation_rounded_up_to_the_millisecond() -> None:
    assert billed_ms(0.0121) == 13
    assert billed_ms(0.012) == 12, "a float just over 12 ms is still 12 ms"
    assert billed_gb_seconds([(0.0121, 256), (1.0, 1024)]) == pytest.approx(0.013 * 0.25 + 1.0)


def test_dynamodb_sizes_count_names_and_values_as_dynamodb_does() -> None:
    item = {
        "pk": {"S": "ab"},  # 2 + 2
        "n": {"N": "123.40"},  # 1 + 4 significant digits: 3
        "flag": {"BOOL": True},  # 4 + 1
        "m": {"M": {"k": {"S": "é"}}},  # 1 + (3 + 1 + 1 + 2)
    }
    assert item_size(item) == 4 + 4 + 5 + 8


def test_dynamodb_units_round_up_per_block_with_their_minimums() -> None:
    assert write_units(0, 1024) == 1
    assert write_units(1025, 10) == 2, "the larger of the item before and after"
    assert write_units(0, 0) == 1
    assert read_units([], consistent=False) == 0.5
    assert read_units([4096, 1], consistent=True) == 2
    assert read_units([3000, 3000], consistent=False) == 1


def test_a_write_that_puts_an_item_in_a_global_index_writes_the_index_too() -> None:
    schema = KeySchema("sender_id", None, ("user_key",))
    without = {"sender_id": {"S": "x"}}
    keyed = {"sender_id": {"S": "x"}, "user_key": {"S": "u1"}}

    assert index_write_units(schema, without, keyed, changed=True) == 1
    assert index_write_units(schema, keyed, {**keyed, "user_key": {"S": "u2"}}, changed=True) == 2
    assert index_write_units(schema, keyed, keyed, changed=False) == 0


@pytest.fixture
def table() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="T",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield client


def test_the_meter_prices_each_request_moto_answers_by_the_items_it_touched(table: Any) -> None:
    with metered_dynamodb({"T": KeySchema("pk")}) as meter:
        table.put_item(TableName="T", Item={"pk": {"S": "a"}, "v": {"S": "x" * 1500}})  # 2 WRU
        table.update_item(  # grows to ~3 KB: 3 WRU
            TableName="T",
            Key={"pk": {"S": "a"}},
            UpdateExpression="SET w = :w",
            ExpressionAttributeValues={":w": {"S": "y" * 1500}},
        )
        with pytest.raises(table.exceptions.ConditionalCheckFailedException):
            table.put_item(  # refused, still billed by the item it checked: 3 WRU
                TableName="T", Item={"pk": {"S": "a"}}, ConditionExpression="attribute_not_exists(pk)"
            )
        table.get_item(TableName="T", Key={"pk": {"S": "a"}}, ConsistentRead=True)  # 1 RRU
        table.get_item(TableName="T", Key={"pk": {"S": "missing"}})  # 0.5 RRU

    use = meter.tables["T"]
    assert use.requests == 5
    assert use.write_units == 2 + 3 + 3
    assert use.read_units == 1.5


def test_lambda_writes_three_lines_per_invocation_each_with_its_event_overhead() -> None:
    lines = platform_lines(12.3, 256)
    cold = platform_lines(12.3, 256, init_ms=412.5)

    assert [line.split()[0] for line in lines] == ["START", "END", "REPORT"]
    assert "Billed Duration: 13 ms" in lines[2] and "Memory Size: 256 MB" in lines[2]
    assert "Init Duration: 412.50 ms" in cold[2]
    assert platform_bytes(12.3, 256) == sum(len(line.encode()) for line in lines) + 3 * EVENT_OVERHEAD_BYTES


def test_the_cost_per_thousand_is_each_use_times_its_cited_us_east_1_price() -> None:
    usage = cost.Usage(
        transitions=11,
        lambda_requests=8,
        gb_seconds=2.0,
        cold_gb_seconds=0.5,
        api_requests=1,
        read_units=10,
        write_units=20,
        traces=1,
        log_gb=4e-6,
        ssm_calls=1,
        kms_requests=1,
    )

    dollars = cost.per_thousand(usage, cost.prices())

    assert dollars["transitions"] == pytest.approx(0.275)  # $0.025 per 1,000 transitions
    assert dollars["lambda_requests"] == pytest.approx(0.0016)
    assert dollars["gb_seconds"] + dollars["cold_gb_seconds"] == pytest.approx(2.5 * 0.0000133334 * 1000)
    assert dollars["api_requests"] == pytest.approx(0.0035)
    assert dollars["write_units"] == pytest.approx(20 * 0.625e-6 * 1000)
    assert dollars["traces"] == pytest.approx(0.005)
    assert dollars["log_gb"] == pytest.approx(4e-6 * 0.5 * 1000)
    assert dollars["ssm_calls"] == 0.0
    assert dollars["kms_requests"] == pytest.approx(0.003)


def test_every_priced_item_has_a_us_east_1_price_and_its_source() -> None:
    prices = cost.prices()

    for key in set(cost.PRICED.values()):
        assert prices[key]["us-east-1"] is not None, key
        assert prices[key]["source"].startswith("https://"), key
        assert prices[key]["quoted"], key
