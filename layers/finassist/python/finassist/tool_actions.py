"""What each tool does, once its arguments passed the schema (finassist.tools validates and dispatches).

Outputs are small JSON-able dicts the model reads; amounts travel as strings of Decimals ("45.00").
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from finassist.domain.budgets import budget_note, budget_status
from finassist.domain.expense import Expense, LedgerRow, expense_fields, in_period, total, totals_by_category
from finassist.domain.periods import month_period
from finassist.domain.recurring import first_month, recurring_text
from finassist.domain.summary import previous_month, summarize, summary_text, summary_title
from finassist.domain.text import fold
from finassist.ports import Budget, EffectKind, RecurringExpense

if TYPE_CHECKING:
    from finassist.tools import (
        AddExpenseArgs,
        BudgetArgs,
        CategoryRangeArgs,
        ExportArgs,
        MonthArgs,
        RangeArgs,
        RecurringArgs,
        ToolContext,
        UndoLastArgs,
        UpdateLastArgs,
    )

MAX_AMOUNT = Decimal("1000000")
MAX_DAYS_AWAY = 366
MAX_QUERY_DAYS = 3 * 366
CENT = Decimal("0.01")


def error(message: str) -> dict[str, Any]:
    return {"status": "error", "message": message}


def money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def expense_json(expense: Expense) -> dict[str, str]:
    return expense_fields(expense)


def _amount_problem(amount: Decimal) -> str | None:
    if not amount.is_finite() or amount <= 0:
        return "o valor precisa ser maior que zero"
    if amount > MAX_AMOUNT:
        return "valor alto demais para uma despesa; confirme o valor"
    if amount != amount.quantize(CENT):
        return "o valor tem mais de duas casas decimais"
    return None


def _date_problem(value: date, today: date) -> str | None:
    if abs((value - today).days) > MAX_DAYS_AWAY:
        return "a data está a mais de um ano de hoje; confirme a data"
    return None


def _month_spent(context: ToolContext, category: str) -> Decimal:
    period = month_period(context.today.year, context.today.month, "este mês")
    rows = context.ledger.query(period.start, period.end, category)
    return total(in_period(rows, period.start, period.end, category))


def _budget(context: ToolContext, category: str) -> dict[str, Any] | None:
    """What is left of the category's monthly budget, with the warning the user should read, if any."""
    if context.budgets is None or not context.sender:
        return None
    budget = context.budgets.get(context.sender, category)
    if budget is None:
        return None
    status = budget_status(budget.monthly_limit, _month_spent(context, category), category)
    return {
        "limit": money(status.limit),
        "spent": money(status.spent),
        "left": money(status.left),
        "level": status.level,
        "note": budget_note(status),
    }


def _change(
    context: ToolContext,
    kind: EffectKind,
    entry_id: str,
    fields: dict[str, str],
    make: Callable[[], bool],
    old: Expense | None = None,
) -> bool:
    """A ledger change, through the message's effects journal when there is one (RunTool always has one)."""
    if context.effects is None:
        return make()
    return context.effects.change(kind, entry_id, fields, make, expense_json(old) if old else None)


# -- expenses ----------------------------------------------------------------------------------------


def add_expense(args: AddExpenseArgs, context: ToolContext) -> dict[str, Any]:
    problem = _amount_problem(args.amount) or _date_problem(args.date, context.today)
    if problem:
        return error(problem)
    if not args.description:
        return error("a descrição está vazia")
    expense = Expense(
        date=args.date,
        category=args.category,
        description=args.description[:200],
        amount=args.amount.quantize(CENT),
        notes=(args.notes or "")[:500],
    )
    fields = expense_json(expense)
    added = _change(
        context, "added", context.entry_id, fields, lambda: context.ledger.append(expense, context.entry_id)
    )
    if context.entries is not None and context.user_key:
        context.entries.push(context.user_key, context.entry_id)
    output: dict[str, Any] = {
        "status": "success",
        "added": added,
        "entry_id": context.entry_id,
        "expense": expense_json(expense),
    }
    budget = _budget(context, expense.category)
    if budget:
        output["budget"] = budget
    return output


def _summary(context: ToolContext, start: date, end: date, category: str | None) -> dict[str, Any]:
    if end < start:
        return error("a data final é anterior à inicial")
    if (end - start) > timedelta(days=MAX_QUERY_DAYS):
        return error("período longo demais; peça no máximo três anos")
    rows = in_period(context.ledger.query(start, end, category), start, end, category)
    result: dict[str, Any] = {
        "status": "success",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "total": money(total(rows)),
        "count": len(rows),
    }
    if category:
        result["category"] = category
    else:
        result["by_category"] = {name: money(value) for name, value in totals_by_category(rows).items()}
    return result


def expenses_by_category(args: CategoryRangeArgs, context: ToolContext) -> dict[str, Any]:
    return _summary(context, args.start_date, args.end_date, args.category)


def expenses_by_period(args: RangeArgs, context: ToolContext) -> dict[str, Any]:
    return _summary(context, args.start_date, args.end_date, None)


# -- correct or undo ---------------------------------------------------------------------------------


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


def _named(context: ToolContext, target: str) -> LedgerRow | None:
    """The most recent row (of any origin) whose description or category names what the person said."""
    wanted = fold(target)
    if not wanted:
        return None
    matches = [row for row in context.ledger.rows() if row.entry_id and _names(row, wanted)]
    return max(matches, key=lambda row: row.expense.date, default=None)


