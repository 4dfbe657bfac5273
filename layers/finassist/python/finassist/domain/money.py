"""Money in pt-BR messages: finding the amount a person typed or said, and writing it back as R$ 1.234,56.

Amounts are Decimal from the first character parsed; float never touches them. Numbers said in words are
read by number_words; the words around a number that make it money (or a count, a day, a time) are data
(data/amount_words_ptbr.json).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_currency

from finassist.domain import wordlists
from finassist.domain.decimal_text import parse_decimal, unclear_decimals
from finassist.domain.months import MONTH_ABBREVIATIONS, MONTHS
from finassist.domain.number_words import (
    NUMBER_WORDS,
    ORDINAL_DAY_WORDS,
    SMALL_NUMBER_WORDS,
    words_to_numbers,
)
from finassist.domain.text import fold_keeping_length

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000")
"""Anything from here up is taken as a typo or a misheard voice note, not a personal expense."""


def format_brl(value: Decimal) -> str:
    """'R$ 1.234,56' with plain spaces, because WhatsApp and tests compare plain text."""
    text = format_currency(value, "BRL", locale="pt_BR")
    return text.replace("\xa0", " ").replace("\u202f", " ")


# -- tokens ------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}-\d{1,2}-\d{2,4})(?!\d)"
    r"|(?P<time>\d{1,2}(?::\d{2}|h\d{2}|h(?![^\W\d_])))"
    r"|(?P<ord>\d+(?:º|ª|°|o(?![^\W\d_])|a(?![^\W\d_])))"
    r"|(?P<cur>r\$|\$)"
    r"|(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:(?P<k>k)(?![^\W\d_]))?(?P<pct>\s*%)?"
    r"|(?P<word>[^\W\d_]+(?:[-'’&][^\W\d_]+)*)"
    r"|(?P<punct>\S)"
)


@dataclass(frozen=True)
class Token:
    """One lexical piece of a message, with where it sits in the original text."""

    kind: str
    text: str  # folded
    start: int
    end: int
    k: bool = False
    percent: bool = False


def tokenize(text: str) -> list[Token]:
    """Folded tokens with spans into the NFC form of text."""
    folded = fold_keeping_length(text)
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(folded):
        kind = match.lastgroup or "punct"
        if kind in ("k", "pct"):
            kind = "num"
        if kind == "num":
            number = match.group("num")
            tokens.append(
                Token("num", number, match.start(), match.end(), bool(match.group("k")), bool(match.group("pct")))
            )
        else:
            tokens.append(Token(kind, match.group(), match.start(), match.end()))
    return tokens


# -- amounts -----------------------------------------------------------------------------------------

_WORDS = "amount_words_ptbr.json"
_CURRENCY_WORDS = wordlists.words(_WORDS, "currency")
_CENTS_WORDS = wordlists.words(_WORDS, "cents")
_MONTH_WORDS = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS)
_UNIT_WORDS = wordlists.words(_WORDS, "units")
_NOT_AMOUNT_BEFORE = wordlists.words(_WORDS, "not_amount_before")
"""A bare number right after these is a day, a period length, a time or a year: 'dia 8', 'às 10'."""
_NEW_OBJECT_WORDS = wordlists.words(_WORDS, "new_object")
"""After 'e 20', these start another thing bought: '45 reais e 20 do uber' is two amounts, not R$ 45,20."""
_GLUE_WORDS = wordlists.words(_WORDS, "glue")


@dataclass(frozen=True)
class AmountMatch:
    """An amount found in a message: its value, where it was, and how sure the wording makes us."""

    value: Decimal
    start: int
    end: int
    explicit: bool = False
    """Said with money words or cents: 'R$ 45', '45 reais', '23,50'."""
    quantity_like: bool = False
    """Reads like a count of things ('2 cafés', 'dois livros'), the money being elsewhere."""
    name_like: bool = False
    """Reads like a year or the ride app 99 rather than a price."""
    unclear: bool = False
    """Typed so it reads two ways or with more than two decimals ('1,234', '33,333', '0,001'): ask, never guess."""


def _word_run(tokens: list[Token], i: int) -> int:
    """Index past the run of cardinal words (joined by 'e') starting at i; i when there is none."""
    j = i
    end = i
    while j < len(tokens) and tokens[j].kind == "word" and tokens[j].text in NUMBER_WORDS:
        j += 1
        end = j
        if (
            j + 1 < len(tokens)
            and tokens[j].text == "e"
            and tokens[j + 1].kind == "word"
            and tokens[j + 1].text in NUMBER_WORDS
        ):
            j += 1
    return end


def _text_of(tokens: list[Token], i: int) -> str:
    return tokens[i].text if 0 <= i < len(tokens) else ""


def _is_word(tokens: list[Token], i: int, words: frozenset[str]) -> bool:
    return 0 <= i < len(tokens) and tokens[i].kind == "word" and tokens[i].text in words


def _cents_after(tokens: list[Token], i: int, need_word: bool) -> tuple[Decimal, int] | None:
    """'e 50 centavos' / 'e cinquenta' right at i: the cents and the index past them."""
    if not _is_word(tokens, i, frozenset({"e", "com"})):
        return None
    j = i + 1
    value: int | None = None
    if j < len(tokens) and tokens[j].kind == "num" and tokens[j].text.isdigit() and not tokens[j].k:
        value, j = int(tokens[j].text), j + 1
    else:
        end = _word_run(tokens, j)
        if end > j:
            numbers = words_to_numbers([t.text for t in tokens[j:end]])
            if len(numbers) == 1:
                value, j = numbers[0], end
    if value is None or not 0 < value < 100:
        return None
    if _is_word(tokens, j, _CENTS_WORDS):
        return Decimal(value) * CENT, j + 1
    if need_word or _is_word(tokens, j, _NEW_OBJECT_WORDS):
        return None
    return Decimal(value) * CENT, j


def _read_number(tokens: list[Token], i: int) -> tuple[list[int | Decimal], int, bool] | None:
    """The number starting at token i (digits or words) as values, the index past it, and if it had cents."""
    token = tokens[i]
    if token.kind == "num":
        if token.percent:
            return None
        value = parse_decimal(token.text)
        if value is None:
            return None
        has_cents = value != value.to_integral_value() or bool(re.search(r"[.,]\d{1,2}$", token.text))
        if token.k:
            value *= 1000
        return [value], i + 1, has_cents
    end = _word_run(tokens, i)
    if end == i:
        return None
    numbers = words_to_numbers([t.text for t in tokens[i:end]])
    if not numbers:
        return None
    return list(numbers), end, False


def parse_amounts(text: str) -> list[AmountMatch]:
    """Every amount-looking number in text, in order, with days, times, counts and dates left out."""
    tokens = tokenize(text)
    found: list[AmountMatch] = []
    i = 0
    while i < len(tokens):
        match, next_i = _amount_at(tokens, i)
        if match is not None:
            found.extend(match)
            i = next_i
        else:
            i += 1
    return found


def _amount_at(tokens: list[Token], i: int) -> tuple[list[AmountMatch] | None, int]:
    """Try to read one amount (with its currency and cents words) at token i."""
    start_i = i
    prefixed = tokens[i].kind == "cur"
    if prefixed:
        i += 1
        if i >= len(tokens):
            return None, i
    if tokens[i].kind not in ("num", "word"):
        return None, i + 1
    if tokens[i].kind == "num" and not tokens[i].percent and unclear_decimals(tokens[i].text):
        token = tokens[i]
        literal = Decimal(token.text.replace(".", "").replace(",", ".")) if token.text.count(",") <= 1 else Decimal(0)
        return [AmountMatch(literal, tokens[start_i].start, token.end, explicit=True, unclear=True)], i + 1
    read = _read_number(tokens, i)
    if read is None:
        return None, i + 1
    values, j, has_cents = read
    first_i = i
    words_read = tokens[i].kind == "word"
    small_words_only = words_read and all(t.text in SMALL_NUMBER_WORDS or t.text == "e" for t in tokens[i:j])
    values, j, thousands = _with_thousands(tokens, values, j)
    small_words_only = small_words_only and not thousands

    suffixed = _is_word(tokens, j, _CURRENCY_WORDS) or (j < len(tokens) and tokens[j].kind == "cur")
    if suffixed:
        j += 1
    combined = _with_cents(tokens, values, j, prefixed=prefixed, suffixed=suffixed, words_read=words_read)
    if combined is None:
        # several numbers in a row that are not a price said out loud: each is its own amount
        return [AmountMatch(Decimal(v), tokens[start_i].start, tokens[j - 1].end) for v in values], j
    amount, j, explicit = combined

    explicit = explicit or prefixed or suffixed or has_cents
    if not explicit and (small_words_only or _not_an_amount(tokens, first_i, j)):
        return None, j
    quantity_like = not explicit and _looks_like_quantity(tokens, j, amount)
    name_like = not explicit and j == first_i + 1 and (tokens[first_i].text == "99" or _is_year(tokens[first_i]))
    return [AmountMatch(amount, tokens[start_i].start, tokens[j - 1].end, explicit, quantity_like, name_like)], j


def _with_thousands(tokens: list[Token], values: list[int | Decimal], j: int) -> tuple[list[int | Decimal], int, bool]:
    """'10 mil', '2,5 mil', then 'e quinhentos' / 'e 500': the values, the index past them, and if 'mil' was read."""
    if len(values) != 1 or not _is_word(tokens, j, frozenset({"mil"})):
        return values, j, False
    value = Decimal(values[0]) * 1000
    j += 1
    extra = _thousand_tail(tokens, j)
    if extra is not None:
        value, j = value + extra[0], extra[1]
    return [value], j, True


def _with_cents(
    tokens: list[Token], values: list[int | Decimal], j: int, *, prefixed: bool, suffixed: bool, words_read: bool
) -> tuple[Decimal, int, bool] | None:
    """The amount with any cents said after it ('50 centavos', 'e 50', 'vinte e três e cinquenta').

    Returns the amount, the index past it and whether cents made it explicit; None for a run of numbers.
    """
    if _is_word(tokens, j, _CENTS_WORDS) and len(values) == 1 and not prefixed:
        return Decimal(values[0]) * CENT, j + 1, True
    if len(values) == 2 and words_read and values[1] < 100:
        # "vinte e três e cinquenta": how a price is said out loud
        amount = Decimal(values[0]) + Decimal(values[1]) * CENT
        return amount, j + 1 if _is_word(tokens, j, _CENTS_WORDS) else j, True
    if len(values) != 1:
        return None
    amount = Decimal(values[0])
    cents = _cents_after(tokens, j, need_word=not suffixed)
    if cents is not None and amount == amount.to_integral_value():
        return amount + cents[0], cents[1], True
    return amount, j, False


def _thousand_tail(tokens: list[Token], j: int) -> tuple[Decimal, int] | None:
    """'e quinhentos' or 'e 500' after 'N mil'."""
    if not _is_word(tokens, j, frozenset({"e"})):
        return None
    k = j + 1
    if k < len(tokens) and tokens[k].kind == "num" and tokens[k].text.isdigit() and int(tokens[k].text) < 1000:
        return Decimal(tokens[k].text), k + 1
    end = _word_run(tokens, k)
    if end > k:
        numbers = words_to_numbers([t.text for t in tokens[k:end]])
        if len(numbers) == 1 and numbers[0] < 1000:
            return Decimal(numbers[0]), end
    return None


def _is_year(token: Token) -> bool:
    text = token.text
    return token.kind == "num" and not token.k and text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2100


def _not_an_amount(tokens: list[Token], first: int, past: int) -> bool:
    """A bare number that is a day, a year, a count of units, a time or a period length."""
    before = _text_of(tokens, first - 1)
    after = _text_of(tokens, past)
    if before in _NOT_AMOUNT_BEFORE:
        return True
    if _is_year(tokens[first]) and (
        before in _MONTH_WORDS or (before == "de" and _text_of(tokens, first - 2) in _MONTH_WORDS)
    ):
        return True  # "outubro 2025", "novembro de 2025"
    if after in _UNIT_WORDS and _text_of(tokens, past + 1) not in _CURRENCY_WORDS:
        next_kind = tokens[past + 1].kind if past + 1 < len(tokens) else ""
        # "250 dia 21/11": the day of the expense, not 250 days
        if not (
            after == "dia"
            and (
                next_kind in ("num", "date", "ord")
                or _text_of(tokens, past + 1) in NUMBER_WORDS | ORDINAL_DAY_WORDS.keys()
            )
        ):
            return True
    if after == "de" and _text_of(tokens, past + 1) in _MONTH_WORDS:
        return True
    return after in _MONTH_WORDS


def _looks_like_quantity(tokens: list[Token], past: int, amount: Decimal) -> bool:
    """'2 cafés', '3 pães', '1 camiseta': a small whole count right before a noun."""
    if amount != amount.to_integral_value() or amount > 12:
        return False
    if past >= len(tokens) or tokens[past].kind != "word":
        return False
    noun = tokens[past].text
    if noun in _GLUE_WORDS or noun in _CURRENCY_WORDS or noun in NUMBER_WORDS or len(noun) < 3:
        return False
    return amount == 1 or noun.endswith("s")


def significant_amounts(matches: list[AmountMatch]) -> list[AmountMatch]:
    """The amounts that are money, once counts, years and '99' give way to a real price beside them."""
    if len(matches) <= 1:
        return list(matches)
    kept = [m for m in matches if not (m.quantity_like or m.name_like)]
    if not kept:
        kept = [m for m in matches if not m.quantity_like] or list(matches)
    return kept


def distinct_values(matches: list[AmountMatch]) -> list[Decimal]:
    """Values in order of appearance, each once ('45 reais (R$ 45,00)' is one amount)."""
    values: list[Decimal] = []
    for match in matches:
        if all(match.value != v for v in values):
            values.append(match.value)
    return values


def find_amount(text: str) -> Decimal | None:
    """The one amount in text, or None when there is none or more than one."""
    values = distinct_values(significant_amounts(parse_amounts(text)))
    return quantize(values[0]) if len(values) == 1 else None


def quantize(value: Decimal) -> Decimal:
    """To the cent, as the ledger stores money."""
    return value.quantize(CENT)
