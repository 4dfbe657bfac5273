"""Messages end to end on the embedded stack, with a model that really takes time.

The model is tests/fakes/openai_server.py on loopback, reached by the real SDK and adapter: each background response
stays in progress for its generation time (1.5 s, 3 s, 6 s: a gpt-5-mini response takes about 2-5 s, p95 about
6.5 s) and a transcription takes TRANSCRIPTION_SECONDS. The fake runs on the stack's virtual clock
(benchmarks/clock.py), so a Wait the stack records instead of sleeping is time the model keeps generating.

Two paths, each on its own stack with one person writing one message at a time:
- the model path (OFFLINE_FIRST=false): every message goes to the model, at each generation time;
- the offline-first path (OFFLINE_FIRST=true, as deployed): the offline engine answers what it is sure of with no
  model call; what it is not sure of goes to the model (at 3 s per response).
OFFLINE_STORE=dynamodb as in Lambda, so the offline engine's documents are DynamoDB requests, metered.

Each message type is sent REPEAT times per generation time, after PRIOR_MESSAGES earlier messages of the person
(what the product keeps per person at its steady size) and one warm-up of each type (imports, SDK clients and the
conversation warm, as in warm Lambdas; cold starts are priced apart, benchmarks/cold_start.py). For each
message the sample keeps its execution history, the in-process time of every Lambda invocation, the Waits and
back-offs recorded, the model calls, the DynamoDB request units, the bytes logged and the rows it added.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from benchmarks import clock
from benchmarks.cold_start import cold_seconds
from benchmarks.common import Target, billed_gb_seconds, grid, percentile, s
from benchmarks.dynamodb_meter import DynamoMeter, TableUse, item_size, metered_dynamodb, schemas_of, total
from benchmarks.log_meter import ByteCounter, captured_logs
from benchmarks.transitions import lambda_invocations, state_counts, transitions
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import EmbeddedStack, InvocationTiming, project_root, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import FakeOpenAI, Turn, fake_openai_server

GENERATIONS = (1.5, 3.0, 6.0)
REFERENCE_GENERATION = 3.0
"""The speed the cost targets are stated at."""
OFFLINE_FIRST_GENERATION = 3.0
TRANSCRIPTION_SECONDS = 1.0
REPEAT = 3
PRIOR_MESSAGES = 30
"""Messages the person sent before the measured ones: what the product keeps per person (the offline engine's
conversation document, the recent entries) has then reached the size it keeps, as for someone who uses it."""
PRIOR_TEXTS = ("mercado 230", "uber 23,50 ontem", "quanto gastei semana passada?", "farmácia 37,90", "padaria 12")
SENDER = "whatsapp:+5511987654321"
NOW = "2026-11-24T10:00:00-03:00"
WEBHOOK = "ReceiveWebhookFunction"

LUNCH = {"date": "2026-11-24", "category": "Alimentação", "description": "almoço", "amount": "45.00", "notes": None}
UBER = {"date": "2026-11-24", "category": "Transporte", "description": "uber", "amount": "30.00", "notes": None}
FOOD_MONTH = {"category": "Alimentação", "start_date": "2026-11-01", "end_date": "2026-11-30"}
TRANSPORT_MONTH = {"category": "Transporte", "start_date": "2026-11-01", "end_date": "2026-11-30"}

# Issue 17's targets for these figures
OVER_MODEL_SECONDS = 0.5
MAX_ONE_TOOL_TRANSITIONS = 14
OFFLINE_REPLY_SECONDS = 1.0
MAX_OFFLINE_TRANSITIONS = 11


def _call(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return function_call("call_" + uuid.uuid4().hex[:12], name, arguments, "fc_" + uuid.uuid4().hex[:12])


@dataclass(frozen=True)
class MessageType:
    key: str
    text: str
    turns: Callable[[], list[Turn]]
    """What the model does with the message, response by response (used only if the message reaches it)."""
    rows: int
    """Rows a right answer adds to the ledger."""
    voice: bool = False


def _tools_then(reply: str, *calls: tuple[str, dict[str, Any]]) -> Callable[[], list[Turn]]:
    def turns() -> list[Turn]:
        return [Turn(output=[_call(name, args)], polls_in_progress=0) for name, args in calls] + [
            Turn(output=[message(reply)], polls_in_progress=0)
        ]

    return turns


MESSAGE_TYPES = (
    MessageType(
        "text expense (1 tool)",
        "Gastei R$ 45 em almoço hoje",
        _tools_then("Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11.", ("add_expense", LUNCH)),
        rows=1,
    ),
    MessageType(
        "question (1 tool)",
        "Quanto gastei em alimentação este mês?",
        _tools_then("Você gastou R$ 45,00 com Alimentação este mês.", ("get_expenses_by_category", FOOD_MONTH)),
        rows=0,
    ),
    MessageType(
        "chit-chat (no tool)", "oi, tudo bem?", _tools_then("Oi! Me conte um gasto ou faça uma pergunta."), rows=0
    ),
    MessageType(
        "voice note (transcribe + 1 tool)",
        "",
        _tools_then("Anotado! ✅ R$ 45,00 em Alimentação (almoço), 24/11.", ("add_expense", LUNCH)),
        rows=1,
        voice=True,
    ),
    MessageType(
        "two tool rounds",
        "anota 30 de uber e me diz quanto gastei com transporte este mês",
        _tools_then(
            "Anotei R$ 30,00 de uber. Em Transporte você gastou R$ 30,00 este mês.",
            ("add_expense", UBER),
            ("get_expenses_by_category", TRANSPORT_MONTH),
        ),
        rows=1,
    ),
)
VOICE_TRANSCRIPT = "Gastei 45 reais no almoço hoje"


@dataclass
class Sample:
    """One message, as measured."""

    kind: MessageType
    offline_first: bool
    generation: float
    history: list[dict[str, Any]]
    webhook: InvocationTiming
    invocations: list[InvocationTiming]
    sleeps: list[float]
    responses: int
    transcriptions: int
    dynamodb: dict[str, TableUse]
    log_bytes: int
    log_events: int
    rows: int
    replies: list[str]
    wall: float

    @property
    def model_seconds(self) -> float:
        """The model's own time: each response's generation (nothing queued) and each transcription."""
        return self.responses * self.generation + self.transcriptions * TRANSCRIPTION_SECONDS

    @property
    def reply(self) -> clock.ReplyTime:
        return clock.reply_time(self.history, self.webhook.seconds, [i.seconds for i in self.invocations], self.sleeps)

    @property
    def transitions(self) -> int:
        return transitions(self.history)

    @property
    def lambda_requests(self) -> int:
        """Invocations billed: the execution's and ReceiveWebhook's."""
        return lambda_invocations(self.history) + 1

    @property
    def functions(self) -> list[str]:
        return [WEBHOOK] + [i.logical_id for i in self.invocations]

    @property
    def path(self) -> str:
        return "model" if self.responses else "offline"


@dataclass
class Run:
    """The samples of one path, and what the person's messages left in DynamoDB."""

    samples: list[Sample] = field(default_factory=list)
    largest: dict[str, int] = field(default_factory=dict)
    """The largest item of each kind the person's messages left in DynamoDB, in bytes (DynamoDB's measure)."""

    def of(self, kind: MessageType, generation: float) -> list[Sample]:
        return [x for x in self.samples if x.kind == kind and x.generation == generation]


