"""Amounts as people type and say them in pt-BR, and money written back the Brazilian way."""

from __future__ import annotations

from decimal import Decimal

import pytest

from finassist.domain.money import find_amount, format_brl, parse_amounts
from finassist.domain.number_words import parse_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R$ 1.234,56", "1234.56"),
        ("R$45", "45.00"),
        ("r$ 45", "45.00"),
        ("23,50", "23.50"),
        ("23,5", "23.50"),
        ("1.800", "1800.00"),
        ("1800", "1800.00"),
        ("1.800,00", "1800.00"),
        ("1.234.567,89", "1234567.89"),
        ("45.90", "45.90"),
        ("R$ 1,234.56", "1234.56"),
        ("45 reais", "45.00"),
        ("1 real", "1.00"),
        ("45 conto", "45.00"),
        ("45 contos", "45.00"),
        ("50 pila", "50.00"),
        ("50 paus", "50.00"),
        ("45,00 reais", "45.00"),
        ("R$ 45,00 reais", "45.00"),
        ("quarenta e cinco reais", "45.00"),
        ("quarenta e cinco", "45.00"),
        ("mil e duzentos", "1200.00"),
        ("mil e duzentos reais", "1200.00"),
        ("dois mil e quinhentos reais", "2500.00"),
        ("cento e vinte reais e cinquenta centavos", "120.50"),
        ("um real e cinquenta centavos", "1.50"),
        ("dois reais", "2.00"),
        ("cinquenta centavos", "0.50"),
        ("120 reais e 50 centavos", "120.50"),
        ("45 reais e 90", "45.90"),
        ("R$ 12 e 50 centavos", "12.50"),
        ("vinte e três e cinquenta", "23.50"),
        ("R$ 10 mil", "10000.00"),
        ("10 mil reais", "10000.00"),
        ("2,5 mil", "2500.00"),
        ("2 mil e 500", "2500.00"),
        ("1.5k", "1500.00"),
        ("1,5k", "1500.00"),
        ("2k", "2000.00"),
        ("trezentos e vinte reais", "320.00"),
        ("novecentos e noventa e nove", "999.00"),
    ],
)
def test_every_written_or_spoken_amount_format_reads_as_the_same_decimal(text: str, expected: str) -> None:
    assert find_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("paguei 1.800 de aluguel dia 8", "1800.00"),
        ("gasolina 250 dia 21/11", "250.00"),
        ("gasolina 250 no dia 21/11/2026", "250.00"),
        ("academia 119,90 dia 5", "119.90"),
        ("jantar 80 em 21 de novembro", "80.00"),
        ("jantar 80 em 1º de novembro", "80.00"),
        ("feira 60 dia oito", "60.00"),
        ("almoço 30 às 12:30", "30.00"),
        ("almoço 30 às 12h", "30.00"),
        ("comprei 2 camisetas por 100", "100.00"),
        ("três pães 12 reais", "12.00"),
        ("1 camiseta 59,90", "59.90"),
        ("corrida do 99 18,50", "18.50"),
        ("IPVA 2026 1.500", "1500.00"),
        ("40 litros de gasolina 250", "250.00"),
        ("10km de uber 25", "25.00"),
        ("45 reais, R$ 45", "45.00"),
        ("Comprei uma camiseta por 59,90 na sexta", "59.90"),
    ],
)
def test_days_times_counts_and_years_are_not_taken_for_the_amount(text: str, expected: str) -> None:
    assert find_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["almoço 45 e uber 20", "R$ 10 no café e R$ 30 no almoço", "45 reais e 20 do uber", "mercado 100, farmácia 30,50"],
)
def test_two_different_amounts_give_no_single_amount(text: str) -> None:
    assert find_amount(text) is None
    assert len({m.value for m in parse_amounts(text)}) >= 2


@pytest.mark.parametrize(
    "text",
    ["uma camiseta", "dia 8", "21/11", "últimos sete dias", "últimos 7 dias", "oi, tudo bem?", "10%", "3 dias", ""],
)
def test_text_without_money_has_no_amount(text: str) -> None:
    assert find_amount(text) is None


def test_an_amount_match_points_at_its_words_in_the_message() -> None:
    text = "Gastei quarenta e cinco reais no almoço"
    [match] = parse_amounts(text)
    assert text[match.start : match.end] == "quarenta e cinco reais"
    assert match.explicit


def test_accented_and_decomposed_text_keeps_spans_aligned() -> None:
    text = "cafe\u0301 8,50"  # "café" typed with a combining accent
    [match] = parse_amounts(text)
    assert match.value == Decimal("8.50")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.56", "R$ 1.234,56"),
        ("45", "R$ 45,00"),
        ("0.5", "R$ 0,50"),
        ("566.35", "R$ 566,35"),
        ("1234567.89", "R$ 1.234.567,89"),
    ],
)
def test_money_is_written_in_brazilian_format_with_plain_spaces(value: str, expected: str) -> None:
    text = format_brl(Decimal(value))
    assert text == expected
    assert "\xa0" not in text


def test_amounts_are_decimal_never_float() -> None:
    amount = find_amount("R$ 0,10")
    assert isinstance(amount, Decimal)
    assert amount * 3 == Decimal("0.30")


@pytest.mark.parametrize(
    ("text", "expected"), [("7", 7), ("sete", 7), ("primeiro", 1), ("vinte e um", 21), ("x", None)]
)
def test_small_counts_read_from_digits_or_words(text: str, expected: int | None) -> None:
    assert parse_count(text) == expected
