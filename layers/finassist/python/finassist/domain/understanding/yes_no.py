"""A yes or a no to the question we asked last: "sim", "pode sim", "deixa pra lá", 👍."""

from __future__ import annotations

import re

from finassist.domain import wordlists
from finassist.domain.understanding.intents import Confirmation
from finassist.domain.understanding.message import Message

_WORDS = "yes_no_ptbr.json"
_YES = wordlists.words(_WORDS, "yes")
_YES_EXTRA = wordlists.words(_WORDS, "yes_extra")
_NO = wordlists.words(_WORDS, "no")
_NO_EXTRA = wordlists.words(_WORDS, "no_extra")
_NO_WHEN_ASKED = wordlists.words(_WORDS, "no_when_asked")
_TOKEN_WORD_RE = re.compile(r"[^\W_]+")
_MAX_WORDS = 6

_YES_EMOJI = frozenset("👍👌✅✔☑🆗👏💯🤝🙌")
_NO_EMOJI = frozenset("👎❌✖🚫⛔🙅")
_EMOJI_NOISE = frozenset("\ufe0f\u200d") | frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
"""Variation selectors, joiners and skin tones ride along with a thumbs-up and carry no meaning."""


def read_yes_no(message: Message) -> Confirmation | None:
    """True for "sim" / "pode sim" / "isso mesmo", False for "não" / "deixa pra lá", None for anything else."""
    words = _TOKEN_WORD_RE.findall(message.folded)
    if not words or len(words) > _MAX_WORDS:
        return None
    no = _NO | _NO_WHEN_ASKED if message.awaiting_confirmation else _NO
    allowed = _YES | _YES_EXTRA | no | _NO_EXTRA
    if any(word not in allowed for word in words):
        return None
    if any(word in no for word in words):
        return Confirmation(False)
    if any(word in _YES for word in words):
        return Confirmation(True)
    return None


def read_emoji_answer(message: Message) -> Confirmation | None:
    """👍 / ✅ as yes and 👎 / ❌ as no, when the message is only that and we asked something."""
    if not message.awaiting_confirmation:
        return None
    marks = [ch for ch in message.text if not ch.isspace() and ch not in _EMOJI_NOISE and ch not in "!.?,"]
    if marks and all(ch in _YES_EMOJI for ch in marks):
        return Confirmation(True)
    if marks and all(ch in _NO_EMOJI for ch in marks):
        return Confirmation(False)
    return None
