"""No state can approach Step Functions' 256 KiB: a huge model reply and a huge tool argument are capped and
answered, and every state input and output in the history stays far below the limit; a model that never
finishes is cancelled by the budget in seconds, inside the execution's timeout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from finassist.local.stack import EmbeddedStack, twilio_fields
from tests.conftest import ANA, openai_stack
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import Turn

STATE_LIMIT = 262_144  # bytes of UTF-8, per state input or output (Step Functions quotas)
DESIGN_BOUND = 64 * 1024  # what our caps keep each state under (docs/decisions.md, "Sizes")


def largest_state_payload(stack: EmbeddedStack, arn: str | None) -> int:
    assert arn is not None
    sizes = [0]
    for event in stack.history(arn):
        for key, details in event.items():
            if key.endswith("EventDetails") and isinstance(details, dict):
                for field in ("input", "output"):
                    if isinstance(details.get(field), str):
                        sizes.append(len(details[field].encode("utf-8")))
    return max(sizes)


def test_a_300000_character_reply_is_cut_answered_and_never_near_the_state_limit(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        openai_api.plan(Turn(output=[message("Seus gastos: " + "muito dinheiro, " * 18_750)], polls_in_progress=0))

        outcome = stack.send(twilio_fields(ANA, "me conta tudo"))

        assert outcome.status == "SUCCEEDED"
        assert 1 <= len(outcome.replies) <= 4
        assert sum(len(part) for part in outcome.replies) <= 6_200
        assert outcome.replies[-1].endswith("…")
        assert largest_state_payload(stack, outcome.execution_arn) < DESIGN_BOUND < STATE_LIMIT


def test_a_100_kb_tool_argument_is_answered_with_an_error_and_kept_out_of_the_state(tmp_path: Path) -> None:
    huge: dict[str, Any] = {
        "date": "2026-11-24",
        "category": "Alimentação",
        "description": "x" * 100_000,
        "amount": "45.00",
        "notes": None,
    }
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        openai_api.plan(
            Turn(output=[function_call("call_big", "add_expense", huge, "fc_1")], polls_in_progress=0),
            Turn(output=[message("Não consegui anotar: a descrição era grande demais.")], polls_in_progress=0),
        )

        outcome = stack.send(twilio_fields(ANA, "almoço 45"))

        assert outcome.status == "SUCCEEDED"
        assert outcome.replies == ["Não consegui anotar: a descrição era grande demais."]
        submitted = openai_api.bodies("POST", "/v1/responses")[1]["input"]
        assert json.loads(submitted[0]["output"])["status"] == "error"
        assert largest_state_payload(stack, outcome.execution_arn) < DESIGN_BOUND


def test_a_model_that_never_finishes_is_cancelled_by_the_seconds_budget_within_the_timeout(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", MAX_ASSISTANT_SECONDS="1", ASSISTANT_FOLLOW_SECONDS="0.3") as (
        stack,
        openai_api,
    ):
        openai_api.plan(Turn(output=[], polls_in_progress=100_000))

        outcome = stack.send(twilio_fields(ANA, "quanto gastei?"))

        assert outcome.status == "SUCCEEDED"  # not TIMED_OUT: the budget ends it long before 900 s
        assert "PollBudgetSpent" in outcome.state_names and outcome.state_names[-1] == "SendApology"
        assert outcome.replies == ["Demorei demais para responder e parei por aqui. Pode mandar a mensagem de novo?"]
        assert [p for _, p, _ in openai_api.requests if p.endswith("/cancel")] != []
