"""A fake OpenAI API on 127.0.0.1 for flow tests: the real adapter and SDK talk HTTP to it (OPENAI_BASE_URL).

Each POST /v1/responses takes the next planned turn: how many polls it stays in_progress, then the status
and output items it ends with. Requests are recorded so tests can check what crossed the wire.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.openai_payloads import conversation_json, response_json


@dataclass
class Turn:
    output: list[dict[str, Any]]
    status: str = "completed"
    polls_in_progress: int = 1
    error: dict[str, Any] | None = None
    incomplete_details: dict[str, Any] | None = None


@dataclass
class FakeOpenAI:
    turns: deque[Turn] = field(default_factory=deque)
    requests: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    base_url: str = ""

    def plan(self, *turns: Turn) -> None:
        self.turns.extend(turns)

    def bodies(self, method: str, path_prefix: str) -> list[dict[str, Any]]:
        return [body for m, p, body in self.requests if m == method and p.startswith(path_prefix)]

    # -- the API ---------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.requests.append((method, path, body))
        if method == "POST" and path == "/v1/conversations":
            return 200, conversation_json("conv_" + uuid.uuid4().hex)
        if method == "POST" and path == "/v1/responses":
            if not self.turns:
                return 500, {
                    "error": {"message": "fake: no turn planned", "type": "server_error", "param": None, "code": None}
                }
            turn = self.turns.popleft()
            response_id = "resp_" + uuid.uuid4().hex
            self.responses[response_id] = {"turn": turn, "polls": 0, "conversation": body.get("conversation", "")}
            return 200, self._render(response_id, "queued")
        if method == "GET" and path.startswith("/v1/responses/"):
            response_id = path.rsplit("/", 1)[1]
            state = self.responses.get(response_id)
            if state is None:
                return 404, {
                    "error": {"message": "not found", "type": "invalid_request_error", "param": None, "code": None}
                }
            state["polls"] += 1
            if state["polls"] <= state["turn"].polls_in_progress:
                return 200, self._render(response_id, "in_progress")
            return 200, self._render(response_id, state["turn"].status)
        if method == "POST" and path.endswith("/cancel"):
            response_id = path.split("/")[-2]
            self.responses[response_id]["turn"].status = "cancelled"
            return 200, self._render(response_id, "cancelled")
        return 404, {
            "error": {
                "message": f"fake: no route {method} {path}",
                "type": "invalid_request_error",
                "param": None,
                "code": None,
            }
        }

    def _render(self, response_id: str, status: str) -> dict[str, Any]:
        state = self.responses[response_id]
        turn: Turn = state["turn"]
        done = status in ("completed", "failed", "incomplete", "cancelled")
        return response_json(
            response_id,
            status,
            turn.output if done and status == "completed" else [],
            error=turn.error if status == "failed" else None,
            incomplete_details=turn.incomplete_details if status == "incomplete" else None,
            conversation_id=state["conversation"] or "conv_unknown",
        )


@contextmanager
def fake_openai_server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else {}
            status, payload = fake.handle(self.command, self.path.split("?")[0], body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", "req_" + uuid.uuid4().hex[:12])
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
