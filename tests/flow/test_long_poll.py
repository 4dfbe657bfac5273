"""Following a background response inside the step that started it: a response that settles during the follow
is answered with no Wait and no check; one that outlasts it loops through WaitForAssistant and
CheckAssistantRun; a stream that breaks mid-way falls back to short polls; the fake model really takes time."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from finassist.local.stack import twilio_fields
from tests.conftest import ANA, ONE_TOOL_PATH, openai_stack
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import Turn

LUNCH: dict[str, Any] = {
    "date": "2026-11-24",
    "category": "Alimentação",
    "description": "almoço",
    "amount": "45.00",
    "notes": None,
}


def lunch_turns(seconds: float) -> tuple[Turn, Turn]:
    return (
        Turn(output=[function_call("call_1", "add_expense", LUNCH, "fc_1")], generation_seconds=seconds),
        Turn(output=[message("Anotado: R$ 45,00 em Alimentação.")], generation_seconds=seconds),
    )


def streams(openai_api: Any) -> int:
    return sum(1 for method, _, query in openai_api.queries if method == "GET" and query.get("stream") == "true")


def test_a_response_that_settles_during_the_follow_needs_no_wait_and_no_check(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", ASSISTANT_FOLLOW_SECONDS="5") as (stack, openai_api):
        openai_api.plan(*lunch_turns(0.4))

        started = time.monotonic()
        outcome = stack.send(twilio_fields(ANA, "almoço 45"))
        elapsed = time.monotonic() - started

        assert outcome.replies == ["Anotado: R$ 45,00 em Alimentação."]
        assert outcome.state_names == ONE_TOOL_PATH  # 11 transitions, whatever the model's latency under the bound
        assert elapsed >= 0.8  # the fake model really took its time, twice
        follows = [v for v in outcome.path if v.name in ("StartAssistantRun", "SubmitToolOutputs")]
        assert all(visit.seconds >= 0.3 for visit in follows)


def test_a_response_that_outlasts_the_follow_goes_round_the_wait_and_the_check(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", ASSISTANT_FOLLOW_SECONDS="0.3") as (stack, openai_api):
        openai_api.plan(*lunch_turns(1.0))

        outcome = stack.send(twilio_fields(ANA, "almoço 45"))

        assert outcome.replies == ["Anotado: R$ 45,00 em Alimentação."]
        names = outcome.state_names
        assert names.count("WaitForAssistant") >= 2 and names.count("CheckAssistantRun") >= 2
        assert names.index("WaitForAssistant") == names.index("StartAssistantRun") + 2  # Start, RunStatus, Wait
        assert names[-2:] == ["RunStatus", "SendReply"]


def test_a_stream_that_breaks_mid_way_falls_back_to_short_polls_and_still_answers(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", ASSISTANT_FOLLOW_SECONDS="5") as (stack, openai_api):
        openai_api.plan(*lunch_turns(0.4))
        openai_api.break_next_stream(after_events=1, times=2)

        outcome = stack.send(twilio_fields(ANA, "almoço 45"))

        assert outcome.replies == ["Anotado: R$ 45,00 em Alimentação."]
        assert outcome.state_names == ONE_TOOL_PATH
        assert streams(openai_api) >= 2
        polls = [p for m, p, _ in openai_api.requests if m == "GET" and p.startswith("/v1/responses/")]
        assert len(polls) > streams(openai_api)  # plain retrieves after each broken stream
