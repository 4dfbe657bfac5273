"""The span of days a spending question asks about ('este mês', 'semana passada', 'de 1 a 15 de novembro').

Calendar rules (corpus/README.md): weeks run Monday to Sunday, "este mês" is the calendar month, ranges are
inclusive. Each Period carries the words a reply uses for it, so the answer says "em outubro" and not a pair
of ISO dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from finassist.domain.dates import (
    DAY,
    DAY_WORDS,
    first_date,
    most_recent_day,
    weekday_label,
)
from finassist.domain.months import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTHS
from finassist.domain.number_words import parse_count
from finassist.domain.text import fold_keeping_length


@dataclass(frozen=True)
class Period:
    """Days start..end inclusive, and how a pt-BR reply names them ('no mês passado')."""

    start: date
    end: date
    label: str


def day_period(value: date, label: str) -> Period:
    return Period(value, value, label)


def month_period(year: int, month: int, label: str) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), label)


def this_month(today: date) -> Period:
    """The default for a question that names no period."""
    return month_period(today.year, today.month, "este mês")


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def ddmm(value: date, today: date) -> str:
    """'21/11', with the year only when it is not this year's."""
    return value.strftime("%d/%m") if value.year == today.year else value.strftime("%d/%m/%Y")


def month_label(year: int, month: int, today: date, prefix: str = "em") -> str:
    name = MONTH_NAMES[month - 1]
    return f"{prefix} {name}" if year == today.year else f"{prefix} {name} de {year}"


# -- rules -------------------------------------------------------------------------------------------

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_ANY_ALT = "|".join(sorted([*MONTHS, *MONTH_ABBREVIATIONS], key=len, reverse=True))
_THIS = r"(?:n?est[ea]|n?ess[ea]|n?[oa]|d?[oa])"
_COUNT = rf"(?:\d{{1,3}}|{DAY_WORDS})"
_YEAR = r"(?:19|20)\d{2}"
_POINT = (
    rf"(?:(?:o\s+)?(?:dia\s+)?(?P<§d>{DAY})(?:/(?P<§m>\d{{1,2}})(?:/(?P<§y>\d{{4}}|\d{{2}}))?)?"
    rf"(?:\s+de\s+(?P<§mn>{_MONTH_ANY_ALT})(?:\s+de\s+(?P<§yy>{_YEAR}))?)?)"
)
"""One end of a range: '1', 'dia 1', '01/11', '1 de novembro', '1 de novembro de 2025'."""

Rule = Callable[[re.Match[str], date], "Period | None"]


def _point(found: re.Match[str], side: str) -> tuple[int | None, int | None, int | None]:
    day = parse_count(_digits(found.group(f"{side}d")))
    month_text = found.group(f"{side}m")
    month_name = found.group(f"{side}mn")
    month = (
        int(month_text)
        if month_text
        else (MONTHS.get(month_name) or MONTH_ABBREVIATIONS.get(month_name, 0) if month_name else None)
    )
    year_text = found.group(f"{side}y") or found.group(f"{side}yy")
    year = (int(year_text) + (2000 if len(year_text) == 2 else 0)) if year_text else None
    return day, month, year


def _digits(text: str) -> str:
    return text[:-1] if text[-1:] in ("o", "a") and text[:-1].isdigit() else text


def _range(found: re.Match[str], today: date) -> Period | None:
    a_day, a_month, a_year = _point(found, "a")
    b_day, b_month, b_year = _point(found, "b")
    if a_day is None or b_day is None:
        return None
    b_month = b_month or a_month
    a_month = a_month or b_month
    b_year = b_year or a_year
    a_year = a_year or b_year
    try:
        if a_month is None or b_month is None:
            end = _in_month(today.year, today.month, b_day)
            start = _in_month(today.year, today.month, a_day)
            if start > today:  # "do dia 20 ao dia 25" asked on the 10th: last month's
                year, month = add_months(today.year, today.month, -1)
                start, end = _in_month(year, month, a_day), _in_month(year, month, b_day)
        elif a_year is None or b_year is None:
            start_year = today.year
            start = date(start_year, a_month, a_day)
            if start > today:
                start_year -= 1
                start = date(start_year, a_month, a_day)
            end = date(start_year + (1 if (b_month, b_day) < (a_month, a_day) else 0), b_month, b_day)
        else:
            start, end = date(a_year, a_month, a_day), date(b_year, b_month, b_day)
    except ValueError:
        return None
    if end < start:
        return None
    return Period(start, end, f"de {ddmm(start, today)} a {ddmm(end, today)}")


