"""What one message did to the person's ledger, and which of its messages went out.

Recorded as it happens (a ledger change is written down before and after it is made), and read back when
a later step fails, so the one answer the person gets says what was really done: a Lambda that timed out
after its write still left the record, and a change recorded only as "about to" is checked in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from finassist.domain.apologies import Change
from finassist.domain.expense import expense_fields
from finassist.errors import FinAssistError
from finassist.ports import Effect, EffectKind, EffectsJournal, EffectStatus, Ledger

T = TypeVar("T")


@dataclass(frozen=True)
class EffectRecorder:
    """The journal as one tool call sees it: its message and position are fixed."""

    journal: EffectsJournal
    message_sid: str
    position: str

    def change(
        self,
        kind: EffectKind,
        entry_id: str,
        expense: dict[str, str],
        make: Callable[[], T],
        old: dict[str, str] | None = None,
    ) -> T:
        """Make a ledger change, written down before ("about_to") and after ("done"); a change the ledger
        refused by name ("not_done") is written down too, so the apology does not claim or doubt it."""
        self._record(kind, "about_to", entry_id, expense, old)
        try:
            result = make()
        except FinAssistError:
            self._record(kind, "not_done", entry_id, expense, old)
            raise
        self._record(kind, "done", entry_id, expense, old)
        return result

    def _record(
        self,
        kind: EffectKind,
        status: EffectStatus,
        entry_id: str,
        expense: dict[str, str],
        old: dict[str, str] | None,
    ) -> None:
        self.journal.record(Effect(self.message_sid, self.position, kind, status, entry_id, expense, old))


def _landed(effect: Effect, ledger: Ledger) -> bool:
    """For a change recorded only as "about to": does the ledger show it made?"""
    row = ledger.get(effect.entry_id)
    if effect.kind == "added":
        return row is not None
    if effect.kind == "deleted":
        return row is None
    if row is None or effect.expense is None:
        return False
    now = expense_fields(row.expense)
    return all(now.get(key) == effect.expense.get(key) for key in ("date", "category", "description", "amount"))


def _order(position: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in position.split("."))


def done_changes(effects: Sequence[Effect], ledger: Ledger | None) -> list[Change]:
    """The ledger changes this message made, oldest first; unverifiable ones are kept, marked uncertain."""
    latest: dict[str, Effect] = {}
    rank = {"about_to": 0, "not_done": 1, "done": 2}
    for effect in sorted(effects, key=lambda e: (_order(e.position), rank[e.status])):
        if effect.kind != "delivered":
            latest[effect.position] = effect
    changes: list[Change] = []
    for effect in latest.values():
        if effect.kind == "delivered" or effect.expense is None:
            continue
        kind = effect.kind
        if effect.status == "not_done":
            continue
        certain = True
        if effect.status == "about_to":
            if ledger is None:
                certain = False
            else:
                try:
                    if not _landed(effect, ledger):
                        continue
                except FinAssistError:
                    certain = False
        changes.append(Change(kind, effect.expense, effect.old, certain))
    return changes
