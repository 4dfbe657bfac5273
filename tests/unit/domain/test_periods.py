"""Periods a spending question names; weeks run Monday to Sunday; today is Tuesday 2026-11-24 unless said."""

from __future__ import annotations

from datetime import date

import pytest

from finassist.domain.periods import Period, parse_period

TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("hoje", date(2026, 11, 24), date(2026, 11, 24), "hoje"),
        ("ontem", date(2026, 11, 23), date(2026, 11, 23), "ontem"),
        ("anteontem", date(2026, 11, 22), date(2026, 11, 22), "anteontem"),
        ("esta semana", date(2026, 11, 23), date(2026, 11, 29), "esta semana"),
        ("essa semana", date(2026, 11, 23), date(2026, 11, 29), "esta semana"),
        ("nesta semana", date(2026, 11, 23), date(2026, 11, 29), "esta semana"),
        ("semana passada", date(2026, 11, 16), date(2026, 11, 22), "na semana passada"),
        ("na semana passada", date(2026, 11, 16), date(2026, 11, 22), "na semana passada"),
        ("semana retrasada", date(2026, 11, 9), date(2026, 11, 15), "na semana retrasada"),
        ("este mês", date(2026, 11, 1), date(2026, 11, 30), "este mês"),
        ("esse mês", date(2026, 11, 1), date(2026, 11, 30), "este mês"),
        ("neste mês", date(2026, 11, 1), date(2026, 11, 30), "este mês"),
        ("no mês", date(2026, 11, 1), date(2026, 11, 30), "este mês"),
        ("este mes", date(2026, 11, 1), date(2026, 11, 30), "este mês"),
        ("mês passado", date(2026, 10, 1), date(2026, 10, 31), "no mês passado"),
        ("último mês", date(2026, 10, 1), date(2026, 10, 31), "no mês passado"),
        ("no mês anterior", date(2026, 10, 1), date(2026, 10, 31), "no mês passado"),
        ("em outubro", date(2026, 10, 1), date(2026, 10, 31), "em outubro"),
        ("outubro", date(2026, 10, 1), date(2026, 10, 31), "em outubro"),
        ("no mês de março", date(2026, 3, 1), date(2026, 3, 31), "em março"),
        ("em fevereiro", date(2026, 2, 1), date(2026, 2, 28), "em fevereiro"),
        ("novembro", date(2026, 11, 1), date(2026, 11, 30), "em novembro"),
        ("em dezembro", date(2025, 12, 1), date(2025, 12, 31), "em dezembro de 2025"),
        ("novembro de 2025", date(2025, 11, 1), date(2025, 11, 30), "em novembro de 2025"),
        ("este ano", date(2026, 1, 1), date(2026, 12, 31), "este ano"),
        ("esse ano", date(2026, 1, 1), date(2026, 12, 31), "este ano"),
        ("no ano", date(2026, 1, 1), date(2026, 12, 31), "este ano"),
        ("ano passado", date(2025, 1, 1), date(2025, 12, 31), "no ano passado"),
        ("em 2025", date(2025, 1, 1), date(2025, 12, 31), "em 2025"),
        ("últimos 7 dias", date(2026, 11, 18), date(2026, 11, 24), "nos últimos 7 dias"),
        ("nos últimos sete dias", date(2026, 11, 18), date(2026, 11, 24), "nos últimos 7 dias"),
        ("últimos 30 dias", date(2026, 10, 26), date(2026, 11, 24), "nos últimos 30 dias"),
        ("últimas 2 semanas", date(2026, 11, 11), date(2026, 11, 24), "nas últimas 2 semanas"),
        ("últimas duas semanas", date(2026, 11, 11), date(2026, 11, 24), "nas últimas 2 semanas"),
        ("últimos 3 meses", date(2026, 8, 25), date(2026, 11, 24), "nos últimos 3 meses"),
        ("entre 1 e 15 de novembro", date(2026, 11, 1), date(2026, 11, 15), "de 01/11 a 15/11"),
        ("de 1 a 15 de novembro", date(2026, 11, 1), date(2026, 11, 15), "de 01/11 a 15/11"),
        ("do dia 1 ao dia 15", date(2026, 11, 1), date(2026, 11, 15), "de 01/11 a 15/11"),
        ("de 01/11 a 15/11", date(2026, 11, 1), date(2026, 11, 15), "de 01/11 a 15/11"),
        ("entre 10 de outubro e 5 de novembro", date(2026, 10, 10), date(2026, 11, 5), "de 10/10 a 05/11"),
        ("de outubro a novembro", date(2026, 10, 1), date(2026, 11, 30), "de 01/10 a 30/11"),
        ("desde o dia 10", date(2026, 11, 10), date(2026, 11, 24), "desde 10/11"),
        ("desde segunda", date(2026, 11, 23), date(2026, 11, 24), "desde 23/11"),
        ("desde outubro", date(2026, 10, 1), date(2026, 11, 24), "desde 01/10"),
        ("a partir do dia 5", date(2026, 11, 5), date(2026, 11, 24), "desde 05/11"),
        ("em 21/11", date(2026, 11, 21), date(2026, 11, 21), "em 21/11"),
        ("no dia 8", date(2026, 11, 8), date(2026, 11, 8), "em 08/11"),
        ("no sábado", date(2026, 11, 21), date(2026, 11, 21), "no sábado, 21/11"),
        ("na sexta-feira", date(2026, 11, 20), date(2026, 11, 20), "na sexta, 20/11"),
        ("no fim de semana", date(2026, 11, 21), date(2026, 11, 22), "no fim de semana"),
    ],
)
def test_each_period_phrase_gives_inclusive_days_and_a_label_for_the_reply(
    text: str, start: date, end: date, label: str
) -> None:
    assert parse_period(text, TUESDAY) == Period(start, end, label)


