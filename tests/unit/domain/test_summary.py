"""The month at a glance: exact Decimal shares and changes, and the text a WhatsApp user reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from finassist.domain.expense import Expense, LedgerRow
from finassist.domain.periods import Period, month_period
from finassist.domain.summary import (
    CategoryLine,
    MonthSummary,
    percent_change,
    previous_month,
    summarize,
    summary_text,
)

NOVEMBER = month_period(2026, 11, "este mês")
OCTOBER = month_period(2026, 10, "em outubro")


def row(day: date, category: str, amount: str) -> LedgerRow:
    return LedgerRow(Expense(day, category, "algo", Decimal(amount)))


ROWS = [
    row(date(2026, 11, 3), "Alimentação", "500.00"),
    row(date(2026, 11, 20), "Alimentação", "66.35"),
    row(date(2026, 11, 4), "Transporte", "80.35"),
    row(date(2026, 11, 30), "Lazer", "275.00"),
    row(date(2026, 10, 3), "Alimentação", "505.67"),
    row(date(2026, 10, 31), "Transporte", "100.00"),
    row(date(2026, 9, 30), "Lazer", "999.00"),  # outside both months
    row(date(2026, 12, 1), "Lazer", "999.00"),
]


def test_previous_month_of_november_is_october_with_its_name() -> None:
    assert previous_month(NOVEMBER) == Period(date(2026, 10, 1), date(2026, 10, 31), "em outubro")


def test_previous_month_of_january_is_december_of_the_year_before() -> None:
    previous = previous_month(month_period(2027, 1, "em janeiro"))
    assert (previous.start, previous.end) == (date(2026, 12, 1), date(2026, 12, 31))


def test_previous_month_of_march_in_a_leap_year_ends_on_the_29th() -> None:
    assert previous_month(month_period(2028, 3, "")).end == date(2028, 2, 29)


def test_summarize_counts_each_row_in_the_month_its_date_falls_in() -> None:
    summary = summarize(ROWS, NOVEMBER, OCTOBER)
    assert summary.total == Decimal("921.70")
    assert summary.previous_total == Decimal("605.67")
    assert summary.period == NOVEMBER


def test_lines_come_largest_first_with_exact_shares_and_changes() -> None:
    summary = summarize(ROWS, NOVEMBER, OCTOBER)
    assert summary.lines == (
        CategoryLine("Alimentação", Decimal("566.35"), Decimal("61.4"), Decimal("12.0")),
        CategoryLine("Lazer", Decimal("275.00"), Decimal("29.8"), None),
        CategoryLine("Transporte", Decimal("80.35"), Decimal("8.7"), Decimal("-19.7")),
    )


def test_a_share_is_rounded_half_up_to_one_decimal() -> None:
    rows = [row(date(2026, 11, 1), "Lazer", "1"), row(date(2026, 11, 2), "Compras", "7")]
    lines = summarize(rows, NOVEMBER, OCTOBER).lines
    assert [line.share for line in lines] == [Decimal("87.5"), Decimal("12.5")]


def test_a_share_and_a_change_are_decimals_never_floats() -> None:
    line = summarize(ROWS, NOVEMBER, OCTOBER).lines[0]
    assert isinstance(line.share, Decimal)
    assert isinstance(line.change, Decimal)


def test_a_category_spelled_without_accents_is_counted_with_its_canonical_name() -> None:
    rows = [row(date(2026, 11, 1), "alimentacao", "10"), row(date(2026, 11, 2), "Alimentação", "5")]
    assert summarize(rows, NOVEMBER, OCTOBER).lines == (
        CategoryLine("Alimentação", Decimal("15.00"), Decimal("100.0"), None),
    )


def test_percent_change_is_none_without_a_previous_amount_and_exact_otherwise() -> None:
    assert percent_change(Decimal("10"), Decimal("0")) is None
    assert percent_change(Decimal("150"), Decimal("100")) == Decimal("50.0")
    assert percent_change(Decimal("0"), Decimal("100")) == Decimal("-100.0")
    assert percent_change(Decimal("1"), Decimal("3")) == Decimal("-66.7")


def test_the_summary_change_compares_the_totals() -> None:
    assert summarize(ROWS, NOVEMBER, OCTOBER).change == Decimal("52.2")


def test_an_empty_month_has_no_lines_and_a_zero_total() -> None:
    summary = summarize([], NOVEMBER, OCTOBER)
    assert summary == MonthSummary(NOVEMBER, Decimal("0.00"), Decimal("0.00"), ())


def test_the_text_has_the_month_name_the_total_and_one_line_per_category() -> None:
    text = summary_text(summarize(ROWS, NOVEMBER, OCTOBER))
    assert text.startswith("Resumo de novembro")
    assert "Total: R$ 921,70 (▲ 52% vs outubro, que teve R$ 605,67)" in text
    assert "• Alimentação: R$ 566,35 (61,4%) ▲ 12% vs outubro" in text
    assert "• Lazer: R$ 275,00 (29,8%) sem gastos em outubro" in text
    assert "• Transporte: R$ 80,35 (8,7%) ▼ 20% vs outubro" in text
    assert text.index("Alimentação") < text.index("Lazer") < text.index("Transporte")


def test_the_text_of_an_empty_month_says_so_kindly() -> None:
    assert summary_text(summarize([], NOVEMBER, OCTOBER)) == "Ainda não há gastos em novembro."


def test_the_text_without_a_previous_month_shows_the_total_alone() -> None:
    rows = [row(date(2026, 11, 1), "Lazer", "40")]
    text = summary_text(summarize(rows, NOVEMBER, OCTOBER))
    assert "Total: R$ 40,00\n" in text
    assert "• Lazer: R$ 40,00 (100,0%) sem gastos em outubro" in text


def test_an_unchanged_category_reads_as_equal() -> None:
    rows = [row(date(2026, 11, 1), "Lazer", "40"), row(date(2026, 10, 1), "Lazer", "40")]
    assert "• Lazer: R$ 40,00 (100,0%) = igual a outubro" in summary_text(summarize(rows, NOVEMBER, OCTOBER))


def test_a_large_change_uses_a_pt_br_thousands_separator() -> None:
    rows = [row(date(2026, 11, 1), "Lazer", "1160"), row(date(2026, 10, 1), "Lazer", "100")]
    assert "▲ 1.060% vs outubro" in summary_text(summarize(rows, NOVEMBER, OCTOBER))


def test_the_text_names_the_year_of_a_month_from_another_year_when_today_is_given() -> None:
    december = month_period(2025, 12, "em dezembro de 2025")
    rows = [row(date(2025, 12, 5), "Lazer", "10")]
    text = summary_text(summarize(rows, december, previous_month(december)), today=date(2026, 11, 24))
    assert text.startswith("Resumo de dezembro de 2025")
    assert "novembro de 2025" in text
