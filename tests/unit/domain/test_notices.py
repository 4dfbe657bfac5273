"""The recurring notice in its two forms: the approved template's variables, and the line atop the next reply."""

from datetime import date
from decimal import Decimal

from finassist.domain.notices import (
    RECURRING_TEMPLATE_BODY,
    RecurringNotice,
    in_reply,
    render,
    template_variables,
    with_notices,
)

RENT = RecurringNotice(date(2026, 12, 8), "aluguel", "Moradia", Decimal("1800.00"))


def test_the_template_variables_fill_the_approved_body() -> None:
    variables = template_variables(RENT)

    assert variables == {"1": "R$ 1.800,00", "2": "Moradia", "3": "aluguel", "4": "08/12"}
    assert (
        render(RECURRING_TEMPLATE_BODY, variables)
        == "🔁 Lancei sua despesa recorrente: R$ 1.800,00 em Moradia (aluguel), 08/12."
    )


def test_a_description_with_line_breaks_or_long_gaps_becomes_one_line_twilio_accepts() -> None:
    odd = RecurringNotice(date(2026, 12, 8), "aluguel\n  da   casa\t nova", "Moradia", Decimal("1"))

    assert template_variables(odd)["3"] == "aluguel da casa nova"
    assert template_variables(RecurringNotice(date(2026, 12, 8), "  ", "Moradia", Decimal("1")))["3"] == "-"


def test_the_line_in_the_next_reply_says_the_day_from_where_the_reader_stands() -> None:
    assert in_reply(RENT, date(2026, 12, 8)) == "Ah, hoje lancei sua despesa fixa de aluguel: R$ 1.800,00 ✅"
    assert in_reply(RENT, date(2026, 12, 9)).startswith("Ah, ontem lancei")
    assert in_reply(RENT, date(2026, 12, 20)).startswith("Ah, no dia 08/12 lancei")


def test_notices_go_at_the_top_of_the_first_part() -> None:
    assert with_notices(["Anotado!"], ["Ah, hoje lancei X ✅"]) == ["Ah, hoje lancei X ✅\n\nAnotado!"]
    assert with_notices(["Anotado!"], []) == ["Anotado!"]


def test_notices_that_would_make_the_first_part_too_long_go_as_their_own_part() -> None:
    long_part = "x" * 1590

    assert with_notices([long_part, "fim"], ["Ah, hoje lancei X ✅"]) == ["Ah, hoje lancei X ✅", long_part, "fim"]