def _fields(kind: MessageType) -> dict[str, str]:
    if kind.voice:
        note = (project_root() / "events" / "voice_notes" / "almoco.ogg").as_uri()
        return twilio_fields(SENDER, media_url=note, media_type="audio/ogg")
    return twilio_fields(SENDER, kind.text)


def _rows(stack: EmbeddedStack) -> int:
    path = xlsx_ledger_path(stack.data_dir, SENDER)
    return len(XlsxLedger(path).rows()) if path.exists() else 0


def _model_calls(api: FakeOpenAI, since: int) -> tuple[int, int]:
    made = api.requests[since:]
    responses = sum(1 for method, path, _ in made if method == "POST" and path == "/v1/responses")
    transcriptions = sum(1 for method, path, _ in made if path == "/v1/audio/transcriptions")
    return responses, transcriptions


def _send(
    stack: EmbeddedStack, api: FakeOpenAI, kind: MessageType, meter: DynamoMeter | None, logs: ByteCounter | None
) -> Sample:
    api.turns.clear()
    api.plan(*kind.turns())
    calls, timed, slept, rows = len(api.requests), len(stack.timings), len(stack.sleeps), _rows(stack)
    tables = meter.snapshot() if meter else {}
    written, lines = (logs.bytes, logs.lines) if logs else (0, 0)
    started = time.perf_counter()
    outcome = stack.send(_fields(kind), timeout=180)
    wall = time.perf_counter() - started
    if outcome.status != "SUCCEEDED" or not outcome.execution_arn:
        raise RuntimeError(f"{kind.key}: {outcome.status} {outcome.state_names}")
    timings = [_without_meter(timing, meter) for timing in stack.timings[timed:]]
    responses, transcriptions = _model_calls(api, calls)
    api.turns.clear()  # what the model was planned to say but was not asked (the offline engine answered)
    return Sample(
        kind=kind,
        offline_first=False,
        generation=api.generation_seconds,
        history=stack.history(outcome.execution_arn),
        webhook=next(t for t in timings if t.logical_id == WEBHOOK),
        invocations=[t for t in timings if t.logical_id != WEBHOOK],
        sleeps=stack.sleeps[slept:],
        responses=responses,
        transcriptions=transcriptions,
        dynamodb=meter.since(tables) if meter else {},
        log_bytes=(logs.bytes - written) if logs else 0,
        log_events=(logs.lines - lines) if logs else 0,
        rows=_rows(stack) - rows,
        replies=outcome.replies,
        wall=wall,
    )


