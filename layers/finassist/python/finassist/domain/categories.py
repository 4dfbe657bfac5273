"""The fixed category list, and putting a pt-BR expense or question into one of them.

The words live in data/categories_ptbr.json so that adding "padoca" or a new streaming service is a data
change, reviewed as such, not a code change. Matching ignores case and accents, tolerates plurals and o/a
endings, and lets a longer phrase win over a shorter one ("uber eats" is food, "uber" is transport).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from unicodedata import normalize

from finassist.domain.text import fold, fold_keeping_length
from finassist.domain.typos import SURE_LENGTH, nearest
from finassist.domain.wordlists import data_file

LEXICON = "categories_ptbr.json"
"""The category lexicon in finassist/data: names, keywords and weak hints per category."""

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


@dataclass(frozen=True)
class _Token:
    stem: str
    word: str  # folded
    start: int  # span in the NFC text
    end: int


def _tokens(text: str) -> list[_Token]:
    """Content words of text with their stems and spans, hyphens read as spaces, weekdays taken out."""
    folded = _WEEKDAY_FEIRA_RE.sub(lambda m: " " * len(m.group()), fold_keeping_length(text).replace("-", " "))
    return [
        _Token(stem(m.group()), m.group(), m.start(), m.end())
        for m in _TOKEN_RE.finditer(folded)
        if m.group() not in _STOPWORDS
    ]


def stems_of(text: str) -> list[tuple[str, int]]:
    """Content-word stems of text with their positions, hyphens read as spaces, weekdays taken out."""
    return [(token.stem, token.start) for token in _tokens(text)]


@cache
def _lexicon() -> dict[str, tuple[_Entry, ...]]:
    """Entries by their first stem, read once per process from the data file shipped with the package."""
    data = data_file(LEXICON)["categories"]
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


@cache
def _single_words() -> dict[str, tuple[str, int]]:
    """Every one-word lexicon phrase, folded as typed (not stemmed), with its category and weight.

    A word two categories claim is left out: a typo of it could be either.
    """
    words: dict[str, tuple[str, int]] = {}
    clashes: set[str] = set()
    for category, groups in data_file(LEXICON)["categories"].items():
        for kind, weight in (("names", NAME), ("keywords", STRONG), ("weak", WEAK)):
            for phrase in groups.get(kind, []):
                word = fold(phrase)
                if not word.isalpha():
                    continue
                if word in words and words[word][0] != category:
                    clashes.add(word)
                words[word] = max(words.get(word, (category, weight)), (category, weight), key=lambda cw: cw[1])
    return {word: entry for word, entry in words.items() if word not in clashes}


@cache
def _typo_choices() -> dict[str, str]:
    return {word: category for word, (category, _) in _single_words().items()}


@cache
def _spellings() -> dict[str, str]:
    """Each one-word lexicon phrase, folded, to its spelling in the lexicon ('farmacia' -> 'farmácia')."""
    spellings: dict[str, str] = {}
    for groups in data_file(LEXICON)["categories"].values():
        for phrases in groups.values():
            for phrase in phrases:
                spellings.setdefault(fold(phrase), phrase)
    return spellings


def spelled(text: str) -> str:
    """text with each word that is surely a slip of a lexicon word written right: 'farmacai' -> 'farmácia'."""
    out = normalize("NFC", text)
    tokens = _tokens(out)
    _, covered = _exact_hits(tokens)
    for token in reversed([token for i, token in enumerate(tokens) if i not in covered]):
        near = nearest(token.word, _typo_choices())
        if near is None or near.distance != 1 or len(token.word) < SURE_LENGTH:
            continue
        right = _spellings().get(near.word, near.word)
        if out[token.start : token.start + 1].isupper():
            right = right[:1].upper() + right[1:]
        out = out[: token.start] + right + out[token.end :]
    return out


@dataclass(frozen=True)
class _Hit:
    category: str
    weight: int
    length: int
    position: int
    end: int = 0


def _exact_hits(tokens: list[_Token]) -> tuple[list[_Hit], set[int]]:
    """Lexicon entries the words spell exactly, and which tokens they cover."""
    words = [token.stem for token in tokens]
    lexicon = _lexicon()
    hits: list[_Hit] = []
    covered: set[int] = set()
    for i, token in enumerate(tokens):
        for entry in lexicon.get(token.stem, ()):
            n = len(entry.stems)
            if tuple(words[i : i + n]) == entry.stems:
                hits.append(_Hit(entry.category, entry.weight, n, token.start, tokens[i + n - 1].end))
                covered.update(range(i, i + n))
    return hits, covered


def _hits(text: str) -> list[_Hit]:
    tokens = _tokens(text)
    hits, covered = _exact_hits(tokens)
    hits.extend(_typo_hits([token for i, token in enumerate(tokens) if i not in covered]))
    return hits


def _typo_hits(tokens: list[_Token]) -> list[_Hit]:
    """Words no lexicon entry matched that nearly spell one ('farmacai'); only long words count for sure."""
    hits: list[_Hit] = []
    for token in tokens:
        near = nearest(token.word, _typo_choices())
        if near is None:
            continue
        category, weight = _single_words()[near.word]
        sure = near.distance == 1 and len(token.word) >= SURE_LENGTH
        hits.append(_Hit(category, weight if sure else WEAK, 1, token.start, token.end))
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


def item_in_question(text: str) -> tuple[str, str] | None:
    """The thing a question names when it is not a category's own name ('com Uber', 'de iFood', 'no mercado'):
    the words as typed and their category; None when the question names a category or nothing."""
    hits = _hits(text)
    best = _best(hits, name_weight=NAME)
    if best is None or any(hit.weight == NAME for hit in hits):
        return None
    strongest = max((hit.weight, hit.length) for hit in hits)
    leader = min((hit for hit in hits if (hit.weight, hit.length) == strongest), key=lambda hit: hit.position)
    if leader.category != best[0]:
        return None
    return normalize("NFC", text)[leader.position : leader.end], leader.category


def category_in_question(text: str) -> str | None:
    """The category a question asks about ('com comida', 'em alimentação', 'com uber'), or None for all."""
    best = _best(_hits(text), name_weight=NAME)
    return best[0] if best is not None else None