def _names(row: LedgerRow, wanted: str) -> bool:
    return wanted in fold(row.expense.description) or wanted == fold(row.expense.category)


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
    fields = expense_json(row.expense)
    _change(context, "deleted", row.entry_id, fields, lambda: context.ledger.delete(row.entry_id))
    if context.entries is not None and context.user_key and row.entry_id:
        context.entries.drop(context.user_key, row.entry_id)
    return {"status": "success", "deleted": fields}


def update_last_expense(args: UpdateLastArgs, context: ToolContext) -> dict[str, Any]:
    last = _target(context, args.target)
    if last is None:
        return _nothing_to("corrigir", args.target, context)
    old = last.expense
    new = Expense(
        date=args.date or old.date,
        category=args.category or old.category,
        description=(args.description or old.description)[:200],
        amount=(args.amount if args.amount is not None else old.amount).quantize(CENT),
        notes=old.notes,
    )
    if new == old:
        return error("nada a mudar: diga o novo valor, categoria, data ou descrição")
    problem = _amount_problem(new.amount) or _date_problem(new.date, context.today)
    if problem:
        return error(problem)
    _change(
        context, "updated", last.entry_id, expense_json(new), lambda: context.ledger.update(last.entry_id, new), old
    )
    output: dict[str, Any] = {"status": "success", "old": expense_json(old), "new": expense_json(new)}
    budget = _budget(context, new.category)
    if budget:
        output["budget"] = budget
    return output


# -- the month at a glance ---------------------------------------------------------------------------


def month_summary(args: MonthArgs, context: ToolContext) -> dict[str, Any]:
    year, month = (int(part) for part in args.month.split("-"))
    period = month_period(year, month, "")
    previous = previous_month(period)
    rows = context.ledger.query(previous.start, period.end)
    summary = summarize(rows, period, previous)
    output: dict[str, Any] = {
        "status": "success",
        "month": args.month,
        "total": money(summary.total),
        "previous_total": money(summary.previous_total),
        "by_category": [
            {
                "category": line.category,
                "amount": money(line.amount),
                "share_percent": str(line.share),
                "change_percent": None if line.change is None else str(line.change),
            }
            for line in summary.lines
        ],
        "text": summary_text(summary),
    }
    if context.media is not None and summary.lines:
        from finassist.adapters.charts import bar_chart_png

        png = bar_chart_png(summary_title(summary), [(line.category, line.amount) for line in summary.lines])
        output["media"] = [
            {"url": context.media.put(f"resumo-{args.month}.png", png, "image/png"), "content_type": "image/png"}
        ]
    return output


# -- budgets and recurring expenses ------------------------------------------------------------------


def set_budget(args: BudgetArgs, context: ToolContext) -> dict[str, Any]:
    problem = _amount_problem(args.monthly_limit)
    if problem:
        return error(problem)
    if context.budgets is None or not context.sender:
        return error("limites de gastos não estão disponíveis agora")
    context.budgets.put(context.sender, Budget(args.category, args.monthly_limit.quantize(CENT)))
    output: dict[str, Any] = {
        "status": "success",
        "budget": {"category": args.category, "monthly_limit": money(args.monthly_limit)},
    }
    output["now"] = _budget(context, args.category)
    return output


def add_recurring_expense(args: RecurringArgs, context: ToolContext) -> dict[str, Any]:
    problem = _amount_problem(args.amount)
    if problem:
        return error(problem)
    if context.recurring is None or not context.sender:
        return error("despesas recorrentes não estão disponíveis agora")
    # The call's entry id makes the id stable across a retried RunTool, so a retry overwrites, never adds.
    recurring_id = uuid.uuid5(uuid.NAMESPACE_URL, context.entry_id or uuid.uuid4().hex).hex[:12]
    item = RecurringExpense(
        sender_id=context.sender,
        recurring_id=recurring_id,
        day=args.day,
        amount=args.amount.quantize(CENT),
        category=args.category,
        description=args.description[:200],
        first_month=first_month(args.day, context.today),
    )
    context.recurring.put(item)
    return {
        "status": "success",
        "recurring": {
            "id": recurring_id,
            "day": item.day,
            "amount": money(item.amount),
            "category": item.category,
            "description": item.description,
        },
        "text": recurring_text(item.day, item.amount, item.description),
    }


# -- export ------------------------------------------------------------------------------------------


def export_expenses(args: ExportArgs, context: ToolContext) -> dict[str, Any]:
    from finassist.exports import csv_bytes, xlsx_bytes

    start = args.start_date or date(1900, 1, 1)
    end = args.end_date or date(9999, 12, 31)
    if end < start:
        return error("a data final é anterior à inicial")
    if context.media is None:
        return error("o envio de arquivos não está disponível agora")
    rows = in_period(context.ledger.query(start, end), start, end)
    if args.format == "csv":
        content, content_type = csv_bytes(rows), "text/csv"
    else:
        content, content_type = xlsx_bytes(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"despesas.{args.format}"
    return {
        "status": "success",
        "count": len(rows),
        "format": args.format,
        "media": [{"url": context.media.put(name, content, content_type), "content_type": content_type}],
    }
