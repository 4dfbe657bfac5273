"""Text folding shared by category matching and description checks."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free, trimmed: 'Alimentação ' and 'alimentacao' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()
