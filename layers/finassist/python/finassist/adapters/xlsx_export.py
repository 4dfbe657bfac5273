"""The FileMaker port with openpyxl: the rows as a fresh workbook with the same Despesas table as the ledger."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from finassist.domain.expense import LedgerRow
from finassist.exports import csv_bytes


class XlsxExporter:
    """Written through the ledger's own CSV import, so an export reads exactly like the ledger it came from."""

    def xlsx_bytes(self, rows: Sequence[LedgerRow]) -> bytes:
        from finassist.adapters.xlsx_ledger import XlsxLedger  # openpyxl loads with the first export

        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "rows.csv"
            source.write_bytes(csv_bytes(rows))
            workbook = Path(folder) / "despesas.xlsx"
            XlsxLedger(workbook).load_csv(source)
            return workbook.read_bytes()
