"""No function call is left without an output: every path that abandons a tool round answers its calls, and the
person's next message goes through on the same conversation (the offline engine refuses a conversation with an
unanswered call exactly as the Responses API does: "No tool output found for function call …")."""

from __future__ import annotations

from decimal import Decimal

from finassist import wiring
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA

ANSWER = "Anotado! ✅ R$ 30,00 em Alimentação (almoço), 24/11."


class HandlerCrashed(RuntimeError):
    """No Retry names it: the Catch takes over."""


def conversation_of(stack: EmbeddedStack) -> str:
    return wiring.conversations().find(stack.user_key(ANA)) or ""


def amounts(stack: EmbeddedStack) -> list[Decimal]:
    return [row.expense.amount for row in XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).rows()]


def test_after_a_failed_run_tool_the_next_message_succeeds_on_the_same_conversation(stack: EmbeddedStack) -> None:
    stack.inject_fault("RunTool", HandlerCrashed)
    failed = stack.send(twilio_fields(ANA, "uber 20"))
    conversation = conversation_of(stack)

    following = stack.send(twilio_fields(ANA, "almoço 30"))

    assert failed.state_names[-2:] == ["AnswerOpenToolCalls", "SendApology"]
    assert next(v for v in failed.path if v.name == "AnswerOpenToolCalls").error == ""
    assert following.replies == [ANSWER]
    assert conversation_of(stack) == conversation
    assert amounts(stack) == [Decimal("30.00")]


def test_after_a_failed_submit_the_next_message_succeeds_on_the_same_conversation(stack: EmbeddedStack) -> None:
    stack.inject_fault("SubmitToolOutputs", HandlerCrashed)
    failed = stack.send(twilio_fields(ANA, "uber 20"))
    conversation = conversation_of(stack)

    following = stack.send(twilio_fields(ANA, "almoço 30"))

    assert failed.replies[0].startswith("Anotei R$ 20,00 em Transporte")  # the row went in before the failure
    assert following.replies == [ANSWER]
    assert conversation_of(stack) == conversation
    assert amounts(stack) == [Decimal("20.00"), Decimal("30.00")]


def test_after_the_tool_round_budget_the_next_message_succeeds_on_the_same_conversation(
    stack: EmbeddedStack,
) -> None:
    stack.configure(MAX_TOOL_ROUNDS="0")
    stopped = stack.send(twilio_fields(ANA, "uber 20"))
    stack.configure(MAX_TOOL_ROUNDS="4")
    conversation = conversation_of(stack)

    following = stack.send(twilio_fields(ANA, "almoço 30"))

    assert stopped.state_names[-3:] == ["ToolBudgetSpent", "AnswerOpenToolCalls", "SendApology"]
    assert following.replies == [ANSWER]
    assert conversation_of(stack) == conversation


def test_when_the_calls_could_not_be_answered_the_next_start_repairs_the_conversation(stack: EmbeddedStack) -> None:
    stack.inject_fault("RunTool", HandlerCrashed)
    stack.inject_fault("AnswerOpenToolCalls", HandlerCrashed, times=10)
    stack.send(twilio_fields(ANA, "uber 20"))  # leaves an unanswered call in the conversation

    following = stack.send(twilio_fields(ANA, "almoço 30"))

    assert following.replies == [ANSWER]
    assert following.state_names.count("StartAssistantRun") == 1
