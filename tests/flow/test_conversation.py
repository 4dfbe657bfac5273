"""Conversations over several messages: the assistant asks back instead of guessing, and the answer completes it."""

from __future__ import annotations

from decimal import Decimal

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA


def test_a_missing_amount_is_asked_for_and_the_answer_completes_the_expense(stack: EmbeddedStack) -> None:
    asked = stack.send(twilio_fields(ANA, "almoço hoje"))
    assert asked.state_names[-3:] == ["StartAssistantRun", "RunStatus", "SendReply"]
    assert "Quanto você gastou com almoço?" in asked.replies[0]
    assert not xlsx_ledger_path(stack.data_dir, ANA).exists()

    answered = stack.send(twilio_fields(ANA, "45"))

    assert answered.replies == ["Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."]
    rows = XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).rows()
    assert [(r.expense.description, r.expense.amount) for r in rows] == [("almoço", Decimal("45.00"))]


def test_two_amounts_in_one_message_are_asked_about_not_guessed(stack: EmbeddedStack) -> None:
    outcome = stack.send(twilio_fields(ANA, "almoço 45 e uber 20"))
    assert "mais de um valor" in outcome.replies[0]
    assert not xlsx_ledger_path(stack.data_dir, ANA).exists()


def test_a_greeting_gets_help_with_examples(stack: EmbeddedStack) -> None:
    outcome = stack.send(twilio_fields(ANA, "oi"))
    assert outcome.status == "SUCCEEDED"
    assert "quanto gastei este mês?" in outcome.replies[0]
