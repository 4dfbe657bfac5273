"""A fake OpenAI API on 127.0.0.1: the real adapter and SDK talk HTTP to it (OPENAI_BASE_URL).

It behaves like the service over time, every rule from the spec (openai/openai-openapi `openapi.yaml`) or the
docs, each cited in docs/decisions.md ("Fakes and the rules they enforce") and tested in
tests/unit/fakes/test_openai_fake.py:

- Conversations keep their items. A response's input items and output items are appended to its conversation
  when it completes ("automatically added to this conversation after this response completes", ConversationParam).
  `POST/GET /v1/conversations/{id}/items` add (at most 20 at a time) and list them (limit 1..100, default 20,
  order asc|desc, default desc, `after`).
- A background response is `queued`, then `in_progress` for its generation time (real clock, seconds) and for its
  planned number of polls (`Turn.polls_in_progress`), then settles as its Turn says.
- While a response on a conversation is queued or in progress, another response or an items.create on that
  conversation gets 400 `conversation_locked` (the body reported in paulgmiller/careme#379).
- A response created on a conversation holding a `function_call` with no matching `function_call_output` (in the
  conversation or in this input) gets 400 "No tool output found for function call <call_id>."; an output whose call
  is nowhere gets 400 "No tool call found for function call output with call_id <call_id>.".
- A background response can be retrieved for `retention_seconds` after its creation (the guide: "stores response
  data for roughly 10 minutes"), then 404 as for any unknown response.
- `GET /v1/responses/{id}?stream=true&starting_after=n` streams its server-sent events (response.created,
  response.queued, response.in_progress, the output item events, response.completed|failed|incomplete), each with
  its `sequence_number`, from n+1 until it settles.
- Errors are the spec's ErrorResponse; a 429 carries `Retry-After` as integer seconds >= 1.

Each POST /v1/responses takes the next planned Turn (its output items, its final status). Requests are recorded.
Faults for reliability tests: `fail_next` answers the next matching requests with a status and body of your choice,
`hang_up_next` closes the connection without an answer. POST /v1/audio/transcriptions answers with `transcript`
after `transcription_seconds`.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.openai_payloads import conversation_json, error_body, response_json

RUNNING = ("queued", "in_progress")
TERMINAL = ("completed", "failed", "incomplete", "cancelled")
MAX_ITEMS_PER_CREATE = 20
"""'You may add up to 20 items at a time' (createConversationItems, and `items` of createConversation)."""
DEFAULT_RETENTION_SECONDS = 600.0
"""'background mode stores response data for roughly 10 minutes to enable polling' (developers.openai.com guide)."""
LOCKED = error_body(
    "Another process is currently operating on this conversation. Please retry in a few seconds.",
    param="conversation",
    code="conversation_locked",
)


@dataclass
class Turn:
    """What the model does with one POST /v1/responses: its output items and how it ends."""

    output: list[dict[str, Any]]
    status: str = "completed"
    polls_in_progress: int = 1
    """How many retrieves see it in progress before it settles (0: the first retrieve sees it settled)."""
    error: dict[str, Any] | None = None
    incomplete_details: dict[str, Any] | None = None
    generation_seconds: float | None = None
    """Seconds (real clock) it stays in progress; None takes FakeOpenAI.generation_seconds."""


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
class Conversation:
    conversation_id: str
    created_at: int
    metadata: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class BackgroundResponse:
    """One response's life: its planned turn, its clock, its events (the stream a client can follow)."""

    response_id: str
    turn: Turn
    conversation_id: str | None
    input_items: list[dict[str, Any]]
    background: bool
    created: float
    created_at: int
    generation_seconds: float
    status: str = "queued"
    started: float | None = None
    completed_at: int | None = None
    polls_seen_running: int = 0
    output: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class FakeOpenAI:
    turns: deque[Turn] = field(default_factory=deque)
    requests: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    queries: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    """Each request's query string, beside `requests` (a GET's body is empty; ?stream=true is here)."""
    responses: dict[str, BackgroundResponse] = field(default_factory=dict)
    conversations: dict[str, Conversation] = field(default_factory=dict)
    base_url: str = ""
    transcript: str = ""
    latency_seconds: float = 0.0
    """Every answer waits this long first: a model of fixed latency, for the end-to-end benchmark."""
    generation_seconds: float = 0.0
    """How long (real seconds) a response stays in progress unless its Turn says otherwise."""
    queue_seconds: float = 0.0
    """How long a response stays queued before it starts (its POST answer always says queued)."""
    transcription_seconds: float = 0.0
    """How long (real seconds) a transcription takes before it answers (a synchronous call: the caller waits)."""
    retention_seconds: float = DEFAULT_RETENTION_SECONDS
    stream_timeout_seconds: float = 30.0
    responder: Callable[[list[dict[str, Any]]], Turn] | None = None
    """Instead of the planned turns: the model's answer computed from each create's input items (for bursts from
    several people, whose creates interleave in no fixed order)."""
    stream_breaks: deque[int] = field(default_factory=deque)
    """For each of the next streams, how many events go out before the connection drops (a network cut)."""
    clock: Callable[[], float] = time.monotonic
    faults: list[Fault] = field(default_factory=list)
    faults_served: list[Fault] = field(default_factory=list)
    _fault_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def plan(self, *turns: Turn) -> None:
        self.turns.extend(turns)

    def break_next_stream(self, after_events: int, times: int = 1) -> None:
        """The next `times` event streams stop after `after_events` events, without their terminal event."""
        self.stream_breaks.extend([after_events] * times)

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
        """The next `times` matching requests get `status` with `body` (default: the spec's ErrorResponse).

        With `after`, that many matching requests are answered normally first (e.g. fail the second create).
        A 429 always carries Retry-After as whole seconds >= 1 (the spec's TooManyRequests header): 1 unless given.
        """
        headers = dict(headers or {})
        if status == 429:
            retry_after = next((v for k, v in headers.items() if k.lower() == "retry-after"), "1")
            if not retry_after.isdigit() or int(retry_after) < 1:
                raise ValueError(
                    f"Retry-After must be integer seconds >= 1 (openapi.yaml TooManyRequests), not {retry_after!r}"
                )
            headers = {k: v for k, v in headers.items() if k.lower() != "retry-after"} | {"retry-after": retry_after}
        if body is None:
            kind = "rate_limit_exceeded" if status == 429 else "server_error"
            body = error_body(f"fake fault {status}", kind, None, kind)
        raw = json.dumps(body).encode() if isinstance(body, dict) else body
        faults = [Fault(method, path_prefix, status, headers, raw) for _ in range(times)]
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

    def items_of(self, conversation_id: str) -> list[dict[str, Any]]:
        """The conversation's items, oldest first (what a later response would see)."""
        with self._lock:
            self._advance_conversation(conversation_id)
            return copy.deepcopy(self.conversations[conversation_id].items)

    # -- the API ---------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, body: dict[str, Any], query: dict[str, str]) -> tuple[int, Any]:
        """One request; the answer is (status, JSON body) or (200, an iterator of SSE events) for streams."""
        self.requests.append((method, path, body))
        self.queries.append((method, path, dict(query)))
        if method == "POST" and path == "/v1/audio/transcriptions":
            time.sleep(self.transcription_seconds)  # outside the lock: other requests go on meanwhile
            return 200, {"text": self.transcript}
        with self._lock:
            if method == "POST" and path == "/v1/conversations":
                return self._create_conversation(body)
            match = re.fullmatch(r"/v1/conversations/([^/]+)(/items)?", path)
            if match:
                return self._conversation(method, match.group(1), bool(match.group(2)), body, query)
            if method == "POST" and path == "/v1/responses":
                return self._create_response(body)
            match = re.fullmatch(r"/v1/responses/([^/]+)(/cancel)?", path)
            if match and method == "POST" and match.group(2):
                return self._cancel(match.group(1))
            if match and method == "GET" and not match.group(2):
                return self._retrieve(match.group(1), query)
        return 404, error_body(f"fake: no route {method} {path}")

    # conversations
    def _create_conversation(self, body: dict[str, Any]) -> tuple[int, Any]:
        items = body.get("items") or []
        if len(items) > MAX_ITEMS_PER_CREATE:
            return 400, error_body(f"You may add up to {MAX_ITEMS_PER_CREATE} items at a time.", param="items")
        conversation = Conversation("conv_" + uuid.uuid4().hex, int(time.time()), dict(body.get("metadata") or {}))
        conversation.items.extend(_as_items(items, conversation))
        self.conversations[conversation.conversation_id] = conversation
        return 200, conversation_json(conversation.conversation_id) | {
            "created_at": conversation.created_at,
            "metadata": conversation.metadata,
        }

    def _conversation(
        self, method: str, conversation_id: str, items: bool, body: dict[str, Any], query: dict[str, str]
    ) -> tuple[int, Any]:
        conversation = self.conversations.get(conversation_id)
        if conversation is None:
            return 404, error_body(f"Conversation with id '{conversation_id}' not found.")
        if not items and method == "GET":
            return 200, conversation_json(conversation_id) | {
                "created_at": conversation.created_at,
                "metadata": conversation.metadata,
            }
        if items and method == "GET":
            return self._list_items(conversation, query)
        if items and method == "POST":
            return self._add_items(conversation, body)
        return 404, error_body(f"fake: no route {method} /v1/conversations/{conversation_id}")

    def _add_items(self, conversation: Conversation, body: dict[str, Any]) -> tuple[int, Any]:
        new = body.get("items")
        if not isinstance(new, list) or not new:
            return 400, error_body("Missing required parameter: 'items'.", param="items")
        if len(new) > MAX_ITEMS_PER_CREATE:
            return 400, error_body(f"You may add up to {MAX_ITEMS_PER_CREATE} items at a time.", param="items")
        if self._running_on(conversation.conversation_id):
            return 400, LOCKED
        added = _as_items(new, conversation)
        conversation.items.extend(added)
        return 200, _item_list(added, has_more=False)

    def _list_items(self, conversation: Conversation, query: dict[str, str]) -> tuple[int, Any]:
        self._advance_conversation(conversation.conversation_id)
        limit = int(query.get("limit", "20"))
        if not 1 <= limit <= 100:
            return 400, error_body("Invalid 'limit': must be between 1 and 100.", param="limit")
        order = query.get("order", "desc")
        if order not in ("asc", "desc"):
            return 400, error_body("Invalid 'order': must be 'asc' or 'desc'.", param="order")
        ordered = conversation.items if order == "asc" else list(reversed(conversation.items))
        after = query.get("after")
        if after:
            ids = [item["id"] for item in ordered]
            ordered = ordered[ids.index(after) + 1 :] if after in ids else []
        page = ordered[:limit]
        return 200, _item_list(page, has_more=len(ordered) > limit)

    # responses
    def _create_response(self, body: dict[str, Any]) -> tuple[int, Any]:
        conversation_id = _conversation_id(body.get("conversation"))
        conversation = None
        if conversation_id:
            conversation = self.conversations.get(conversation_id)
            if conversation is None:
                return 404, error_body(f"Conversation with id '{conversation_id}' not found.", param="conversation")
            if self._running_on(conversation_id):
                return 400, LOCKED
        inputs = _as_items(_input_items(body.get("input")), conversation)
        refusal = _unanswered_calls(conversation.items if conversation else [], inputs)
        if refusal is not None:
            return 400, refusal
        if self.responder is not None:
            turn = self.responder(inputs)
        elif not self.turns:
            return 500, error_body("fake: no turn planned", "server_error")
        else:
            turn = self.turns.popleft()
        now = self.clock()
        response = BackgroundResponse(
            response_id="resp_" + uuid.uuid4().hex,
            turn=turn,
            conversation_id=conversation_id,
            input_items=inputs,
            background=bool(body.get("background")),
            created=now,
            created_at=int(time.time()),
            generation_seconds=self.generation_seconds if turn.generation_seconds is None else turn.generation_seconds,
        )
        self.responses[response.response_id] = response
        self._emit(response, "response.created", response=self._render(response))
        self._emit(response, "response.queued", response=self._render(response))
        if not response.background:
            self._start(response, now)
            self._settle(response)
        return 200, self._render(response)

    def _retrieve(self, response_id: str, query: dict[str, str]) -> tuple[int, Any]:
        response = self._find(response_id)
        if response is None:
            return 404, _not_found(response_id)
        if query.get("stream") == "true":
            return 200, self._stream(response, int(query.get("starting_after", "-1")))
        self._advance(response, poll=True)
        return 200, self._render(response)

    def _cancel(self, response_id: str) -> tuple[int, Any]:
        """Cancelling is idempotent: a response that already ended is returned as it is."""
        response = self._find(response_id)
        if response is None:
            return 404, _not_found(response_id)
        if not response.background:
            return 400, error_body("Only responses created with background=true can be cancelled.", param="response_id")
        self._advance(response)
        if response.status in RUNNING:
            response.status = "cancelled"
            response.completed_at = None
        return 200, self._render(response)

    def _find(self, response_id: str) -> BackgroundResponse | None:
        response = self.responses.get(response_id)
        if response is None:
            return None
        if response.background and self.clock() - response.created > self.retention_seconds:
            return None
        return response

    # the life of a response
    def _running_on(self, conversation_id: str) -> bool:
        self._advance_conversation(conversation_id)
        return any(r.conversation_id == conversation_id and r.status in RUNNING for r in self.responses.values())

    def _advance_conversation(self, conversation_id: str) -> None:
        for response in self.responses.values():
            if response.conversation_id == conversation_id:
                self._advance(response)

    def _advance(self, response: BackgroundResponse, *, poll: bool = False) -> None:
        """Bring a response up to now: queued -> in_progress -> settled, by the clock and the polls it has seen."""
        if response.status in TERMINAL:
            return
        now = self.clock()
        if now - response.created < self.queue_seconds:
            return
        if response.status == "queued":
            self._start(response, response.created + self.queue_seconds)  # it started then, seen or not
        started = response.started if response.started is not None else now
        if (
            now - started >= response.generation_seconds
            and response.polls_seen_running >= response.turn.polls_in_progress
        ):
            self._settle(response)
        elif poll:
            response.polls_seen_running += 1

    def _start(self, response: BackgroundResponse, now: float) -> None:
        response.status = "in_progress"
        response.started = now
        self._emit(response, "response.in_progress", response=self._render(response))

    def _settle(self, response: BackgroundResponse) -> None:
        """The turn's end: output items (fresh ids in their conversation), events, and the conversation's items."""
        turn = response.turn
        conversation = self.conversations.get(response.conversation_id or "")
        taken = {item.get("id") for item in conversation.items} if conversation else set()
        output = []
        for item in turn.output if turn.status == "completed" else []:
            item = copy.deepcopy(item)
            if not item.get("id") or item["id"] in taken:
                item["id"] = _item_id(item)
            taken.add(item["id"])
            output.append(item)
        response.output = output
        response.status = turn.status
        response.completed_at = int(time.time()) if turn.status == "completed" else None
        for index, item in enumerate(output):
            self._emit_item(response, index, item)
        ending = {"completed": "response.completed", "failed": "response.failed", "incomplete": "response.incomplete"}
        self._emit(response, ending.get(turn.status, "response.failed"), response=self._render(response))
        if conversation is not None and turn.status == "completed":
            conversation.items.extend(copy.deepcopy(response.input_items + output))

    def _emit(self, target: BackgroundResponse, kind: str, **fields: Any) -> None:
        target.events.append({"type": kind, **fields, "sequence_number": len(target.events)})

    def _emit_item(self, response: BackgroundResponse, index: int, item: dict[str, Any]) -> None:
        """The output item events of the spec's ResponseStreamEvent, in the order a stream delivers them."""
        item_id = item["id"]
        if item.get("type") == "message":
            self._emit(
                response,
                "response.output_item.added",
                output_index=index,
                item={**item, "status": "in_progress", "content": []},
            )
            for part_index, part in enumerate(item.get("content", [])):
                text = str(part.get("text", ""))
                where = {"item_id": item_id, "output_index": index, "content_index": part_index}
                self._emit(
                    response, "response.content_part.added", **where, part={**part, "text": "", "annotations": []}
                )
                self._emit(response, "response.output_text.delta", **where, delta=text, logprobs=[])
                self._emit(response, "response.output_text.done", **where, text=text, logprobs=[])
                self._emit(response, "response.content_part.done", **where, part=part)
        elif item.get("type") == "function_call":
            self._emit(
                response,
                "response.output_item.added",
                output_index=index,
                item={**item, "arguments": "", "status": "in_progress"},
            )
            arguments = str(item.get("arguments", ""))
            self._emit(
                response, "response.function_call_arguments.delta", item_id=item_id, output_index=index, delta=arguments
            )
            self._emit(
                response,
                "response.function_call_arguments.done",
                item_id=item_id,
                name=item.get("name", ""),
                output_index=index,
                arguments=arguments,
            )
        else:
            self._emit(response, "response.output_item.added", output_index=index, item=item)
        self._emit(response, "response.output_item.done", output_index=index, item=item)

    def _stream(self, response: BackgroundResponse, starting_after: int) -> Iterator[dict[str, Any]]:
        """The events after `starting_after`, as they happen, until the response has settled."""
        deadline = self.clock() + self.stream_timeout_seconds
        cursor = starting_after
        while True:
            with self._lock:
                self._advance(response, poll=True)
                fresh = [e for e in response.events if e["sequence_number"] > cursor]
                settled = response.status in TERMINAL
            yield from fresh
            if fresh:
                cursor = fresh[-1]["sequence_number"]
            if settled or self.clock() > deadline:
                return
            time.sleep(0.01)

    def _render(self, response: BackgroundResponse) -> dict[str, Any]:
        turn = response.turn
        return response_json(
            response.response_id,
            response.status,
            response.output if response.status == "completed" else [],
            error=turn.error if response.status == "failed" else None,
            incomplete_details=turn.incomplete_details if response.status == "incomplete" else None,
            conversation_id=response.conversation_id,
            created_at=response.created_at,
            completed_at=response.completed_at,
            background=response.background,
        )


