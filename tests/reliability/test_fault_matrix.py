"""The fault matrix: every external call and every Lambda, failing in every way we know, on the real ASL.

Each cell sends one WhatsApp message ("Gastei R$ 45 em almoço hoje", as text or as a voice note) with one
fault planted at one HTTP boundary or one Lambda invocation, then checks what the user and the operator see:
exactly one final message (the answer, or the apology for that error), exactly the ledger rows that should be
there (one or none, never two), the execution's end, and no secret in the execution history or in the logs.

"Transient" faults clear within the state's Retry budget and must end in the answer; "persistent" ones
outlast it and must end in the matching apology. The OpenAI SDK retries once itself (max_retries=1), so one
failed Task attempt costs two HTTP failures there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from finassist.domain.apologies import Change, apology_for
from finassist.local.stack import twilio_fields
from tests.fakes.openai_server import Turn
from tests.reliability.conftest import history_text, leaked_secrets
from tests.reliability.world import (
    ANSWER,
    MEDIA_URL_PREFIX,
    HandlerCrashed,
    LambdaServiceException,
    World,
    apology,
)

GENERIC = apology("")
# After RunTool wrote the row, any apology says the expense was noted, so the user does not send it again.
NOTED = apology_for(
    None,
    [Change("added", {"date": "2026-11-24", "category": "Alimentação", "description": "almoço", "amount": "45.00"})],
)
RATE_LIMIT_HEADERS = {"retry-after-ms": "20", "retry-after": "1"}
MALFORMED_JSON = b'{"id": "resp_68a1f0c2", "object": "response", "status": "in_prog'


@dataclass(frozen=True)
class Cell:
    name: str
    inject: Callable[[World], None]
    reply: str | None  # the one message the user must get; None: nothing can reach them
    rows: int
    kind: str = "text"  # text, voice, image
    status: str = "SUCCEEDED"
    error: str = ""  # an error the path must show (where the fault surfaced)


def _openai(method: str, path: str, status: int, times: int, after: int = 0) -> Callable[[World], None]:
    headers = RATE_LIMIT_HEADERS if status == 429 else None
    return lambda w: w.openai.fail_next(method, path, status, headers=headers, times=times, after=after)


def _openai_hang_up(method: str, path: str, times: int, after: int = 0) -> Callable[[World], None]:
    return lambda w: w.openai.hang_up_next(method, path, times=times, after=after)


def _openai_malformed(method: str, path: str, after: int = 0) -> Callable[[World], None]:
    return lambda w: w.openai.fail_next(method, path, 200, body=MALFORMED_JSON, times=1, after=after)


def _twilio(route: str, kind: str, status: int = 0, times: int = 1) -> Callable[[World], None]:
    return lambda w: w.twilio.fail_next(route, kind, status, times)


def _graph(status: int, times: int = 1, *, land: bool = False, route: str = "add_rows") -> Callable[[World], None]:
    retry_after = 1 if status in (429, 503) else None
    return lambda w: w.graph.fail_next(route, status, times=times, retry_after=retry_after, land=land)


def _graph_timeout(times: int = 1, *, land: bool = False) -> Callable[[World], None]:
    def inject(w: World) -> None:
        for _ in range(times):
            w.graph.time_out_next("add_rows", land=land)

    return inject


def _crash(state: str, exception: type[Exception], *, after: bool = False) -> Callable[[World], None]:
    return lambda w: w.stack.inject_fault(state, exception, after=after)


CREATE, RETRIEVE, TRANSCRIBE = ("POST", "/v1/responses"), ("GET", "/v1/responses/"), ("POST", "/v1/audio/")

EXTERNAL_CELLS = [
    # OpenAI responses.create (StartAssistantRun; `after=1` targets SubmitToolOutputs, after the row was written)
    Cell("openai create 429 transient", _openai(*CREATE, 429, times=2), ANSWER, 1),
    Cell("openai create 429 persistent", _openai(*CREATE, 429, times=8), apology("AssistantRateLimited"), 0),
    Cell("openai create 500 transient", _openai(*CREATE, 500, times=2), ANSWER, 1),
    Cell("openai create 500 persistent", _openai(*CREATE, 500, times=8), apology("AssistantUnavailable"), 0),
    Cell("openai create timeout transient", _openai_hang_up(*CREATE, times=2), ANSWER, 1),
    Cell("openai create timeout persistent", _openai_hang_up(*CREATE, times=8), apology("AssistantUnavailable"), 0),
    Cell("openai create malformed body", _openai_malformed(*CREATE), ANSWER, 1, error="AssistantUnavailable"),
    Cell("openai submit 500 transient", _openai(*CREATE, 500, times=2, after=1), ANSWER, 1),
    Cell("openai submit 500 persistent", _openai(*CREATE, 500, times=8, after=1), NOTED, 1),
    # OpenAI responses.retrieve (CheckAssistantRun's first poll)
    Cell("openai retrieve 429 transient", _openai(*RETRIEVE, 429, times=2), ANSWER, 1),
    Cell("openai retrieve 429 persistent", _openai(*RETRIEVE, 429, times=8), apology("AssistantRateLimited"), 0),
    Cell("openai retrieve 500 transient", _openai(*RETRIEVE, 500, times=2), ANSWER, 1),
    Cell("openai retrieve 500 persistent", _openai(*RETRIEVE, 500, times=8), apology("AssistantUnavailable"), 0),
    Cell("openai retrieve timeout transient", _openai_hang_up(*RETRIEVE, times=2), ANSWER, 1),
    Cell("openai retrieve timeout persistent", _openai_hang_up(*RETRIEVE, 8), apology("AssistantUnavailable"), 0),
    Cell("openai retrieve malformed body", _openai_malformed(*RETRIEVE), ANSWER, 1, error="AssistantUnavailable"),
    # OpenAI audio.transcriptions.create (TranscribeVoiceNote)
    Cell("openai transcribe 429 transient", _openai(*TRANSCRIBE, 429, times=2), ANSWER, 1, "voice"),
    Cell("openai transcribe 429 persistent", _openai(*TRANSCRIBE, 429, 8), apology("AssistantRateLimited"), 0, "voice"),
    Cell("openai transcribe 500 transient", _openai(*TRANSCRIBE, 500, times=2), ANSWER, 1, "voice"),
    Cell("openai transcribe 500 persistent", _openai(*TRANSCRIBE, 500, 8), apology("AssistantUnavailable"), 0, "voice"),
    Cell("openai transcribe timeout transient", _openai_hang_up(*TRANSCRIBE, times=2), ANSWER, 1, "voice"),
    Cell(
        "openai transcribe timeout persistent",
        _openai_hang_up(*TRANSCRIBE, times=8),
        apology("AssistantUnavailable"),
        0,
        "voice",
    ),
    Cell(
        "openai transcribe malformed body",
        _openai_malformed(*TRANSCRIBE),
        ANSWER,
        1,
        "voice",
        error="AssistantUnavailable",
    ),
    # Microsoft Graph (RunTool's row add, REST mode)
    Cell("graph 429 transient", _graph(429), ANSWER, 1),
    Cell("graph 429 persistent", _graph(429, times=5), apology("LedgerThrottled"), 0, error="LedgerThrottled"),
    Cell("graph 503 transient", _graph(503), ANSWER, 1),
    Cell("graph 500 once", _graph(500), apology("LedgerUnavailable"), 0, error="LedgerUnavailable"),
    Cell("graph 504 after the row landed", _graph(504, land=True), ANSWER, 1),
    Cell("graph timeout transient", _graph_timeout(), ANSWER, 1),
    Cell("graph timeout after the row landed", _graph_timeout(land=True), ANSWER, 1),
    Cell("graph timeout persistent", _graph_timeout(times=5), apology("LedgerThrottled"), 0, error="LedgerThrottled"),
    Cell(
        "graph malformed body",
        lambda w: w.graph.malformed_next("header"),
        apology("LedgerUnavailable"),
        0,
        error="LedgerUnavailable",
    ),
    # Twilio Messages API (SendReply; SendApology when the reply could not go)
    Cell("twilio send 429 transient", _twilio("send", "status", 429), ANSWER, 1),
    # A reply that could not go out is tried once more by SendApology (one answer: the reply, not an apology).
    Cell("twilio send 429 persistent", _twilio("send", "status", 429, times=5), ANSWER, 1, error="ChannelUnavailable"),
    Cell("twilio send 500 transient", _twilio("send", "status", 500), ANSWER, 1),
    Cell("twilio send 500 persistent", _twilio("send", "status", 500, times=5), ANSWER, 1, error="ChannelUnavailable"),
    Cell("twilio send timeout transient", _twilio("send", "timeout"), ANSWER, 1),
    Cell("twilio send timeout persistent", _twilio("send", "timeout", times=5), ANSWER, 1),
    Cell("twilio send malformed body", _twilio("send", "malformed"), ANSWER, 1),
    Cell(
        "twilio down for the reply and the apology",
        _twilio("send", "status", 503, times=10),
        None,
        1,
        status="FAILED",
        error="ChannelUnavailable",
    ),
    # Twilio media URL (TranscribeVoiceNote's download)
    Cell("media download 429 transient", _twilio("media", "status", 429), ANSWER, 1, "voice"),
    Cell("media download 429 persistent", _twilio("media", "status", 429, times=4), GENERIC, 0, "voice"),
    Cell("media download 500 transient", _twilio("media", "status", 500), ANSWER, 1, "voice"),
    Cell("media download 500 persistent", _twilio("media", "status", 500, times=4), GENERIC, 0, "voice"),
    Cell("media download timeout transient", _twilio("media", "timeout"), ANSWER, 1, "voice"),
    Cell("media download timeout persistent", _twilio("media", "timeout", times=4), GENERIC, 0, "voice"),
    Cell("media download malformed body", _twilio("media", "malformed"), apology("TranscriptionFailed"), 0, "voice"),
]

# (state, message kind, rows once the step ran, rows if it crashes for good)
STATES = [
    ("ParseMessage", "text", 0),
    ("TranscribeVoiceNote", "voice", 0),
    ("WaitForSenderTurn", "text", 0),
    ("ResolveConversation", "text", 0),
    ("StartAssistantRun", "text", 0),
    ("CheckAssistantRun", "text", 0),
    ("RunTool", "text", 0),
    ("SubmitToolOutputs", "text", 1),
    ("SendReply", "text", 1),
]
# A crash in SendReply is answered by SendApology with the reply itself (it was ready): one answer, the right one.
CRASH_REPLY = {"SendReply": ANSWER}
LAMBDA_CELLS = [
    *(
        Cell(f"{state} Lambda.ServiceException once", _crash(state, LambdaServiceException), ANSWER, 1, kind)
        for state, kind, _ in STATES
    ),
    *(
        Cell(
            f"{state} unhandled exception",
            _crash(state, HandlerCrashed),
            CRASH_REPLY.get(state, NOTED if rows else GENERIC),
            rows,
            kind,
            error="HandlerCrashed",
        )
        for state, kind, rows in STATES
    ),
    Cell(
        "SendApology Lambda.ServiceException once",
        _crash("SendApology", LambdaServiceException),
        apology("UnsupportedMessage"),
        0,
        "image",
    ),
    Cell(
        "SendApology unhandled exception",
        _crash("SendApology", HandlerCrashed),
        None,
        0,
        "image",
        status="FAILED",
        error="HandlerCrashed",
    ),
]


def _send(world: World, cell: Cell) -> tuple[str, dict[str, str]]:
    sender = world.new_user()
    world.plan_lunch()
    if cell.kind == "voice":
        media = f"{MEDIA_URL_PREFIX}MM{'a' * 32}/Media/ME{'b' * 32}"
        return sender, twilio_fields(sender, media_url=media, media_type="audio/ogg")
    if cell.kind == "image":
        media = f"{MEDIA_URL_PREFIX}MM{'a' * 32}/Media/ME{'c' * 32}"
        return sender, twilio_fields(sender, media_url=media, media_type="image/jpeg")
    return sender, twilio_fields(sender, "Gastei R$ 45 em almoço hoje")


def _check_cell(world: World, cell: Cell, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    sender, fields = _send(world, cell)
    cell.inject(world)

    outcome = world.stack.send(fields)

    replies = world.twilio.to(sender)
    assert outcome.execution_arn is not None
    assert outcome.status == cell.status, outcome.path
    assert replies == ([cell.reply] if cell.reply is not None else []), outcome.path
    assert len(world.rows_of(fields["MessageSid"])) == cell.rows
    if cell.error:
        assert cell.error in {visit.error for visit in outcome.path}
    logs = capfd.readouterr()
    assert leaked_secrets(history_text(world, outcome.execution_arn), logs.out, logs.err, caplog.text) == []


@pytest.mark.parametrize("cell", [pytest.param(cell, id=cell.name) for cell in EXTERNAL_CELLS])
def test_a_fault_at_an_external_api_ends_in_one_reply_and_a_consistent_ledger(
    world: World, cell: Cell, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    _check_cell(world, cell, capfd, caplog)


@pytest.mark.parametrize("cell", [pytest.param(cell, id=cell.name) for cell in LAMBDA_CELLS])
def test_a_lambda_that_fails_ends_in_one_reply_and_a_consistent_ledger(
    world: World, cell: Cell, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    _check_cell(world, cell, capfd, caplog)


@pytest.mark.parametrize("exception", [LambdaServiceException, HandlerCrashed], ids=["service exception", "crash"])
def test_a_cancel_that_fails_after_the_poll_budget_still_ends_in_one_apology(
    world: World, exception: type[Exception], capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    sender = world.new_user()
    fields = twilio_fields(sender, "Gastei R$ 45 em almoço hoje")
    world.stack.configure(MAX_ASSISTANT_SECONDS="1")
    try:
        world.openai.plan(Turn(output=[], polls_in_progress=100_000))
        world.stack.inject_fault("CancelAssistantRun", exception)

        outcome = world.stack.send(fields)
    finally:
        world.stack.configure(MAX_ASSISTANT_SECONDS="150")

    assert outcome.status == "SUCCEEDED"
    assert outcome.state_names[-4:] == ["PollBudgetSpent", "CancelAssistantRun", "AnswerOpenToolCalls", "SendApology"]
    assert world.twilio.to(sender) == [apology("PollBudgetSpent")]
    assert world.rows_of(fields["MessageSid"]) == []
    assert outcome.execution_arn is not None
    logs = capfd.readouterr()
    assert leaked_secrets(history_text(world, outcome.execution_arn), logs.out, caplog.text) == []


@pytest.mark.parametrize("exception", [LambdaServiceException, HandlerCrashed], ids=["service exception", "crash"])
def test_a_webhook_lambda_that_fails_gets_a_5xx_and_twilios_redelivery_is_answered_once(
    world: World, exception: type[Exception]
) -> None:
    sender = world.new_user()
    world.plan_lunch()
    fields = twilio_fields(sender, "Gastei R$ 45 em almoço hoje")
    world.stack.inject_fault("ReceiveWebhook", exception)

    first = world.stack.post_webhook(world.stack.webhook_event(fields))
    started_by_first = world.stack.has_execution(fields["MessageSid"])
    outcome = world.stack.send(fields)  # Twilio retries a webhook that answered 5xx

    assert first["statusCode"] == 502 and not started_by_first
    assert outcome.status == "SUCCEEDED"
    assert world.twilio.to(sender) == [ANSWER]
    assert len(world.rows_of(fields["MessageSid"])) == 1


def test_a_reply_accepted_by_twilio_whose_answer_timed_out_is_not_sent_twice(world: World) -> None:
    sender = world.new_user()
    world.plan_lunch()
    world.twilio.fail_next("send", "accepted_then_timeout")

    outcome = world.stack.send(twilio_fields(sender, "Gastei R$ 45 em almoço hoje"))

    assert outcome.status == "SUCCEEDED"
    assert world.twilio.to(sender) == [ANSWER]


def test_an_apology_after_the_expense_was_written_does_not_say_it_was_not_recorded(world: World) -> None:
    sender = world.new_user()
    world.plan_lunch()
    world.openai.fail_next("POST", "/v1/responses", 500, times=8, after=1)
    fields = twilio_fields(sender, "Gastei R$ 45 em almoço hoje")

    world.stack.send(fields)

    assert len(world.rows_of(fields["MessageSid"])) == 1
    assert "não foi registrad" not in world.twilio.to(sender)[0]
