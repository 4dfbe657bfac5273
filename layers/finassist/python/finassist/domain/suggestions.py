"""A category to ask about when the words do not settle one: "Quer que eu coloque em Lazer?"

classify() is certain or it is not. When it is not, the best guess is either the weak or contested word it
found, or a lexicon word the description nearly spells ("farmacia" typed "framacia"). With no guess at all we
do not ask: the entry stays in Outros and the user can move it.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources

from finassist.domain.categories import CATEGORIES, FALLBACK, classify, stems_of

_MIN_WORD = 4
"""Shorter words are too easy to match by accident ('bar' ~ 'par')."""
_CUTOFF = 0.8


@cache
def _single_words() -> dict[str, str]:
    """Every one-word lexicon stem of the categories (other than Outros) and its category; ambiguous ones left out."""
    raw = resources.files("finassist").joinpath("data/categories_ptbr.json").read_text(encoding="utf-8")
    data = json.loads(raw)["categories"]
    words: dict[str, str] = {}
    clashes: set[str] = set()
    for category, groups in data.items():
        if category not in CATEGORIES or category == FALLBACK:
            continue
        for kind in ("names", "keywords"):
            for phrase in groups.get(kind, []):
                stems = [s for s, _ in stems_of(phrase)]
                if len(stems) != 1 or len(stems[0]) < _MIN_WORD:
                    continue
                if words.get(stems[0], category) != category:
                    clashes.add(stems[0])
                words[stems[0]] = category
    return {word: category for word, category in words.items() if word not in clashes}


def _near_miss(description: str) -> str | None:
    """The category of the lexicon word closest to a word of the description, if one is close and unique."""
    words = _single_words()
    best: tuple[float, str] | None = None
    tied = False
    for word, _ in stems_of(description):
        if len(word) < _MIN_WORD or word.isdigit():
            continue
        for match in difflib.get_close_matches(word, words, n=3, cutoff=_CUTOFF):
            ratio = difflib.SequenceMatcher(None, word, match).ratio()
            category = words[match]
            if best is None or ratio > best[0]:
                best, tied = (ratio, category), False
            elif ratio == best[0] and category != best[1]:
                tied = True
    return None if best is None or tied else best[1]


def suggest_category(description: str) -> str | None:
    """The category to ask about when classify() is not certain; None when it is certain or nothing fits."""
    if not description.strip():
        return None
    category, certain = classify(description)
    if certain:
        return None
    if category != FALLBACK:
        return category
    return _near_miss(description)


def suggestion_question(category: str, description: str | None = None) -> str:
    """'Quer que eu coloque em Lazer?', naming the entry when we know it, with how to answer."""
    about = f"Não tenho certeza da categoria de {description}. " if description else ""
    return f"{about}Quer que eu coloque em {category}? Responda sim ou não."
