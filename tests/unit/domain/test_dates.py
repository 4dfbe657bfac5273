"""The day an expense happened, as a pt-BR message says it; today is Tuesday 2026-11-24 unless said."""

from __future__ import annotations

from datetime import date

import pytest

from finassist.domain.dates import find_date, parse_date

TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoje", date(2026, 11, 24)),
        ("hj", date(2026, 11, 24)),
        ("ontem", date(2026, 11, 23)),
        ("anteontem", date(2026, 11, 22)),
        ("antes de ontem", date(2026, 11, 22)),
        ("sexta", date(2026, 11, 20)),
        ("na sexta", date(2026, 11, 20)),
        ("na sexta-feira", date(2026, 11, 20)),
        ("sexta feira", date(2026, 11, 20)),
        ("6ª feira", date(2026, 11, 20)),
        ("segunda-feira", date(2026, 11, 23)),
        ("na segunda", date(2026, 11, 23)),
        ("quarta", date(2026, 11, 18)),
        ("quinta passada", date(2026, 11, 19)),
        ("sábado", date(2026, 11, 21)),
        ("sábado passado", date(2026, 11, 21)),
        ("no último sábado", date(2026, 11, 21)),
        ("no domingo", date(2026, 11, 22)),
        ("domingo retrasado", date(2026, 11, 15)),
        ("terça", date(2026, 11, 24)),
        ("terça passada", date(2026, 11, 17)),
        ("sexta que vem", date(2026, 11, 27)),
        ("dia 8", date(2026, 11, 8)),
        ("no dia 8", date(2026, 11, 8)),
        ("dia 24", date(2026, 11, 24)),
        ("dia 25", date(2026, 10, 25)),
        ("dia primeiro", date(2026, 11, 1)),
        ("dia 1º", date(2026, 11, 1)),
        ("dia oito", date(2026, 11, 8)),
        ("21/11", date(2026, 11, 21)),
        ("21/11/2026", date(2026, 11, 21)),
        ("21/11/26", date(2026, 11, 21)),
        ("21-11-2026", date(2026, 11, 21)),
        ("2026-11-21", date(2026, 11, 21)),
        ("21 de novembro", date(2026, 11, 21)),
        ("21 de nov", date(2026, 11, 21)),
        ("1º de novembro", date(2026, 11, 1)),
        ("3 de outubro de 2025", date(2025, 10, 3)),
        ("25/12", date(2025, 12, 25)),
        ("25 de dezembro", date(2025, 12, 25)),
    ],
)
def test_each_way_of_naming_a_day_resolves_against_today(text: str, expected: date) -> None:
    assert parse_date(text, TUESDAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "semana passada",
        "mês passado",
        "este mês",
        "almoço 45",
        "paguei a segunda parcela",
        "feira 50",
        "31/04",
        "15-20",
    ],
)
def test_phrases_that_are_not_one_day_give_no_date(text: str) -> None:
    assert parse_date(text, TUESDAY) is None


def test_day_31_in_a_30_day_month_is_the_last_month_that_had_one() -> None:
    assert parse_date("dia 31", TUESDAY) == date(2026, 10, 31)
    assert parse_date("dia 31", date(2026, 12, 5)) == date(2026, 10, 31)


def test_day_29_after_a_february_without_it_goes_back_to_january() -> None:
    assert parse_date("dia 29", date(2027, 3, 5)) == date(2027, 1, 29)
    assert parse_date("dia 29", date(2028, 3, 5)) == date(2028, 2, 29)


def test_a_future_day_of_this_month_means_last_month_across_the_new_year() -> None:
    assert parse_date("dia 20", date(2027, 1, 5)) == date(2026, 12, 20)


def test_a_day_and_month_ahead_of_today_means_last_year() -> None:
    assert parse_date("30/12", date(2027, 1, 2)) == date(2026, 12, 30)
    assert parse_date("2 de janeiro", date(2027, 1, 2)) == date(2027, 1, 2)


def test_29_february_without_a_year_is_the_latest_leap_day() -> None:
    assert parse_date("29/02", TUESDAY) == date(2024, 2, 29)
    assert parse_date("29/02/2024", TUESDAY) == date(2024, 2, 29)


def test_a_weekday_named_on_that_weekday_is_today_unless_said_passado() -> None:
    saturday = date(2026, 11, 28)
    assert parse_date("sábado", saturday) == saturday
    assert parse_date("sábado passado", saturday) == date(2026, 11, 21)


def test_the_match_covers_the_preposition_so_it_can_be_cut_from_a_description() -> None:
    text = "Comprei uma camiseta por 59,90 na sexta"
    match = find_date(text, TUESDAY)
    assert match is not None
    assert text[match.start : match.end] == "na sexta"
    assert match.kind == "weekday"


def test_the_first_day_named_wins() -> None:
    assert parse_date("ontem, não hoje", TUESDAY) == date(2026, 11, 23)
