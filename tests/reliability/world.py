"""Every external API of FinAssist faked at its HTTP boundary, around one embedded stack, for fault injection.

- OpenAI (Conversations, Responses, transcriptions): tests/fakes/openai_server.py on 127.0.0.1, reached by the
  real SDK through OPENAI_BASE_URL;
- Twilio (Messages API and media URLs): `responses` callbacks below, reached by the real twilio SDK and requests;
- Microsoft Graph and the identity platform: tests/fakes/graph_api.py's FakeGraph, with a malformed-body switch
  added here; the ledger is the real GraphLedger with a real MSAL token cache kept in (moto's) Parameter Store.

Nothing of ours is patched: faults are HTTP answers (429, 500, a body that is not JSON), connections that never
answer, or a Lambda invocation that fails at the boundary (EmbeddedStack.inject_fault).
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import requests
import responses

from finassist import wiring
from finassist.adapters.graph_auth import GraphTokenProvider, SsmTokenCache, authority_for
from finassist.domain.apologies import apology_for
from finassist.local.stack import LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN, REGION, EmbeddedStack, project_root
from tests.conftest import NOW
from tests.fakes.graph_api import CLIENT_ID, CLIENT_SECRET, ITEM_ID, TENANT, FakeGraph, Reply
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import FakeOpenAI, Turn, fake_openai_server

OPENAI_KEY = "sk-proj-reliabilityTEST0123456789abcdefSECRET"
MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{LOCAL_ACCOUNT_SID}/Messages.json"
MEDIA_URL_PREFIX = f"https://api.twilio.com/2010-04-01/Accounts/{LOCAL_ACCOUNT_SID}/Messages/"
CDN_URL = "https://mms.twiliocdn.example.net/voice-notes/"
VOICE_NOTE = project_root() / "events" / "voice_notes" / "almoco.ogg"
TRANSCRIPT = "Gastei 45 reais no almoço hoje"
ANSWER = "Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."
LUNCH = {"date": "2026-11-24", "category": "Alimentação", "description": "almoço", "amount": "45.00", "notes": None}
SECRETS = (LOCAL_AUTH_TOKEN, OPENAI_KEY, CLIENT_SECRET)
LambdaServiceException: type[Exception] = type("Lambda.ServiceException", (Exception,), {})
"""Raised at the invocation boundary, its class name is the error the ASL's Lambda-service Retry matches."""


class HandlerCrashed(RuntimeError):
    """An unhandled error inside a handler: no Retry names it, so the Catch routes it to SendApology."""


# -- Twilio -----------------------------------------------------------------------------------------------------


@dataclass
class TwilioFault:
    kind: str  # "status", "timeout", "malformed", "accepted_then_timeout"
    status: int = 0


