"""A ledger seed as CSV (Data,Categoria,Descrição,Valor,Observações[,ID][,Tipo]): how the eval and the demo start."""

from __future__ import annotations

import csv
from pathlib import Path

from finassist.adapters.workbook_cells import to_amount, to_date
from finassist.domain.csv_cells import restore
from finassist.domain.expense import COLUMNS, KIND_COLUMN, Expense, kind_of
from finassist.domain.text import fold

_REQUIRED = ("Data", "Categoria", "Descrição", "Valor")


def read_csv(csv_path: Path) -> list[tuple[Expense, str]]:
    """Every row and its ID, parsed before the workbook is touched, so a bad line adds nothing."""
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.readline()
        handle.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return []
        index = {fold(name): position for position, name in enumerate(header) if name.strip()}
        missing = [name for name in _REQUIRED if fold(name) not in index]
        if missing:
            raise ValueError(f"{csv_path}: header lacks {', '.join(missing)}; expected {','.join(COLUMNS)}")

        def cell(row: list[str], name: str) -> str:
            position = index.get(fold(name))
            return restore(row[position].strip()) if position is not None and position < len(row) else ""

        entries: list[tuple[Expense, str]] = []
        for line, row in enumerate(reader, start=2):
            if not any(part.strip() for part in row):
                continue
            when = to_date(cell(row, "Data"))
            amount = to_amount(cell(row, "Valor"))
            if when is None or amount is None:
                raise ValueError(
                    f"{csv_path}:{line}: unreadable Data {cell(row, 'Data')!r} or Valor {cell(row, 'Valor')!r}"
                )
            expense = Expense(
                date=when,
                category=cell(row, "Categoria"),
                description=cell(row, "Descrição"),
                amount=amount,
                notes=cell(row, "Observações"),
                kind=kind_of(cell(row, KIND_COLUMN)),
            )
            entries.append((expense, cell(row, "ID")))
        return entries
