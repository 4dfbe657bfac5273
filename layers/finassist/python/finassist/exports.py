"""The user's rows as a CSV they can take away (`finassist ledger export`), whose cells a spreadsheet will not run as
formulas; the .xlsx WhatsApp gets is written from it by finassist.adapters.xlsx_export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from finassist.domain.csv_cells import neutralise
from finassist.domain.expense import COLUMNS, KIND_COLUMN, LedgerRow, kind_label


def csv_bytes(rows: Iterable[LedgerRow]) -> bytes:
    """UTF-8 with a BOM so Excel shows the accents; XlsxLedger.load_csv reads it back.

    Every field is quoted and every text cell neutralised (finassist.domain.csv_cells); the date and the amount are
    our own formatting of a date and a Decimal, never text the user typed. The Tipo column comes only with an income
    row, as in the ledger: expenses alone export as they always did.
    """
    rows = list(rows)
    with_kind = any(row.expense.kind == "income" for row in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([*COLUMNS, KIND_COLUMN] if with_kind else COLUMNS)
    for row in rows:
        expense = row.expense
        kind = [kind_label(expense.kind)] if with_kind else []
        writer.writerow(
            [
                expense.date.isoformat(),
                neutralise(expense.category),
                neutralise(expense.description),
                f"{expense.amount:.2f}",
                neutralise(expense.notes),
                neutralise(row.entry_id),
                *kind,
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
