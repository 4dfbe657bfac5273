"""Offline-first with an OpenAI key: what the offline engine is sure of is answered with no model call and then
copied into the person's OpenAI conversation; everything else goes to the model, which then has that context."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from finassist import wiring
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA, ONE_TOOL_PATH, openai_stack
from tests.fakes.openai_payloads import message
from tests.fakes.openai_server import Turn


def text_of(item: dict[str, object]) -> str:
    """A message item's text: the Conversations API returns content as parts (input_text / output_text)."""
    content = item.get("content")
    if isinstance(content, str):
        return content
    return "".join(str(part.get("text", "")) for part in content or [] if isinstance(part, dict))  # type: ignore[union-attr]


def model_calls(openai_api: object) -> int:
    return sum(1 for method, path, _ in openai_api.requests if method == "POST" and path == "/v1/responses")  # type: ignore[attr-defined]


def test_a_clear_expense_is_answered_offline_with_no_model_call_in_eleven_states(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", OFFLINE_FIRST="true") as (stack, openai_api):
        outcome = stack.send(twilio_fields(ANA, "mercado 230"))

        assert outcome.replies[0].startswith("Anotado! ✅ R$ 230,00")
        assert outcome.state_names == ONE_TOOL_PATH
        assert model_calls(openai_api) == 0
        rows = XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).rows()
        assert [row.expense.amount for row in rows] == [Decimal("230.00")]


def test_the_offline_turn_is_copied_into_the_persons_openai_conversation(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", OFFLINE_FIRST="true") as (stack, openai_api):
        outcome = stack.send(twilio_fields(ANA, "mercado 230"))

        conversation = wiring.conversations().find(stack.user_key(ANA)) or ""
        items = openai_api.items_of(conversation)
        said = [(item["role"], text_of(item)) for item in items if item.get("type") == "message"]
        assert said[-2:][0] == ("user", "mercado 230")
        assert said[-1][0] == "assistant" and said[-1][1] == outcome.replies[0]


def test_a_message_it_is_not_sure_of_goes_to_the_model_which_has_the_earlier_turn(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", OFFLINE_FIRST="true") as (stack, openai_api):
        stack.send(twilio_fields(ANA, "mercado 230"))
        openai_api.plan(Turn(output=[message("Foi no mercado, R$ 230,00, hoje.")], polls_in_progress=0))

        outcome = stack.send(twilio_fields(ANA, "o que eu anotei agora há pouco mesmo?"))

        assert outcome.replies == ["Foi no mercado, R$ 230,00, hoje."]
        assert model_calls(openai_api) == 1
        conversation = wiring.conversations().find(stack.user_key(ANA)) or ""
        contents = [text_of(item) for item in openai_api.items_of(conversation) if item.get("type") == "message"]
        assert contents.index("mercado 230") < contents.index("o que eu anotei agora há pouco mesmo?")


def test_with_offline_first_off_every_message_goes_to_the_model(tmp_path: Path) -> None:
    with openai_stack(tmp_path / "data", OFFLINE_FIRST="false") as (stack, openai_api):
        openai_api.plan(Turn(output=[message("Certo!")], polls_in_progress=0))

        outcome = stack.send(twilio_fields(ANA, "mercado 230"))

        assert outcome.replies == ["Certo!"] and model_calls(openai_api) == 1
