import pytest

from finassist import wiring
from finassist.local.invoke import SAMPLE_SENDER, prepare
from finassist.local.stack import EmbeddedStack
from finassist.ports import Effect


def test_the_apology_matches_the_error(stack: EmbeddedStack) -> None:
    event = prepare(stack, "send_apology")
    result = stack.call("send_apology", event)
    [reply] = stack.replies_to(SAMPLE_SENDER)
    assert "25 MB" in reply and result["answered_with"] == "apology"


@pytest.mark.parametrize("error", [None, {}, {"Error": "States.Timeout", "Cause": "x"}])
def test_an_unknown_or_missing_error_still_gets_an_apology(stack: EmbeddedStack, error: object) -> None:
    event = {**prepare(stack, "send_apology"), "error": error}
    stack.call("send_apology", event)
    [reply] = stack.replies_to(SAMPLE_SENDER)
    assert reply.startswith("Desculpe")


def test_a_reply_that_was_ready_is_sent_instead_of_an_apology(stack: EmbeddedStack) -> None:
    event = {**prepare(stack, "send_apology"), "run": {"reply": {"parts": ["Anotado! ✅"], "media": []}}}
    result = stack.call("send_apology", event)
    assert stack.replies_to(SAMPLE_SENDER) == ["Anotado! ✅"] and result["answered_with"] == "reply"


def test_the_apology_says_what_the_journal_shows_was_written(stack: EmbeddedStack) -> None:
    event = prepare(stack, "send_apology")
    lunch = {"date": "2026-12-01", "category": "Alimentação", "description": "almoço", "amount": "50.00"}
    wiring.effects().record(Effect(event["message_sid"], "0.0", "added", "done", "x#0.0", lunch))
    stack.call("send_apology", event)
    [reply] = stack.replies_to(SAMPLE_SENDER)
    assert reply.startswith("Anotei R$ 50,00 em Alimentação (almoço), 01/12")
    assert "Não precisa mandar de novo" in reply and "Nada foi perdido" not in reply


def test_the_apology_releases_the_persons_turn(stack: EmbeddedStack) -> None:
    event = prepare(stack, "send_apology")
    from finassist import sender_turns

    sender_turns.join(wiring.turns(), event["user_key"], event["message_sid"], 0.0)
    stack.call("send_apology", event)
    assert stack.turn_queue(SAMPLE_SENDER) == ()
