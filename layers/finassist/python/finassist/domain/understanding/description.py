"""What was bought, in the user's own words: the message minus amount, date, time words and filler."""

from __future__ import annotations

import re
from dataclasses import dataclass

from finassist.domain import wordlists
from finassist.domain.understanding.message import Span, overlaps

_WORDS = "description_words_ptbr.json"
LEADING = wordlists.words(_WORDS, "leading")
TRAILING = wordlists.words(_WORDS, "trailing")
DESCRIPTION_FOR_VERB: dict[str, str] = wordlists.mapping(_WORDS, "verb_descriptions")
_MAX_DESCRIPTION_WORDS = 8

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’&.][^\W_]+)*")
NOISE_RE = re.compile(
    r"\b(?:(?:n?[ae]st?[ae]|n?ess[ae]|n?a|d?a)\s+semana(?:\s+(?:passada|retrasada))?|semana\s+(?:passada|retrasada)"
    r"|(?:n?est[ea]|n?ess[ea]|n?o|d?o)\s+mes(?:\s+(?:passado|retrasado))?|mes\s+(?:passado|retrasado)"
    r"|(?:de|pela|a|hoje\s+a|ontem\s+a|hoje\s+de|ontem\s+de)\s+(?:manha|tarde|noite|madrugada)"
    r"|hoje\s+cedo|mais\s+cedo|agora(?:\s+(?:ha\s+pouco|pouco))?|agorinha|por\s+favor|de\s+novo|agorinha"
    r"|fi[mn]\s+de\s+semana(?:\s+passado)?)\b"
)
"""Time words that are not a date the ledger can use, so they must not end up in the description."""


@dataclass(frozen=True)
class _Word:
    text: str
    folded: str
    start: int
    end: int


def noise_spans(folded: str) -> list[Span]:
    return [(m.start(), m.end()) for m in NOISE_RE.finditer(folded)]


def describe(
    text: str,
    folded: str,
    removed: list[Span],
    leading: frozenset[str] = frozenset(),
    trailing: frozenset[str] = frozenset(),
) -> tuple[str, list[str]]:
    """The thing bought and the verbs that may name it ('almocei'), with removed spans and filler cut away."""
    words: list[_Word] = []
    gaps: list[bool] = []  # gaps[i]: something was cut out between words[i-1] and words[i]
    cut = False
    for match in _WORD_RE.finditer(folded):
        span = (match.start(), match.end())
        if overlaps(span, removed):
            cut = True
            continue
        words.append(_Word(text[span[0] : span[1]], match.group(), *span))
        gaps.append(cut)
        cut = False
    verbs = [w.folded for w in words if w.folded in DESCRIPTION_FOR_VERB]
    first, last = 0, len(words)
    while first < last and (words[first].folded in LEADING or words[first].folded in leading):
        first += 1
    while last > first and (words[last - 1].folded in TRAILING or words[last - 1].folded in trailing):
        last -= 1
    kept = words[first:last]
    if not kept:
        return "", verbs
    kept = kept[:_MAX_DESCRIPTION_WORDS]
    parts = [kept[0].text]
    for index in range(1, len(kept)):
        previous, word = kept[index - 1], kept[index]
        between = text[previous.end : word.start]
        contiguous = not gaps[first + index] and not any(ch.isalnum() for ch in between)
        parts.append(between if contiguous and between.strip(" ,;/&+-") == "" else " ")
        parts.append(word.text)
    description = re.sub(r"\s+", " ", "".join(parts)).strip(" ,.;:!?-")
    return description, verbs
