"""A number as people type it in Brazil ('1.234,56', '23,5', '1.800', '45.90'): one rule for the messages a
person sends and the cells a person types into their workbook.

- Both separators: the last one is the decimal mark, the other groups thousands ('1.234,56', '1,234.56').
- One separator, used more than once: thousands ('1.234.567').
- A dot followed by exactly three digits, after 1 to 3 digits that do not start with 0: thousands, as a
  Brazilian writes mil e quinhentos ('1.500'). Otherwise one separator is the decimal mark ('23,5', '45.90').
- More than two decimals is not money, so the text has no safe reading: '1,234' is R$ 1,23 to a Brazilian
  reader and 1234 to an American one, '33,333' and '0,001' are no price at all. The caller asks (a message)
  or refuses to guess (a cell).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_NUMBER_RE = re.compile(r"[-\u2212]?\d[\d.,]*")
_GROUPED_RE = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:,\d{3})+")
_MAX_DECIMALS = 2


def parse_decimal(text: str) -> Decimal | None:
    """The value of a typed number, or None when it is not one or could be read two ways."""
    cleaned = text.strip()
    if not _NUMBER_RE.fullmatch(cleaned):
        return None
    sign = "-" if cleaned[0] in "-\u2212" else ""
    digits = cleaned.lstrip("-\u2212")
    split = _split(digits)
    if split is None:
        return None
    whole, fraction = split
    if len(fraction) > _MAX_DECIMALS or not whole.isdigit() or not (fraction.isdigit() or fraction == ""):
        return None
    try:
        return Decimal(f"{sign}{whole}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the checks above let only digits through
        return None


def unclear_decimals(text: str) -> bool:
    """A number that reads two ways or has more than two decimals ('1,234', '33,333', '0,001')."""
    cleaned = text.strip().lstrip("-\u2212")
    return bool(_NUMBER_RE.fullmatch(cleaned)) and parse_decimal(cleaned) is None and _split(cleaned) is not None


def _split(digits: str) -> tuple[str, str] | None:
    """The whole part without thousand marks, and the decimals; None when the marks are not a number's."""
    if "." in digits and "," in digits:
        mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        whole, fraction = digits.rsplit(mark, 1)
        if not _GROUPED_RE.fullmatch(whole) and not whole.isdigit():
            return None
        return whole.replace("." if mark == "," else ",", ""), fraction
    mark = "." if "." in digits else "," if "," in digits else ""
    if not mark:
        return digits, ""
    if digits.count(mark) > 1:
        return (digits.replace(mark, ""), "") if _GROUPED_RE.fullmatch(digits) else None
    whole, fraction = digits.split(mark)
    if mark == "." and _GROUPED_RE.fullmatch(digits):
        return whole + fraction, ""  # "1.500": mil e quinhentos
    return whole, fraction
