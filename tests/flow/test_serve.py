"""`make serve`: the signed sample from events/ posted over HTTP on loopback gets TwiML, then a printed reply."""

from __future__ import annotations

import io
import threading
import time
import urllib.error
import urllib.request

from finassist.local.serve import WEBHOOK_PATH, make_server
from finassist.local.stack import EmbeddedStack, project_root

EVENTS = project_root() / "events"


def post(url: str, body: bytes, signature: str) -> int:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.read().endswith(b"<Response/>")
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_signed_sample_is_answered_over_http_and_the_reply_printed(stack: EmbeddedStack) -> None:
    out = io.StringIO()
    server = make_server(stack, "127.0.0.1", 0, out)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{WEBHOOK_PATH}"
    try:
        body = (EVENTS / "webhook_form.txt").read_bytes()
        signature = (EVENTS / "webhook_signature.txt").read_text(encoding="utf-8").strip()
        assert post(url, body, "Zm9yZ2Vk") == 403
        assert post(url, body, signature) == 200
        deadline = time.monotonic() + 30
        while "SUCCEEDED" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.shutdown()
        server.server_close()
    printed = out.getvalue()
    assert "webhook answered HTTP 403" in printed
    assert "◀ FinAssist: Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11." in printed
    assert "RunToolCalls" in printed and "SendReply" in printed
    assert "▶ whatsapp:+***4321:" in printed and "987654321" not in printed  # the console masks the number


def test_a_redelivered_message_is_answered_200_once_more_and_runs_once(stack: EmbeddedStack) -> None:
    out = io.StringIO()
    server = make_server(stack, "127.0.0.1", 0, out)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{WEBHOOK_PATH}"
    try:
        body = (EVENTS / "webhook_form.txt").read_bytes()
        signature = (EVENTS / "webhook_signature.txt").read_text(encoding="utf-8").strip()
        assert post(url, body, signature) == 200
        assert post(url, body, signature) == 200
        assert post(url, body, "Zm9yZ2Vk") == 403
        for reporter in server.webhooks.reporters:
            reporter.join(30)
    finally:
        server.shutdown()
        server.server_close()
    printed = out.getvalue()
    assert printed.count("was received before: answered 200, nothing run again") == 1
    assert printed.count("◀ FinAssist:") == 1
    assert len(stack.replies_to("whatsapp:+5511987654321")) == 1


def test_the_curl_sample_is_the_signed_json_sample() -> None:
    import base64
    import json

    event = json.loads((EVENTS / "receive_webhook.json").read_text(encoding="utf-8"))
    assert base64.b64decode(event["body"]) == (EVENTS / "webhook_form.txt").read_bytes()
    assert event["headers"]["X-Twilio-Signature"] == (EVENTS / "webhook_signature.txt").read_text().strip()
