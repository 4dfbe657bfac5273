"""The Twilio fake keeps WhatsApp's rules as Twilio applies them, reached by the real twilio SDK over `responses`.

Rules and sources: finassist/adapters/whatsapp_rules.py and docs/decisions.md ("Fakes and the rules they enforce").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import responses
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.fakes.twilio_api import FakeTwilio

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fake-token-for-the-fake"
ANA = "whatsapp:+5511987654321"
FROM = "whatsapp:+14155238886"
NOW = datetime.fromisoformat("2026-11-24T10:00:00-03:00")
TEMPLATE = "HX" + "0a1b2c3d4e5f6a7b" * 2
BODY = "🔁 Lancei sua despesa recorrente: {{1}} em {{2}} ({{3}}), {{4}}."
VARIABLES = {"1": "R$ 1.800,00", "2": "Moradia", "3": "aluguel", "4": "08/12"}


class World:
    def __init__(self) -> None:
        self.inbound: dict[str, datetime] = {}
        self.now = NOW


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def fake(world: World) -> Iterator[FakeTwilio]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = FakeTwilio(
            ACCOUNT_SID, last_inbound=world.inbound.get, now=lambda: world.now, templates={TEMPLATE: BODY}
        )
        twilio.register(mock)
        yield twilio


@pytest.fixture
def client() -> Client:
    return Client(ACCOUNT_SID, AUTH_TOKEN)


def send(client: Client, **fields: Any) -> Any:
    return client.messages.create(from_=FROM, to=ANA, **fields)


def media_file(tmp_path: Path, name: str, size: int) -> str:
    path = tmp_path / name
    path.write_bytes(b"\0" * size)
    return path.as_uri()


# -- the 24-hour window ----------------------------------------------------------------------------------------


def test_free_form_inside_the_window_is_delivered(fake: FakeTwilio, client: Client, world: World) -> None:
    world.inbound[ANA] = NOW - timedelta(hours=23, minutes=59)

    created = send(client, body="Anotado!")

    assert created.status == "queued"
    assert client.messages(created.sid).fetch().status == "delivered"
    assert fake.to(ANA) == ["Anotado!"]


@pytest.mark.parametrize("silent_for", [timedelta(hours=24), timedelta(hours=25), None])
def test_free_form_outside_the_window_is_accepted_then_fails_with_63016(
    fake: FakeTwilio, client: Client, world: World, silent_for: timedelta | None
) -> None:
    if silent_for is not None:
        world.inbound[ANA] = NOW - silent_for

    created = send(client, body="🔁 Lancei sua despesa recorrente")
    fetched = client.messages(created.sid).fetch()

    assert (created.status, created.error_code) == ("queued", None), "Twilio answers 201 queued: no API error"
    assert (fetched.status, fetched.error_code) == ("failed", 63016)
    assert fetched.error_message.startswith(
        "Failed to send freeform message because you are outside the allowed window"
    )
    assert fake.to(ANA) == [], "the person never reads it"


def test_an_approved_template_goes_through_outside_the_window(fake: FakeTwilio, client: Client) -> None:
    created = send(client, content_sid=TEMPLATE, content_variables=json.dumps(VARIABLES))

    assert client.messages(created.sid).fetch().status == "delivered"
    assert fake.to(ANA) == ["🔁 Lancei sua despesa recorrente: R$ 1.800,00 em Moradia (aluguel), 08/12."]


def test_template_text_sent_as_body_outside_the_window_fails_too(fake: FakeTwilio, client: Client) -> None:
    created = send(client, body="🔁 Lancei sua despesa recorrente: R$ 1.800,00 em Moradia (aluguel), 08/12.")

    assert client.messages(created.sid).fetch().error_code == 63016


def test_an_unknown_content_sid_is_refused_with_21655(fake: FakeTwilio, client: Client) -> None:
    with pytest.raises(TwilioRestException) as refused:
        send(client, content_sid="HX" + "f" * 32, content_variables=json.dumps(VARIABLES))

    assert (refused.value.status, refused.value.code) == (400, 21655)


@pytest.mark.parametrize(
    "value",
    ["", "aluguel\ncasa", "aluguel\tcasa", "aluguel     casa", None],
    ids=["empty", "newline", "tab", "spaces", "null"],
)
def test_unfit_content_variables_are_refused_with_21656(fake: FakeTwilio, client: Client, value: str | None) -> None:
    with pytest.raises(TwilioRestException) as refused:
        send(client, content_sid=TEMPLATE, content_variables=json.dumps({**VARIABLES, "3": value}))

    assert (refused.value.status, refused.value.code) == (400, 21656)
    assert fake.sent_to(ANA) == []


# -- what a message may carry -----------------------------------------------------------------------------------


def test_a_body_over_1600_characters_is_refused_with_21617(fake: FakeTwilio, client: Client, world: World) -> None:
    world.inbound[ANA] = NOW

    with pytest.raises(TwilioRestException) as refused:
        send(client, body="x" * 1601)

    assert (refused.value.status, refused.value.code) == (400, 21617)


def test_only_the_first_attachment_goes_and_the_others_are_ignored(
    fake: FakeTwilio, client: Client, world: World, tmp_path: Path
) -> None:
    world.inbound[ANA] = NOW
    chart, sheet = media_file(tmp_path, "resumo.png", 1000), media_file(tmp_path, "despesas.xlsx", 1000)

    created = send(client, body="Resumo", media_url=[chart, sheet])

    [message] = fake.sent_to(ANA)
    assert message["media"] == [chart] and message["ignored_media"] == [sheet]
    assert client.messages(created.sid).fetch().num_media == "1"


@pytest.mark.parametrize(
    ("name", "size", "status", "code"),
    [
        ("despesas.xlsx", 16_000_000, "delivered", None),
        ("despesas.xlsx", 16_000_001, "failed", 11751),
        ("resumo.png", 5_000_000, "delivered", None),
        ("resumo.png", 5_000_001, "failed", 11751),
        ("relatorio.pdf", 1000, "delivered", None),
        ("relatorio.docx", 1000, "delivered", None),
        ("apresentacao.pptx", 1000, "delivered", None),
        ("despesas.csv", 1000, "failed", 12300),
        ("despesas.txt", 1000, "failed", 12300),
        ("figurinha.webp", 1000, "failed", 12300),
    ],
)
def test_media_types_and_sizes_are_whatsapps(
    fake: FakeTwilio, client: Client, world: World, tmp_path: Path, name: str, size: int, status: str, code: int | None
) -> None:
    world.inbound[ANA] = NOW

    created = send(client, body="", media_url=[media_file(tmp_path, name, size)])

    fetched = client.messages(created.sid).fetch()
    assert (fetched.status, fetched.error_code) == (status, code)