@dataclass
class FakeTwilio:
    """The Messages API and media URLs: records what was sent, and injects faults per route."""

    sent: list[dict[str, str]] = field(default_factory=list)
    media_requests: list[dict[str, str]] = field(default_factory=list)
    faults: dict[str, deque[TwilioFault]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, route: str, kind: str, status: int = 0, times: int = 1) -> None:
        with self.lock:
            self.faults.setdefault(route, deque()).extend(TwilioFault(kind, status) for _ in range(times))

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def _fault(self, route: str) -> TwilioFault | None:
        with self.lock:
            queue = self.faults.get(route)
            return queue.popleft() if queue else None

    def to(self, sender: str) -> list[str]:
        with self.lock:
            return [m["body"] for m in self.sent if m["to"] == sender]

    def register(self, mock: responses.RequestsMock) -> None:
        mock.add_callback(responses.POST, MESSAGES_URL, callback=self._send)
        mock.add_callback(responses.GET, re.compile(re.escape(MESSAGES_URL) + r"(\?.*)?$"), callback=self._list)
        mock.add_callback(responses.GET, re.compile(re.escape(MEDIA_URL_PREFIX) + r".+"), callback=self._media)
        mock.add_callback(responses.GET, re.compile(re.escape(CDN_URL) + r".+"), callback=self._cdn)

    def _send(self, request: requests.PreparedRequest) -> Reply:
        form = {key: values[0] for key, values in parse_qs(str(request.body or "")).items()}
        fault = self._fault("send")
        if fault is not None and fault.kind == "timeout":
            raise requests.exceptions.ConnectTimeout("fake Twilio: connect timed out")
        if fault is not None and fault.kind == "status":
            error = {"code": 20429 if fault.status == 429 else 20500, "message": "fake fault", "status": fault.status}
            return fault.status, {"Content-Type": "application/json"}, json.dumps(error)
        if fault is not None and fault.kind == "malformed":
            return 200, {"Content-Type": "text/html"}, "<html><body>502 Bad Gateway</body></html>"
        created = format_datetime(datetime.now(UTC), usegmt=True)
        with self.lock:
            count = len(self.sent) + 1
            self.sent.append(
                {
                    "to": form.get("To", ""),
                    "from": form.get("From", ""),
                    "body": form.get("Body", ""),
                    "sid": f"SM{count:032x}",
                    "date_created": created,
                }
            )
        if fault is not None and fault.kind == "accepted_then_timeout":
            raise requests.exceptions.ReadTimeout("fake Twilio: accepted, but the answer never came")
        sid = f"SM{count:032x}"
        body = {"sid": sid, "status": "queued", "account_sid": LOCAL_ACCOUNT_SID, "body": form.get("Body", "")}
        return 201, {"Content-Type": "application/json"}, json.dumps(body)

    def _list(self, request: requests.PreparedRequest) -> Reply:
        """GET Messages.json: the newest messages first, filtered by To, as Twilio pages them."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(str(request.url)).query).items()}
        with self.lock:
            found = [m for m in reversed(self.sent) if not query.get("To") or m["to"] == query["To"]]
        page = [
            {
                "sid": m["sid"],
                "to": m["to"],
                "from": m["from"],
                "body": m["body"],
                "status": "queued",
                "date_created": m["date_created"],
                "account_sid": LOCAL_ACCOUNT_SID,
            }
            for m in found[: int(query.get("PageSize", "50"))]
        ]
        body = {
            "messages": page,
            "page": 0,
            "page_size": len(page),
            "start": 0,
            "end": max(len(page) - 1, 0),
            "first_page_uri": "",
            "next_page_uri": None,
            "previous_page_uri": None,
            "uri": "",
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _media(self, request: requests.PreparedRequest) -> Reply:
        with self.lock:
            self.media_requests.append({"url": request.url or "", "auth": request.headers.get("Authorization", "")})
        fault = self._fault("media")
        if fault is not None and fault.kind == "timeout":
            raise requests.exceptions.ReadTimeout("fake Twilio: media read timed out")
        if fault is not None and fault.kind == "status":
            return fault.status, {"Content-Type": "application/json"}, json.dumps({"status": fault.status})
        if fault is not None and fault.kind == "malformed":
            return 200, {"Content-Type": "text/html"}, "<html><body>Media expired</body></html>"
        return 302, {"Location": CDN_URL + uuid.uuid4().hex}, ""

    def _cdn(self, request: requests.PreparedRequest) -> Reply:
        if request.headers.get("Authorization"):
            return 400, {"Content-Type": "text/plain"}, "credentials must not follow the redirect"
        return 200, {"Content-Type": "audio/ogg"}, VOICE_NOTE.read_bytes()


# -- Graph ------------------------------------------------------------------------------------------------------


class FaultyGraph(FakeGraph):
    """FakeGraph plus one more fault: a 200 whose body is an HTML page instead of Graph's JSON."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.malformed: dict[str, int] = {}
        super().__init__(*args, **kwargs)

    def malformed_next(self, route: str, times: int = 1) -> None:
        self.malformed[route] = self.malformed.get(route, 0) + times

    def clear_faults(self) -> None:
        self._faults.clear()
        self.malformed.clear()

    def _graph(
        self, route: str, handler: Callable[[requests.PreparedRequest], Reply]
    ) -> Callable[[requests.PreparedRequest], Reply]:
        normal = super()._graph(route, handler)

        def respond(request: requests.PreparedRequest) -> Reply:
            if self.malformed.get(route):
                self.malformed[route] -= 1
                return 200, {"Content-Type": "text/html"}, "<html><body>Service temporarily down</body></html>"
            return normal(request)

        return respond

    def rows_of(self, message_sid: str) -> list[list[object]]:
        """The table's rows whose ID (message sid + position) belongs to one message."""
        index = self.columns.index("ID")
        return [row for row in self.rows if str(row[index]).startswith(message_sid + "#")]


