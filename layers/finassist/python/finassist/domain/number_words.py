"""Numbers said in pt-BR words ('quarenta e cinco', 'primeiro', 'mil e quinhentos') read as integers.

Number words go through text2num, but only on runs of words already recognised as cardinals, because on a
whole sentence it also turns weekdays into ordinals ("sexta" -> "6ª") and articles into numbers.
"""

from __future__ import annotations

from text_to_num import alpha2digit

from finassist.domain import wordlists
from finassist.domain.text import fold_keeping_length

_FILE = "number_words_ptbr.json"

NUMBER_WORDS = wordlists.words(_FILE, "cardinals")
SMALL_NUMBER_WORDS = wordlists.words(_FILE, "small")
"""Cardinals that are mostly articles or counts ('uma camiseta', 'dois cafés') unless money follows."""
ORDINAL_DAY_WORDS: dict[str, int] = wordlists.mapping(_FILE, "ordinal_days")


def words_to_numbers(words: list[str]) -> list[int]:
    """['quarenta', 'e', 'cinco'] -> [45]; a run text2num splits ('vinte e três e cinquenta') -> [23, 50]."""
    text = " ".join(words)
    converted = alpha2digit(text, "pt", threshold=0)
    numbers: list[int] = []
    joined = True
    for part in converted.split():
        if part.isdigit():
            value = int(part)
            # "um mil" comes back as "1 1000": one number said the long way.
            if numbers and not joined and numbers[-1] == 1 and value >= 1000:
                numbers[-1] = value
            else:
                numbers.append(value)
            joined = False
        elif part == "e":
            joined = True
        else:
            return []
    return numbers


def parse_count(text: str) -> int | None:
    """A small count written in digits or words ('7', 'sete', 'primeiro'), for days and period lengths."""
    folded = fold_keeping_length(text).strip()
    if folded.isdigit():
        return int(folded)
    if folded in ORDINAL_DAY_WORDS:
        return ORDINAL_DAY_WORDS[folded]
    parts = folded.split()
    if not parts or any(w not in NUMBER_WORDS and w != "e" for w in parts):
        return None
    numbers = words_to_numbers(parts)
    return numbers[0] if len(numbers) == 1 else None
