"""Several expenses in one message ('pizza 60 e refri 12', 'gastei 50 no mercado e 30 na farmácia'): one
part per amount, cut at the 'e', comma or semicolon between them, each part with its own description.

Both places a cut can go are tried (right after an amount, or right before the next one); when each part
does not come out with exactly one amount and something bought, or the two readings disagree, nobody can
tell which amount goes with which thing, and the caller asks.
"""

from __future__ import annotations

import itertools
import re

from finassist.domain.money import AmountMatch
from finassist.domain.understanding.description import DESCRIPTION_FOR_VERB, describe, noise_spans
from finassist.domain.understanding.message import Message, Span

_SEPARATOR_RE = re.compile(r"[,;+\n]|\be\b|\bmais\b|\btambem\b|\btb\b|\s/\s")
MAX_PARTS = 10


def split_parts(message: Message) -> list[tuple[Span, AmountMatch]] | None:
    """Each part of the message (as a span) with its one amount, or None when the cut is not clear."""
    amounts = message.amounts
    if not 2 <= len(amounts) <= MAX_PARTS:
        return None
    readings = {tuple(parts) for parts in (_cut(message, amounts, last) for last in (False, True)) if parts}
    if len(readings) != 1:
        return None
    return list(readings.pop())


def _cut(message: Message, amounts: list[AmountMatch], last: bool) -> list[tuple[Span, AmountMatch]] | None:
    """The parts when every gap between two amounts is cut at its first (or last) separator."""
    cuts: list[tuple[int, int]] = []
    for left, right in itertools.pairwise(amounts):
        separators = list(_SEPARATOR_RE.finditer(message.folded, left.end, right.start))
        if not separators:
            return None
        chosen = separators[-1] if last else separators[0]
        cuts.append((chosen.start(), chosen.end()))
    bounds = [0, *(c for pair in cuts for c in pair), len(message.text)]
    spans = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    parts = list(zip(spans, amounts, strict=True))
    if not all(start <= amount.start and amount.end <= end for (start, end), amount in parts):
        return None
    if not all(part_description(message, span, amount)[0] for span, amount in parts):
        return None
    return parts


def part_description(message: Message, span: Span, amount: AmountMatch) -> tuple[str, str]:
    """What one part bought, in the user's words (or named by its verb: 'almocei 35'), and the part's text."""
    start, end = span
    outside = [(0, start), (end, len(message.text))]
    removed = [*outside, *message.date_spans, (amount.start, amount.end), *noise_spans(message.folded)]
    description, verbs = describe(message.text, message.folded, removed)
    if not description:
        description = next((DESCRIPTION_FOR_VERB[v] for v in verbs), "")
    return description, message.text[start:end]
