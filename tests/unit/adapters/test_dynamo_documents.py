"""The offline engine's documents in DynamoDB (Lambda instances share no /tmp): the same contract as the files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from finassist.adapters.dynamo_documents import DynamoDocuments
from finassist.adapters.json_documents import DocumentMissing
from finassist.adapters.offline_assistant import OfflineAssistant
from finassist.errors import DocumentBusy
from finassist.ports import RunContext, ToolOutput


@pytest.fixture
def table(flow_state_table: Any) -> Any:
    return flow_state_table


def test_a_document_is_written_read_and_created_once(table: Any) -> None:
    docs = DynamoDocuments(table, "conversation")
    assert docs.create("conv_1", {"items": []}) is True
    assert docs.create("conv_1", {"items": ["x"]}) is False
    docs.write("conv_1", {"items": [1]})
    assert docs.read("conv_1") == {"items": [1]}
    with pytest.raises(DocumentMissing):
        docs.read("conv_2")


def test_an_update_that_lost_the_race_writes_nothing_and_says_busy(table: Any) -> None:
    docs = DynamoDocuments(table, "conversation")
    docs.write("conv_1", {"n": 1})
    with pytest.raises(DocumentBusy), docs.update("conv_1") as data:
        data["n"] = 2
        docs.write("conv_1", {"n": 10})  # another writer in between
    assert docs.read("conv_1") == {"n": 10}


def test_a_missing_document_is_recovered_by_the_callers_fresh_one(table: Any) -> None:
    docs = DynamoDocuments(table, "conversation")
    with docs.update("conv_9", recover=lambda problem: {"items": []}) as data:
        data["items"].append("oi")
    assert docs.read("conv_9") == {"items": ["oi"]}


def test_runs_carry_an_expiry_so_dynamodb_forgets_them(table: Any) -> None:
    DynamoDocuments(table, "response", ttl_days=2).write("resp_1", {"status": "queued"})
    item = table.get_item(Key={"pk": "doc#response#resp_1", "sk": "doc"})["Item"]
    assert int(item["expiration"]) > 0


def test_the_offline_engine_runs_across_two_instances_sharing_only_the_table(table: Any, tmp_path: Path) -> None:
    def engine(folder: str) -> OfflineAssistant:  # two Lambda instances: different /tmp, the same table
        return OfflineAssistant(
            tmp_path / folder,
            conversations=DynamoDocuments(table, "conversation"),
            responses=DynamoDocuments(table, "response", ttl_days=2),
        )

    context = RunContext(today=date(2026, 11, 24))
    first, second = engine("a"), engine("b")
    conversation = first.create_conversation("whatsapp:+5511987654321")
    run = second.get_run(first.start_run(conversation, "almoço 45", context).run_id)
    [call] = run.tool_calls
    output = '{"status": "success", "added": true, "expense": {"date": "2026-11-24", "category": "Alimentação", '
    output += '"description": "almoço", "amount": "45.00"}}'
    answered = first.submit_tool_outputs(conversation, [ToolOutput(call.call_id, output)], context)
    assert second.get_run(answered.run_id).reply_text.startswith("Anotado! ✅ R$ 45,00")
