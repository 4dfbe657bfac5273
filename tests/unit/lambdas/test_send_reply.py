from finassist import sender_turns, wiring
from finassist.local.invoke import SAMPLE_SENDER, prepare
from finassist.local.stack import EmbeddedStack


def test_every_part_is_sent_to_the_sender(stack: EmbeddedStack) -> None:
    event = prepare(stack, "send_reply")
    event["reply"]["parts"] = ["(1/2) primeira parte", "(2/2) segunda parte"]
    result = stack.call("send_reply", event)
    assert result["sent"] == 2 and len(result["message_ids"]) == 2
    assert stack.replies_to(SAMPLE_SENDER) == event["reply"]["parts"]


def test_sending_the_reply_passes_the_turn_to_the_next_message(stack: EmbeddedStack) -> None:
    event = prepare(stack, "send_reply")
    for sid in (event["message_sid"], "SM" + "1" * 32):
        sender_turns.join(wiring.turns(), event["user_key"], sid, 0.0)
    stack.call("send_reply", event)
    assert stack.turn_queue(SAMPLE_SENDER) == ("SM" + "1" * 32,)
