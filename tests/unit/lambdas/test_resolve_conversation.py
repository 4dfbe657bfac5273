from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_the_first_message_creates_a_conversation_and_the_next_reuses_it(stack: EmbeddedStack) -> None:
    event = prepare(stack, "resolve_conversation")
    first = stack.call("resolve_conversation", event)
    second = stack.call("resolve_conversation", event)
    assert first["conversation_id"].startswith("conv_")
    assert second == first


def test_each_person_has_their_own_conversation(stack: EmbeddedStack) -> None:
    event = prepare(stack, "resolve_conversation")
    mine = stack.call("resolve_conversation", event)
    theirs = stack.call("resolve_conversation", {**event, "user_key": "u" + "9" * 20})
    assert mine != theirs
