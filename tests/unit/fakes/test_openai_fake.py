"""The OpenAI fake behaves like the service over time, reached by the real SDK over HTTP on loopback.

Each rule is the spec's (openai/openai-openapi openapi.yaml) or the docs' (docs/decisions.md, "Fakes and the rules
they enforce"); a fake that drifted back to something kinder fails here.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import FakeOpenAI, Turn, fake_openai_server

LUNCH = {"date": "2026-11-24", "category": "Alimentação", "description": "almoço", "amount": "45.00", "notes": None}


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as server:
        yield server


@pytest.fixture
def client(fake: FakeOpenAI) -> openai.OpenAI:
    return openai.OpenAI(api_key="test-key-not-real", base_url=fake.base_url, max_retries=0, timeout=10)


def start(client: openai.OpenAI, conversation: str, items: Any) -> Any:
    return client.responses.create(
        model="gpt-5-mini", conversation=conversation, input=items, background=True, store=True
    )


def wait(client: openai.OpenAI, response_id: str, timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        response = client.responses.retrieve(response_id)
        if response.status not in ("queued", "in_progress") or time.monotonic() > deadline:
            return response
        time.sleep(0.01)


def error_of(exc: openai.APIStatusError) -> dict[str, Any]:
    assert isinstance(exc.body, dict)
    return exc.body


# -- the life of a background response --------------------------------------------------------------------------


class ManualClock:
    """The fake's clock, moved by the test: generation time without sleeping or racing a busy machine."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_background_response_is_queued_then_in_progress_for_its_generation_time_then_completed(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    clock = ManualClock()
    fake.clock = clock
    fake.queue_seconds = 1.0
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Oi!")], polls_in_progress=0, generation_seconds=30.0))

    created = start(client, conversation, "oi")
    queued = client.responses.retrieve(created.id).status
    clock.now += 1.0
    started = client.responses.retrieve(created.id).status
    clock.now += 29.9
    still = client.responses.retrieve(created.id).status
    clock.now += 0.1
    done = client.responses.retrieve(created.id)

    assert [created.status, queued, started, still, done.status] == [
        "queued",
        "queued",
        "in_progress",
        "in_progress",
        "completed",
    ]
    assert done.output_text == "Oi!"
    assert done.completed_at is not None


