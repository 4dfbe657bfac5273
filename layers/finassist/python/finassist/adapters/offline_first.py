"""Offline-first: the offline engine answers the messages it is sure of, the model the rest.

With an OpenAI key, every message is first read by the offline engine (0.2 ms, no model call). When it is sure
(finassist.domain.understanding.is_sure: a clear expense, a clear question, undo/correct/summary/export), it
drives the same run protocol itself — the state machine takes the same path — and the turn is then copied into
the person's OpenAI conversation as two items (what they said, what we answered), with no model call, so a
later "apaga o último" or "e em outubro?" that goes to the model has the context. Everything else goes to the
model. Offline runs and their calls carry the prefix `off_`, so every later call finds its engine.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from finassist.adapters.offline_assistant import OfflineAssistant
from finassist.domain.understanding import is_sure
from finassist.errors import FinAssistError
from finassist.ports import Assistant, Run, RunContext, ToolOutput

OFFLINE = "off_"
log = logging.getLogger(__name__)


class ModelWithItems(Assistant, Protocol):
    """The model's Assistant port, plus adding a finished turn to its conversation without a model call."""

    def add_turn(self, conversation_id: str, user_text: str, reply_text: str) -> None: ...


def _offline(run: Run) -> Run:
    calls = tuple(replace(call, call_id=OFFLINE + call.call_id) for call in run.tool_calls)
    return replace(run, run_id=OFFLINE + run.run_id, tool_calls=calls)


class OfflineFirstAssistant:
    """The Assistant port over both engines, choosing per message."""

    def __init__(self, model: ModelWithItems, offline: OfflineAssistant) -> None:
        self._model = model
        self._offline = offline

    def create_conversation(self, sender_id: str) -> str:
        return self._model.create_conversation(sender_id)

    def start_run(self, conversation_id: str, user_text: str, context: RunContext) -> Run:
        run = self._offline.start_if_sure(conversation_id, user_text, context, is_sure)
        if run is None:
            return self._model.start_run(conversation_id, user_text, context)
        return _offline(run)

    def get_run(self, run_id: str) -> Run:
        if run_id.startswith(OFFLINE):
            return _offline(self._offline.get_run(run_id.removeprefix(OFFLINE)))
        return self._model.get_run(run_id)

    def wait_for_run(self, run_id: str, max_seconds: float) -> Run:
        if run_id.startswith(OFFLINE):
            return self.get_run(run_id)
        return self._model.wait_for_run(run_id, max_seconds)

    def cancel_run(self, run_id: str) -> Run:
        if run_id.startswith(OFFLINE):
            return _offline(self._offline.cancel_run(run_id.removeprefix(OFFLINE)))
        return self._model.cancel_run(run_id)

    def submit_tool_outputs(self, conversation_id: str, outputs: Sequence[ToolOutput], context: RunContext) -> Run:
        if not outputs or not all(o.call_id.startswith(OFFLINE) for o in outputs):
            return self._model.submit_tool_outputs(conversation_id, outputs, context)
        mine = [ToolOutput(o.call_id.removeprefix(OFFLINE), o.output) for o in outputs]
        answered = self._offline.submit_tool_outputs(conversation_id, mine, context)
        settled = self._offline.get_run(answered.run_id)
        self._tell_the_model(conversation_id, settled.reply_text)
        return _offline(settled)

    def close_open_calls(self, conversation_id: str, note: str) -> list[str]:
        closed = [OFFLINE + call for call in self._offline.close_open_calls(conversation_id, note)]
        return closed + self._model.close_open_calls(conversation_id, note)

    def _tell_the_model(self, conversation_id: str, reply_text: str) -> None:
        """Best effort: a turn the model cannot see costs it context, never the person's answer."""
        try:
            self._model.add_turn(conversation_id, self._offline.last_user_text(conversation_id), reply_text)
        except FinAssistError as exc:
            log.warning("an offline turn could not be added to the model's conversation: %s", exc)
