import json

from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack


def test_a_signed_sample_starts_one_execution_named_by_its_message_sid(stack: EmbeddedStack) -> None:
    event = prepare(stack, "receive_webhook")
    response = stack.call("receive_webhook", event)
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "text/xml"
    assert response["body"].endswith("<Response/>")
    assert stack.has_execution("SM0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e01")
    stack.wait(stack.execution_arn("SM0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e01"))


def test_a_redelivered_message_is_acknowledged_without_a_second_execution(stack: EmbeddedStack) -> None:
    event = prepare(stack, "receive_webhook")
    assert stack.call("receive_webhook", event)["statusCode"] == 200
    stack.wait(stack.execution_arn("SM0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e01"))
    assert stack.call("receive_webhook", event)["statusCode"] == 200
    assert stack.invocations.count("ParseMessage") == 1


def test_a_tampered_body_is_forbidden(stack: EmbeddedStack) -> None:
    event = prepare(stack, "receive_webhook")
    event["isBase64Encoded"] = False
    event["body"] = (
        "Body=Gastei+R%24+4500&From=whatsapp%3A%2B5511987654321&MessageSid=SM0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e01"
    )
    response = stack.call("receive_webhook", event)
    assert response["statusCode"] == 403
    assert not stack.has_execution("SM0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e01")


def test_the_execution_input_carries_no_secret(stack: EmbeddedStack) -> None:
    stack.call("receive_webhook", prepare(stack, "receive_webhook"))
    described = stack.wait(stack.execution_arn("SM0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e01"))
    assert stack.auth_token not in described["input"]
    assert json.loads(described["input"])["settings"]["max_assistant_seconds"] == 150
