"""CSV cells a spreadsheet will not run: OWASP's CSV Injection guidance, and the way back when we read our own CSV.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel, LibreOffice and
Google Sheets; an expense described as `=HYPERLINK("http://evil.example","ver")` would run when the file is opened.
OWASP (https://owasp.org/www-community/attacks/CSV_Injection): no cell may begin with those characters; prepend a
single quote, wrap each field in double quotes, double the quotes inside. csv.QUOTE_ALL does the last two.
"""

from __future__ import annotations

from typing import Final

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
QUOTE: Final = "'"
_QUOTED: Final = (*FORMULA_TRIGGERS, QUOTE)
"""A cell that already begins with a quote gets one more, so reading back can always drop exactly one."""


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet shows and never evaluates."""
    return QUOTE + cell if cell.startswith(_QUOTED) else cell


def restore(cell: str) -> str:
    """The text neutralise() was given: reading our own export back gives the user's words unchanged."""
    return cell[1:] if cell.startswith(QUOTE) and cell[1:].startswith(_QUOTED) else cell
