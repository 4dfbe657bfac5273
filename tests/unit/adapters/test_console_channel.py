"""The console channel (the offline Twilio) remembers each send's key on disk, so a re-run after a restart of
`make serve` does not send a reply twice; and a line cut short by a crash does not break the outbox."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from finassist.adapters.console_channel import ConsoleChannel

ANA = "whatsapp:+5511987654321"


def test_a_key_sent_before_returns_the_first_message_and_sends_nothing(tmp_path: Path) -> None:
    first = ConsoleChannel(tmp_path).send(ANA, "Anotado!", key="reply#SM1#0")

    again = ConsoleChannel(tmp_path).send(ANA, "Anotado! (re-run)", key="reply#SM1#0")
    other_part = ConsoleChannel(tmp_path).send(ANA, "Parte 2", key="reply#SM1#1")

    assert again == first and other_part != first
    assert [m["text"] for m in ConsoleChannel(tmp_path).sent()] == ["Anotado!", "Parte 2"]


def test_sends_without_a_key_are_all_sent(tmp_path: Path) -> None:
    channel = ConsoleChannel(tmp_path)

    ids = {channel.send(ANA, "Olá"), channel.send(ANA, "Olá")}

    assert len(ids) == 2 and len(channel.sent()) == 2


def test_the_same_key_sent_from_many_threads_at_once_goes_out_once(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(lambda n: ConsoleChannel(tmp_path).send(ANA, f"try {n}", key="apology#SM2#0"), range(8)))

    assert len(ids) == 1 and len(ConsoleChannel(tmp_path).sent()) == 1


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_next_send_starts_a_new_line(tmp_path: Path) -> None:
    channel = ConsoleChannel(tmp_path)
    channel.send(ANA, "primeira", key="reply#SM3#0")
    with channel.outbox.open("a", encoding="utf-8") as out:
        out.write('{"sid": "SMcut", "to": "whatsapp:+55119876')

    channel.send(ANA, "segunda", key="reply#SM4#0")

    assert [m["text"] for m in channel.sent()] == ["primeira", "segunda"]
