"""Every external API of FinAssist faked at its HTTP boundary, around one embedded stack, for fault injection.

- OpenAI (Conversations, Responses, transcriptions): tests/fakes/openai_server.py on 127.0.0.1, reached by the
  real SDK through OPENAI_BASE_URL;
- Twilio (Messages API and media URLs): tests/fakes/twilio_api.py's FakeTwilio on `responses`, reached by the real
  twilio SDK and requests; its 24-hour window is measured from the inbound times the embedded stack records;
- Microsoft Graph and the identity platform: tests/fakes/graph_api.py's FakeGraph, with a malformed-body switch
  added here; the ledger is the real GraphLedger with a real MSAL token cache kept in (moto's) Parameter Store.

Nothing of ours is patched: faults are HTTP answers (429, 500, a body that is not JSON), connections that never
answer, or a Lambda invocation that fails at the boundary (EmbeddedStack.inject_fault).
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import requests
import responses

from finassist import clock, wiring
from finassist.adapters.console_channel import InboundLog
from finassist.adapters.graph_auth import GraphTokenProvider, SsmTokenCache, authority_for
from finassist.domain.apologies import apology_for
from finassist.local.stack import LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN, REGION, EmbeddedStack, project_root
from tests.conftest import NOW
from tests.fakes.graph_api import CLIENT_ID, CLIENT_SECRET, ITEM_ID, TENANT, FakeGraph, Reply
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import FakeOpenAI, Turn, fake_openai_server
from tests.fakes.twilio_api import FakeTwilio

OPENAI_KEY = "sk-proj-reliabilityTEST0123456789abcdefSECRET"
MEDIA_URL_PREFIX = f"https://api.twilio.com/2010-04-01/Accounts/{LOCAL_ACCOUNT_SID}/Messages/"
VOICE_NOTE = project_root() / "events" / "voice_notes" / "almoco.ogg"
TRANSCRIPT = "Gastei 45 reais no almoço hoje"
ANSWER = "Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."
LUNCH = {"date": "2026-11-24", "category": "Alimentação", "description": "almoço", "amount": "45.00", "notes": None}
SECRETS = (LOCAL_AUTH_TOKEN, OPENAI_KEY, CLIENT_SECRET)
LambdaServiceException: type[Exception] = type("Lambda.ServiceException", (Exception,), {})
"""Raised at the invocation boundary, its class name is the error the ASL's Lambda-service Retry matches."""


class HandlerCrashed(RuntimeError):
    """An unhandled error inside a handler: no Retry names it, so the Catch routes it to SendApology."""


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
            "OFFLINE_FIRST": "false",  # the matrix aims faults at the model's calls
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
        inbound = InboundLog(data_dir)
        twilio = FakeTwilio(
            LOCAL_ACCOUNT_SID,
            last_inbound=inbound.last,
            now=lambda: clock.now(wiring.settings()),
            voice_note=VOICE_NOTE.read_bytes(),
        )
        twilio.register(mock)
        graph = FaultyGraph(mock, workdir=data_dir)
        _sign_in_graph(graph)
        openai_api.transcript = TRANSCRIPT
        yield World(stack, openai_api, twilio, graph)
