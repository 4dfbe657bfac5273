"""End-to-end time per message type on the embedded stack, with a model of fixed latency.

The model is tests/fakes/openai_server.py on 127.0.0.1 with `latency_seconds` set: every OpenAI call (create
conversation, create response, retrieve, transcribe) takes that long, answered through the real SDK and adapter,
so "model time" is exactly latency x OpenAI calls and everything above it is ours: Step Functions (moto's
interpreter), the handlers, DynamoDB (moto), the .xlsx ledger and the console channel. Waits are recorded, not
slept (POLL_SECONDS 0): in AWS each WaitForAssistant adds its poll interval (1 s) on top.

The executions' histories are kept for the transition count and the cost estimate.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, ms, table
from finassist.local.stack import EmbeddedStack, project_root, twilio_fields
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import FakeOpenAI, Turn, fake_openai_server

MODEL_LATENCY = 0.25
REPEAT = 4
SENDER = "whatsapp:+5511987654321"
NOW = "2026-11-24T10:00:00-03:00"
LUNCH = {"date": "2026-11-24", "category": "Alimentação", "description": "almoço", "amount": "45.00", "notes": None}
MONTH = {"category": "Alimentação", "start_date": "2026-11-01", "end_date": "2026-11-30"}


@dataclass
class Sample:
    seconds: float
    model_seconds: float
    history: list[dict[str, Any]]


@dataclass
class MessageType:
    name: str
    text: str
    plan: Callable[[FakeOpenAI], None]
    voice: bool = False
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(sample.seconds for sample in self.samples)

    @property
    def model_median(self) -> float:
        return statistics.median(sample.model_seconds for sample in self.samples)


def _tool_then_reply(name: str, arguments: dict[str, Any], reply: str) -> Callable[[FakeOpenAI], None]:
    def plan(api: FakeOpenAI) -> None:
        api.plan(
            Turn(output=[function_call("call_bench", name, arguments, "fc_bench")], polls_in_progress=0),
            Turn(output=[message(reply)], polls_in_progress=0),
        )

    return plan


def _reply_only(api: FakeOpenAI) -> None:
    api.plan(Turn(output=[message("Oi! Me conte um gasto ou faça uma pergunta.")], polls_in_progress=0))


def message_types() -> list[MessageType]:
    confirm = "Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11."
    return [
        MessageType(
            "text expense (1 tool call)", "Gastei R$ 45 em almoço hoje", _tool_then_reply("add_expense", LUNCH, confirm)
        ),
        MessageType(
            "question (1 tool call)",
            "Quanto gastei em alimentação este mês?",
            _tool_then_reply("get_expenses_by_category", MONTH, "Você gastou R$ 45,00 com Alimentação este mês."),
        ),
        MessageType("chit-chat (no tool)", "oi", _reply_only),
        MessageType(
            "voice note expense (transcribe + 1 tool call)",
            "",
            _tool_then_reply("add_expense", LUNCH, confirm),
            voice=True,
        ),
    ]


@cache
def measure() -> tuple[MessageType, ...]:
    types = message_types()
    note = (project_root() / "events" / "voice_notes" / "almoco.ogg").as_uri()
    with tempfile.TemporaryDirectory() as tmp, fake_openai_server() as api:
        env = {
            "FINASSIST_NOW": NOW,
            "ASSISTANT_ENGINE": "openai",
            "OPENAI_API_KEY": "bench-key-not-real",
            "OPENAI_BASE_URL": api.base_url,
            "POLL_SECONDS": "0",
        }
        api.transcript = "Gastei 45 reais no almoço hoje"
        with EmbeddedStack(Path(tmp) / "data", env=env) as stack:
            stack.add_user(SENDER, "Ana")
            for kind in types:  # warm: imports, SDK clients, the sender's conversation
                kind.plan(api)
                stack.send(_fields(kind, note))
            api.latency_seconds = MODEL_LATENCY
            for _ in range(REPEAT):
                for kind in types:
                    kind.plan(api)
                    calls_before = len(api.requests)
                    started = time.perf_counter()
                    outcome = stack.send(_fields(kind, note))
                    elapsed = time.perf_counter() - started
                    assert outcome.status == "SUCCEEDED" and outcome.execution_arn, outcome.path
                    model = (len(api.requests) - calls_before) * MODEL_LATENCY
                    kind.samples.append(Sample(elapsed, model, stack.history(outcome.execution_arn)))
    return tuple(types)


def _fields(kind: MessageType, note: str) -> dict[str, str]:
    if kind.voice:
        return twilio_fields(SENDER, media_url=note, media_type="audio/ogg")
    return twilio_fields(SENDER, kind.text)


def run() -> str:
    figures = []
    for kind in measure():
        ratio = kind.median / kind.model_median
        figures.append(
            Figure(
                kind.name,
                f"{ms(kind.median)} end to end",
                f"model {ms(kind.model_median)} ({round(kind.model_median / MODEL_LATENCY)} OpenAI calls x "
                f"{MODEL_LATENCY * 1000:.0f} ms); overhead ratio {ratio:.2f}; median of {REPEAT}",
            )
        )
    return table("End to end per message type (embedded stack, model of fixed latency)", figures)


if __name__ == "__main__":
    print(run())
