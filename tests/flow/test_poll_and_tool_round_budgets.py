"""The poll and tool-round budgets end in an apology (and a cancelled run), never in silence or a loop."""

from __future__ import annotations

from pathlib import Path

from finassist.local.stack import twilio_fields
from tests.conftest import ANA, openai_stack
from tests.fakes.openai_payloads import function_call
from tests.fakes.openai_server import Turn

QUESTION = {"category": "Lazer", "start_date": "2026-11-01", "end_date": "2026-11-30"}


def test_a_run_that_never_finishes_is_cancelled_after_the_poll_budget(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", MAX_ASSISTANT_SECONDS="2", ASSISTANT_FOLLOW_SECONDS="0.5") as (
        stack,
        openai_api,
    ):
        openai_api.plan(Turn(output=[], polls_in_progress=100_000))

        outcome = stack.send(twilio_fields(ANA, "quanto gastei com lazer?"))

        assert outcome.status == "SUCCEEDED"
        assert 2 <= outcome.state_names.count("CheckAssistantRun") <= 5  # each check follows for 0.5 s
        assert outcome.state_names[-4:] == [
            "PollBudgetSpent",
            "CancelAssistantRun",
            "AnswerOpenToolCalls",
            "SendApology",
        ]
        assert [p for m, p, _ in openai_api.requests if p.endswith("/cancel")] != []
        assert outcome.replies == ["Demorei demais para responder e parei por aqui. Pode mandar a mensagem de novo?"]


def test_a_model_that_keeps_calling_tools_is_stopped_by_the_tool_round_budget(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", MAX_TOOL_ROUNDS="2") as (stack, openai_api):
        openai_api.plan(
            *[
                Turn(
                    output=[function_call(f"call_{n}", "get_expenses_by_category", QUESTION, f"fc_{n}")],
                    polls_in_progress=0,
                )
                for n in range(5)
            ]
        )

        outcome = stack.send(twilio_fields(ANA, "quanto gastei com lazer?"))

        assert outcome.status == "SUCCEEDED"
        assert outcome.state_names.count("RunToolCalls") == 2
        assert outcome.state_names[-3:] == ["ToolBudgetSpent", "AnswerOpenToolCalls", "SendApology"]
        assert "um gasto ou uma pergunta por vez" in outcome.replies[0]
