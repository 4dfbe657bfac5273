"""The DynamoDB stores where two writers can meet (moto's DynamoDB, two threads at a time): first contact of one
sender from two messages at once, an operator's `users add` beside a `users disable`, a recurring expense whose
creating call is retried."""

from __future__ import annotations

import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import boto3
import pytest
from moto import mock_aws

from finassist import flow
from finassist.adapters.dynamo_conversations import DynamoConversationStore
from finassist.adapters.dynamo_recurring import DynamoRecurringStore
from finassist.adapters.dynamo_users import DynamoUserDirectory
from finassist.local.moto_dynamodb import atomic_dynamodb
from finassist.ports import RecurringExpense, Run, RunContext, ToolOutput

REGION = "us-east-1"
ANA = "whatsapp:+5511987654321"
ROUNDS = 30


@pytest.fixture
def tables(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Any]]:
    """A function giving a fresh Table object per call (boto3 resources are not shared between threads), on a moto
    whose DynamoDB requests are atomic as DynamoDB's are (finassist.local.moto_dynamodb)."""
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(
        1e-6
    )  # threads switch often, so a race that can happen does (without the lock: ~1 round in 4)
    with mock_aws(), atomic_dynamodb():
        client = boto3.client("dynamodb", region_name=REGION)
        for name, keys in (
            ("Conversations", ["sender_id"]),
            ("Users", ["sender_id"]),
            ("Recurring", ["sender_id", "recurring_id"]),
        ):
            client.create_table(
                TableName=name,
                AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k in keys],
                KeySchema=[
                    {"AttributeName": k, "KeyType": kind} for k, kind in zip(keys, ("HASH", "RANGE"), strict=False)
                ],
                BillingMode="PAY_PER_REQUEST",
            )
        try:
            yield lambda name: boto3.resource("dynamodb", region_name=REGION).Table(name)
        finally:
            sys.setswitchinterval(switch_interval)


class SlowFirstContact:
    """Assistant port fake: every create_conversation waits until both messages have looked the sender up and
    found nothing, so both really create one (the race the conditional write must settle)."""

    def __init__(self, parties: int) -> None:
        self._barrier = threading.Barrier(parties, timeout=10)
        self.created: list[str] = []

    def create_conversation(self, sender_id: str) -> str:
        conversation_id = f"conv_{uuid.uuid4().hex}"
        self.created.append(conversation_id)
        self._barrier.wait()
        return conversation_id

    def start_run(self, conversation_id: str, user_text: str, context: RunContext) -> Run:
        raise NotImplementedError

    def get_run(self, run_id: str) -> Run:
        raise NotImplementedError

    def submit_tool_outputs(self, conversation_id: str, outputs: Sequence[ToolOutput], context: RunContext) -> Run:
        raise NotImplementedError

    def cancel_run(self, run_id: str) -> Run:
        raise NotImplementedError


def test_two_first_messages_at_once_end_on_one_conversation_the_loser_adopting_the_winners_id(
    tables: Callable[[str], Any],
) -> None:
    assistant = SlowFirstContact(parties=2)

    def resolve(_: int) -> str:
        return flow.resolve_conversation(ANA, assistant, DynamoConversationStore(tables("Conversations")))[
            "conversation_id"
        ]

    with ThreadPoolExecutor(2) as pool:
        resolved = list(pool.map(resolve, range(2)))

    assert len(set(assistant.created)) == 2, "both messages created a conversation"
    assert resolved[0] == resolved[1]
    assert resolved[0] in assistant.created
    item = tables("Conversations").get_item(Key={"sender_id": ANA}, ConsistentRead=True)["Item"]
    assert item["conversation_id"] == resolved[0]
    assert item["message_count"] == 2


def test_of_four_saves_at_once_three_lose_and_return_the_winners_conversation(tables: Callable[[str], Any]) -> None:
    barrier = threading.Barrier(4, timeout=10)

    def save(conversation_id: str) -> str:
        store = DynamoConversationStore(tables("Conversations"))
        barrier.wait()
        return store.save(ANA, conversation_id)

    for round_ in range(ROUNDS):
        candidates = [f"conv_{round_}_{n}" for n in range(4)]
        tables("Conversations").delete_item(Key={"sender_id": ANA})
        with ThreadPoolExecutor(4) as pool:
            saved = list(pool.map(save, candidates))
        on_record = DynamoConversationStore(tables("Conversations")).find(ANA)
        assert saved == [on_record] * 4 and on_record in candidates


def test_counting_a_message_of_a_sender_without_a_conversation_writes_nothing(tables: Callable[[str], Any]) -> None:
    DynamoConversationStore(tables("Conversations")).touch(ANA)

    assert "Item" not in tables("Conversations").get_item(Key={"sender_id": ANA})


def test_an_add_with_a_new_workbook_beside_a_disable_loses_neither(tables: Callable[[str], Any]) -> None:
    DynamoUserDirectory(tables("Users")).enroll(ANA, "Ana", {"file": "ana-0.xlsx"})
    barrier = threading.Barrier(2, timeout=10)

    def enroll(workbook: str) -> None:
        directory = DynamoUserDirectory(tables("Users"))
        barrier.wait()
        directory.enroll(ANA, "Ana", {"file": workbook})

    def disable() -> None:
        directory = DynamoUserDirectory(tables("Users"))
        barrier.wait()
        directory.disable(ANA)

    for round_ in range(1, ROUNDS + 1):
        workbook = f"ana-{round_}.xlsx"
        threads = [threading.Thread(target=enroll, args=(workbook,)), threading.Thread(target=disable)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        user = DynamoUserDirectory(tables("Users")).get(ANA)
        assert user is not None and user.workbook == {"file": workbook}


def test_an_add_without_a_workbook_keeps_the_one_on_record_and_says_whether_the_sender_was_new(
    tables: Callable[[str], Any],
) -> None:
    directory = DynamoUserDirectory(tables("Users"))

    first, created = directory.enroll(ANA, "Ana", None)
    assert created and first.workbook == {} and first.active
    directory.enroll(ANA, "Ana", {"item_id": "01ABC", "table": "Despesas"})
    directory.disable(ANA)
    again, created_again = directory.enroll(ANA, "Ana Maria", None)

    assert not created_again
    assert again == directory.get(ANA)
    assert again.active and again.display_name == "Ana Maria"
    assert again.workbook == {"item_id": "01ABC", "table": "Despesas"}


def test_disabling_an_unknown_sender_creates_no_row(tables: Callable[[str], Any]) -> None:
    directory = DynamoUserDirectory(tables("Users"))

    assert directory.disable(ANA) is None
    assert directory.get(ANA) is None


def test_a_retried_recurring_expense_keeps_what_its_first_call_stored(tables: Callable[[str], Any]) -> None:
    def rent(first_month: str) -> RecurringExpense:
        return RecurringExpense(ANA, "rent1", 8, Decimal("1800.00"), "Moradia", "aluguel", first_month)

    barrier = threading.Barrier(2, timeout=10)

    def put(first_month: str) -> None:
        store = DynamoRecurringStore(tables("Recurring"))
        barrier.wait()
        store.put(rent(first_month))

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(put, ["2026-12", "2027-01"]))
    stored = DynamoRecurringStore(tables("Recurring")).for_sender(ANA)
    DynamoRecurringStore(tables("Recurring")).put(rent("2027-02"))

    assert len(stored) == 1 and stored[0].first_month in ("2026-12", "2027-01")
    assert DynamoRecurringStore(tables("Recurring")).for_sender(ANA) == stored