def _without_meter(timing: InvocationTiming, meter: DynamoMeter | None) -> InvocationTiming:
    """The invocation's time without the DynamoDB meter's own work (it is the benchmark's, not the function's)."""
    if meter is None:
        return timing
    return replace(timing, seconds=timing.seconds - meter.overhead_within(timing.started, timing.seconds))


def _run(offline_first: bool, generations: tuple[float, ...]) -> Run:
    result = Run()
    with tempfile.TemporaryDirectory() as tmp, fake_openai_server() as api:
        env = {
            "FINASSIST_NOW": NOW,
            "ASSISTANT_ENGINE": "openai",
            "OPENAI_API_KEY": "bench-key-not-real",
            "OPENAI_BASE_URL": api.base_url,
            "OFFLINE_FIRST": "true" if offline_first else "false",
            "OFFLINE_STORE": "dynamodb",
            "POLL_SECONDS": "1",  # template.yaml's PollSeconds (the embedded stack's default is 0 without a key)
            "POWERTOOLS_METRICS_DISABLED": "false",
            "POWERTOOLS_SERVICE_NAME": "finassist",
        }
        with EmbeddedStack(Path(tmp) / "data", env=env) as stack:
            api.clock = stack.clock
            api.transcript = VOICE_TRANSCRIPT
            stack.add_user(SENDER, "Ana")
            with captured_logs():  # earlier messages, then each type once warm (none of it counted)
                for text in (PRIOR_TEXTS * PRIOR_MESSAGES)[:PRIOR_MESSAGES]:
                    _send(stack, api, replace(MESSAGE_TYPES[0], text=text), None, None)
                for kind in MESSAGE_TYPES:
                    _send(stack, api, kind, None, None)
            api.transcription_seconds = TRANSCRIPTION_SECONDS
            with metered_dynamodb(schemas_of(stack.template.tables)) as meter, captured_logs() as logs:
                for generation in generations:
                    api.generation_seconds = generation
                    for _ in range(REPEAT):
                        for kind in MESSAGE_TYPES:
                            sample = _send(stack, api, kind, meter, logs)
                            sample.offline_first = offline_first
                            result.samples.append(sample)
            if meter.unpriced:
                raise RuntimeError(f"DynamoDB operations the meter does not price: {sorted(meter.unpriced)}")
            result.largest = _largest_items(stack)
    return result


def _largest_items(stack: EmbeddedStack) -> dict[str, int]:
    """The largest item of each kind, per table, in DynamoDB's measure of size."""
    import boto3

    client = boto3.client("dynamodb", region_name="us-east-1")
    largest: dict[str, int] = {}
    for table in stack.template.tables:
        for item in client.scan(TableName=table)["Items"]:
            name = f"{table.removesuffix('Table')} {_kind(item)}"
            largest[name] = max(largest.get(name, 0), item_size(item))
    return largest


def _kind(item: dict[str, Any]) -> str:
    """FlowState's kinds by key (user#<key>/turn, doc#conversation, msg#<sid>, ...); one kind per other table."""
    if "pk" not in item:
        return "item"
    pk = str(item["pk"]["S"]).split("#")
    if pk[0] == "doc":
        return f"doc#{pk[1]}"
    if pk[0] == "user":
        return f"user#…/{item['sk']['S']}"
    return f"{pk[0]}#…"


@cache
def model_path() -> Run:
    return _run(offline_first=False, generations=GENERATIONS)


@cache
def offline_first_path() -> Run:
    return _run(offline_first=True, generations=(OFFLINE_FIRST_GENERATION,))


# -- figures ----------------------------------------------------------------------------------------------------------


def _p(samples: list[Sample], value: Callable[[Sample], float], fraction: float) -> float:
    return percentile([value(x) for x in samples], fraction)


