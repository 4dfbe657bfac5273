"""The day an expense happened, from the way people say it in pt-BR: 'ontem', 'na sexta', 'dia 8', '21/11'.

`today` is always a parameter (the caller knows the America/Sao_Paulo clock), so every rule here is a pure
function of the words and that day, and tests can pin any calendar edge.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from finassist.domain.months import MONTH_ABBREVIATIONS, MONTHS
from finassist.domain.number_words import NUMBER_WORDS, parse_count
from finassist.domain.text import fold_keeping_length

WEEKDAYS: dict[str, int] = {"segunda": 0, "terca": 1, "quarta": 2, "quinta": 3, "sexta": 4, "sabado": 5, "domingo": 6}
WEEKDAY_NAMES: tuple[str, ...] = ("segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo")

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_ANY_ALT = "|".join(sorted([*MONTHS, *MONTH_ABBREVIATIONS], key=len, reverse=True))
_NUMBER_WORD_ALT = "|".join(sorted(NUMBER_WORDS | {"primeiro"}, key=len, reverse=True))
DAY_WORDS = rf"(?:{_NUMBER_WORD_ALT})(?:\s+e\s+(?:{_NUMBER_WORD_ALT}))?"
"""A day said in words: 'oito', 'primeiro', 'vinte e cinco'."""
DAY = rf"(?:\d{{1,2}}(?:o|a)?(?!\d)|{DAY_WORDS})"

_PREP = r"(?:(?:n[oa]|em|d[oa]|nest[ea]|ness[ea]|est[ea]|ess[ea])\s+)?"
_WEEKDAY_ALT = "|".join(WEEKDAYS)
_NOT_WEEKDAY_AFTER = r"parcelas?|vez|via|mao|prestac\w*|mensalidade|quinzena|opcao|etapa|dose|rodada|fase"
"""'a segunda parcela', 'pela segunda vez': the ordinal, not Monday."""

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"\b{_PREP}(?:dia\s+)?(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b")),
    (
        "numeric",
        re.compile(
            rf"\b{_PREP}(?:dia\s+)?(?P<d>\d{{1,2}})(?P<sep>[/-])(?P<m>\d{{1,2}})(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}}))?(?![\d/])"
        ),
    ),
    (
        "named",
        re.compile(
            rf"\b{_PREP}(?:dia\s+)?(?P<d>{DAY})\s+(?:de\s+)?(?P<mname>{_MONTH_ANY_ALT})\b"
            rf"(?:\.?\s*(?:de\s+|/)?(?P<y>\d{{4}})\b)?"
        ),
    ),
    ("day", re.compile(rf"\b{_PREP}dia\s+(?P<d>{DAY})\b(?!\s*[/-]\d)")),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<pre>(?:n[oa]\s+|d[oa]\s+)?(?:ultim[oa]|passad[oa]|proxim[oa])|n[oa]|nest[ea]|ness[ea]|est[ea]"
            rf"|ess[ea]|d[oa])\s+)?"
            rf"(?:(?P<wd>{_WEEKDAY_ALT})(?:\s*-?\s*feira\b|\b(?!\s+(?:{_NOT_WEEKDAY_AFTER})))"
            rf"|(?P<wdn>[2-6])\s*(?:a|o)?\s*-?\s*feira\b)"
            rf"(?:\s+(?P<post>passad[oa]|retrasad[oa]|que\s+vem|que\s+passou))?"
        ),
    ),
    ("before_yesterday", re.compile(r"\b(?:anteontem|antes\s+de\s+ontem|antiontem)\b")),
    ("yesterday", re.compile(r"\b(?:ontem)\b")),
    ("today", re.compile(r"\b(?:hoje|hj)\b")),
)


@dataclass(frozen=True)
class DateMatch:
    """A day found in a message, where it was, and how it was said (which decides how a reply names it)."""

    value: date
    start: int
    end: int
    kind: str  # "today" | "yesterday" | "before_yesterday" | "weekday" | "day" | "numeric" | "named" | "iso"


def parse_date(text: str, today: date) -> date | None:
    """The day text names, or None; the caller decides that no date means today."""
    match = find_date(text, today)
    return match.value if match else None


def find_date(text: str, today: date) -> DateMatch | None:
    """The first day named in text, with its span in the (NFC) text so callers can cut it out."""
    return first_date(fold_keeping_length(text), today)


def first_date(folded: str, today: date) -> DateMatch | None:
    """find_date on text already passed through fold_keeping_length."""
    best: DateMatch | None = None
    for kind, pattern in _PATTERNS:
        for found in pattern.finditer(folded):
            value = _resolve(kind, found, today)
            if value is None:
                continue
            candidate = DateMatch(value, found.start(), found.end(), kind)
            if best is None or (candidate.start, -candidate.end) < (best.start, -best.end):
                best = candidate
            break
    return best


def all_dates(folded: str, today: date) -> list[DateMatch]:
    """Every day named in folded text, without overlaps, in order: lets callers see every span to remove."""
    found: list[DateMatch] = []
    for kind, pattern in _PATTERNS:
        for hit in pattern.finditer(folded):
            value = _resolve(kind, hit, today)
            if value is not None:
                found.append(DateMatch(value, hit.start(), hit.end(), kind))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[DateMatch] = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


_FUTURE_RE = re.compile(
    r"\b(?:amanha|depois\s+de\s+amanha|(?:d?[ao]\s+)?proxim[oa]s?\s+(?:semana|mes|ano|quinzena|fim\s+de\s+semana"
    rf"|{_WEEKDAY_ALT})|(?:{_WEEKDAY_ALT}|semana|mes|ano|quinzena|fim\s+de\s+semana)(?:\s*-?\s*feira)?\s+que\s+vem)\b"
)
"""'amanhã', 'semana que vem', 'próxima sexta': a day that has not come yet."""


def future_words(folded: str) -> re.Match[str] | None:
    """Where folded text names a day or a span still to come ('amanhã', 'mês que vem'), if it does."""
    return _FUTURE_RE.search(folded)


def impossible_dates(folded: str, today: date) -> list[tuple[int, int]]:
    """Spans that are written as a day but name none ('31/02', 'dia 32', '30 de fevereiro'), in order.

    '15-20' without a year is left out: it is a range of prices more often than a day.
    """
    spans: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        if kind not in ("numeric", "named", "day", "iso"):
            continue
        for found in pattern.finditer(folded):
            if kind == "numeric" and found.group("sep") == "-" and not found.group("y"):
                continue
            if _resolve(kind, found, today) is None and _is_calendar_impossible(kind, found, today):
                spans.append((found.start(), found.end()))
    return sorted(spans)


def _is_calendar_impossible(kind: str, found: re.Match[str], today: date) -> bool:
    """No year ever has this day in this month (31/04, 30/02, dia 32), unlike 29/02 in a common year."""
    day = parse_count(_strip_ordinal(found.group("d")))
    if day is None:
        return False
    if kind == "day":
        return not 1 <= day <= 31
    month = int(found.group("m")) if kind in ("iso", "numeric") else _month_number(found.group("mname"))
    if not 1 <= month <= 12:
        return True
    year_text = found.group("y")
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return _safe_date(year, month, day) is None
    return _safe_date(2024, month, day) is None  # 2024 is a leap year: only days no year has are impossible


def _resolve(kind: str, found: re.Match[str], today: date) -> date | None:
    if kind == "today":
        return today
    if kind == "yesterday":
        return today - timedelta(days=1)
    if kind == "before_yesterday":
        return today - timedelta(days=2)
    if kind == "weekday":
        return _weekday(found, today)
    day = parse_count(_strip_ordinal(found.group("d")))
    if day is None:
        return None
    if kind == "day":
        return most_recent_day(day, today)
    month = int(found.group("m")) if kind in ("iso", "numeric") else _month_number(found.group("mname"))
    year_text = found.group("y")
    if kind == "numeric" and found.group("sep") == "-" and not year_text:
        return None  # "15-20" is a range of prices more often than a day
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return _safe_date(year, month, day)
    return most_recent_day_of_month(day, month, today)


def _strip_ordinal(text: str) -> str:
    return text[:-1] if text[-1:] in ("o", "a") and text[:-1].isdigit() else text


def _month_number(name: str) -> int:
    return MONTHS.get(name) or MONTH_ABBREVIATIONS[name]


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def most_recent_day(day: int, today: date) -> date | None:
    """'dia 8': this month's 8th, or the latest earlier month that has that day (dia 31 in a 30-day month)."""
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(13):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None  # pragma: no cover - every day 1..31 occurs within a year


