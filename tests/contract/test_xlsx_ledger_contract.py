"""XlsxLedger, the offline stack's ledger, holds to the Ledger contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from finassist.adapters.xlsx_ledger import XlsxLedger

from .ledger_contract import LedgerContract, MakeLedger


class TestXlsxLedgerContract(LedgerContract):
    @pytest.fixture
    def make_ledger(self, tmp_path: Path) -> MakeLedger:
        path = tmp_path / "OneDrive" / "Financas.xlsx"
        return lambda: XlsxLedger(path)
