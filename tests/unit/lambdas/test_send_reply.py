from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_every_part_is_sent_to_the_sender(stack: EmbeddedStack) -> None:
    event = prepare(stack, "send_reply")
    event["parts"] = ["(1/2) primeira parte", "(2/2) segunda parte"]
    result = stack.call("send_reply", event)
    assert result["sent"] == 2 and len(result["message_ids"]) == 2
    assert stack.replies_to(event["to"]) == event["parts"]
