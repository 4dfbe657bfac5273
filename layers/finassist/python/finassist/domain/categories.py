"""The fixed category list, and putting a pt-BR expense or question into one of them.

The words live in data/categories_ptbr.json so that adding "padoca" or a new streaming service is a data
change, reviewed as such, not a code change. Matching ignores case and accents, tolerates plurals and o/a
endings, and lets a longer phrase win over a shorter one ("uber eats" is food, "uber" is transport).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from finassist.domain.text import fold

CATEGORIES: tuple[str, ...] = (
    "Alimentação",
    "Transporte",
    "Moradia",
    "Contas",
    "Saúde",
    "Educação",
    "Lazer",
    "Compras",
    "Outros",
)
FALLBACK = "Outros"

_BY_FOLDED = {fold(name): name for name in CATEGORIES}


def canonical_category(name: str) -> str | None:
    """'alimentacao' -> 'Alimentação'; None when the name is not one of ours."""
    return _BY_FOLDED.get(fold(name))


# -- lexicon -----------------------------------------------------------------------------------------

STRONG, WEAK, NAME = 3, 1, 4
"""How much a kind of word says: a category's own name in a question beats everything."""
NAME_IN_EXPENSE = 2
"""'transporte 30' is the user choosing the category; 'compras no mercado' is still food."""

_STOPWORDS = frozenset(
    {
        "de",
        "da",
        "do",
        "das",
        "dos",
        "e",
        "o",
        "a",
        "os",
        "as",
        "um",
        "uma",
        "uns",
        "umas",
        "no",
        "na",
        "nos",
        "nas",
        "em",
        "com",
        "para",
        "pra",
        "pro",
        "por",
        "pelo",
        "pela",
        "num",
        "numa",
        "ao",
        "aos",
        "meu",
        "minha",
        "meus",
        "minhas",
        "seu",
        "sua",
    }
)
_TOKEN_RE = re.compile(r"\d+(?:[.,/:]\d+)*|[^\W_]+(?:[&'’][^\W_]+)*")
_WEEKDAY_FEIRA_RE = re.compile(r"\b(?:segunda|terca|quarta|quinta|sexta|[2-6]\s*[ao]?)\s*-?\s*feira\b")
"""'sexta-feira' is a day, not the street market 'feira'."""


@dataclass(frozen=True)
class _Entry:
    stems: tuple[str, ...]
    category: str
    weight: int


def stem(word: str) -> str:
    """Plural and gender folded away, the same way for lexicon and message: 'médicas' ~ 'médico'."""
    w = fold(word)
    if len(w) >= 4 and w.endswith(("oes", "aes")):
        w = w[:-3] + "ao"
    elif len(w) > 4 and w.endswith("ais"):
        w = w[:-3] + "al"
    elif len(w) > 4 and w.endswith("eis"):
        w = w[:-3] + "el"
    elif len(w) > 4 and w.endswith(("res", "zes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) >= 6 and w.endswith("a"):
        w = w[:-1] + "o"
    return w


def stems_of(text: str) -> list[tuple[str, int]]:
    """Content-word stems of text with their positions, hyphens read as spaces, weekdays taken out."""
    folded = _WEEKDAY_FEIRA_RE.sub(" ", fold(text).replace("-", " "))
    return [(stem(m.group()), m.start()) for m in _TOKEN_RE.finditer(folded) if m.group() not in _STOPWORDS]


@cache
def _lexicon() -> dict[str, tuple[_Entry, ...]]:
    """Entries by their first stem, read once per process from the data file shipped with the package."""
    raw = resources.files("finassist").joinpath("data/categories_ptbr.json").read_text(encoding="utf-8")
    data = json.loads(raw)["categories"]
    index: dict[str, list[_Entry]] = {}
    for category, groups in data.items():
        if category not in CATEGORIES:
            raise ValueError(f"unknown category in lexicon: {category}")
        for kind, weight in (("names", NAME), ("keywords", STRONG), ("weak", WEAK)):
            for phrase in groups.get(kind, []):
                stems = tuple(s for s, _ in stems_of(phrase))
                if stems:
                    index.setdefault(stems[0], []).append(_Entry(stems, category, weight))
    return {first: tuple(entries) for first, entries in index.items()}


@dataclass(frozen=True)
class _Hit:
    category: str
    weight: int
    length: int
    position: int


def _hits(text: str) -> list[_Hit]:
    tokens = stems_of(text)
    words = [s for s, _ in tokens]
    lexicon = _lexicon()
    hits: list[_Hit] = []
    for i, (first, position) in enumerate(tokens):
        for entry in lexicon.get(first, ()):
            n = len(entry.stems)
            if tuple(words[i : i + n]) == entry.stems:
                hits.append(_Hit(entry.category, entry.weight, n, position))
    return hits


def _best(hits: list[_Hit], name_weight: int) -> tuple[str, bool] | None:
    """The strongest, longest, earliest hit; certain only when it is strong and no other category ties it."""
    if not hits:
        return None

    def rank(hit: _Hit) -> tuple[int, int]:
        return (name_weight if hit.weight == NAME else hit.weight, hit.length)

    top = max(rank(hit) for hit in hits)
    leaders = sorted((hit for hit in hits if rank(hit) == top), key=lambda hit: hit.position)
    winner = leaders[0]
    contested = any(hit.category != winner.category for hit in leaders)
    return winner.category, top[0] >= NAME_IN_EXPENSE and not contested


def classify(text: str) -> tuple[str, bool]:
    """(category, certain) for an expense's words; ('Outros', False) when no word is known."""
    best = _best(_hits(text), name_weight=NAME_IN_EXPENSE)
    return best if best is not None else (FALLBACK, False)


def category_in_question(text: str) -> str | None:
    """The category a question asks about ('com comida', 'em alimentação', 'com uber'), or None for all."""
    best = _best(_hits(text), name_weight=NAME)
    return best[0] if best is not None else None
