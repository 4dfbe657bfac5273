"""Bursts: one person's messages one at a time in arrival order, different people in parallel; every message
answered exactly once, every row written once, no apology (offline engine; the OpenAI engine is covered in
test_concurrency_openai.py against a fake that locks its conversations)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from finassist.local.stack import EmbeddedStack
from tests.conftest import NOW
from tests.flow.bursts import SENDERS, amounts_written, burst

AMOUNT = re.compile(r"R\$ (\d+),00")


def amounts_replied(stack: EmbeddedStack, sender: str) -> list[int]:
    replies = stack.replies_to(sender)
    assert all("Desculpe" not in r and "problema" not in r for r in replies), replies
    return [int(m.group(1)) for r in replies for m in [AMOUNT.search(r)] if m]


@pytest.fixture
def people(tmp_path: Path) -> EmbeddedStack:
    stack = EmbeddedStack(tmp_path / "data", env={"FINASSIST_NOW": NOW})
    stack.start()
    for n, sender in enumerate(SENDERS):
        stack.add_user(sender, f"Pessoa {n}")
    yield stack  # type: ignore[misc]
    stack.stop()


@pytest.mark.parametrize("size", [2, 6, 10])
def test_a_burst_from_one_person_is_answered_once_each_in_arrival_order(people: EmbeddedStack, size: int) -> None:
    sender = SENDERS[0]
    plan = [(sender, 10 + n) for n in range(size)]

    burst(people, plan)

    assert amounts_replied(people, sender) == [amount for _, amount in plan]
    assert amounts_written(people, sender) == [Decimal(amount) for _, amount in plan]
    assert people.turn_queue(sender) == ()


def test_interleaved_bursts_from_three_people_keep_each_persons_order(people: EmbeddedStack) -> None:
    plan = [(SENDERS[n % 3], 20 + n) for n in range(9)]

    burst(people, plan)

    for sender in SENDERS:
        mine = [amount for who, amount in plan if who == sender]
        assert amounts_replied(people, sender) == mine
        assert amounts_written(people, sender) == [Decimal(a) for a in mine]


def test_the_waiting_shows_in_the_history_as_the_wait_for_sender_turn_state(people: EmbeddedStack) -> None:
    sids = burst(people, [(SENDERS[0], 31), (SENDERS[0], 32)])

    for sid in sids:
        names = [visit.name for visit in people.path(people.execution_arn(sid))]
        assert names.count("WaitForSenderTurn") == 1
        assert names.index("WaitForSenderTurn") < names.index("StartAssistantRun")