def _counts(values: list[int]) -> str:
    return "/".join(str(v) for v in sorted(set(values)))


def gb_seconds(sample: Sample, memory_mb: Callable[[str], int]) -> float:
    """Billed GB-s of the message's warm invocations: each rounded up to 1 ms, times its function's memory."""
    return billed_gb_seconds((t.seconds, memory_mb(t.logical_id)) for t in [sample.webhook, *sample.invocations])


def _memory(logical_id: str) -> int:
    from benchmarks.deployed import functions

    return functions()[logical_id].memory_mb


def _row(samples: list[Sample]) -> list[str]:
    reply = [x.reply.total for x in samples]
    model = statistics.median(x.model_seconds for x in samples)
    p50 = percentile(reply, 0.5)
    dispatch = statistics.median(x.reply.dispatch for x in samples)
    loops = sum(state_counts(x.history).get("WaitForAssistant", 0) for x in samples)
    return [
        s(p50),
        s(percentile(reply, 0.95)),
        s(model),
        f"{p50 / model:.2f}" if model else "—",
        f"+{p50 - model:.2f} s (Lambdas +{p50 - model - dispatch:.2f}, dispatch {dispatch:.2f})",
        _counts([x.transitions for x in samples]),
        _counts([x.lambda_requests for x in samples]),
        f"{statistics.mean(gb_seconds(x, _memory) for x in samples):.3f}",
        str(loops),
        f"+{cold_seconds(samples[0].functions):.1f} s",
    ]


HEADERS = [
    "message",
    "reply p50",
    "reply p95",
    "model time",
    "ratio",
    "p50 over model",
    "transitions",
    "Lambda invocations",
    "billed GB-s (warm)",
    "Waits entered",
    "a cold message adds",
]


def run_model_path() -> str:
    run = model_path()
    rows = []
    for generation in GENERATIONS:
        for kind in MESSAGE_TYPES:
            samples = run.of(kind, generation)
            rows.append([f"{kind.key}, {generation:g} s per response", *_row(samples)])
    return grid(
        "Time to reply, model path (OFFLINE_FIRST=false), AWS terms",
        HEADERS,
        rows,
        f"{REPEAT} messages per type and generation time (p95 of {REPEAT} is their slowest), one at a time, warm. "
        f"Model time: responses x generation time, plus {TRANSCRIPTION_SECONDS:g} s per transcription. "
        f"Target: reply p50 <= model time + {OVER_MODEL_SECONDS} s; <= {MAX_ONE_TOOL_TRANSITIONS} transitions for a "
        "one-tool text message. 'p50 over model' splits into our Lambdas' own time (in-process, beyond the model) and "
        "the assumed dispatch. Transitions and invocations count retries; invocations include ReceiveWebhook. A cold "
        "message: every function on its path cold (INIT and first-call loads, CPU on this machine, a lower bound).",
    )


def run_offline_first() -> str:
    run = offline_first_path()
    rows = []
    for kind in MESSAGE_TYPES:
        samples = run.of(kind, OFFLINE_FIRST_GENERATION)
        paths = sorted({x.path for x in samples})
        responses = _counts([x.responses for x in samples])
        right = all(x.rows == kind.rows for x in samples)
        rows.append(
            [
                kind.key,
                "/".join(paths),
                responses,
                _counts([x.transcriptions for x in samples]),
                *_row(samples)[:2],
                s(statistics.median(x.reply.dispatch for x in samples)),
                _counts([x.transitions for x in samples]),
                _counts([x.lambda_requests for x in samples]),
                f"{statistics.mean(gb_seconds(x, _memory) for x in samples):.3f}",
                f"+{cold_seconds(samples[0].functions):.1f} s",
                "yes" if right else f"**no**: {_counts([x.rows for x in samples])} rows, {kind.rows} expected",
            ]
        )
    return grid(
        "Offline-first path (OFFLINE_FIRST=true, as deployed), AWS terms",
        [
            "message",
            "answered by",
            "responses",
            "transcriptions",
            "reply p50",
            "reply p95",
            "of which dispatch (assumed)",
            "transitions",
            "Lambda invocations",
            "billed GB-s (warm)",
            "a cold message adds",
            "ledger as asked",
        ],
        rows,
        f"{REPEAT} messages per type; what goes to the model takes {OFFLINE_FIRST_GENERATION:g} s per response. "
        f"Target for what the offline engine answers: reply <= {OFFLINE_REPLY_SECONDS} s, 0 model calls, "
        f"<= {MAX_OFFLINE_TRANSITIONS} transitions. 'ledger as asked': the rows added are the rows the message asked "
        "for.",
    )


