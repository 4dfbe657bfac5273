"""After any failure the one answer tells the truth: a Lambda that fails or times out after its side effect
(a row added, corrected or deleted; a reply delivered) is followed by exactly one answer that says what was
done, no row is written twice or lost, and sending the same text again adds a row only when it should."""

from __future__ import annotations

from decimal import Decimal

import pytest

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.domain.expense import Expense
from finassist.local.stack import EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA


class HandlerCrashed(RuntimeError):
    """An unhandled error after the handler's work: no Retry names it, so the Catch takes over."""


class TimedOut(RuntimeError):
    """What the Lambda runtime reports when a function ran past its timeout (after its side effect)."""


TimedOut.__name__ = "Sandbox.Timedout"

FAULTS = [pytest.param(HandlerCrashed, id="crash after"), pytest.param(TimedOut, id="timeout after")]


def ledger(stack: EmbeddedStack) -> XlsxLedger:
    return XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA))


def amounts(stack: EmbeddedStack) -> list[Decimal]:
    return [row.expense.amount for row in ledger(stack).rows()]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failure_after_the_row_was_added_says_it_was_noted_and_a_resend_is_not_needed(
    stack: EmbeddedStack, fault: type[Exception]
) -> None:
    stack.inject_fault("RunTool", fault, times=5, after=True)

    outcome = stack.send(twilio_fields(ANA, "almoço 50"))

    assert outcome.status == "SUCCEEDED"
    assert amounts(stack) == [Decimal("50.00")]
    [answer] = outcome.replies
    assert answer.startswith("Anotei R$ 50,00 em Alimentação (almoço), 24/11")
    assert "Não precisa mandar de novo" in answer and "tente de novo" not in answer


def test_a_failure_before_anything_was_written_says_so_and_a_resend_adds_exactly_one_row(
    stack: EmbeddedStack,
) -> None:
    stack.inject_fault("RunTool", HandlerCrashed, times=1, after=False)

    first = stack.send(twilio_fields(ANA, "almoço 50"))
    again = stack.send(twilio_fields(ANA, "almoço 50"))

    assert "Anotei" not in first.replies[0] and "Nada foi perdido" in first.replies[0]
    assert again.replies == ["Anotado! ✅ R$ 50,00 em Alimentação (almoço), 24/11."]
    assert amounts(stack) == [Decimal("50.00")]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failure_after_a_correction_says_what_was_corrected(stack: EmbeddedStack, fault: type[Exception]) -> None:
    stack.send(twilio_fields(ANA, "almoço 45"))
    stack.inject_fault("RunTool", fault, times=5, after=True)

    outcome = stack.send(twilio_fields(ANA, "na verdade foram 52"))

    assert amounts(stack) == [Decimal("52.00")]
    [answer] = outcome.replies
    assert answer.startswith("Corrigi: R$ 45,00 em Alimentação (almoço), 24/11 → R$ 52,00")
    assert "Não precisa mandar de novo" in answer


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failure_after_a_delete_says_what_was_deleted_and_a_retry_deletes_nothing_more(
    stack: EmbeddedStack, fault: type[Exception]
) -> None:
    stack.send(twilio_fields(ANA, "Uber 23,50 ontem"))
    stack.send(twilio_fields(ANA, "almoço 45"))
    stack.inject_fault("RunTool", fault, times=5, after=True)

    outcome = stack.send(twilio_fields(ANA, "apaga o último"))

    assert amounts(stack) == [Decimal("23.50")]
    [answer] = outcome.replies
    assert answer.startswith("Apaguei R$ 45,00 em Alimentação (almoço), 24/11")


@pytest.mark.parametrize("fault", FAULTS)
def test_a_reply_delivered_before_its_lambda_failed_is_not_followed_by_an_apology(
    stack: EmbeddedStack, fault: type[Exception]
) -> None:
    stack.inject_fault("SendReply", fault, times=5, after=True)

    outcome = stack.send(twilio_fields(ANA, "almoço 45"))

    assert outcome.status == "SUCCEEDED"
    assert outcome.replies == ["Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."]
    assert amounts(stack) == [Decimal("45.00")]
    assert stack.turn_queue(ANA) == ()


def test_undo_after_the_recurring_job_and_a_hand_typed_row_acts_on_the_persons_own_entry(
    stack: EmbeddedStack,
) -> None:
    stack.send(twilio_fields(ANA, "almoço 45"))
    book = ledger(stack)
    book.append(
        Expense(book.rows()[0].expense.date, "Moradia", "aluguel", Decimal("1800.00"), "recorrente"), "rec#x#2026-11"
    )
    book.append(Expense(book.rows()[0].expense.date, "Lazer", "cinema", Decimal("30.00")), "")  # typed by hand

    undone = stack.send(twilio_fields(ANA, "apaga o último"))

    assert "R$ 45,00" in undone.replies[0]
    assert [(r.expense.description, r.expense.amount) for r in ledger(stack).rows()] == [
        ("aluguel", Decimal("1800.00")),
        ("cinema", Decimal("30.00")),
    ]


def test_a_correction_after_the_recurring_job_and_a_hand_typed_row_changes_the_persons_own_entry(
    stack: EmbeddedStack,
) -> None:
    stack.send(twilio_fields(ANA, "almoço 45"))
    book = ledger(stack)
    when = book.rows()[0].expense.date
    book.append(Expense(when, "Moradia", "aluguel", Decimal("1800.00"), "recorrente"), "rec#x#2026-11")
    book.append(Expense(when, "Lazer", "cinema", Decimal("30.00")), "")

    corrected = stack.send(twilio_fields(ANA, "na verdade foram 52"))

    assert "R$ 45,00" in corrected.replies[0] and "R$ 52,00" in corrected.replies[0]
    assert [(r.expense.description, r.expense.amount) for r in ledger(stack).rows()] == [
        ("almoço", Decimal("52.00")),
        ("aluguel", Decimal("1800.00")),
        ("cinema", Decimal("30.00")),
    ]
