"""One incoming message as every reader sees it: the text, its folded twin, the day, and what we asked last.

The amounts and dates are found once, lazily, and shared by every reader that looks at the message.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from finassist.domain.dates import DateMatch, all_dates
from finassist.domain.money import AmountMatch, distinct_values, parse_amounts, significant_amounts
from finassist.domain.text import fold_keeping_length, visible

Span = tuple[int, int]


@dataclass(frozen=True)
class Message:
    """text is NFC and trimmed; folded has the same length, so a span found in one cuts the other."""

    text: str
    folded: str
    today: date
    awaiting_confirmation: bool = False
    """We just asked a yes / no question, so a bare 👍 or "cancela" answers it."""
    asked_back: str = ""
    """The message we answered with a question last turn ("almoço" -> "Quanto foi?"), so "45" completes it."""

    @classmethod
    def of(cls, text: str | None, today: date, *, awaiting_confirmation: bool = False, asked_back: str = "") -> Message:
        clean = unicodedata.normalize("NFC", visible(text or "")).strip()
        return cls(clean, fold_keeping_length(clean), today, awaiting_confirmation, asked_back)

    @cached_property
    def dates(self) -> list[DateMatch]:
        """Every day the message names, in order."""
        return all_dates(self.folded, self.today)

    @cached_property
    def date_spans(self) -> list[Span]:
        return [(d.start, d.end) for d in self.dates]

    @cached_property
    def amounts(self) -> list[AmountMatch]:
        """The amounts that are money: numbers inside a date, counts, years and '99' left out."""
        found = [a for a in parse_amounts(self.text) if not overlaps((a.start, a.end), self.date_spans)]
        return significant_amounts(found)

    @cached_property
    def values(self) -> list[Decimal]:
        """The distinct values of the amounts, in order ('45 reais (R$ 45,00)' is one)."""
        return distinct_values(self.amounts)

    @cached_property
    def amount_spans(self) -> list[Span]:
        return [(a.start, a.end) for a in self.amounts]


def overlaps(span: Span, spans: list[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def without(text: str, removed: list[Span]) -> str:
    """text with the spans blanked out (same length, so offsets still point into the message)."""
    chars = list(text)
    for start, end in removed:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