# -- the world --------------------------------------------------------------------------------------------------


@dataclass
class World:
    stack: EmbeddedStack
    openai: FakeOpenAI
    twilio: FakeTwilio
    graph: FaultyGraph
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(10_000_000))

    def new_user(self) -> str:
        """A fresh sender (own conversation, own replies) whose workbook is the fake Graph item."""
        sender = f"whatsapp:+55119{next(self._numbers)}"
        self.stack.add_user(sender, "Ana", item_id=ITEM_ID, mode="rest")
        return sender

    def reset(self) -> None:
        """No fault and no planned turn left over from the previous cell."""
        self.openai.clear_faults()
        self.openai.turns.clear()
        self.twilio.clear_faults()
        self.graph.clear_faults()
        self.stack._faults.clear()  # the stack's own test hook (inject_fault), emptied between cells

    def plan_lunch(self, call_id: str | None = None) -> str:
        """The model's two turns for "Gastei R$ 45 em almoço hoje": add_expense, then the confirmation."""
        call_id = call_id or "call_" + uuid.uuid4().hex[:24]
        self.openai.plan(
            Turn(output=[function_call(call_id, "add_expense", LUNCH, "fc_" + call_id)], polls_in_progress=0),
            Turn(output=[message(ANSWER)], polls_in_progress=0),
        )
        return call_id

    def rows_of(self, message_sid: str) -> list[list[object]]:
        return self.graph.rows_of(message_sid)

    def amounts_of(self, message_sid: str) -> list[Decimal]:
        index = self.graph.columns.index("Valor")
        return [Decimal(str(row[index])) for row in self.rows_of(message_sid)]


def apology(error_name: str) -> str:
    return apology_for({"Error": error_name})


def _sign_in_graph(graph: FakeGraph) -> None:
    """`finassist auth` against the fake identity platform: the token cache lands in its SSM parameter, signed in
    by the public client the functions use (no client secret)."""
    store = SsmTokenCache(wiring.settings().graph_token_cache_parameter, boto3.client("ssm", region_name=REGION))
    GraphTokenProvider(CLIENT_ID, None, authority_for(graph.tenant), store).bootstrap_from_refresh_token(
        "rt-from-elsewhere"
    )


@contextmanager
def external_world(data_dir: Path, **env: str) -> Iterator[World]:
    """The embedded stack with every adapter on its real external API, each API faked at HTTP level."""
    with ExitStack() as stack_of:
        openai_api = stack_of.enter_context(fake_openai_server())
        settings_env = {
            "FINASSIST_NOW": NOW,
            "ASSISTANT_ENGINE": "openai",
            "OPENAI_API_KEY": OPENAI_KEY,
            "OPENAI_BASE_URL": openai_api.base_url,
            "CHANNEL": "twilio",
            "LEDGER": "graph",
            "GRAPH_CLIENT_ID": CLIENT_ID,
            "GRAPH_TENANT": TENANT,
            "POLL_SECONDS": "0",
            # The fault matrix aims at each call and each Lambda: with no in-step following, every response is
            # read by CheckAssistantRun after the Wait (the long-poll path has its own tests).
            "ASSISTANT_FOLLOW_SECONDS": "0",
            **env,
        }
        # moto first, then responses: the later patch sees requests first, and moto's lets ours through.
        stack = stack_of.enter_context(EmbeddedStack(data_dir, env=settings_env))
        mock = stack_of.enter_context(responses.RequestsMock(assert_all_requests_are_fired=False))
        mock.add_passthru(re.compile(r"http://127\.0\.0\.1:\d+/.*"))
        twilio = FakeTwilio()
        twilio.register(mock)
        graph = FaultyGraph(mock, workdir=data_dir)
        _sign_in_graph(graph)
        openai_api.transcript = TRANSCRIPT
        yield World(stack, openai_api, twilio, graph)