def _in_month(year: int, month: int, day: int) -> date:
    """Day of that month, clamped to its last day ('até o dia 31' in November is the 30th)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_range(found: re.Match[str], today: date) -> Period | None:
    first = _named_month(found.group("m1"), found.group("y1"), today)
    last = _named_month(found.group("m2"), found.group("y2") or found.group("y1"), today)
    if first[0] * 12 + first[1] > last[0] * 12 + last[1]:
        first = (first[0] - 1, first[1])
    start = date(first[0], first[1], 1)
    end = month_period(last[0], last[1], "").end
    return Period(start, end, f"de {ddmm(start, today)} a {ddmm(end, today)}")


def _named_month(name: str, year_text: str | None, today: date) -> tuple[int, int]:
    """'outubro' -> this year's, or last year's when it has not come yet ('dezembro' asked in January)."""
    month = MONTHS.get(name) or MONTH_ABBREVIATIONS[name]
    if year_text:
        return int(year_text), month
    return (today.year if month <= today.month else today.year - 1), month


def _since(found: re.Match[str], today: date) -> Period | None:
    rest = found.group("rest")
    start: date | None
    if found.group("mon"):
        year, month = _named_month(found.group("mon"), found.group("y"), today)
        start = date(year, month, 1)
    else:
        match = first_date(rest, today)
        if match is None or match.start != 0:
            day = parse_count(_digits(found.group("dd") or ""))
            start = most_recent_day(day, today) if day else None
        else:
            start = match.value
    if start is None or start > today:
        return None
    return Period(start, today, f"desde {ddmm(start, today)}")


def _last_n(found: re.Match[str], today: date) -> Period | None:
    count = parse_count(found.group("n"))
    if not count or count > 3660:
        return None
    unit = found.group("u")
    article = "nos últimos" if unit in ("dias", "meses", "anos") else "nas últimas"
    shown = {"dias": "dias", "semanas": "semanas", "meses": "meses", "anos": "anos"}[unit]
    if unit == "dias":
        start = today - timedelta(days=count - 1)
    elif unit == "semanas":
        start = today - timedelta(days=7 * count - 1)
    else:
        months = count * (12 if unit == "anos" else 1)
        year, month = add_months(today.year, today.month, -months)
        start = _in_month(year, month, today.day) + timedelta(days=1)
    return Period(start, today, f"{article} {count} {shown}")


def _weekend(found: re.Match[str], today: date) -> Period:
    saturday = today - timedelta(days=(today.weekday() - 5) % 7)
    if found.group("past") and today.weekday() >= 5:
        saturday -= timedelta(days=7)
    return Period(saturday, saturday + timedelta(days=1), "no fim de semana")


def _week(offset: int, label: str) -> Rule:
    def rule(_: re.Match[str], today: date) -> Period:
        monday, sunday = week_of(today - timedelta(days=7 * offset))
        return Period(monday, sunday, label)

    return rule


def _month(offset: int, label: str) -> Rule:
    def rule(_: re.Match[str], today: date) -> Period:
        year, month = add_months(today.year, today.month, -offset)
        return month_period(year, month, label)

    return rule


def _year(offset: int, label: str) -> Rule:
    def rule(_: re.Match[str], today: date) -> Period:
        year = today.year - offset
        return Period(date(year, 1, 1), date(year, 12, 31), label)

    return rule


def _named_year(found: re.Match[str], today: date) -> Period:
    year = int(found.group("y"))
    label = "este ano" if year == today.year else f"em {year}"
    return Period(date(year, 1, 1), date(year, 12, 31), label)


def _half(year: int, month: int, second: bool, label: str) -> Period:
    """Days 1-15, or 16 to the month's end: a quinzena."""
    if second:
        return Period(date(year, month, 16), month_period(year, month, "").end, label)
    return Period(date(year, month, 1), date(year, month, 15), label)


def _this_half(_: re.Match[str], today: date) -> Period:
    return _half(today.year, today.month, today.day > 15, "nesta quinzena")


def _last_half(_: re.Match[str], today: date) -> Period:
    if today.day > 15:
        return _half(today.year, today.month, False, "na quinzena passada")
    year, month = add_months(today.year, today.month, -1)
    return _half(year, month, True, "na quinzena passada")


def _numbered_half(found: re.Match[str], today: date) -> Period:
    """'primeira quinzena (de novembro)', 'segunda quinzena de outubro': this month's when none is named."""
    second = found.group("which") in ("segunda", "2a", "2ª", "2")
    if found.group("m"):
        year, month = _named_month(found.group("m"), found.group("y"), today)
    else:
        year, month = today.year, today.month
    ordinal = "2ª" if second else "1ª"
    return _half(year, month, second, f"na {ordinal} quinzena {month_label(year, month, today, 'de')}")


def _named(found: re.Match[str], today: date) -> Period:
    year, month = _named_month(found.group("m"), found.group("y"), today)
    return month_period(year, month, month_label(year, month, today))


