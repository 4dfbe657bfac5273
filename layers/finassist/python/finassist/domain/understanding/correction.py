"""Correcting the last entry: 'na verdade foram 52', 'muda a categoria para Lazer', 'era ontem', 'não era X'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finassist.domain import wordlists
from finassist.domain.categories import category_in_question
from finassist.domain.dates import all_dates, most_recent_day
from finassist.domain.money import parse_amounts, quantize
from finassist.domain.text import fold_keeping_length
from finassist.domain.understanding.asking import several_amounts, unlikely_amount, valid_amount
from finassist.domain.understanding.category_names import CATEGORY_LIST, named_categories
from finassist.domain.understanding.description import describe, noise_spans
from finassist.domain.understanding.intents import Clarification, CorrectLast, Intent
from finassist.domain.understanding.message import Message, Span, without
from finassist.domain.understanding.patterns import ASK_RE, LEAD, PLACE_RE

_CORRECTION_VERB = (
    r"(?:corrig(?:e|ir)|corrija|arrum(?:a|e|ar)|consert(?:a|e|ar)|ajust(?:a|e|ar)|alter(?:a|e|ar)|mud(?:a|e|ar)"
    r"|troc(?:a|ar)|troque|atualiz(?:a|e|ar)|edit(?:a|e|ar)|retific(?:a|e|ar)|substitu(?:i|a|ir)"
    r"|reclassific(?:a|ar)|reclassifique|recategoriz(?:a|e|ar)|modific(?:a|ar)|modifique)"
)
_CORRECTION_VERB_RE = re.compile(LEAD + _CORRECTION_VERB + r"(?![^\W_])")
_CORRECTION_MARK_RE = re.compile(
    r"\b(?:na\s+(?:verdade|real|vdd)|alias|quer\s+dizer|ou\s+melhor|pensando\s+bem|corrigindo|correcao"
    r"|retificando|me\s+expressei\s+mal)\b"
)
_MISTAKE_RE = re.compile(
    r"\b(?:errei|errou|erramos|errado|errada|errados|erradas|equivoquei|equivocad[oa]|enganei|confundi"
    r"|troquei\s+(?:o|a)\s+(?:valor|categoria|data|descricao|nome))\b"
)
_FIELD_IS_RE = re.compile(
    r"\b(?:o\s+|a\s+)?(?:valor|preco|categoria|a\s+data|data|o\s+dia|descricao|nome)\s*(?:certo|certa|correto"
    r"|correta|real|verdadeiro|verdadeira|exato|exata|novo|nova)?\s*(?:e|eh|era|foi|seria|fica|sera|:|=)(?:\s|$)"
    r"|^\W*(?:o|a)\s+(?:certo|correto|certa|correta)\s+(?:e|eh|era|seria)\b"
    r"|^\W*(?:era|eram)\s+(?:pra|para)\s+ser\b"
)
_OOPS = (
    r"^\W*(?:(?:ops|opa|oops|opss|epa|eita|ixi|putz|poxa|vish|xi|nossa|ah|ai|desculpa|desculpe|foi\s+mal"
    r"|perdao|errei|erro\s+meu|me\s+enganei|enganei|na\s+real|corrigindo|pera|peraí|perai|espera)\W+)"
)
"""A slip owned before the new value: 'ops,', 'foi mal,', 'errei,', 'pera,'."""
_WAS_RE = re.compile(r"^\W*(?:nao\s+)?(?:era|eram)\b|" + _OOPS + r"+(?:nao\s+)?(?:era|eram)\b")
_OOPS_THEN_VALUE_RE = re.compile(_OOPS + r"+(?:(?:na\s+verdade|foi|foram|e|eh|sao|deu|ficou|custou)\s+)?(?:r\$\s*)?\d")
"""'ops, foram 98', 'foi mal, 98': a slip, then the value that should have been."""
_WAS_DATE_RE = re.compile(r"^\W*(?:nao\s+)?(?:foi|foram|e|eh)\b")
_NOT_THEN_RE = re.compile(
    r"^\W*(?:(?:ops|opa|ah|ai|ih|poxa|putz|eita|ixi|xi|vish)\W+)?(?:nao|n)\s*(?:[,.;:!-]+\s*|\s+(?=(?:era|eram|foi|foram|e|eh|sao|seria|pra|para|em|no|na|coloca"
    r"|coloque|poe|bota|muda|mude|troca|o\s+valor|a\s+categoria|a\s+data)\b))\S"
)
_NEGATED_RE = re.compile(
    r"(?:\be\s+)?\bnao\s+(?:(?:era|eram|foi|foram|e|eh|sao|seria|esta|de|em|com|pra|para|no|na|do|da|o|a)\s+)*"
    r"(?P<x>[^\s,;!?].*?)"
    r"(?=\s*(?:[;!?]|[.,](?!\d)|$)|\s+(?:mas|e\s+sim|era|eram|foi|foram|eh|sim|seria|e)\b)"
)
"""'não era Alimentação', 'e não 25', 'não foi hoje': the old value, to be left out."""
_OLD_VALUE_RE = re.compile(r"\b(?:pra|para|pro|por|como)\b")
_AMOUNT_FIELD_RE = re.compile(r"\b(?:valor|preco|quantia|montante)\b")
_CATEGORY_FIELD_RE = re.compile(r"\bcategorias?\b")
_DATE_FIELD_RE = re.compile(r"\b(?:data|o\s+dia|do\s+dia)\b")
_DESCRIPTION_FIELD_RE = re.compile(
    r"\b(?:descricao|nome|desc)\b(?:\s+(?:certa|correta|certo|correto|nova|novo|real|verdadeira))?"
    r"(?:\s*(?:e|eh|era|seria|fica|sera|vai\s+ser|deve\s+ser|:|=|-|para|pra|por)(?=\s|$))?"
)
_LAST_ENTRY_RE = re.compile(
    r"\b(?:ultim[oa]|lancamento|lancei|anotei|registrei|isso|esse|essa|ele|ela|anterior|aquele|aquela|entrada)\b"
)
_FILLER = wordlists.words("command_words_ptbr.json", "correction")
_TRAILING_FILLER = frozenset({"nao", "mesmo", "ok"})


@dataclass(frozen=True)
class _Fields:
    """Which fields the message names ('o valor', 'a categoria', 'a data'), whatever it says they become."""

    amount: bool
    category: bool
    date: bool

    @classmethod
    def of(cls, folded: str) -> _Fields:
        return cls(
            bool(_AMOUNT_FIELD_RE.search(folded)),
            bool(_CATEGORY_FIELD_RE.search(folded)),
            bool(_DATE_FIELD_RE.search(folded)),
        )


def read_correction(message: Message) -> Intent | None:
    """'na verdade foram 52', 'muda a categoria para Lazer', 'era ontem', 'não era Alimentação, era Lazer'."""
    folded = message.folded
    if ASK_RE.search(folded):
        return None
    verb = _CORRECTION_VERB_RE.search(folded)
    negated = [(m.start(), m.end()) for m in _NEGATED_RE.finditer(folded)]
    has_field = any(
        p.search(folded) for p in (_AMOUNT_FIELD_RE, _CATEGORY_FIELD_RE, _DATE_FIELD_RE, _DESCRIPTION_FIELD_RE)
    )
    triggered = _triggered(message, negated)
    if verb is not None and not triggered:
        target = _OLD_VALUE_RE.search(folded, verb.end())
        if not (target or has_field or _LAST_ENTRY_RE.search(folded) or _only_values_left(message, verb.end())):
            return None  # "troca de óleo 150", "ajuste da calça 30": expenses that start like a command
        triggered = True
    if not triggered:
        return None
    return _read_new_values(message, verb.end() if verb else None, negated, has_field)


def _triggered(message: Message, negated: list[Span]) -> bool:
    """Whether the words mark a correction ('na verdade', 'errei', 'a categoria é', 'era ontem', 'não era X')."""
    text, folded, values, today = message.text, message.folded, message.values, message.today
    placed = PLACE_RE.search(folded) if not values else None
    return bool(
        _CORRECTION_MARK_RE.search(folded)
        or _MISTAKE_RE.search(folded)
        or _FIELD_IS_RE.search(folded)
        or _WAS_RE.match(folded)
        or (values and _OOPS_THEN_VALUE_RE.match(folded))
        or _NOT_THEN_RE.match(folded)
        or (text[:1] in "éÉ" and _WAS_DATE_RE.match(folded))
        or (placed and named_categories(text[placed.end() :]))
        or (negated and (values or named_categories(text) or all_dates(without(folded, negated), today)))
        or (_WAS_DATE_RE.match(folded) and not values and all_dates(folded, today) and "?" not in folded)
        or (_CATEGORY_FIELD_RE.search(folded) and not values and "?" not in folded)
    )


def _only_values_left(message: Message, start: int) -> bool:
    """After the verb there is nothing but amounts, dates and filler: 'corrige 52', 'altera: ontem'."""
    rest = without(message.text, [(0, start)])
    rest_folded = fold_keeping_length(rest)
    removed = [(a.start, a.end) for a in parse_amounts(rest)]
    removed += [(d.start, d.end) for d in all_dates(rest_folded, date(2000, 1, 1))]
    leftover, _ = describe(rest, rest_folded, removed, _FILLER, _FILLER)
    return not leftover


def _read_new_values(
    message: Message, verb_end: int | None, negated: list[Span], has_field: bool
) -> CorrectLast | Clarification:
    """The new values in a correction, leaving out the old ones ('de 25 pra 52', 'não era X')."""
    folded = message.folded
    removed = negated + noise_spans(folded)
    if verb_end is not None:
        target = _OLD_VALUE_RE.search(without(folded, removed), verb_end)
        if target is not None and any(ch.isalnum() for ch in without(folded, removed)[target.end() :]):
            removed.append((0, target.end()))
    description_field = _DESCRIPTION_FIELD_RE.search(folded)
    if description_field is not None:
        return _new_description(message, removed, description_field.end())

    clean_text = without(message.text, removed)
    clean = Message(clean_text, fold_keeping_length(clean_text), message.today)
    fields = _Fields.of(folded)
    values = clean.values
    new_date = clean.dates[0].value if clean.dates else None
    if new_date is None and fields.date and not fields.amount and len(values) == 1:
        new_date, values = _day_of_month(values[0], message.today, values)
    number_spans = clean.date_spans + clean.amount_spans
    categories = _categories(without(clean.text, number_spans), fields)

    if len(values) > 1:
        return several_amounts(values, "certo")
    if len(categories) > 1:
        return Clarification("ambiguous_category", f"Para qual categoria eu mudo: {' ou '.join(categories)}?")
    amount = quantize(values[0]) if values else None
    if amount is not None and not valid_amount(amount):
        return unlikely_amount(amount)
    category = categories[0] if categories else None
    if amount is None and category is None and new_date is None:
        return _nothing_new(message, fields, has_field, removed + number_spans)
    return CorrectLast(amount=amount, category=category, date=new_date)


def _new_description(message: Message, removed: list[Span], field_end: int) -> CorrectLast | Clarification:
    """'a descrição é pizza': everything after the field name, filler cut away."""
    start = max(field_end, max((end for s, end in removed if s == 0), default=0))
    description, _ = describe(message.text, message.folded, [*removed, (0, start)], _FILLER, _TRAILING_FILLER)
    if description:
        return CorrectLast(description=description)
    return Clarification("correction_unclear", 'Qual é a descrição certa? Por exemplo: "a descrição é pizza"')


def _day_of_month(value: Decimal, today: date, values: list[Decimal]) -> tuple[date | None, list[Decimal]]:
    """'corrige a data pra 20': a bare number after 'data' is a day of the month, not an amount."""
    if value == value.to_integral_value() and 1 <= value <= 31:
        return most_recent_day(int(value), today), []
    return None, values


def _categories(text: str, fields: _Fields) -> list[str]:
    """Categories named in the correction; with 'a categoria' any category word counts ('pra comida')."""
    named = named_categories(text)
    if not fields.category:
        return named
    guessed = category_in_question(text)
    return named or ([guessed] if guessed else [])


def _nothing_new(message: Message, fields: _Fields, has_field: bool, cut: list[Span]) -> CorrectLast | Clarification:
    """No new amount, category or date: ask for the one the message names, or take the words as a description."""
    if fields.amount:
        return Clarification("correction_unclear", 'Qual é o valor certo? Por exemplo: "o valor certo é 52,90"')
    if fields.category:
        return Clarification(
            "correction_unclear", f"Para qual categoria eu mudo o último lançamento? ({CATEGORY_LIST})"
        )
    if fields.date:
        return Clarification("correction_unclear", 'Qual é a data certa? Por exemplo: "era ontem" ou "dia 20"')
    if not has_field:
        description, _ = describe(message.text, message.folded, cut, _FILLER, _TRAILING_FILLER)
        if description and any(ch.isalpha() for ch in description):
            return CorrectLast(description=description)
    return Clarification(
        "correction_unclear",
        "O que você quer corrigir no último lançamento: o valor, a categoria, a data ou a descrição? "
        'Por exemplo: "na verdade foram 52", "muda a categoria para Lazer" ou "era ontem".',
    )
