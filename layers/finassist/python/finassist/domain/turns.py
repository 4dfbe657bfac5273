"""One turn per sender: the queue of a person's messages and who holds the turn, as pure rules.

Messages from one person are answered one at a time, in the order the webhook accepted them: the webhook
appends the MessageSid to the person's queue, an execution may act only while its MessageSid is at the
head and holds the turn, and every terminal path leaves the queue. Two rules cover crashes: a holder whose
lease ran out (its execution failed, timed out or was aborted without releasing) is evicted, and a head that
never came to take its turn (its execution never started) is evicted after a start grace. Nobody waits
longer than the lease plus the grace behind a dead message.

Each function returns the new state, or None when nothing changes; the store writes it with an optimistic
version check, so two executions deciding at once cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal


@dataclass(frozen=True)
class TurnState:
    """A person's queue as stored: MessageSids oldest first, the head's holder and its lease, a version."""

    queue: tuple[str, ...] = ()
    holder: str = ""
    lease_until: float = 0.0
    head_since: float = 0.0
    version: int = 0

    @property
    def head(self) -> str:
        return self.queue[0] if self.queue else ""


@dataclass(frozen=True)
class TurnRules:
    """How long a turn may be held, and how long a head may take to arrive before it counts as lost."""

    lease_seconds: float = 300.0
    start_grace_seconds: float = 120.0
    renew_after_seconds: float = 30.0
    """A step renews the lease only when it was last renewed longer ago than this: a message's steps mostly
    come within seconds of each other, and a write per step bought nothing but WRUs and latency. Safe while
    lease_seconds - renew_after_seconds outlasts the longest step plus a back-off (test_timeouts_nest.py)."""


@dataclass(frozen=True)
class Decision:
    """What try_take decided: the turn is ours, or we wait behind `ahead` messages; `state` to write, if any."""

    outcome: Literal["taken", "wait"]
    state: TurnState | None
    ahead: int = 0


def enqueue(state: TurnState, message_sid: str, now: float) -> TurnState | None:
    """The webhook's append; None when the message is already queued (Twilio delivered it twice)."""
    if message_sid in state.queue:
        return None
    head_since = now if not state.queue else state.head_since
    return replace(state, queue=(*state.queue, message_sid), head_since=head_since)


def _evict_head(state: TurnState, now: float) -> TurnState:
    return replace(state, queue=state.queue[1:], holder="", lease_until=0.0, head_since=now)


def _head_is_dead(state: TurnState, now: float, rules: TurnRules) -> bool:
    if state.holder == state.head:
        return state.lease_until <= now
    return state.head_since + rules.start_grace_seconds <= now


def try_take(state: TurnState, message_sid: str, now: float, rules: TurnRules) -> Decision:
    """Take the turn when this message is at the head, after evicting dead heads in front of it.

    A message that is not queued at all (its queue entry was evicted because it arrived later than the grace,
    or it was started before the queue existed) joins the end of the queue instead of jumping ahead.
    """
    if message_sid not in state.queue:
        joined = enqueue(state, message_sid, now)
        return Decision("wait", joined, ahead=len(state.queue))
    current = state
    changed = False
    while current.head != message_sid and _head_is_dead(current, now, rules):
        current = _evict_head(current, now)
        changed = True
    if current.head == message_sid:
        if current.holder == message_sid and current.lease_until > now and not changed:
            return Decision("taken", None)  # a retried WaitForSenderTurn: the turn is already ours
        taken = replace(current, holder=message_sid, lease_until=now + rules.lease_seconds)
        return Decision("taken", taken)
    ahead = current.queue.index(message_sid)
    return Decision("wait", current if changed else None, ahead=ahead)


def renew(state: TurnState, message_sid: str, now: float, rules: TurnRules) -> TurnState | None:
    """Every step of a turn extends its lease: a slow but alive turn is never taken for a dead one."""
    if state.holder != message_sid or state.head != message_sid:
        return None
    if state.lease_until - now > rules.lease_seconds - rules.renew_after_seconds:
        return None  # renewed moments ago
    return replace(state, lease_until=max(state.lease_until, now + rules.lease_seconds))


def release(state: TurnState, message_sid: str, now: float) -> TurnState | None:
    """Leave the queue (every terminal path calls this); None when the message is not in it any more."""
    if message_sid not in state.queue:
        return None
    queue = tuple(sid for sid in state.queue if sid != message_sid)
    was_head = state.head == message_sid
    return replace(
        state,
        queue=queue,
        holder="" if was_head or state.holder == message_sid else state.holder,
        lease_until=0.0 if was_head else state.lease_until,
        head_since=now if was_head else state.head_since,
    )
