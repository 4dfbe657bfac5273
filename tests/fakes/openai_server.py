"""A fake OpenAI API on 127.0.0.1 for flow tests: the real adapter and SDK talk HTTP to it (OPENAI_BASE_URL).

Each POST /v1/responses takes the next planned turn: how many polls it stays in_progress, then the status
and output items it ends with. Requests are recorded so tests can check what crossed the wire.

Faults for reliability tests: `fail_next` answers the next matching requests with a status and body of your
choice (a 429 with Retry-After, a 500, a 200 whose body is not JSON), `hang_up_next` closes the connection
without an answer (what a client sees when the server never replies). POST /v1/audio/transcriptions answers
with `transcript`.
"""

from __future__ import annotations

import json
import re
import threading
import time
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
class Fault:
    """What the next request matching `method` and `path_prefix` gets instead of its normal answer."""

    method: str
    path_prefix: str
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    hang_up: bool = False
    skip: int = 0


@dataclass
class FakeOpenAI:
    turns: deque[Turn] = field(default_factory=deque)
    requests: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    base_url: str = ""
    transcript: str = ""
    latency_seconds: float = 0.0
    """Every answer waits this long first: a model of fixed latency, for the end-to-end benchmark."""
    faults: list[Fault] = field(default_factory=list)
    faults_served: list[Fault] = field(default_factory=list)
    _fault_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def plan(self, *turns: Turn) -> None:
        self.turns.extend(turns)

    def fail_next(
        self,
        method: str,
        path_prefix: str,
        status: int,
        headers: dict[str, str] | None = None,
        body: bytes | dict[str, Any] | None = None,
        times: int = 1,
        after: int = 0,
    ) -> None:
        """The next `times` matching requests get `status` with `body` (default: OpenAI's error JSON).

        With `after`, that many matching requests are answered normally first (e.g. fail the second create).
        """
        if body is None:
            kind = "rate_limit_exceeded" if status == 429 else "server_error"
            body = {"error": {"message": f"fake fault {status}", "type": kind, "param": None, "code": kind}}
        raw = json.dumps(body).encode() if isinstance(body, dict) else body
        faults = [Fault(method, path_prefix, status, dict(headers or {}), raw) for _ in range(times)]
        self._add(faults, after)

    def hang_up_next(self, method: str, path_prefix: str, times: int = 1, after: int = 0) -> None:
        """The next `times` matching requests are read, then the connection is closed without an answer."""
        self._add([Fault(method, path_prefix, hang_up=True) for _ in range(times)], after)

    def _add(self, faults: list[Fault], after: int) -> None:
        if faults:
            faults[0].skip = after
        with self._fault_lock:
            self.faults.extend(faults)

    def clear_faults(self) -> None:
        with self._fault_lock:
            self.faults.clear()

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self._fault_lock:
            for index, fault in enumerate(self.faults):
                if fault.method == method and path.startswith(fault.path_prefix):
                    if fault.skip:
                        fault.skip -= 1
                        return None
                    self.faults_served.append(fault)
                    return self.faults.pop(index)
        return None

    def bodies(self, method: str, path_prefix: str) -> list[dict[str, Any]]:
        return [body for m, p, body in self.requests if m == method and p.startswith(path_prefix)]

    # -- the API ---------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.requests.append((method, path, body))
        if method == "POST" and path == "/v1/audio/transcriptions":
            return 200, {"text": self.transcript}
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


_JSON = re.compile(r"^application/json", re.IGNORECASE)


@contextmanager
def fake_openai_server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            content_type = self.headers.get("Content-Type") or ""
            if _JSON.match(content_type) or not content_type:
                body = json.loads(raw) if raw else {}
            else:  # a multipart upload (transcriptions): record its size, not its bytes
                body = {"content_type": content_type.split(";")[0], "size": len(raw)}
            path = self.path.split("?")[0]
            if fake.latency_seconds:
                time.sleep(fake.latency_seconds)
            fault = fake.take_fault(self.command, path)
            if fault is not None:
                fake.requests.append((self.command, path, body))
                self._fault(fault)
                return
            status, payload = fake.handle(self.command, path, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", "req_" + uuid.uuid4().hex[:12])
            self.end_headers()
            self.wfile.write(data)

        def _fault(self, fault: Fault) -> None:
            if fault.hang_up:
                self.close_connection = True
                return
            data = fault.body or b""
            self.send_response(fault.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", "req_" + uuid.uuid4().hex[:12])
            for name, value in fault.headers.items():
                self.send_header(name, value)
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