def most_recent_day_of_month(day: int, month: int, today: date) -> date | None:
    """'21/11' or '21 de novembro' without a year: this year's, or last year's when this year's is ahead."""
    if not 1 <= month <= 12:
        return None
    for year in (today.year, today.year - 1, today.year - 2, today.year - 3, today.year - 4):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
    return None  # 29/02 with no leap year close by, or 31/04


def _weekday(found: re.Match[str], today: date) -> date:
    if found.group("wd"):
        target = WEEKDAYS[found.group("wd")]
    else:
        target = int(found.group("wdn")) - 2
    pre = found.group("pre") or ""
    post = re.sub(r"\s+", " ", found.group("post") or "")
    back = (today.weekday() - target) % 7
    if "proxim" in pre or post == "que vem":
        return today + timedelta(days=(target - today.weekday()) % 7 or 7)
    if post.startswith("retrasad"):
        return today - timedelta(days=(back or 7) + 7)
    if post.startswith("passad") or "passad" in pre or "ultim" in pre or post == "que passou":
        return today - timedelta(days=back or 7)
    return today - timedelta(days=back)


def weekday_label(value: date) -> str:
    """'no sábado' / 'na sexta': how a reply names a day of this week or the last."""
    name = WEEKDAY_NAMES[value.weekday()]
    return f"{'no' if value.weekday() >= 5 else 'na'} {name}"
