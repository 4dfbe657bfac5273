"""Undo or correct an entry: the person's own last one, or the one they name ("apaga o aluguel")."""

from __future__ import annotations

from typing import Any

from finassist.domain.expense import Expense, LedgerRow, expense_fields
from finassist.domain.text import fold
from finassist.tools.actions.budgets import budget_left
from finassist.tools.actions.common import CENT, amount_problem, change, date_problem, error
from finassist.tools.arguments import UndoLastArgs, UpdateLastArgs
from finassist.tools.context import ToolContext


def _own_last(context: ToolContext) -> LedgerRow | None:
    """The last entry this person wrote through FinAssist that is still in the ledger.

    Never the sheet's last row: a row added by the daily recurring job, typed by hand or written by someone
    else sharing the workbook is only changed when the person names it.
    """
    if context.entries is None or not context.user_key:
        last = context.ledger.last_entry()
        return None if last is None or last.entry_id.startswith("rec#") else last
    for entry_id in context.entries.recent(context.user_key):
        row = context.ledger.get(entry_id)
        if row is not None:
            return row
        context.entries.drop(context.user_key, entry_id)  # deleted by hand: the one before it is now the last
    return None


def _names(row: LedgerRow, wanted: str) -> bool:
    return wanted in fold(row.expense.description) or wanted == fold(row.expense.category)


def _named(context: ToolContext, target: str) -> LedgerRow | None:
    """The most recent row (of any origin) whose description or category names what the person said."""
    wanted = fold(target)
    if not wanted:
        return None
    matches = [row for row in context.ledger.rows() if row.entry_id and _names(row, wanted)]
    return max(matches, key=lambda row: row.expense.date, default=None)


def _named_by_hand(context: ToolContext, target: str) -> bool:
    wanted = fold(target)
    return bool(wanted) and any(not row.entry_id and _names(row, wanted) for row in context.ledger.rows())


def _target(context: ToolContext, target: str | None) -> LedgerRow | None:
    return _named(context, target) if target and target.strip() else _own_last(context)


def _nothing_to(verb: str, target: str | None, context: ToolContext) -> dict[str, Any]:
    if target and target.strip():
        if _named_by_hand(context, target):
            return error(
                f'o lançamento de "{target.strip()[:60]}" foi digitado direto na planilha; para {verb}, '
                "mude por lá (eu só altero o que tem ID)"
            )
        return error(f'não encontrei nenhum lançamento de "{target.strip()[:60]}" para {verb}')
    return error(f"não há nenhum lançamento feito pelo FinAssist para {verb}")


def undo_last_expense(args: UndoLastArgs, context: ToolContext) -> dict[str, Any]:
    row = _target(context, args.target)
    if row is None:
        return _nothing_to("apagar", args.target, context)
    fields = expense_fields(row.expense)
    change(context, "deleted", row.entry_id, fields, lambda: context.ledger.delete(row.entry_id))
    if context.entries is not None and context.user_key and row.entry_id:
        context.entries.drop(context.user_key, row.entry_id)
    return {"status": "success", "deleted": fields}


def update_last_expense(args: UpdateLastArgs, context: ToolContext) -> dict[str, Any]:
    last = _target(context, args.target)
    if last is None:
        return _nothing_to("corrigir", args.target, context)
    old = last.expense
    if old.kind == "income" and args.category and args.category != old.category:
        return error("o último lançamento é uma receita, que não tem categoria de gasto")
    new = Expense(
        date=args.date or old.date,
        category=args.category or old.category,
        description=(args.description or old.description)[:200],
        amount=(args.amount if args.amount is not None else old.amount).quantize(CENT),
        notes=old.notes,
        kind=old.kind,
    )
    if new == old:
        return error("nada a mudar: diga o novo valor, categoria, data ou descrição")
    problem = amount_problem(new.amount) or date_problem(new.date, context.today)
    if problem:
        return error(problem)
    change(
        context, "updated", last.entry_id, expense_fields(new), lambda: context.ledger.update(last.entry_id, new), old
    )
    output: dict[str, Any] = {"status": "success", "old": expense_fields(old), "new": expense_fields(new)}
    budget = budget_left(context, new.category)
    if budget:
        output["budget"] = budget
    return output
