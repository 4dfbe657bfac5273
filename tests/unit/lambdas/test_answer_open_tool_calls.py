from datetime import date

from finassist import wiring
from finassist.local.invoke import prepare
from finassist.local.stack import EmbeddedStack
from finassist.ports import RunContext


def test_every_unanswered_function_call_gets_an_output_and_the_next_message_can_start(stack: EmbeddedStack) -> None:
    event = prepare(stack, "answer_open_tool_calls")
    [call] = event["run"]["tool_calls"]

    result = stack.call("answer_open_tool_calls", event)

    assert result == {"answered": [call["call_id"]]}
    assistant = wiring.assistant()
    run = assistant.start_run(event["conversation"]["conversation_id"], "oi", RunContext(today=date(2026, 11, 24)))
    assert run.run_id.startswith("resp_")


def test_answering_again_finds_nothing_open(stack: EmbeddedStack) -> None:
    event = prepare(stack, "answer_open_tool_calls")
    stack.call("answer_open_tool_calls", event)
    assert stack.call("answer_open_tool_calls", event) == {"answered": []}
