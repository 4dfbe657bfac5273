"""The real ASL on the embedded stack, end to end: what a user reads, what the ledger holds, which states ran."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import EmbeddedStack, project_root, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA, SEED_CSV, openai_stack
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import Turn

START = ["ParseMessage", "IsVoiceNote", "WaitForSenderTurn", "ResolveConversation", "StartAssistantRun"]
# Each step that starts a response follows it until it settles: no Wait and no check in the common case.
ONE_TOOL_ROUND = ["RunStatus", "RunToolCalls", "RunTool", "SubmitToolOutputs", "RunStatus", "SendReply"]


def ledger_of(stack: EmbeddedStack, sender: str = ANA) -> XlsxLedger:
    return XlsxLedger(xlsx_ledger_path(stack.data_dir, sender))


def test_a_text_expense_is_written_to_the_ledger_and_confirmed(stack: EmbeddedStack) -> None:
    outcome = stack.send(twilio_fields(ANA, "Gastei R$ 45 em almoço hoje"))

    assert outcome.status == "SUCCEEDED"
    assert outcome.replies == ["Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."]
    assert outcome.state_names == START + ONE_TOOL_ROUND
    rows = ledger_of(stack).rows()
    assert [(r.expense.date.isoformat(), r.expense.category, r.expense.amount) for r in rows] == [
        ("2026-11-24", "Alimentação", Decimal("45.00"))
    ]
    assert "almoço" in rows[0].expense.description.lower()
    assert rows[0].entry_id.startswith(outcome.execution_arn.rsplit(":", 1)[1])


def test_a_voice_note_is_transcribed_then_written(stack: EmbeddedStack) -> None:
    note = (project_root() / "events" / "voice_notes" / "almoco.ogg").as_uri()
    outcome = stack.send(twilio_fields(ANA, media_url=note, media_type="audio/ogg"))

    assert outcome.status == "SUCCEEDED"
    assert outcome.state_names == ["ParseMessage", "IsVoiceNote", "TranscribeVoiceNote", *START[2:], *ONE_TOOL_ROUND]
    assert outcome.replies == ["Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."]
    assert [r.expense.amount for r in ledger_of(stack).rows()] == [Decimal("45.00")]


def test_a_question_is_answered_from_the_ledger_without_changing_it(stack: EmbeddedStack) -> None:
    if not SEED_CSV.exists():
        pytest.skip(f"seed ledger not found at {SEED_CSV}")
    ledger = ledger_of(stack)
    ledger.load_csv(SEED_CSV)
    before = ledger.rows()

    outcome = stack.send(twilio_fields(ANA, "Quanto gastei em alimentação este mês?"))

    assert outcome.status == "SUCCEEDED"
    assert outcome.state_names == START + ONE_TOOL_ROUND
    assert len(outcome.replies) == 1 and "R$ 566,35" in outcome.replies[0]
    assert "Alimentação" in outcome.replies[0]
    assert ledger.rows() == before


def test_a_tool_that_fails_still_gets_the_user_an_apology(stack: EmbeddedStack) -> None:
    broken = ledger_of(stack).path
    broken.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    workbook.active.title = "Planilha1"  # the workbook exists but its Despesas table is missing
    workbook.save(broken)

    outcome = stack.send(twilio_fields(ANA, "Uber 23,50 ontem"))

    assert outcome.status == "SUCCEEDED"
    assert outcome.state_names == START + ONE_TOOL_ROUND[:3] + ["AnswerOpenToolCalls", "SendApology"]
    run_tool = next(v for v in outcome.path if v.name == "RunTool")
    assert run_tool.error == "LedgerMisconfigured"
    assert outcome.replies == [
        "Não encontrei a tabela Despesas na sua planilha. Já avisei a equipe; enquanto isso, seu gasto não foi "
        "registrado."
    ]
    assert "Despesas" not in openpyxl.load_workbook(broken).sheetnames


def test_an_assistant_run_that_fails_gets_an_apology_and_writes_nothing(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        openai_api.plan(
            Turn(output=[], status="failed", error={"code": "server_error", "message": "The model crashed."})
        )

        outcome = stack.send(twilio_fields(ANA, "Gastei R$ 45 em almoço hoje"))

        assert outcome.status == "SUCCEEDED"
        assert outcome.state_names == [*START, "AnswerOpenToolCalls", "SendApology"]
        assert [v.error for v in outcome.path if v.name == "StartAssistantRun"] == ["AssistantRunFailed"]
        assert outcome.replies == ["Não consegui concluir sua mensagem. Pode repetir com outras palavras?"]
        assert not ledger_of(stack).path.exists()


def test_the_openai_engine_takes_the_same_path_and_echoes_each_call_id(tmp_path: Path) -> None:
    arguments = {
        "date": "2026-11-24",
        "category": "Alimentação",
        "description": "almoço",
        "amount": "45.00",
        "notes": None,
    }
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        openai_api.plan(
            Turn(output=[function_call("call_lunch_1", "add_expense", arguments, "fc_1")], polls_in_progress=0),
            Turn(output=[message("Anotado: R$ 45,00 em Alimentação (almoço) hoje.")], polls_in_progress=0),
        )

        outcome = stack.send(twilio_fields(ANA, "Gastei R$ 45 em almoço hoje"))

        assert outcome.state_names == START + ONE_TOOL_ROUND
        assert outcome.replies == ["Anotado: R$ 45,00 em Alimentação (almoço) hoje."]
        submitted = openai_api.bodies("POST", "/v1/responses")[1]["input"]
        assert [item["type"] for item in submitted] == ["function_call_output"]
        assert submitted[0]["call_id"] == "call_lunch_1"
        assert json.loads(submitted[0]["output"])["status"] == "success"
        assert [r.expense.amount for r in ledger_of(stack).rows()] == [Decimal("45.00")]


def test_an_unknown_sender_is_refused_politely_and_starts_nothing(stack: EmbeddedStack) -> None:
    stranger = "whatsapp:+5521912345678"
    outcome = stack.send(twilio_fields(stranger, "Gastei 45 no almoço"))

    assert outcome.webhook_status == 200
    assert outcome.execution_arn is None
    assert len(outcome.replies) == 1 and "não está cadastrado" in outcome.replies[0]
    assert not ledger_of(stack, stranger).path.exists()
    assert "ParseMessage" not in stack.invocations


def test_an_image_is_declined_with_what_is_supported(stack: EmbeddedStack) -> None:
    outcome = stack.send(twilio_fields(ANA, media_url="https://api.twilio.com/x/Media/ME1", media_type="image/jpeg"))

    assert outcome.state_names == ["ParseMessage", "SendApology"]
    assert outcome.path[0].error == "UnsupportedMessage"
    assert "texto e áudios" in outcome.replies[0]


def test_a_forged_webhook_is_refused_and_starts_nothing(stack: EmbeddedStack) -> None:
    outcome = stack.send(twilio_fields(ANA, "Gastei 45 no almoço"), signature="Zm9yZ2Vk")

    assert outcome.webhook_status == 403
    assert outcome.execution_arn is None and outcome.replies == []
