"""Text folding: the one way FinAssist compares words, ignoring case and accents."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE_RE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Soft hyphen, zero-width spaces and joiners, direction marks and the BOM: they change no word a person sees,
but split 'al\u200bmoço' into two words for a reader. (A joiner inside an emoji only glues the picture.)"""


def visible(text: str) -> str:
    """text without the characters nobody sees."""
    return _INVISIBLE_RE.sub("", text)


def fold(text: str) -> str:
    """Lower-case, accent-free, trimmed: 'Alimentação ' and 'alimentacao' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def fold_keeping_length(text: str) -> str:
    """Lower-case, accent-free text with the same length as NFC text, so spans found in it cut the original."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        out.append(base if len(base) == 1 else char.lower() if len(char.lower()) == 1 else char)
    return "".join(out)
