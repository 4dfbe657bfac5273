"""Joining, taking and leaving a person's turn against the TurnStore (the rules are in domain.turns).

Every change is read, decided and written back under the store's version check; losing that race just means
reading again. WaitForSenderTurn waits here for a short, bounded time, then raises SenderTurnBusy so the
state machine's Retry takes over: an operator sees the waiting in the execution history, and a Lambda never
waits longer than its own timeout.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from finassist.domain.turns import Decision, TurnRules, TurnState, enqueue, release, renew, try_take
from finassist.errors import SenderTurnBusy
from finassist.ports import TurnStore

MAX_RACES = 20


@dataclass(frozen=True)
class Waiting:
    """How WaitForSenderTurn waits inside one invocation before handing back to the ASL's Retry."""

    max_seconds: float = 10.0
    poll_seconds: float = 0.1


def _change(
    store: TurnStore, user_key: str, decide: Callable[[TurnState], TurnState | None]
) -> tuple[TurnState, TurnState | None]:
    """Apply `decide` to the stored state until our write wins; returns (state read, state written or None)."""
    for _ in range(MAX_RACES):
        state = store.read(user_key)
        new = decide(state)
        if new is None or store.write(user_key, new, state.version):
            return state, new
    raise SenderTurnBusy("the turn record changed under us too many times in a row")


def join(store: TurnStore, user_key: str, message_sid: str, now: float) -> None:
    """The webhook's step: the message takes its place in the person's queue (a second delivery does nothing)."""
    _change(store, user_key, lambda state: enqueue(state, message_sid, now))


def leave(store: TurnStore, user_key: str, message_sid: str, now: float) -> bool:
    """Every terminal path's step: the message leaves the queue and the turn passes to the next one."""
    _, written = _change(store, user_key, lambda state: release(state, message_sid, now))
    return written is not None


def keep(store: TurnStore, user_key: str, message_sid: str, rules: TurnRules, now: float) -> None:
    """Each step of the turn renews the lease (a no-op when the message does not hold the turn)."""
    _change(store, user_key, lambda state: renew(state, message_sid, now, rules))


def take(
    store: TurnStore,
    user_key: str,
    message_sid: str,
    rules: TurnRules,
    waiting: Waiting,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, object]:
    """The turn for this message, waiting up to `waiting.max_seconds`; SenderTurnBusy when still not ours."""
    started = clock()
    while True:
        decision: Decision | None = None

        def decide(state: TurnState) -> TurnState | None:
            nonlocal decision
            decision = try_take(state, message_sid, clock(), rules)
            return decision.state

        _change(store, user_key, decide)
        assert decision is not None
        if decision.outcome == "taken":
            return {"held": True, "waited_seconds": round(clock() - started, 3)}
        if clock() - started >= waiting.max_seconds:
            raise SenderTurnBusy(f"{decision.ahead} earlier message(s) of this person are still being answered")
        sleep(waiting.poll_seconds)
