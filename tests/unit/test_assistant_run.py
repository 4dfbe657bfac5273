"""The assistant-run record and its rules, against small fakes of our own ports: sizes stay bounded, a refused
conversation is repaired or replaced, and following a fresh response never fails the step that made it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pytest

from finassist import assistant_run
from finassist.errors import AssistantRateLimited, AssistantRunFailed, ConversationHasOpenToolCalls
from finassist.ports import Run, RunContext, ToolCall, ToolOutput

LIMITS = assistant_run.Limits(follow_seconds=1, max_reply_chars=100, max_tool_calls=3, max_argument_bytes=64)
CONTEXT = RunContext(today=date(2026, 11, 24))


def settled(run: Run, **kwargs: object) -> dict[str, object]:
    options: dict[str, object] = {"tool_rounds": 0, "started_at": 100.0, "now": 103.5, "tool_outputs": []}
    options.update(kwargs)
    return assistant_run.record(run, "conv_1", limits=LIMITS, **options)  # type: ignore[arg-type]


def test_a_settled_reply_is_split_and_carried_with_the_assistant_time() -> None:
    record = settled(Run("resp_1", "completed", reply_text="Anotado!"))
    assert record["status"] == "completed" and record["assistant_seconds"] == 3.5
    assert record["reply"] == {"parts": ["Anotado!"], "media": []}


def test_a_reply_too_long_for_whatsapp_is_cut_with_an_ellipsis_never_silently() -> None:
    record = settled(Run("resp_1", "completed", reply_text="palavra " * 100))
    [part] = record["reply"]["parts"]  # type: ignore[index]
    assert len(part) <= 100 and part.endswith("…")


def test_a_reply_cut_by_the_output_token_cap_still_reaches_the_person_marked() -> None:
    run = Run("resp_1", "incomplete", reply_text="Seus gastos", incomplete_reason="max_output_tokens")
    assert settled(run)["reply"] == {"parts": ["Seus gastos…"], "media": []}


def test_an_oversized_argument_is_dropped_from_the_state_and_flagged() -> None:
    calls = (ToolCall("call_1", "add_expense", "{" + '"x": "' + "a" * 200 + '"}'), ToolCall("call_2", "x", "{}"))
    record = settled(Run("resp_1", "completed", tool_calls=calls))
    assert [(c["arguments"], c["oversized"]) for c in record["tool_calls"]] == [("", True), ("{}", False)]  # type: ignore[index]


def test_more_calls_in_one_round_than_allowed_fail_the_run_by_name() -> None:
    calls = tuple(ToolCall(f"call_{n}", "x", "{}") for n in range(4))
    with pytest.raises(AssistantRunFailed, match="4 tool calls"):
        settled(Run("resp_1", "completed", tool_calls=calls))


def test_media_of_the_last_tools_travel_with_the_reply() -> None:
    outputs = [{"call_id": "c", "output": json.dumps({"media": [{"url": "s3://chart.png"}]})}]
    assert settled(Run("r", "completed", reply_text="ok"), tool_outputs=outputs)["reply"] == {
        "parts": ["ok"],
        "media": ["s3://chart.png"],
    }


@dataclass
class RefusingAssistant:
    """Refuses `refusals` starts with the service's unanswered-call error, then accepts."""

    refusals: int
    closed: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    started_on: list[str] = field(default_factory=list)

    def create_conversation(self, sender_id: str) -> str:
        self.created.append(f"conv_new{len(self.created)}")
        return self.created[-1]

    def start_run(self, conversation_id: str, user_text: str, context: RunContext) -> Run:
        self.started_on.append(conversation_id)
        if self.refusals > 0:
            self.refusals -= 1
            raise ConversationHasOpenToolCalls("No tool output found for function call call_9.", ("call_9",))
        return Run("resp_ok", "queued")

    def close_open_calls(self, conversation_id: str, note: str) -> list[str]:
        self.closed.append(conversation_id)
        return ["call_9"]

    def get_run(self, run_id: str) -> Run:
        raise AssistantRateLimited("429")

    def wait_for_run(self, run_id: str, max_seconds: float) -> Run:
        raise AssistantRateLimited("429")

    def submit_tool_outputs(self, conversation_id: str, outputs: Sequence[ToolOutput], context: RunContext) -> Run:
        raise NotImplementedError

    def cancel_run(self, run_id: str) -> Run:
        raise NotImplementedError


@dataclass
class Conversations:
    replaced: dict[str, str] = field(default_factory=dict)

    def find(self, user_key: str) -> str | None:
        return None

    def save(self, user_key: str, conversation_id: str) -> None: ...

    def replace(self, user_key: str, conversation_id: str) -> None:
        self.replaced[user_key] = conversation_id

    def touch(self, user_key: str) -> None: ...


def test_a_conversation_refused_for_an_unanswered_call_is_repaired_and_kept() -> None:
    assistant, store = RefusingAssistant(refusals=1), Conversations()
    conversation, run = assistant_run.open_response(assistant, store, "u1", "conv_old", "almoço 30", CONTEXT)
    assert (conversation, run.run_id) == ("conv_old", "resp_ok")
    assert assistant.closed == ["conv_old"] and store.replaced == {}


def test_a_conversation_still_refused_after_the_repair_is_replaced_and_the_message_still_goes() -> None:
    assistant, store = RefusingAssistant(refusals=2), Conversations()
    conversation, run = assistant_run.open_response(assistant, store, "u1", "conv_old", "almoço 30", CONTEXT)
    assert conversation == "conv_new0" and run.run_id == "resp_ok"
    assert store.replaced == {"u1": "conv_new0"}
    assert assistant.started_on == ["conv_old", "conv_old", "conv_new0"]


def test_following_a_fresh_response_that_cannot_be_read_leaves_it_to_the_wait_loop() -> None:
    assert assistant_run.follow_new(RefusingAssistant(0), "resp_1", 5) == Run("resp_1", "in_progress")


def test_a_check_that_cannot_read_the_response_fails_by_name_for_its_retry() -> None:
    with pytest.raises(AssistantRateLimited):
        assistant_run.follow(RefusingAssistant(0), "resp_1", 5)
