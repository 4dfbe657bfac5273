"""Which rows a question about one item means: 'quanto gastei com Uber?' sums the rows whose description
names Uber, not all of Transporte. Words are compared as the category lexicon compares them (case, accents,
plurals and o/a endings ignored), and a long word one slip away still matches ('estacionamneto')."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import DamerauLevenshtein

from finassist.domain.categories import stems_of
from finassist.domain.expense import LedgerRow
from finassist.domain.typos import SURE_LENGTH

_MIN_PART = 5
"""A shorter item is too easily inside an unrelated word ('bar' in 'barbeiro')."""


def names_item(description: str, item: str) -> bool:
    """Whether description names every word of item ('Uber Eats' names 'uber'; 'Uber' does not name 'uber eats')."""
    wanted = [stem for stem, _ in stems_of(item)]
    have = [stem for stem, _ in stems_of(description)]
    return bool(wanted) and all(any(_same(word, other) for other in have) for word in wanted)


def rows_naming(rows: Iterable[LedgerRow], item: str) -> list[LedgerRow]:
    return [row for row in rows if names_item(row.expense.description, item)]


def _same(word: str, other: str) -> bool:
    """The same word, one inside the other ('mercado' in 'supermercado'), or a long word one slip away."""
    if word == other or (len(word) >= _MIN_PART and word in other):
        return True
    long_enough = min(len(word), len(other)) >= SURE_LENGTH
    return long_enough and word[:1] == other[:1] and DamerauLevenshtein.distance(word, other) <= 1
