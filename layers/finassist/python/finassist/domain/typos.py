"""Typo-tolerant matching of one word against the category lexicon ('farmacai' is 'farmácia').

rapidfuzz computes the Damerau-Levenshtein distance (a swapped pair of letters counts as one edit, the most
common slip on a phone keyboard). To keep unrelated words out of categories, a word is only compared when it
is long enough that one edit cannot turn it into another real word, its first letter must match (people
rarely miss the first letter), the nearest lexicon words must all point to one category, and the words the
engine already knows (filler, verbs, months, numbers) are never compared at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from finassist.domain import wordlists
from finassist.domain.months import MONTHS

MIN_LENGTH = 5
"""Shorter words are one edit away from too many others ('bala' ~ 'bola', 'gato' ~ 'gado')."""
SURE_LENGTH = 7
"""From this length one edit is a typo we file with confidence; shorter ones only suggest a category."""


@dataclass(frozen=True)
class Near:
    """The lexicon word a typed word nearly spells, and how many edits apart they are."""

    word: str
    distance: int


@cache
def _known_words() -> frozenset[str]:
    """Words the engine reads on their own: never taken for a misspelt item."""
    known: set[str] = set(MONTHS)
    for file, names in (
        ("description_words_ptbr.json", ("leading", "trailing", "chatter", "reasons", "adverbs")),
        ("yes_no_ptbr.json", ("yes", "yes_extra", "no", "no_extra", "no_when_asked")),
        ("command_words_ptbr.json", ("recurring", "correction")),
        ("number_words_ptbr.json", ("cardinals",)),
        ("amount_words_ptbr.json", ("currency", "cents", "units", "not_amount_before", "new_object", "glue")),
        ("small_talk_ptbr.json", ("greetings", "thanks", "filler")),
        ("typo_safe_words_ptbr.json", ("words",)),
    ):
        for name in names:
            known |= wordlists.words(file, name)
    return frozenset(known)


def nearest(word: str, choices: dict[str, str]) -> Near | None:
    """The one lexicon word (a key of choices, mapped to its category) that word is a typo of, if any."""
    if len(word) < MIN_LENGTH or not word.isalpha() or word in choices or word in _known_words():
        return None
    limit = 1 if len(word) < 9 else 2
    candidates = [
        (match, int(distance))
        for match, distance, _ in process.extract(
            word, list(choices), scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None
        )
        if match[:1] == word[:1] and len(match) >= MIN_LENGTH
    ]
    if not candidates:
        return None
    best = min(distance for _, distance in candidates)
    closest = [match for match, distance in candidates if distance == best]
    if len({choices[match] for match in closest}) != 1:
        return None
    return Near(closest[0], best)
