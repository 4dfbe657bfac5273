"""The export files: the CSV's cells never start a formula, the .xlsx keeps the user's words as text."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from finassist.adapters.xlsx_export import XlsxExporter
from finassist.domain.expense import Expense, LedgerRow
from finassist.exports import csv_bytes

DAY = date(2026, 11, 24)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_no_csv_cell_begins_with_a_formula_trigger(text: str) -> None:
    rows = [LedgerRow(Expense(DAY, text, text, Decimal("10.00"), text), text)]

    [_, row] = list(csv.reader(io.StringIO(csv_bytes(rows).decode("utf-8-sig"), newline="")))

    assert row[1:3] == ["'" + text, "'" + text]
    assert row[4:] == ["'" + text, "'" + text]
    assert row[3] == "10.00"


def test_a_negative_amount_is_a_number_not_text() -> None:
    rows = [LedgerRow(Expense(DAY, "Outros", "estorno", Decimal("-10.00")), "id")]

    [_, row] = list(csv.reader(io.StringIO(csv_bytes(rows).decode("utf-8-sig"), newline="")))

    assert row[3] == "-10.00"


def test_the_xlsx_export_keeps_a_formula_looking_description_as_text() -> None:
    rows = [LedgerRow(Expense(DAY, "Outros", '=HYPERLINK("http://evil.example")', Decimal("10.00")), "SM1:c1")]

    sheet = openpyxl.load_workbook(io.BytesIO(XlsxExporter().xlsx_bytes(rows))).worksheets[0]

    cell = sheet.cell(row=2, column=3)
    assert cell.value == '=HYPERLINK("http://evil.example")'
    assert cell.data_type == "s"
