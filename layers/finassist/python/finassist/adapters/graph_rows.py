"""The Excel table's rows as Graph sends and takes them: the header's positions, a row's values as a JSON body
(numbers as their own digits, text kept as text), and rows read back with the cell rules of workbook_cells."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from finassist.adapters.workbook_cells import blank_row, cell_text, to_amount, to_date
from finassist.domain.expense import KIND_COLUMN, Expense, LedgerRow, kind_label, kind_of

logger = logging.getLogger(__name__)

_TEXT_PREFIXES = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Header:
    """The table's header row: the 0-based position of each of our columns, and the table's width."""

    width: int
    position: dict[str, int]

    def cell(self, values: Sequence[object], name: str) -> object:
        index = self.position.get(name)
        return values[index] if index is not None and index < len(values) else None


def row_body(header: Header, expense: Expense, key: str) -> str:
    """The POST body, built as text so Valor is the Decimal's own digits as a JSON number (no float detour).

    Excel keeps numbers as doubles anyway; what matters is that "45.10" leaves here exactly as typed.
    """
    if not expense.amount.is_finite():
        raise ValueError(f"amount {expense.amount} is not a number")
    cells: list[str] = ["null"] * header.width
    texts = {
        "Data": expense.date.isoformat(),
        "Categoria": _as_text(expense.category),
        "Descrição": _as_text(expense.description),
        "Observações": _as_text(expense.notes),
        "ID": _as_text(key),
    }
    if KIND_COLUMN in header.position:
        texts[KIND_COLUMN] = kind_label(expense.kind)
    for name, text in texts.items():
        cells[header.position[name]] = json.dumps(text, ensure_ascii=False)
    cells[header.position["Valor"]] = format(expense.amount, "f")
    return '{"values": [[' + ", ".join(cells) + "]]}"


def _as_text(text: str) -> str:
    """Excel reads a value like typing: "=..." would be a formula and "123" a number; a leading ' keeps text."""
    if text.startswith(_TEXT_PREFIXES) or _looks_numeric(text) or to_date(text) is not None:
        return "'" + text
    return text


def _looks_numeric(text: str) -> bool:
    try:
        Decimal(text.strip())
    except ArithmeticError:
        return False
    return bool(text.strip())


def ledger_rows(rows: Iterator[list[object]], header: Header) -> Iterator[LedgerRow]:
    for index, values in enumerate(rows):
        if blank_row(values):
            continue
        raw_date = header.cell(values, "Data")
        raw_amount = header.cell(values, "Valor")
        when = to_date(raw_date)
        amount = to_amount(raw_amount)
        if when is None or amount is None:
            logger.warning("skipping row %d of the table: unreadable Data %r or Valor %r", index, raw_date, raw_amount)
            continue
        yield LedgerRow(
            Expense(
                date=when,
                category=cell_text(header.cell(values, "Categoria")),
                description=cell_text(header.cell(values, "Descrição")),
                amount=amount,
                notes=cell_text(header.cell(values, "Observações")),
                kind=kind_of(cell_text(header.cell(values, KIND_COLUMN))),
            ),
            cell_text(header.cell(values, "ID")),
        )


def id_of(header: Header, values: Sequence[object]) -> str:
    return cell_text(header.cell(values, "ID"))
