"""`make serve`: a local webhook on 127.0.0.1 that takes the same signed form POSTs Twilio sends and runs
them on the embedded stack; the reply and the execution's path are printed when the execution ends.

The signature is checked against the stack's public URL (as if a tunnel fronted this server), so the signed
sample in events/ can be posted with curl:

  curl -s -X POST http://127.0.0.1:8787/webhook/whatsapp -H "Content-Type: application/x-www-form-urlencoded" \\
    -H "X-Twilio-Signature: $(cat events/webhook_signature.txt)" --data-binary @events/webhook_form.txt
"""

from __future__ import annotations

import argparse
import base64
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from finassist.local.present import outcome_lines
from finassist.local.stack import EmbeddedStack, Outcome, project_root

WEBHOOK_PATH = "/webhook/whatsapp"
SAMPLE_SENDER = "whatsapp:+5511987654321"


def make_server(stack: EmbeddedStack, host: str, port: int, out: Any = sys.stdout) -> ThreadingHTTPServer:
    print_lock = threading.Lock()

    def report(message_sid: str, sender: str, before: int) -> None:
        arn = stack.execution_arn(message_sid)
        described = stack.wait(arn, timeout=900)
        outcome = Outcome(200, arn, described["status"], stack.path(arn), stack.replies_to(sender)[before:])
        with print_lock:
            print(f"⤷ {message_sid}", file=out)
            print("\n".join(outcome_lines(outcome)), file=out, flush=True)

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
            fields = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
            sender, sid = fields.get("From", "?"), fields.get("MessageSid", "")
            with print_lock:
                print(f"▶ {sender}: {fields.get('Body') or fields.get('MediaContentType0') or '(empty)'}", file=out)
            before = len(stack.replies_to(sender))
            response = stack.post_webhook(event)
            status = int(response.get("statusCode", 502))
            with print_lock:
                print(f"  webhook answered HTTP {status}", file=out, flush=True)
            self._answer(
                status,
                response.get("headers", {}).get("Content-Type", "text/plain"),
                str(response.get("body", "")).encode("utf-8"),
            )
            if status == 200 and sid and stack.has_execution(sid):
                threading.Thread(target=report, args=(sid, sender, before), daemon=True).start()

        def _answer(self, status: int, content_type: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return ThreadingHTTPServer((host, port), Handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="FinAssist's webhook on the embedded stack, on loopback.")
    parser.add_argument("--port", type=int, default=8787)
    args = parser.parse_args(argv)
    data_dir = project_root() / ".local" / "serve"
    with EmbeddedStack(Path(data_dir), record_sleeps=False) as stack:
        stack.add_user(SAMPLE_SENDER, "Ana")
        server = make_server(stack, "127.0.0.1", args.port)
        print(f"FinAssist webhook on http://127.0.0.1:{args.port}{WEBHOOK_PATH} (Ctrl-C to stop)")
        print((__doc__ or "").split("\n\n")[-1])
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
