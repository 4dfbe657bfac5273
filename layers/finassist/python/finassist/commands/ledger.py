"""`finassist ledger show|export`: read a local Despesas workbook (.xlsx) the way the assistant does."""

from __future__ import annotations

import argparse
import calendar
import sys
from datetime import date
from pathlib import Path
from typing import Any

from finassist.domain.expense import LedgerRow, total, totals_by_category
from finassist.domain.money import format_brl
from finassist.errors import FinAssistError
from finassist.exports import csv_bytes


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("ledger", help="show or export a local ledger workbook")
    actions = parser.add_subparsers(dest="ledger_action", required=True)

    show = actions.add_parser("show", help="print the rows and the totals by category")
    _common(show)
    show.set_defaults(run=run_show)

    export = actions.add_parser("export", help="write the rows to a CSV (the format `load_csv` reads back)")
    _common(export)
    export.add_argument("--csv", type=Path, required=True, help="the CSV file to write")
    export.set_defaults(run=run_export)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", type=Path, required=True, help="the .xlsx workbook with the table Despesas")
    parser.add_argument("--month", type=_month, help="only this calendar month, as YYYY-MM (e.g. 2026-11)")


def _month(text: str) -> tuple[date, date]:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM, got {text!r}") from exc


def _rows(args: argparse.Namespace) -> list[LedgerRow] | None:
    from finassist.adapters.xlsx_ledger import XlsxLedger

    if not args.file.is_file():
        print(f"finassist ledger: no workbook at {args.file}", file=sys.stderr)
        return None
    try:
        rows = XlsxLedger(args.file).rows()
    except FinAssistError as exc:
        print(f"finassist ledger: {exc}", file=sys.stderr)
        return None
    if args.month:
        start, end = args.month
        rows = [row for row in rows if start <= row.expense.date <= end]
    return sorted(rows, key=lambda row: row.expense.date)


def run_show(args: argparse.Namespace) -> int:
    rows = _rows(args)
    if rows is None:
        return 1
    period = f"{args.month[0]:%m/%Y}" if args.month else "todo o período"
    print(f"Despesas ({period}): {len(rows)} lançamento(s)")
    for row in rows:
        expense = row.expense
        notes = f" ({expense.notes})" if expense.notes else ""
        print(
            f"{expense.date:%d/%m/%Y}  {expense.category:<12}  {format_brl(expense.amount):>13}  "
            f"{expense.description}{notes}"
        )
    if rows:
        print()
        print("Totais por categoria:")
        for category, amount in totals_by_category(rows).items():
            print(f"  {category:<12}  {format_brl(amount):>13}")
    print(f"Total: {format_brl(total(rows))}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    rows = _rows(args)
    if rows is None:
        return 1
    args.csv.write_bytes(csv_bytes(rows))
    print(f"{len(rows)} linha(s) exportada(s) para {args.csv}")
    return 0
