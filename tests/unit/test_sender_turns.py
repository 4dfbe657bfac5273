"""Joining, taking and leaving a turn against the real DynamoDB store (moto), including racing writers."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from finassist import sender_turns
from finassist.adapters.dynamo_flow_state import DynamoTurnStore
from finassist.domain.turns import TurnRules
from finassist.errors import SenderTurnBusy

KEY = "u0123456789abcdef0123"
RULES = TurnRules(lease_seconds=30, start_grace_seconds=10)


@pytest.fixture
def store(flow_state_table: Any) -> DynamoTurnStore:
    return DynamoTurnStore(flow_state_table)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_the_first_message_takes_the_turn_at_once(store: DynamoTurnStore) -> None:
    clock = FakeClock()
    sender_turns.join(store, KEY, "SM1", clock())
    held = sender_turns.take(store, KEY, "SM1", RULES, sender_turns.Waiting(5), clock, clock.sleep)
    assert held == {"held": True, "waited_seconds": 0.0}
    assert store.read(KEY).holder == "SM1"


def test_a_second_message_waits_its_bounded_time_then_says_busy(store: DynamoTurnStore) -> None:
    clock = FakeClock()
    for sid in ("SM1", "SM2"):
        sender_turns.join(store, KEY, sid, clock())
    sender_turns.take(store, KEY, "SM1", RULES, sender_turns.Waiting(5), clock, clock.sleep)

    with pytest.raises(SenderTurnBusy, match="1 earlier message"):
        sender_turns.take(store, KEY, "SM2", RULES, sender_turns.Waiting(2, 0.5), clock, clock.sleep)
    assert clock.now >= 1002.0


def test_leaving_hands_the_turn_to_the_next_message(store: DynamoTurnStore) -> None:
    clock = FakeClock()
    for sid in ("SM1", "SM2"):
        sender_turns.join(store, KEY, sid, clock())
    sender_turns.take(store, KEY, "SM1", RULES, sender_turns.Waiting(5), clock, clock.sleep)
    assert sender_turns.leave(store, KEY, "SM1", clock()) is True
    assert sender_turns.take(store, KEY, "SM2", RULES, sender_turns.Waiting(5), clock, clock.sleep)["held"] is True


def test_a_crashed_holder_blocks_the_next_message_no_longer_than_its_lease(store: DynamoTurnStore) -> None:
    clock = FakeClock()
    for sid in ("SM1", "SM2"):
        sender_turns.join(store, KEY, sid, clock())
    sender_turns.take(store, KEY, "SM1", RULES, sender_turns.Waiting(5), clock, clock.sleep)  # then never leaves
    held = sender_turns.take(store, KEY, "SM2", RULES, sender_turns.Waiting(60, 1.0), clock, clock.sleep)
    assert held["held"] is True and 29.0 <= float(held["waited_seconds"]) <= 31.0


def test_racing_joins_from_many_threads_lose_no_message(store: DynamoTurnStore) -> None:
    sids = [f"SM{n:02d}" for n in range(12)]
    threads = [threading.Thread(target=sender_turns.join, args=(store, KEY, sid, 1.0)) for sid in sids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(store.read(KEY).queue) == sids


def test_only_one_of_two_racing_writers_with_the_same_version_wins(store: DynamoTurnStore) -> None:
    state = store.read(KEY)
    from dataclasses import replace

    assert store.write(KEY, replace(state, queue=("SM1",)), state.version) is True
    assert store.write(KEY, replace(state, queue=("SM2",)), state.version) is False
    assert store.read(KEY).queue == ("SM1",)
