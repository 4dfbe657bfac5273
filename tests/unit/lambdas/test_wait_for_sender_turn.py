import pytest

from finassist import sender_turns, wiring
from finassist.errors import SenderTurnBusy
from finassist.local.invoke import SAMPLE_SENDER, prepare
from finassist.local.stack import EmbeddedStack


def test_the_first_message_of_a_person_takes_the_turn_at_once(stack: EmbeddedStack) -> None:
    event = prepare(stack, "wait_for_sender_turn")
    sender_turns.join(wiring.turns(), event["user_key"], event["message_sid"], 0.0)
    result = stack.call("wait_for_sender_turn", event)
    assert result["held"] is True
    assert stack.turn_queue(SAMPLE_SENDER) == (event["message_sid"],)


def test_a_message_behind_a_live_one_is_told_to_wait_by_name(stack: EmbeddedStack) -> None:
    stack.configure(TURN_WAIT_SECONDS="0.2")
    event = prepare(stack, "wait_for_sender_turn")
    earlier = "SM" + "e" * 32
    for sid in (earlier, event["message_sid"]):
        sender_turns.join(wiring.turns(), event["user_key"], sid, 1e12)  # accepted "now": not yet stale
    stack.call("wait_for_sender_turn", {**event, "message_sid": earlier})
    with pytest.raises(SenderTurnBusy):
        stack.call("wait_for_sender_turn", event)