def run_where_time_goes() -> str:
    """Per state, the median in-process time of a one-tool text message: where a reply's time goes."""
    rows = []
    for label, samples in (
        (f"model path, {REFERENCE_GENERATION:g} s", model_path().of(MESSAGE_TYPES[0], REFERENCE_GENERATION)),
        ("offline-first", offline_first_path().of(MESSAGE_TYPES[0], OFFLINE_FIRST_GENERATION)),
    ):
        per_state: dict[str, list[float]] = {}
        for sample in samples:
            seen: dict[str, float] = {}
            for timing in [sample.webhook, *sample.invocations]:
                seen[timing.state_name] = seen.get(timing.state_name, 0.0) + timing.seconds
            for name, seconds in seen.items():
                per_state.setdefault(name, []).append(seconds)
        cells = [f"{name} {statistics.median(v) * 1000:.0f} ms" for name, v in per_state.items()]
        dispatch = statistics.median(x.reply.dispatch for x in samples)
        rows.append([label, ", ".join(cells), f"{dispatch * 1000:.0f} ms"])
    return grid(
        "Where a one-tool text message's time goes (median in-process ms per step, warm)",
        ["path", "steps", "dispatch (assumed)"],
        rows,
        "The model path's StartAssistantRun and SubmitToolOutputs hold the model's time (they follow the response "
        "until it settles). RunTool writes the local .xlsx here; in AWS it is Microsoft Graph (not modelled), and "
        "SendReply's console channel stands for Twilio's Messages API (not modelled either).",
    )


def targets() -> list[Target]:
    found = []
    for generation in GENERATIONS:
        samples = model_path().of(MESSAGE_TYPES[0], generation)
        reply = percentile([x.reply.total for x in samples], 0.5)
        model = statistics.median(x.model_seconds for x in samples)
        found.append(
            Target(
                f"model path, one-tool text, {generation:g} s per response: reply p50",
                f"<= model + {OVER_MODEL_SECONDS} s",
                f"{reply:.2f} s = model {model:.2f} s + {reply - model:.2f} s",
                reply <= model + OVER_MODEL_SECONDS,
            )
        )
    for generation in GENERATIONS:
        found.append(
            Target(
                f"model path, the other message types, {generation:g} s per response: reply p50",
                f"<= model + {OVER_MODEL_SECONDS} s",
                "worst: " + _over(model_path(), generation),
                all(_p50_over(model_path(), kind, generation) <= OVER_MODEL_SECONDS for kind in MESSAGE_TYPES[1:]),
            )
        )
    counts = {g: max(x.transitions for x in model_path().of(MESSAGE_TYPES[0], g)) for g in GENERATIONS}
    found.append(
        Target(
            "transitions, one-tool text message at 1.5/3/6 s",
            f"<= {MAX_ONE_TOOL_TRANSITIONS}",
            "/".join(str(counts[g]) for g in GENERATIONS),
            max(counts.values()) <= MAX_ONE_TOOL_TRANSITIONS,
        )
    )
    offline = [x for kind in MESSAGE_TYPES[:2] for x in offline_first_path().of(kind, OFFLINE_FIRST_GENERATION)]
    reply = max(x.reply.total for x in offline)
    found.append(
        Target(
            "offline-first, text expense and question: slowest reply",
            f"<= {OFFLINE_REPLY_SECONDS} s",
            f"{reply:.2f} s",
            reply <= OFFLINE_REPLY_SECONDS,
        )
    )
    calls = sum(x.responses + x.transcriptions for x in offline)
    found.append(Target("offline-first, text expense and question: model calls", "0", str(calls), calls == 0))
    most = max(x.transitions for x in offline)
    found.append(
        Target(
            "offline-first, text expense and question: transitions",
            f"<= {MAX_OFFLINE_TRANSITIONS}",
            str(most),
            most <= MAX_OFFLINE_TRANSITIONS,
        )
    )
    return found


def _p50_over(run: Run, kind: MessageType, generation: float) -> float:
    samples = run.of(kind, generation)
    return percentile([x.reply.total for x in samples], 0.5) - statistics.median(x.model_seconds for x in samples)


def _over(run: Run, generation: float) -> str:
    kind = max(MESSAGE_TYPES[1:], key=lambda k: _p50_over(run, k, generation))
    return f"{kind.key} +{_p50_over(run, kind, generation):.2f} s"


def dynamodb_total(sample: Sample) -> TableUse:
    return total(sample.dynamodb)
