"""A category to ask about when the words do not settle one: "Quer que eu coloque em Lazer?"

classify() is certain or it is not. When it is not, the best guess is the weak or contested word it found,
or a lexicon word a short word nearly spells ("pizaa"; typos.py). With no guess at all we do not ask: the
entry stays in Outros and the user can move it.
"""

from __future__ import annotations

from finassist.domain.categories import FALLBACK, classify


def suggest_category(description: str) -> str | None:
    """The category to ask about when classify() is not certain; None when it is certain or nothing fits."""
    if not description.strip():
        return None
    category, certain = classify(description)
    if certain or category == FALLBACK:
        return None
    return category


def suggestion_question(category: str, description: str | None = None) -> str:
    """'Quer que eu coloque em Lazer?', naming the entry when we know it, with how to answer."""
    about = f"Não tenho certeza da categoria de {description}. " if description else ""
    return f"{about}Quer que eu coloque em {category}? Responda sim ou não."