def test_generation_time_runs_on_the_real_clock_by_default(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Oi!")], polls_in_progress=0, generation_seconds=0.3))
    began = time.monotonic()

    created = start(client, conversation, "oi")
    done = wait(client, created.id)

    assert done.status == "completed"
    assert time.monotonic() - began >= 0.3, "it cannot complete before its generation time"


def test_planned_polls_still_hold_a_response_in_progress(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Oi!")], polls_in_progress=2))

    created = start(client, conversation, "oi")

    statuses = [client.responses.retrieve(created.id).status for _ in range(3)]
    assert statuses == ["in_progress", "in_progress", "completed"]


def test_a_background_response_is_retrievable_for_its_retention_time_only_then_404(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    clock = ManualClock()
    fake.clock = clock
    fake.retention_seconds = 600.0
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Oi!")], polls_in_progress=0))
    created = start(client, conversation, "oi")
    clock.now += 600.0
    assert client.responses.retrieve(created.id).status == "completed"

    clock.now += 0.1
    with pytest.raises(openai.NotFoundError) as gone:
        client.responses.retrieve(created.id)

    assert error_of(gone.value) == {
        "message": f"Response with id '{created.id}' not found.",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }
    with pytest.raises(openai.NotFoundError):
        client.responses.cancel(created.id)


def test_cancelling_stops_a_running_response_and_cancelling_again_returns_it_as_it_is(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Oi!")], polls_in_progress=100))
    created = start(client, conversation, "oi")

    assert client.responses.cancel(created.id).status == "cancelled"
    assert client.responses.cancel(created.id).status == "cancelled"
    assert client.conversations.items.list(conversation).data == [], "a cancelled response adds nothing"


# -- conversations keep their items -----------------------------------------------------------------------------


def test_a_completed_response_adds_its_input_and_output_items_to_the_conversation(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    conversation = client.conversations.create().id
    fake.plan(
        Turn(output=[function_call("call_1", "add_expense", LUNCH, "fc_1")], polls_in_progress=0),
        Turn(output=[message("Anotado!")], polls_in_progress=0),
    )

    first = start(client, conversation, [{"type": "message", "role": "user", "content": "almoço 45"}])
    assert wait(client, first.id).status == "completed"
    second = start(client, conversation, [{"type": "function_call_output", "call_id": "call_1", "output": "{}"}])
    assert wait(client, second.id).status == "completed"

    items = client.conversations.items.list(conversation, order="asc").data
    assert [item.type for item in items] == ["message", "function_call", "function_call_output", "message"]
    assert items[0].content[0].type == "input_text" and items[0].content[0].text == "almoço 45"
    assert items[1].call_id == items[2].call_id == "call_1"
    assert len({item.id for item in items}) == 4, "every item has its own id"


def test_items_are_added_and_listed_as_the_spec_says(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    conversation = client.conversations.create().id
    note = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "gastei 10"}]}
    reply = {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Anotado"}]}

    created = client.conversations.items.create(conversation, items=[note, reply])
    newest_first = client.conversations.items.list(conversation)
    one = client.conversations.items.list(conversation, limit=1, order="asc")

    assert created.object == "list" and [item.role for item in created.data] == ["user", "assistant"]
    assert created.first_id == created.data[0].id and created.last_id == created.data[1].id
    assert [item.role for item in newest_first.data] == ["assistant", "user"], "default order is desc"
    assert [item.role for item in one.data] == ["user"] and one.has_more is True


def test_items_create_takes_at_most_20_items(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    conversation = client.conversations.create().id
    note = {"type": "message", "role": "user", "content": "x"}

    with pytest.raises(openai.BadRequestError):
        client.conversations.items.create(conversation, items=[note] * 21)


def test_a_response_on_an_unknown_conversation_is_404(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.plan(Turn(output=[message("Oi!")]))

    with pytest.raises(openai.NotFoundError):
        start(client, "conv_does_not_exist", "oi")


# -- the conversation lock -----------------------------------------------------------------------------------------


def test_a_second_response_while_one_is_in_progress_gets_conversation_locked(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Oi!")], polls_in_progress=5), Turn(output=[message("Oi de novo!")]))
    start(client, conversation, "oi")

    with pytest.raises(openai.BadRequestError) as locked:
        start(client, conversation, "oi de novo")

    assert locked.value.status_code == 400
    assert error_of(locked.value) == {
        "message": "Another process is currently operating on this conversation. Please retry in a few seconds.",
        "type": "invalid_request_error",
        "param": "conversation",
        "code": "conversation_locked",
    }
    assert len(fake.turns) == 1, "a refused request does not reach the model"


def test_a_queued_response_holds_the_lock_too_and_items_create_is_refused_while_it_runs(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    fake.queue_seconds = 5.0
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Oi!")], polls_in_progress=0))
    created = start(client, conversation, "oi")
    assert client.responses.retrieve(created.id).status == "queued"

    with pytest.raises(openai.BadRequestError) as locked:
        client.conversations.items.create(conversation, items=[{"type": "message", "role": "user", "content": "x"}])
    assert error_of(locked.value)["code"] == "conversation_locked"


def test_the_lock_is_released_when_the_response_settles(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Oi!")], polls_in_progress=0, generation_seconds=0.2), Turn(output=[message("2")]))
    start(client, conversation, "oi")

    time.sleep(0.3)
    second = start(client, conversation, "de novo")

    assert second.status == "queued"


def test_another_conversation_is_not_locked(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    busy, free = client.conversations.create().id, client.conversations.create().id
    fake.plan(Turn(output=[message("1")], polls_in_progress=5), Turn(output=[message("2")]))
    start(client, busy, "oi")

    assert start(client, free, "oi").status == "queued"


# -- function calls must be answered ------------------------------------------------------------------------------


def test_a_new_turn_on_a_conversation_with_an_unanswered_function_call_gets_400(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    conversation = client.conversations.create().id
    fake.plan(
        Turn(output=[function_call("call_lunch", "add_expense", LUNCH, "fc_1")], polls_in_progress=0),
        Turn(output=[message("Oi")]),
    )
    assert wait(client, start(client, conversation, "almoço 45").id).status == "completed"

    with pytest.raises(openai.BadRequestError) as refused:
        start(client, conversation, "outra coisa")

    assert error_of(refused.value) == {
        "message": "No tool output found for function call call_lunch.",
        "type": "invalid_request_error",
        "param": "input",
        "code": None,
    }
    with pytest.raises(openai.BadRequestError):
        start(client, conversation, "de novo")  # the orphan is replayed on every later turn


def test_an_output_added_with_items_create_answers_the_call(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    conversation = client.conversations.create().id
    fake.plan(
        Turn(output=[function_call("call_lunch", "add_expense", LUNCH, "fc_1")], polls_in_progress=0),
        Turn(output=[message("Oi")], polls_in_progress=0),
    )
    assert wait(client, start(client, conversation, "almoço 45").id).status == "completed"
    client.conversations.items.create(
        conversation, items=[{"type": "function_call_output", "call_id": "call_lunch", "output": '{"status": "x"}'}]
    )

    assert start(client, conversation, "outra coisa").status == "queued"


def test_an_output_for_a_call_that_was_never_made_gets_400(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Oi")]))

    with pytest.raises(openai.BadRequestError) as refused:
        start(client, conversation, [{"type": "function_call_output", "call_id": "call_ghost", "output": "{}"}])

    assert error_of(refused.value)["message"] == "No tool call found for function call output with call_id call_ghost."


# -- streaming a background response ------------------------------------------------------------------------------


def test_a_background_response_streams_its_events_in_order_with_sequence_numbers(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[message("Anotado!")], polls_in_progress=0, generation_seconds=0.2))
    created = start(client, conversation, "almoço 45")

    events = list(client.responses.retrieve(created.id, stream=True))

    assert [event.type for event in events] == [
        "response.created",
        "response.queued",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [event.sequence_number for event in events] == list(range(len(events)))
    assert events[-1].response.output_text == "Anotado!"


def test_a_stream_resumes_after_the_given_sequence_number(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    conversation = client.conversations.create().id
    fake.plan(Turn(output=[function_call("call_1", "add_expense", LUNCH, "fc_1")], polls_in_progress=0))
    created = start(client, conversation, "almoço 45")

    resumed = list(client.responses.retrieve(created.id, stream=True, starting_after=2))

    assert resumed[0].sequence_number == 3
    assert [event.type for event in resumed] == [
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert resumed[2].arguments == function_call("call_1", "add_expense", LUNCH, "fc_1")["arguments"]


# -- transcriptions -------------------------------------------------------------------------------------------------


def test_a_transcription_takes_its_time_and_answers_the_transcript(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.transcript = "Gastei 45 reais no almoço hoje"
    fake.transcription_seconds = 0.2
    began = time.monotonic()

    result = client.audio.transcriptions.create(model="gpt-4o-mini-transcribe", file=("nota.ogg", b"OggS", "audio/ogg"))

    assert result.text == "Gastei 45 reais no almoço hoje"
    assert time.monotonic() - began >= 0.2, "a transcription cannot answer before its time"


# -- errors as the spec has them --------------------------------------------------------------------------------


def test_a_429_carries_retry_after_as_whole_seconds_at_least_one(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.fail_next("POST", "/v1/conversations", 429)

    with pytest.raises(openai.RateLimitError) as limited:
        client.conversations.create()

    assert limited.value.response.headers["retry-after"] == "1"
    assert set(error_of(limited.value)) == {"message", "type", "param", "code"}


@pytest.mark.parametrize("value", ["0", "0.5", "soon"])
def test_the_fake_refuses_a_retry_after_the_spec_does_not_allow(fake: FakeOpenAI, value: str) -> None:
    with pytest.raises(ValueError, match="Retry-After"):
        fake.fail_next("POST", "/v1/responses", 429, headers={"Retry-After": value})
