"""Categories named by their own name ('lazer', 'comida', 'rolê'), as a correction or a limit names them."""

from __future__ import annotations

import calendar
from functools import cache

from finassist.domain.categories import CATEGORIES, LEXICON, stems_of
from finassist.domain.periods import Period
from finassist.domain.wordlists import data_file

CATEGORY_LIST = ", ".join(CATEGORIES)


@cache
def _category_names() -> dict[tuple[str, ...], str]:
    """Stems of the words that name a category itself, read from the lexicon."""
    data = data_file(LEXICON)["categories"]
    names: dict[tuple[str, ...], str] = {}
    for category, groups in data.items():
        if category in CATEGORIES:
            for phrase in groups.get("names", []):
                stems = tuple(s for s, _ in stems_of(phrase))
                if stems:
                    names[stems] = category
    for category in CATEGORIES:
        names[tuple(s for s, _ in stems_of(category))] = category
    return names


def named_categories(text: str) -> list[str]:
    """Categories named by their own name in text, in order, each once ('não era Alimentação, era Lazer')."""
    words = [s for s, _ in stems_of(text)]
    names = _category_names()
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            category = names.get(tuple(words[i : i + size]))
            if category is not None:
                if category not in found:
                    found.append(category)
                i += size
                break
        else:
            i += 1
    return found


def is_calendar_month(period: Period) -> bool:
    last = calendar.monthrange(period.start.year, period.start.month)[1]
    return (
        period.start.day == 1
        and (period.end.year, period.end.month) == (period.start.year, period.start.month)
        and period.end.day == last
    )