_RULES: tuple[tuple[re.Pattern[str], Rule], ...] = (
    (
        re.compile(
            rf"\b(?P<which>primeira|segunda|1a|2a|1ª|2ª|1|2)\s+quinzena(?:\s+(?:de|do\s+mes\s+de)\s+(?P<m>{_MONTH_ALT})"
            rf"(?:\s+(?:de\s+)?(?P<y>{_YEAR}))?)?\b"
        ),
        _numbered_half,
    ),
    (re.compile(r"\b(?:quinzena\s+(?:passada|anterior)|ultima\s+quinzena)\b"), _last_half),
    (re.compile(rf"\b(?:{_THIS}\s+quinzena|quinzena\s+atual)\b"), _this_half),
    (
        re.compile(
            rf"\b(?:entre|de|desde|do|da)\s+(?:o\s+|os\s+)?(?P<m1>{_MONTH_ALT})(?:\s+(?:de\s+)?(?P<y1>{_YEAR}))?"
            rf"\s+(?:a|e|ate|ao|para)\s+(?:o\s+)?(?P<m2>{_MONTH_ALT})(?:\s+(?:de\s+)?(?P<y2>{_YEAR}))?\b"
        ),
        _month_range,
    ),
    (
        re.compile(
            rf"\b(?:entre|de|desde|do|da)\s+{_POINT.replace('§', 'a')}"
            rf"\s+(?:a|e|ate|ao|à)\s+(?:o\s+)?{_POINT.replace('§', 'b')}(?!\d)"
        ),
        _range,
    ),
    (
        re.compile(
            rf"\b(?:desde|a\s+partir\s+d[eoa])\s+(?:o\s+|a\s+)?(?P<rest>(?:(?P<mon>{_MONTH_ALT})"
            rf"(?:\s+(?:de\s+)?(?P<y>{_YEAR}))?)|(?:dia\s+)?(?P<dd>{DAY})?.*)"
        ),
        _since,
    ),
    (re.compile(rf"\b(?:n?[oa]s\s+)?ultim[oa]s\s+(?P<n>{_COUNT})\s+(?P<u>dias|semanas|meses|anos)\b"), _last_n),
    (
        re.compile(r"\b(?:(?:n?est[ea]|n?ess[ea]|n?o|d?o|ultimo)\s+)?fi[mn]\s+de\s+semana(?P<past>\s+passado)?\b"),
        _weekend,
    ),
    (re.compile(r"\bsemana\s+retrasada\b"), _week(2, "na semana retrasada")),
    (re.compile(r"\b(?:semana\s+(?:passada|anterior)|ultima\s+semana)\b"), _week(1, "na semana passada")),
    (re.compile(rf"\b(?:{_THIS}\s+semana|semana\s+atual)\b"), _week(0, "esta semana")),
    (re.compile(r"\bmes\s+retrasado\b"), _month(2, "no mês retrasado")),
    (re.compile(r"\b(?:mes\s+(?:passado|anterior)|ultimo\s+mes)\b"), _month(1, "no mês passado")),
    (re.compile(rf"\b(?P<m>{_MONTH_ALT})\b(?:\s*(?:de\s+|/)?(?P<y>{_YEAR})\b)?"), _named),
    (re.compile(rf"\b(?:{_THIS}\s+mes|mes\s+atual)\b"), _month(0, "este mês")),
    (re.compile(r"\bano\s+retrasado\b"), _year(2, "no ano retrasado")),
    (re.compile(r"\b(?:ano\s+(?:passado|anterior)|ultimo\s+ano)\b"), _year(1, "no ano passado")),
    (re.compile(rf"\b(?:em|ano\s+de|no\s+ano\s+de|durante|de)\s+(?P<y>{_YEAR})\b"), _named_year),
    (re.compile(rf"\b(?:{_THIS}\s+ano|ano\s+atual)\b"), _year(0, "este ano")),
)


def parse_period(text: str, today: date) -> Period | None:
    """The period a question names, or None (the caller defaults to este mês)."""
    folded = fold_keeping_length(text)
    for pattern, rule in _RULES:
        for found in pattern.finditer(folded):
            period = rule(found, today)
            if period is not None:
                return period
    day = first_date(folded, today)
    if day is None:
        return None
    value = day.value
    if day.kind == "today":
        return day_period(value, "hoje")
    if day.kind == "yesterday":
        return day_period(value, "ontem")
    if day.kind == "before_yesterday":
        return day_period(value, "anteontem")
    if day.kind == "weekday":
        return day_period(value, f"{weekday_label(value)}, {ddmm(value, today)}")
    return day_period(value, f"em {ddmm(value, today)}")