def _not_found(response_id: str) -> dict[str, Any]:
    return error_body(f"Response with id '{response_id}' not found.")


def _conversation_id(value: Any) -> str | None:
    """`conversation` is a string id or {"id": ...} (the spec's ConversationParam)."""
    if isinstance(value, dict):
        return str(value.get("id") or "") or None
    return str(value) if value else None


def _input_items(value: Any) -> list[dict[str, Any]]:
    """`input` as items: a string is one user message."""
    if value is None:
        return []
    if isinstance(value, str):
        return [{"type": "message", "role": "user", "content": value}]
    return [dict(item) for item in value]


_ID_PREFIX = {"message": "msg_", "function_call": "fc_", "function_call_output": "fco_"}


def _item_id(item: dict[str, Any]) -> str:
    return _ID_PREFIX.get(str(item.get("type")), "item_") + uuid.uuid4().hex


def _as_items(raw: list[dict[str, Any]], conversation: Conversation | None) -> list[dict[str, Any]]:
    """Input items as a conversation stores them: typed, with ids and statuses, text content as parts."""
    taken = {item.get("id") for item in conversation.items} if conversation else set()
    items = []
    for given in raw:
        item = copy.deepcopy(given)
        item.setdefault("type", "message")
        if item["type"] == "message" and isinstance(item.get("content"), str):
            kind = "output_text" if item.get("role") == "assistant" else "input_text"
            item["content"] = [{"type": kind, "text": item["content"]}]
        if not item.get("id") or item["id"] in taken:
            item["id"] = _item_id(item)
        taken.add(item["id"])
        item.setdefault("status", "completed")
        items.append(item)
    return items


