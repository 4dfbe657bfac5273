"""`make serve`: a local webhook on 127.0.0.1 that takes the same signed form POSTs Twilio sends and runs
them on the embedded stack; the reply and the execution's path are printed when the execution ends.

Every message it answers 200 is journaled on disk first (finassist.local.journal), so a crash loses nothing
it acknowledged: on the next start the unfinished messages run again, and a redelivered MessageSid is
answered 200 without running anything. The signature is checked against the stack's public URL (as if a
tunnel fronted this server), so the signed sample in events/ can be posted with curl:

  curl -s -X POST http://127.0.0.1:8787/webhook/whatsapp -H "Content-Type: application/x-www-form-urlencoded" \\
    -H "X-Twilio-Signature: $(cat events/webhook_signature.txt)" --data-binary @events/webhook_form.txt
"""

from __future__ import annotations

import argparse
import base64
import sys
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from twilio.request_validator import RequestValidator

from finassist.local.journal import WebhookJournal
from finassist.local.present import outcome_lines
from finassist.local.stack import LOCAL_WEBHOOK_URL, EmbeddedStack, Outcome, project_root
from finassist.redaction import mask_phone_numbers
from finassist.webhook import EMPTY_TWIML, MESSAGE_SID

WEBHOOK_PATH = "/webhook/whatsapp"
SAMPLE_SENDER = "whatsapp:+5511987654321"


def _fields(event: Mapping[str, Any]) -> dict[str, str]:
    body = base64.b64decode(str(event.get("body") or "")).decode("utf-8", "replace")
    return dict(parse_qsl(body, keep_blank_values=True))


class Webhooks:
    """The server's side of each POST: journal, run on the stack, report; and the re-run after a restart."""

    def __init__(self, stack: EmbeddedStack, journal: WebhookJournal, out: Any) -> None:
        self.stack = stack
        self.journal = journal
        self.out = out
        self._print_lock = threading.Lock()
        self.reporters: list[threading.Thread] = []

    def say(self, *lines: str) -> None:
        with self._print_lock:
            print("\n".join(lines), file=self.out, flush=True)

    def signed(self, event: Mapping[str, Any]) -> bool:
        headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
        signature = headers.get("x-twilio-signature", "")
        return bool(signature) and RequestValidator(self.stack.auth_token).validate(
            LOCAL_WEBHOOK_URL, _fields(event), signature
        )

    def handle(self, event: dict[str, Any]) -> dict[str, Any]:
        """One POST: the API Gateway proxy response to give Twilio."""
        sid = _fields(event).get("MessageSid", "")
        if MESSAGE_SID.match(sid):
            if not self.journal.receive(sid, event):
                return self._redelivered(event, sid)
        response = self.stack.post_webhook(event)
        if MESSAGE_SID.match(sid):
            self._follow(sid, event, int(response.get("statusCode", 502)))
        return response

    def resume(self) -> int:
        """Run again every message acknowledged before a crash and not finished; returns how many."""
        unfinished = self.journal.unfinished()
        for entry in unfinished:
            self.say(f"↻ {entry.message_sid}: acknowledged before the restart, not finished: running it again")
            response = self.stack.post_webhook(entry.request)
            self._follow(entry.message_sid, entry.request, int(response.get("statusCode", 502)))
        return len(unfinished)

    def _redelivered(self, event: Mapping[str, Any], sid: str) -> dict[str, Any]:
        if not self.signed(event):
            return {"statusCode": 403, "headers": {"Content-Type": "text/plain"}, "body": "forbidden"}
        self.say(f"  {sid} was received before: answered 200, nothing run again")
        return {"statusCode": 200, "headers": {"Content-Type": "text/xml"}, "body": EMPTY_TWIML}

    def _follow(self, sid: str, event: Mapping[str, Any], status: int) -> None:
        """After the webhook: forget a refused request, else report the execution and close the entry."""
        if status != 200:
            self.journal.forget(sid)
        elif not self.stack.has_execution(sid):
            self.journal.finish(sid, "no execution")  # a stranger's polite refusal
        else:
            sender = _fields(event).get("From", "?")
            reporter = threading.Thread(target=self._report, args=(sid, sender), daemon=True)
            self.reporters.append(reporter)
            reporter.start()

    def _report(self, sid: str, sender: str) -> None:
        arn = self.stack.execution_arn(sid)
        described = self.stack.wait(arn, timeout=900)
        # The replies of this message: the console records each send's key, and reply keys carry the sid.
        sent = [m for m in self.stack.messages_to(sender) if sid in str(m.get("key", ""))]
        replies = [str(m["text"]) for m in sent]
        outcome = Outcome(200, arn, described["status"], self.stack.path(arn), replies)
        self.journal.finish(sid, str(described["status"]))
        self.say(f"⤷ {sid}", *outcome_lines(outcome))


class WebhookServer(ThreadingHTTPServer):
    """The HTTP server, with the webhooks it serves (for the re-run on start)."""

    webhooks: Webhooks


def make_server(
    stack: EmbeddedStack, host: str, port: int, out: Any = sys.stdout, journal: WebhookJournal | None = None
) -> WebhookServer:
    webhooks = Webhooks(stack, journal or WebhookJournal(stack.data_dir / "journal"), out)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path.split("?")[0] != WEBHOOK_PATH:
                self._answer(404, "text/plain", b"not found")
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            event = {
                "resource": WEBHOOK_PATH,
                "path": WEBHOOK_PATH,
                "httpMethod": "POST",
                "headers": dict(self.headers.items()),
                "requestContext": {"stage": "local", "path": WEBHOOK_PATH, "domainName": self.headers.get("Host", "")},
                "isBase64Encoded": True,
                "body": base64.b64encode(body).decode("ascii"),
            }
            fields = _fields(event)
            shown = fields.get("Body") or fields.get("MediaContentType0") or "(empty)"
            webhooks.say(f"▶ {mask_phone_numbers(fields.get('From', '?'))}: {shown}")
            response = webhooks.handle(event)
            status = int(response.get("statusCode", 502))
            webhooks.say(f"  webhook answered HTTP {status}")
            self._answer(
                status,
                response.get("headers", {}).get("Content-Type", "text/plain"),
                str(response.get("body", "")).encode("utf-8"),
            )

        def _answer(self, status: int, content_type: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = WebhookServer((host, port), Handler)
    server.webhooks = webhooks
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="FinAssist's webhook on the embedded stack, on loopback.")
    parser.add_argument("--port", type=int, default=8787, help="0 picks a free port (printed)")
    parser.add_argument("--data-dir", type=Path, default=project_root() / ".local" / "serve")
    args = parser.parse_args(argv)
    with EmbeddedStack(args.data_dir, record_sleeps=False) as stack:
        stack.add_user(SAMPLE_SENDER, "Ana")
        server = make_server(stack, "127.0.0.1", args.port)
        port = server.server_address[1]
        print(f"FinAssist webhook on http://127.0.0.1:{port}{WEBHOOK_PATH} (Ctrl-C to stop)", flush=True)
        print((__doc__ or "").split("\n\n")[-1], flush=True)
        resumed = server.webhooks.resume()
        if resumed:
            print(f"{resumed} message(s) from before the restart are running again", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
