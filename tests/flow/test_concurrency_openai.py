"""Bursts through the OpenAI engine, against a fake that keeps each conversation, locks it while a response is in
progress (400 conversation_locked) and refuses a response on a conversation holding an unanswered call: every
message answered once, in order per person, every row once, no apology; and after an abandoned tool round the
person's next message still goes through on the same conversation."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from finassist import wiring
from finassist.local.stack import EmbeddedStack, twilio_fields
from tests.conftest import ANA, openai_stack
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import FakeOpenAI, Turn
from tests.flow.bursts import SENDERS, amounts_written, burst

SAID = re.compile(r"gastei (\d+) reais no mercado")
ANSWERED = re.compile(r'"amount": "(\d+)\.00"')


def model(inputs: list[dict[str, Any]]) -> Turn:
    """A model that takes a little time: an expense becomes an add_expense call, its result a short reply."""
    for item in inputs:
        if item.get("type") == "function_call_output":
            amount = ANSWERED.search(str(item.get("output", "")))
            text = f"Anotado: R$ {amount.group(1) if amount else '?'},00 no mercado."
            return Turn(output=[message(text)], generation_seconds=0.05)
        content = item.get("content")
        text = content if isinstance(content, str) else " ".join(str(p.get("text", "")) for p in content or [])
        said = SAID.search(text)
        if said:
            arguments = {
                "date": "2026-11-24",
                "category": "Alimentação",
                "description": "mercado",
                "amount": f"{said.group(1)}.00",
                "notes": None,
            }
            call = "call_" + uuid.uuid4().hex[:12]
            return Turn(output=[function_call(call, "add_expense", arguments, "fc_" + call)], generation_seconds=0.05)
    return Turn(output=[message("Certo!")], generation_seconds=0.05)


@pytest.fixture
def people(tmp_path: Path) -> Iterator[tuple[EmbeddedStack, FakeOpenAI]]:
    with openai_stack(tmp_path / "data", ASSISTANT_FOLLOW_SECONDS="2") as (stack, openai_api):
        openai_api.responder = model
        for n, sender in enumerate(SENDERS):
            stack.add_user(sender, f"Pessoa {n}")
        yield stack, openai_api


def replied(stack: EmbeddedStack, sender: str) -> list[int]:
    replies = stack.replies_to(sender)
    assert all(reply.startswith("Anotado:") for reply in replies), replies
    return [int(re.search(r"R\$ (\d+),00", reply).group(1)) for reply in replies]  # type: ignore[union-attr]


@pytest.mark.parametrize("size", [2, 6, 10])
def test_a_burst_from_one_person_goes_through_the_model_once_each_in_order(
    people: tuple[EmbeddedStack, FakeOpenAI], size: int
) -> None:
    stack, openai_api = people
    plan = [(SENDERS[0], 10 + n) for n in range(size)]

    burst(stack, plan)

    assert replied(stack, SENDERS[0]) == [amount for _, amount in plan]
    assert amounts_written(stack, SENDERS[0]) == [Decimal(amount) for _, amount in plan]
    creates = [p for m, p, _ in openai_api.requests if m == "POST" and p == "/v1/responses"]
    assert len(creates) == 2 * size  # one response per message and one per tool round: none refused, none repeated


def test_interleaved_bursts_from_three_people_keep_each_persons_order(people: tuple[EmbeddedStack, FakeOpenAI]) -> None:
    stack, _ = people
    plan = [(SENDERS[n % 3], 20 + n) for n in range(9)]

    burst(stack, plan)

    for sender in SENDERS:
        mine = [amount for who, amount in plan if who == sender]
        assert replied(stack, sender) == mine
        assert amounts_written(stack, sender) == [Decimal(a) for a in mine]


class Crashed(RuntimeError):
    """No Retry names it: the Catch takes over."""


@pytest.mark.parametrize("step", ["RunTool", "SubmitToolOutputs"])
def test_after_an_abandoned_tool_round_the_next_message_goes_through_on_the_same_conversation(
    tmp_path: Path, step: str
) -> None:
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        openai_api.responder = model
        stack.inject_fault(step, Crashed)
        failed = stack.send(twilio_fields(ANA, "gastei 20 reais no mercado"))
        conversation = wiring.conversations().find(stack.user_key(ANA))

        following = stack.send(twilio_fields(ANA, "gastei 30 reais no mercado"))

        assert failed.state_names[-2:] == ["AnswerOpenToolCalls", "SendApology"]
        assert following.replies == ["Anotado: R$ 30,00 no mercado."]
        assert wiring.conversations().find(stack.user_key(ANA)) == conversation
        items = openai_api.items_of(conversation or "")
        calls = {i["call_id"] for i in items if i.get("type") == "function_call"}
        answered = {i["call_id"] for i in items if i.get("type") == "function_call_output"}
        assert calls == answered  # no call left without an output


def test_after_the_tool_round_budget_the_next_message_goes_through_on_the_same_conversation(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", MAX_TOOL_ROUNDS="0") as (stack, openai_api):
        openai_api.responder = model
        stopped = stack.send(twilio_fields(ANA, "gastei 20 reais no mercado"))
        stack.configure(MAX_TOOL_ROUNDS="4")

        following = stack.send(twilio_fields(ANA, "gastei 30 reais no mercado"))

        assert stopped.state_names[-3:] == ["ToolBudgetSpent", "AnswerOpenToolCalls", "SendApology"]
        assert following.replies == ["Anotado: R$ 30,00 no mercado."]