def _unanswered_calls(history: list[dict[str, Any]], inputs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The 400 a new response gets when a function call and its output do not pair up."""
    seen = history + inputs
    calls = [item["call_id"] for item in seen if item.get("type") == "function_call"]
    answered = {item.get("call_id") for item in seen if item.get("type") == "function_call_output"}
    for item in inputs:
        if item.get("type") == "function_call_output" and item.get("call_id") not in calls:
            return error_body(
                f"No tool call found for function call output with call_id {item.get('call_id')}.", param="input"
            )
    for call_id in calls:
        if call_id not in answered:
            return error_body(f"No tool output found for function call {call_id}.", param="input")
    return None


def _item_list(items: list[dict[str, Any]], *, has_more: bool) -> dict[str, Any]:
    """The spec's ConversationItemList."""
    return {
        "object": "list",
        "data": copy.deepcopy(items),
        "first_id": items[0]["id"] if items else None,
        "last_id": items[-1]["id"] if items else None,
        "has_more": has_more,
    }


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
            url = urlsplit(self.path)
            path = url.path
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if fake.latency_seconds:
                time.sleep(fake.latency_seconds)
            fault = fake.take_fault(self.command, path)
            if fault is not None:
                fake.requests.append((self.command, path, body))
                self._fault(fault)
                return
            status, payload = fake.handle(self.command, path, body, query)
            if isinstance(payload, Iterator):
                self._events(payload)
                return
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", "req_" + uuid.uuid4().hex[:12])
            self.end_headers()
            self.wfile.write(data)

        def _events(self, events: Iterator[dict[str, Any]]) -> None:
            """Server-sent events, `event: <type>` and `data: <json>` per event; the body ends when the stream does."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("x-request-id", "req_" + uuid.uuid4().hex[:12])
            self.end_headers()
            self.close_connection = True
            cut = fake.stream_breaks.popleft() if fake.stream_breaks else None
            try:
                for sent, event in enumerate(events):
                    if cut is not None and sent >= cut:
                        return  # the connection drops mid-stream, before the response settles
                    self.wfile.write(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return  # the client stopped reading: it may resume with starting_after

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
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
