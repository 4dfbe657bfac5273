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
_CHATTER = wordlists.words(_WORDS, "chatter")
_REASONS = wordlists.words(_WORDS, "reasons")
_ADVERBS = wordlists.words(_WORDS, "adverbs")
_LAUGH_RE = re.compile(r"k{2,}|(?:rs){2,}s?|(?:ha){2,}h?|(?:he){2,}|(?:hi){2,}|(?:hu){2,}a?s?|a?(?:ha)+")
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
    words, gaps = _words(text, folded, removed)
    dangling = {i for i in range(len(words)) if _dangling(words, gaps, i)}
    words = [w for i, w in enumerate(words) if i not in dangling]
    gaps = [g for i, g in enumerate(gaps) if i not in dangling]
    verbs = [w.folded for w in words if w.folded in DESCRIPTION_FOR_VERB]
    first, last = 0, len(words)
    while first < last and (words[first].folded in LEADING or words[first].folded in leading):
        first += 1
    last = next((i for i in range(first + 1, last) if words[i].folded in _REASONS), last)
    while last > first and (words[last - 1].folded in TRAILING or words[last - 1].folded in trailing):
        last -= 1
    kept = words[first:last][:_MAX_DESCRIPTION_WORDS]
    if not kept:
        return "", verbs
    if all(w.folded in _ADVERBS for w in kept):
        # "comi fora": the adverb says how; the verb says what ("refeição fora"), or nothing was said.
        noun = next((DESCRIPTION_FOR_VERB[v] for v in verbs), "")
        return (f"{noun} {' '.join(w.text for w in kept)}" if noun else ""), verbs
    parts = [kept[0].text]
    for index in range(1, len(kept)):
        previous, word = kept[index - 1], kept[index]
        between = text[previous.end : word.start]
        contiguous = not gaps[first + index] and not any(ch.isalnum() for ch in between)
        parts.append(between if contiguous and between.strip(" ,;/&+-") == "" else " ")
        parts.append(word.text)
    description = re.sub(r"\s+", " ", "".join(parts)).strip(" ,.;:!?-")
    return description, verbs


_LINKS = frozenset({"de", "do", "da", "dos", "das", "no", "na", "nos", "nas", "em", "por", "pelo", "pela", "com"})


def _dangling(words: list[_Word], gaps: list[bool], i: int) -> bool:
    """A preposition left hanging where an amount was cut: 'pix de [150] do João' keeps 'pix do João'."""
    return words[i].folded in _LINKS and i + 1 < len(words) and gaps[i + 1] and words[i + 1].folded in _LINKS


def _words(text: str, folded: str, removed: list[Span]) -> tuple[list[_Word], list[bool]]:
    """The words left once spans and chatter are cut, and for each whether something was cut just before it."""
    words: list[_Word] = []
    gaps: list[bool] = []  # gaps[i]: something was cut out between words[i-1] and words[i]
    cut = False
    for match in _WORD_RE.finditer(folded):
        span = (match.start(), match.end())
        if overlaps(span, removed) or match.group() in _CHATTER or _LAUGH_RE.fullmatch(match.group()):
            cut = True
            continue
        words.append(_Word(text[span[0] : span[1]], match.group(), *span))
        gaps.append(cut)
        cut = False
    return words, gaps
