"""The fixed category list and matching names to it without case or accents."""

from __future__ import annotations

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

_BY_FOLDED = {fold(name): name for name in CATEGORIES}


def canonical_category(name: str) -> str | None:
    """'alimentacao' -> 'Alimentação'; None when the name is not one of ours."""
    return _BY_FOLDED.get(fold(name))
