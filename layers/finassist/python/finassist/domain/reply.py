"""Cut a long assistant reply into WhatsApp messages Twilio will accept (its body limit is 1,600 characters)."""

from __future__ import annotations

import re
from collections.abc import Sequence

WHATSAPP_BODY_LIMIT = 1600
"""Twilio refuses a Messages API body over 1,600 characters (error 21617); Meta's own 4,096 is not the limit."""

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
# A sentence ends at . ! ? or … (optionally closed by a quote or bracket) followed by whitespace, so
# "R$ 1.234,56" and "21/11" are never cut: the dot inside an amount is not followed by a space.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
_WORD_GAP = re.compile(r"\s+")

# Coarse to fine: a part ends at a paragraph when it can, else a line (lists of expenses), else a
# sentence, else a word; only a single "word" longer than a whole message is cut anywhere.
_LEVELS: Sequence[re.Pattern[str]] = (_PARAGRAPH_BREAK, _LINE_BREAK, _SENTENCE_END, _WORD_GAP)


def message_length(text: str) -> int:
    """Length as Twilio counts it: UTF-16 code units, so an emoji outside the BMP (💸, 📊) counts as 2.

    Twilio documents the limit as 1,600 "characters" and warns that emoji and other non-GSM characters
    may count as more than one (error 21617). Counting UTF-16 code units is never shorter than Python's
    len(), so a part measured this way is accepted whichever of the two Twilio uses.
    """
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def split_reply(text: str, limit: int = WHATSAPP_BODY_LIMIT) -> list[str]:
    """Split a reply into numbered parts, "(1/3) ...", each at most `limit` long including its number.

    A reply that fits is returned unchanged as the only part; an empty or blank reply gives no parts,
    because Twilio refuses an empty body and the user should not get a blank message.
    """
    if not text.strip():
        return []
    if message_length(text) <= limit:
        return [text]
    stripped = text.strip()
    if message_length(stripped) <= limit:
        return [stripped]

    # The prefix's width depends on how many parts there are, which depends on the room left after the
    # prefix: guess, split, and widen the guess until the count fits in the digits reserved for it.
    guess = 2
    while True:
        budget = limit - len(_prefix(guess, guess))
        if budget < 2:
            raise ValueError(f"limit {limit} leaves no room for text after the part number")
        bodies = _pack(_pieces(text, 0, budget), budget)
        if len(str(len(bodies))) <= len(str(guess)):
            break
        guess = len(bodies)
    total = len(bodies)
    return [_prefix(index, total) + body for index, body in enumerate(bodies, start=1)]


def _prefix(index: int, total: int) -> str:
    """The part number the user reads first, so a reordered delivery still makes sense."""
    return f"({index}/{total}) "


def _cut_after(text: str, separator: re.Pattern[str]) -> list[str]:
    """Pieces that end right after each separator; joined, they give back the text exactly."""
    pieces: list[str] = []
    start = 0
    for match in separator.finditer(text):
        if match.end() > start:
            pieces.append(text[start : match.end()])
            start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _pieces(text: str, level: int, budget: int) -> list[str]:
    """Pieces of the text, each fitting the budget once stripped, cut as coarsely as possible."""
    result: list[str] = []
    for piece in _cut_after(text, _LEVELS[level]):
        if message_length(piece.strip()) <= budget:
            result.append(piece)
        elif level + 1 < len(_LEVELS):
            result.extend(_pieces(piece, level + 1, budget))
        else:
            result.extend(_hard_cut(piece, budget))
    return result


def _hard_cut(piece: str, budget: int) -> list[str]:
    """Cut a single over-long word into budget-sized runs, keeping its surrounding whitespace."""
    core = piece.strip()
    lead = piece[: len(piece) - len(piece.lstrip())]
    trail = piece[len(piece.rstrip()) :]
    chunks = _take_while_fits(core, budget)
    chunks[0] = lead + chunks[0]
    chunks[-1] = chunks[-1] + trail
    return chunks


def _take_while_fits(core: str, budget: int) -> list[str]:
    """Consecutive runs of the text, each as long as the budget allows."""
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for ch in core:
        size = message_length(ch)
        if used + size > budget and current:
            chunks.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += size
    chunks.append("".join(current))
    return chunks


def _pack(pieces: Sequence[str], budget: int) -> list[str]:
    """Greedily fill each part with whole pieces; whitespace at a part's edges is dropped."""
    parts: list[str] = []
    current = ""
    for piece in pieces:
        candidate = current + piece
        if message_length(candidate.strip()) <= budget:
            current = candidate
            continue
        if current.strip():
            parts.append(current.strip())
        current = piece
    if current.strip():
        parts.append(current.strip())
    return parts
