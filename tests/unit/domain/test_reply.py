"""Long replies become numbered WhatsApp messages Twilio accepts (<= 1600 each, number included)."""

from __future__ import annotations

import re

import pytest

from finassist.domain.reply import WHATSAPP_BODY_LIMIT, message_length, split_reply

_PREFIX = re.compile(r"^\((\d+)/(\d+)\) ")


def _bodies(parts: list[str]) -> list[str]:
    """The parts without their "(i/n) " numbers, checking the numbering on the way."""
    bodies = []
    for index, part in enumerate(parts, start=1):
        match = _PREFIX.match(part)
        assert match is not None, part[:20]
        assert (int(match.group(1)), int(match.group(2))) == (index, len(parts))
        bodies.append(part[match.end() :])
    return bodies


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _paragraph(number: int, length: int) -> str:
    sentence = f"Parágrafo {number}: gastei R$ 1.234,56 em alimentação no dia 21/11. "
    return (sentence * (length // len(sentence) + 1))[:length].strip() + "."


def test_a_short_reply_is_one_message_unchanged() -> None:
    text = "  Anotei: R$ 45,00 em Alimentação hoje (24/11). 🍽️\n"
    assert split_reply(text) == [text]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_an_empty_or_blank_reply_gives_no_messages(text: str) -> None:
    assert split_reply(text) == []


def test_a_reply_of_exactly_1600_characters_stays_one_message() -> None:
    text = "a" * 1600
    assert split_reply(text) == [text]


def test_a_reply_one_character_over_the_limit_becomes_two_numbered_messages() -> None:
    text = "palavra " * 200 + "x"
    parts = split_reply(text)
    assert [part[:6] for part in parts] == ["(1/2) ", "(2/2) "]
    assert all(len(part) <= WHATSAPP_BODY_LIMIT for part in parts)
    assert _squeeze("".join(_bodies(parts))) == _squeeze(text)


def test_a_4000_character_reply_splits_on_paragraphs_into_numbered_parts_within_the_limit() -> None:
    paragraphs = [_paragraph(n, 495) for n in range(1, 9)]
    text = "\n\n".join(paragraphs)
    assert 3950 <= len(text) <= 4050

    parts = split_reply(text)

    assert len(parts) == 3
    assert all(len(part) <= 1600 for part in parts)
    bodies = _bodies(parts)
    assert _squeeze("".join(bodies)) == _squeeze(text)
    for body in bodies:
        # each message holds whole paragraphs: it starts and ends where a paragraph does
        assert body.startswith("Parágrafo")
        assert any(body.endswith(paragraph) for paragraph in paragraphs)


def test_a_single_long_paragraph_splits_between_sentences_not_inside_amounts() -> None:
    text = " ".join(f"Despesa {n}: R$ 1.234,56 em Transporte no dia 21/11." for n in range(100))
    parts = split_reply(text)

    assert len(parts) >= 3
    bodies = _bodies(parts)
    assert all(len(part) <= 1600 for part in parts)
    assert all(body.startswith("Despesa") and body.endswith("21/11.") for body in bodies)
    assert _squeeze("".join(bodies)) == _squeeze(text)


def test_a_list_of_expenses_splits_between_lines() -> None:
    text = "Seus gastos de novembro:\n" + "\n".join(
        f"• {day:02d}/11 Alimentação R$ {day},50 almoço no restaurante perto do trabalho" for day in range(1, 31)
    )
    parts = split_reply(text)

    assert len(parts) == 2
    bodies = _bodies(parts)
    assert all(len(part) <= 1600 for part in parts)
    assert bodies[0].endswith("trabalho") and bodies[1].startswith("• ")
    assert _squeeze("".join(bodies)) == _squeeze(text)


def test_text_without_punctuation_splits_between_words() -> None:
    words = [f"palavra{n}" for n in range(600)]
    text = " ".join(words)
    parts = split_reply(text)

    assert len(parts) >= 4
    assert all(len(part) <= 1600 for part in parts)
    assert [word for body in _bodies(parts) for word in body.split()] == words


def test_a_single_5000_character_word_is_cut_hard_into_parts_within_the_limit() -> None:
    word = "".join(chr(ord("a") + n % 26) for n in range(5000))
    parts = split_reply(word)

    assert len(parts) == 4
    assert all(len(part) <= 1600 for part in parts)
    assert "".join(_bodies(parts)) == word


def test_a_hard_cut_word_keeps_the_space_before_the_next_word() -> None:
    text = "x" * 2000 + " fim"
    bodies = _bodies(split_reply(text))

    assert bodies[-1].endswith("x fim")


def test_ten_or_more_parts_still_fit_with_their_wider_numbers() -> None:
    word = "y" * 1590 * 12
    parts = split_reply(word)

    assert len(parts) >= 12
    assert parts[-1].startswith(f"({len(parts)}/{len(parts)}) ")
    assert all(len(part) <= 1600 for part in parts)
    assert "".join(_bodies(parts)) == word


def test_emoji_count_as_two_so_a_reply_twilio_might_refuse_is_split() -> None:
    assert message_length("💸") == 2
    assert split_reply("💸" * 800) == ["💸" * 800]

    parts = split_reply("💸" * 801)

    assert len(parts) == 2
    assert all(message_length(part) <= 1600 for part in parts)
    assert "".join(_bodies(parts)) == "💸" * 801


def test_surrounding_whitespace_alone_does_not_force_a_split() -> None:
    text = "\n" + "b" * 1600 + "\n\n"
    assert split_reply(text) == ["b" * 1600]


def test_a_smaller_limit_is_respected() -> None:
    text = "Uma frase curta. " * 20
    parts = split_reply(text, limit=50)

    assert all(len(part) <= 50 for part in parts)
    assert _squeeze("".join(_bodies(parts))) == _squeeze(text)


def test_a_limit_too_small_for_the_part_number_is_refused() -> None:
    with pytest.raises(ValueError, match="no room"):
        split_reply("texto longo demais", limit=7)
