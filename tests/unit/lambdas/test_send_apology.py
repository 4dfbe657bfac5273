import pytest

from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_the_apology_matches_the_error(stack: EmbeddedStack) -> None:
    event = prepare(stack, "send_apology")
    stack.call("send_apology", event)
    [reply] = stack.replies_to(event["to"])
    assert "25 MB" in reply


@pytest.mark.parametrize("error", [None, {}, {"Error": "States.Timeout", "Cause": "x"}])
def test_an_unknown_or_missing_error_still_gets_an_apology(stack: EmbeddedStack, error: object) -> None:
    event = {**prepare(stack, "send_apology"), "error": error}
    stack.call("send_apology", event)
    [reply] = stack.replies_to(event["to"])
    assert reply.startswith("Desculpe")
