"""The embedded stack's virtual clock: a Wait it records instead of sleeping is time a fake service keeps working, so
a benchmark's model generates through the Wait as it would in AWS (benchmarks/clock.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from finassist.local.stack import twilio_fields
from tests.conftest import ANA, openai_stack
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import Turn

LUNCH = {"date": "2026-11-24", "category": "Alimentação", "description": "almoço", "amount": "45.00", "notes": None}


def test_the_clock_runs_ahead_of_real_time_by_the_waits_recorded(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", ASSISTANT_FOLLOW_SECONDS="0.3", POLL_SECONDS="1") as (stack, openai_api):
        openai_api.plan(
            Turn(output=[function_call("call_1", "add_expense", LUNCH, "fc_1")], generation_seconds=1.0),
            Turn(output=[message("Anotado: R$ 45,00 em Alimentação.")], generation_seconds=0.0),
        )
        before = stack.clock() - time.monotonic()

        stack.send(twilio_fields(ANA, "almoço 45"))

        assert abs(before) < 0.05, "nothing recorded yet: the clock is time.monotonic()"
        assert stack.sleeps and set(stack.sleeps) == {1.0}, "each WaitForAssistant recorded its POLL_SECONDS"
        assert stack.clock() - time.monotonic() == pytest.approx(sum(stack.sleeps), abs=0.05)


def test_a_model_on_the_virtual_clock_settles_during_a_recorded_wait_so_one_check_answers(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", ASSISTANT_FOLLOW_SECONDS="0.3", POLL_SECONDS="1") as (stack, openai_api):
        openai_api.clock = stack.clock
        openai_api.plan(
            Turn(output=[function_call("call_1", "add_expense", LUNCH, "fc_1")], generation_seconds=1.0),
            Turn(output=[message("Anotado: R$ 45,00 em Alimentação.")], generation_seconds=1.0),
        )

        outcome = stack.send(twilio_fields(ANA, "almoço 45"))

        assert outcome.replies == ["Anotado: R$ 45,00 em Alimentação."]
        # Each response outlasts the 0.3 s follow once; the 1 s Wait (POLL_SECONDS) is 1 s of its generation,
        # so the check after it finds it settled. On the real clock the check would follow and loop again.
        assert outcome.state_names.count("WaitForAssistant") == 2
        assert outcome.state_names.count("CheckAssistantRun") == 2
        assert stack.sleeps == [1.0, 1.0]


def test_every_invocation_is_timed_with_its_state_and_function(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", OFFLINE_FIRST="true") as (stack, _):
        outcome = stack.send(twilio_fields(ANA, "mercado 230"))

        timed = [timing.state_name for timing in stack.timings]
        assert timed == ["ReceiveWebhook", *[name for name in outcome.state_names if name in stack.invocations]]
        assert all(timing.seconds > 0 and not timing.errored for timing in stack.timings)
        assert stack.timings[-1].logical_id == "SendReplyFunction"
