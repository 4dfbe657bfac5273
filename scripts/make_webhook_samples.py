"""Writes the signed webhook samples in events/ from one set of Twilio form fields, so they cannot drift:
receive_webhook.json (the API Gateway event), parse_message.json (the state's input), and webhook_form.txt +
webhook_signature.txt (what `make serve` takes with curl). Signed with the embedded stack's development token."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from finassist.local.stack import LOCAL_AUTH_TOKEN, EmbeddedStack, twilio_fields

EVENTS = Path(__file__).resolve().parent.parent / "events"
SID = "SM0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e01"
SENDER = "whatsapp:+5511987654321"


def main() -> None:
    fields = twilio_fields(SENDER, "Gastei R$ 45 em almoço hoje", message_sid=SID, profile_name="Ana")
    stack = EmbeddedStack.__new__(EmbeddedStack)  # only its event builder is needed: no AWS mock
    stack.auth_token = LOCAL_AUTH_TOKEN
    event = EmbeddedStack.webhook_event(stack, fields)
    (EVENTS / "receive_webhook.json").write_text(json.dumps(event, ensure_ascii=False, indent=2) + "\n", "utf-8")
    parse = {"message_sid": SID, "twilio": fields}
    (EVENTS / "parse_message.json").write_text(json.dumps(parse, ensure_ascii=False, indent=2) + "\n", "utf-8")
    (EVENTS / "webhook_form.txt").write_bytes(base64.b64decode(event["body"]))
    (EVENTS / "webhook_signature.txt").write_text(event["headers"]["X-Twilio-Signature"] + "\n", "utf-8")
    print(f"wrote the webhook samples in {EVENTS}")


if __name__ == "__main__":
    main()
