"""The offline channel is the embedded stack's Twilio: it keeps the same WhatsApp rules as the Twilio fake."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from finassist.adapters.console_channel import ConsoleChannel, InboundLog
from finassist.domain.notices import RECURRING_TEMPLATE_BODY
from finassist.errors import ChannelRejected

ANA = "whatsapp:+5511987654321"
NOW = datetime.fromisoformat("2026-11-24T10:00:00-03:00")
TEMPLATE = "HX" + "0a1b2c3d4e5f6a7b" * 2
VARIABLES = {"1": "R$ 1.800,00", "2": "Moradia", "3": "aluguel", "4": "08/12"}


def channel(tmp_path: Path, now: datetime = NOW) -> ConsoleChannel:
    return ConsoleChannel(tmp_path, now=lambda: now, templates={TEMPLATE: RECURRING_TEMPLATE_BODY})


def media(tmp_path: Path, name: str, size: int = 100) -> str:
    path = tmp_path / name
    path.write_bytes(b"\0" * size)
    return path.as_uri()


def test_a_reply_within_24_hours_of_the_last_inbound_message_is_delivered(tmp_path: Path) -> None:
    InboundLog(tmp_path).record(ANA, NOW - timedelta(hours=23))
    console = channel(tmp_path)

    console.send(ANA, "Anotado!")

    assert [(m["text"], m["status"]) for m in console.sent()] == [("Anotado!", "delivered")]


@pytest.mark.parametrize("last", [NOW - timedelta(hours=25), None])
def test_free_form_to_someone_silent_for_24_hours_fails_with_63016_and_is_never_read(
    tmp_path: Path, last: datetime | None
) -> None:
    if last is not None:
        InboundLog(tmp_path).record(ANA, last)
    console = channel(tmp_path)

    sid = console.send(ANA, "🔁 Lancei sua despesa recorrente")

    [message] = console.sent()
    assert message["sid"] == sid, "accepted, as Twilio's 201 is"
    assert (message["status"], message["error_code"]) == ("failed", 63016)
    assert console.delivered() == []


def test_an_approved_template_goes_through_outside_the_window_rendered(tmp_path: Path) -> None:
    console = channel(tmp_path)

    console.send_template(ANA, TEMPLATE, VARIABLES)

    [message] = console.delivered()
    assert message["text"] == "🔁 Lancei sua despesa recorrente: R$ 1.800,00 em Moradia (aluguel), 08/12."
    assert message["content_sid"] == TEMPLATE and message["content_variables"] == VARIABLES


def test_a_template_that_is_not_approved_is_refused_with_21655(tmp_path: Path) -> None:
    with pytest.raises(ChannelRejected) as refused:
        channel(tmp_path).send_template(ANA, "HX" + "f" * 32, VARIABLES)

    assert refused.value.code == 21655


@pytest.mark.parametrize("value", ["", "a\nb", "a\tb", "a     b"])
def test_unfit_template_variables_are_refused_with_21656(tmp_path: Path, value: str) -> None:
    with pytest.raises(ChannelRejected) as refused:
        channel(tmp_path).send_template(ANA, TEMPLATE, {**VARIABLES, "3": value})

    assert refused.value.code == 21656


def test_a_body_over_1600_characters_is_refused_at_once(tmp_path: Path) -> None:
    InboundLog(tmp_path).record(ANA, NOW)

    with pytest.raises(ChannelRejected) as refused:
        channel(tmp_path).send(ANA, "x" * 1601)

    assert refused.value.code == 21617


def test_one_attachment_per_message_the_rest_ignored(tmp_path: Path) -> None:
    InboundLog(tmp_path).record(ANA, NOW)
    console = channel(tmp_path)
    chart, sheet = media(tmp_path, "resumo.png"), media(tmp_path, "despesas.xlsx")

    console.send(ANA, "Resumo", [chart, sheet])

    [message] = console.delivered()
    assert message["media"] == [chart] and message["ignored_media"] == [sheet]


@pytest.mark.parametrize(
    ("name", "size", "code"),
    [("despesas.csv", 100, 12300), ("resumo.png", 5_000_001, 11751), ("despesas.xlsx", 16_000_001, 11751)],
)
def test_media_whatsapp_does_not_take_fails_the_message(tmp_path: Path, name: str, size: int, code: int) -> None:
    InboundLog(tmp_path).record(ANA, NOW)
    console = channel(tmp_path)

    console.send(ANA, "", [media(tmp_path, name, size)])

    [message] = console.sent()
    assert (message["status"], message["error_code"]) == ("failed", code)


def test_the_inbound_log_keeps_the_last_message_per_sender(tmp_path: Path) -> None:
    log = InboundLog(tmp_path)
    log.record(ANA, NOW - timedelta(days=2))
    log.record(ANA, NOW)

    assert log.last(ANA) == NOW
    assert log.last("whatsapp:+5500000000000") is None
