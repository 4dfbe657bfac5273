"""Reading the cells of the user's workbook, whoever wrote them: one set of rules for the .xlsx file and for
Microsoft Graph, because both read the same table and must agree on what a hand-typed cell means.

Reading is forgiving about form (dates as dates, Excel serials, ISO or dd/mm/yyyy text; amounts as numbers
or text with R$, spaces and either decimal mark) and strict about meaning: a number that could be read two
ways ("1,234") is not read at all (domain/decimal_text.py), and the row is skipped with a warning.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.utils.datetime import from_excel

from finassist.domain.decimal_text import parse_decimal

_CENT = Decimal("0.01")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_BR_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")


def to_date(value: object) -> date | None:
    """A cell's date whether Excel stored it as a date, a serial number, ISO text or dd/mm/yyyy text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, Decimal):  # Graph's JSON numbers are parsed as Decimal; a date serial is whole days
            return to_date(int(value)) if value.is_finite() else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value) or value <= 0:
                return None
            serial = from_excel(value)
            return serial.date() if isinstance(serial, datetime) else None
        if isinstance(value, str):
            return _date_text(value.strip())
    except (ValueError, OverflowError):
        return None
    return None


def _date_text(text: str) -> date | None:
    if match := _ISO_DATE.fullmatch(text[:10]):
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    if match := _BR_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        return date(year + 2000 if year < 100 else year, month, day)
    return None


def to_amount(value: object) -> Decimal | None:
    """A cell's amount to the cent: numbers go through their text (never Decimal(float)); text by decimal_text."""
    if isinstance(value, bool) or value is None:
        return None
    amount: Decimal | None
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value)) if math.isfinite(value) else None
    elif isinstance(value, str):
        amount = parse_decimal(re.sub(r"\s|\u00a0", "", value.replace("R$", "")))
    else:
        amount = None
    if amount is None or not amount.is_finite():
        return None
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


def cell_text(value: object) -> str:
    """A cell as text: Excel hands back numbers for cells that look numeric, so 7.0 reads as "7"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def blank_row(row: Sequence[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)
