"""The offline engine's conversations under a burst of one sender's messages, and after their file is damaged."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from finassist.adapters.offline_assistant import MAX_ITEMS, OfflineAssistant
from finassist.errors import AssistantRunFailed, ConversationHasOpenToolCalls
from finassist.ports import Run, RunContext, ToolOutput

CONTEXT = RunContext(today=date(2026, 11, 24))
SENDER = "whatsapp:+5511987654321"


def _added(call_id: str, amount: str) -> ToolOutput:
    expense = {"amount": amount, "category": "Alimentação", "date": "2026-11-24", "description": "almoço"}
    return ToolOutput(call_id, json.dumps({"status": "success", "added": True, "expense": expense}))


def _one_message(assistant: OfflineAssistant, conversation_id: str, amount: int) -> str:
    """What the state machine does for one expense: start, poll, answer the call, poll the reply.

    Like the Responses API, the engine refuses a new response while another message's call is unanswered;
    in the flow the person's turn prevents it, here the message simply tries again a moment later.
    """
    while True:
        try:
            started = assistant.start_run(conversation_id, f"almoço {amount}", CONTEXT)
            break
        except ConversationHasOpenToolCalls:
            time.sleep(0.005)
    calls = assistant.get_run(started.run_id).tool_calls
    assert [call.name for call in calls] == ["add_expense"]
    answered = assistant.submit_tool_outputs(conversation_id, [_added(calls[0].call_id, f"{amount}.00")], CONTEXT)
    return assistant.get_run(answered.run_id).reply_text


def test_a_burst_of_ten_messages_on_one_conversation_answers_each_and_keeps_every_turn(tmp_path: Path) -> None:
    assistant = OfflineAssistant(tmp_path, keep_items=100)  # every item kept, so a lost update would show
    conversation_id = assistant.create_conversation(SENDER)

    with ThreadPoolExecutor(10) as pool:
        replies = list(pool.map(lambda n: _one_message(assistant, conversation_id, 10 + n), range(10)))

    assert all(reply.startswith("Anotado! ✅") for reply in replies)
    assert sorted(reply.split("R$ ")[1][:5] for reply in replies) == [f"{10 + n},00" for n in range(10)]
    conversation = assistant.conversations.read(conversation_id)
    kinds = [item["type"] for item in conversation["items"]]
    assert kinds.count("message") == 20 and kinds.count("function_call") == 10
    assert kinds.count("function_call_output") == 10
    assert conversation["pending"] == {}
    assert not list(assistant.conversations.folder.glob("*.tmp"))


def test_a_new_message_while_a_call_is_unanswered_is_refused_as_the_responses_api_does(tmp_path: Path) -> None:
    assistant = OfflineAssistant(tmp_path)
    conversation_id = assistant.create_conversation(SENDER)
    first = assistant.get_run(assistant.start_run(conversation_id, "almoço 45", CONTEXT).run_id)

    with pytest.raises(ConversationHasOpenToolCalls, match="No tool output found for function call") as refused:
        assistant.start_run(conversation_id, "uber 22", CONTEXT)

    assert refused.value.call_ids == (first.tool_calls[0].call_id,)
    answer = [_added(first.tool_calls[0].call_id, "45.00")]
    reply_to_first = assistant.submit_tool_outputs(conversation_id, answer, CONTEXT)
    assert "R$ 45,00" in assistant.get_run(reply_to_first.run_id).reply_text
    assert assistant.start_run(conversation_id, "uber 22", CONTEXT).status == "queued"


def test_an_unknown_or_a_missing_output_is_refused_as_the_responses_api_does(tmp_path: Path) -> None:
    assistant = OfflineAssistant(tmp_path)
    conversation_id = assistant.create_conversation(SENDER)
    run = assistant.get_run(assistant.start_run(conversation_id, "almoço 45", CONTEXT).run_id)

    with pytest.raises(AssistantRunFailed, match="No tool call found for function call output"):
        assistant.submit_tool_outputs(conversation_id, [_added("call_unknown", "45.00")], CONTEXT)
    with pytest.raises(AssistantRunFailed, match="No tool output found for function call"):
        assistant.submit_tool_outputs(conversation_id, [], CONTEXT)
    assert isinstance(run, Run) and run.status == "completed"


@pytest.mark.parametrize("damage", [b'{"id": "conv_x", "items": [{"type": "mess', b"", b"null"])
def test_a_damaged_conversation_is_set_aside_and_the_message_still_answered(tmp_path: Path, damage: bytes) -> None:
    assistant = OfflineAssistant(tmp_path)
    conversation_id = assistant.create_conversation(SENDER)
    _one_message(assistant, conversation_id, 30)
    assistant.conversations.path(conversation_id).write_bytes(damage)

    reply = _one_message(assistant, conversation_id, 45)

    assert reply.startswith("Anotado! ✅ R$ 45,00")
    conversation = assistant.conversations.read(conversation_id)
    assert conversation["replaced"]["problem"]
    assert [item["content"] for item in conversation["items"] if item.get("role") == "user"] == ["almoço 45"]
    [kept] = assistant.conversations.set_aside_files(conversation_id)
    assert kept.read_bytes() == damage
    assert _one_message(assistant, conversation_id, 12).startswith("Anotado! ✅ R$ 12,00")


def test_a_conversation_whose_file_is_gone_starts_afresh_instead_of_failing(tmp_path: Path) -> None:
    assistant = OfflineAssistant(tmp_path)
    conversation_id = assistant.create_conversation(SENDER)
    assistant.conversations.path(conversation_id).unlink()

    assert _one_message(assistant, conversation_id, 45).startswith("Anotado! ✅ R$ 45,00")


def test_a_conversation_damaged_during_a_tool_round_fails_that_run_and_the_next_message_is_answered(
    tmp_path: Path,
) -> None:
    assistant = OfflineAssistant(tmp_path)
    conversation_id = assistant.create_conversation(SENDER)
    run = assistant.get_run(assistant.start_run(conversation_id, "almoço 45", CONTEXT).run_id)
    assistant.conversations.path(conversation_id).write_text("{", encoding="utf-8")

    with pytest.raises(AssistantRunFailed, match="unreadable"):
        assistant.submit_tool_outputs(conversation_id, [_added(run.tool_calls[0].call_id, "45.00")], CONTEXT)

    assert assistant.conversations.read(conversation_id)["items"] == []
    assert len(assistant.conversations.set_aside_files(conversation_id)) == 1
    assert _one_message(assistant, conversation_id, 12).startswith("Anotado! ✅ R$ 12,00")


def test_the_conversation_keeps_only_its_recent_items_and_still_finds_the_last_thing_said(tmp_path: Path) -> None:
    assistant = OfflineAssistant(tmp_path)
    conversation_id = assistant.create_conversation(SENDER)

    for amount in range(10, 30):
        _one_message(assistant, conversation_id, amount)

    items = assistant.conversations.read(conversation_id)["items"]
    assert len(items) == MAX_ITEMS
    assert assistant.last_user_text(conversation_id) == "almoço 29"
    assert len(json.dumps(items).encode()) < 1_200  # 2 WRU per turn in DynamoDB, not ~23


def test_an_expense_and_a_question_in_one_message_are_one_round_with_the_expense_first(tmp_path: Path) -> None:
    """RunTool runs a round's calls in order, so the total the reply gives counts the row just added."""
    assistant = OfflineAssistant(tmp_path)
    conversation_id = assistant.create_conversation(SENDER)

    started = assistant.start_run(conversation_id, "anota 30 de uber e me diz quanto gastei com transporte", CONTEXT)
    calls = assistant.get_run(started.run_id).tool_calls

    assert [call.name for call in calls] == ["add_expense", "get_expenses_by_category"]
    assert json.loads(calls[0].arguments)["amount"] == "30.00"
    assert json.loads(calls[1].arguments)["category"] == "Transporte"
    expense = {"amount": "30.00", "category": "Transporte", "date": "2026-11-24", "description": "uber"}
    total = {
        "category": "Transporte",
        "total": "50.00",
        "count": 2,
        "start_date": "2026-11-01",
        "end_date": "2026-11-30",
    }
    outputs = [
        ToolOutput(calls[0].call_id, json.dumps({"status": "success", "added": True, "expense": expense})),
        ToolOutput(calls[1].call_id, json.dumps({"status": "success", **total})),
    ]
    reply = assistant.get_run(assistant.submit_tool_outputs(conversation_id, outputs, CONTEXT).run_id).reply_text
    assert reply.splitlines() == [
        "Anotado! ✅ R$ 30,00 em Transporte (uber), 24/11.",
        "Você gastou R$ 50,00 com Transporte este mês (2 lançamentos).",
    ]


def test_a_round_of_ten_expenses_keeps_every_call_so_an_unanswered_one_is_still_found(tmp_path: Path) -> None:
    assistant = OfflineAssistant(tmp_path)
    conversation_id = assistant.create_conversation(SENDER)
    for amount in range(10, 15):
        _one_message(assistant, conversation_id, amount)
    ten = ", ".join(f"{item} {n}" for n, item in enumerate(["uber", "pizza", "cinema", "luz", "farmácia"] * 2, 11))

    started = assistant.start_run(conversation_id, ten, CONTEXT)
    calls = assistant.get_run(started.run_id).tool_calls
    assert len(calls) == 10

    with pytest.raises(ConversationHasOpenToolCalls) as refused:
        assistant.start_run(conversation_id, "almoço 30", CONTEXT)
    assert refused.value.call_ids == tuple(call.call_id for call in calls)