@pytest.mark.parametrize("text", ["quanto gastei", "almoço", "oi", ""])
def test_no_period_named_gives_none_so_the_caller_can_default(text: str) -> None:
    assert parse_period(text, TUESDAY) is None


def test_last_7_days_includes_today_and_has_seven_days() -> None:
    period = parse_period("últimos 7 dias", TUESDAY)
    assert period is not None
    assert period.end == TUESDAY
    assert (period.end - period.start).days + 1 == 7


def test_december_asked_in_january_is_last_year() -> None:
    assert parse_period("quanto gastei em dezembro?", date(2027, 1, 10)) == Period(
        date(2026, 12, 1), date(2026, 12, 31), "em dezembro de 2026"
    )


def test_last_month_in_january_is_december_of_last_year() -> None:
    period = parse_period("mês passado", date(2027, 1, 1))
    assert period == Period(date(2026, 12, 1), date(2026, 12, 31), "no mês passado")


def test_last_week_across_the_new_year_still_runs_monday_to_sunday() -> None:
    period = parse_period("semana passada", date(2027, 1, 1))
    assert period is not None
    assert (period.start, period.end) == (date(2026, 12, 21), date(2026, 12, 27))
    assert period.start.weekday() == 0
    assert period.end.weekday() == 6


def test_february_of_a_leap_year_has_29_days() -> None:
    period = parse_period("em fevereiro", date(2028, 3, 1))
    assert period is not None
    assert period.end == date(2028, 2, 29)


def test_this_week_on_a_sunday_started_on_the_monday_before() -> None:
    period = parse_period("esta semana", date(2026, 11, 29))
    assert period is not None
    assert period.start == date(2026, 11, 23)


def test_a_day_range_ahead_of_today_means_last_month() -> None:
    period = parse_period("do dia 20 ao dia 31", date(2026, 11, 10))
    assert period is not None
    assert (period.start, period.end) == (date(2026, 10, 20), date(2026, 10, 31))


def test_a_range_across_the_new_year_puts_the_start_in_the_year_before() -> None:
    period = parse_period("de 20 de dezembro a 5 de janeiro", date(2026, 1, 10))
    assert period is not None
    assert (period.start, period.end) == (date(2025, 12, 20), date(2026, 1, 5))


def test_the_period_is_found_inside_a_whole_question() -> None:
    period = parse_period("Quanto gastei com transporte na semana passada?", TUESDAY)
    assert period is not None
    assert period.label == "na semana passada"
