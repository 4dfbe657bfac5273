"""The months in pt-BR, said once: as the user reads them, folded for matching, and abbreviated."""

from __future__ import annotations

from finassist.domain.text import fold

MONTH_NAMES: tuple[str, ...] = (
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
)
MONTHS: dict[str, int] = {fold(name): number for number, name in enumerate(MONTH_NAMES, start=1)}
MONTH_ABBREVIATIONS: dict[str, int] = {name[:3]: number for name, number in MONTHS.items()}
