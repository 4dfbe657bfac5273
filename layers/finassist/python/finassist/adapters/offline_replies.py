"""What the offline "model" says: which tools to call for an understood message, and the friendly pt-BR
sentence for each tool's result. The OpenAI adapter gets the same behaviour from its instructions."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from finassist.domain.money import format_brl
from finassist.domain.suggestions import suggest_category, suggestion_question
from finassist.domain.understanding import (
    AddRecurring,
    BalanceQuestion,
    Confirmation,
    CorrectLast,
    ExpenseIntent,
    ExpenseThenQuestion,
    ExportRequest,
    IncomeIntent,
    Intent,
    MonthSummaryRequest,
    SetBudget,
    SeveralExpenses,
    SpendingQuestion,
    UndoLast,
)

Output = tuple[list[dict[str, Any]], dict[str, Any]]

NOTHING_PENDING = 'Certo! 👍 Se quiser anotar um gasto, é só mandar, por exemplo: "almoço 45,00".'


def message(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "assistant", "content": text}


def _call(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "function_call",
        "call_id": f"call_{uuid.uuid4().hex}",
        "name": name,
        "arguments": json.dumps(arguments, ensure_ascii=False),
    }


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def respond(intent: Intent, suggestion: str | None = None) -> Output:
    """The tool calls (or the message) for an understood message; `suggestion` is the category we last offered."""
    if isinstance(intent, ExpenseIntent):
        return _expense(intent)
    if isinstance(intent, SeveralExpenses):
        # Only the last row can be moved by a "sim" (update_last_expense), so only its category is asked about.
        *first, last = intent.expenses
        calls = [call for expense in first for call in _expense(expense, ask=False)[0]]
        last_calls, meta = _expense(last)
        return calls + last_calls, meta
    if isinstance(intent, ExpenseThenQuestion):
        # One round, the expense first: RunTool runs a round's calls in order, so the total counts the new row.
        noted, noted_meta = respond(intent.expense)
        asked, asked_meta = _question(intent.question)
        return noted + asked, {**noted_meta, **asked_meta}
    if isinstance(intent, IncomeIntent):
        income = {"date": intent.date.isoformat(), "description": intent.description, "amount": str(intent.amount)}
        return [_call("add_income", {**income, "notes": None})], {}
    if isinstance(intent, SpendingQuestion):
        return _question(intent)
    if isinstance(intent, BalanceQuestion):
        period = {"start_date": intent.period.start.isoformat(), "end_date": intent.period.end.isoformat()}
        return [_call("get_balance", period)], {"period_label": intent.period.label, "income_only": intent.income_only}
    if isinstance(intent, Confirmation):
        if suggestion and intent.yes:
            change = {"amount": None, "category": suggestion, "date": None, "description": None}
            return [_call("update_last_expense", change)], {}
        return [message("Tudo bem, deixei como estava. 👍" if suggestion else NOTHING_PENDING)], {}
    if isinstance(intent, UndoLast):
        return [_call("undo_last_expense", {"target": intent.target})], {}
    if isinstance(intent, CorrectLast):
        change = {
            "amount": _optional(intent.amount),
            "category": intent.category,
            "date": intent.date.isoformat() if intent.date else None,
            "description": intent.description,
        }
        return [_call("update_last_expense", change)], {}
    if isinstance(intent, MonthSummaryRequest):
        return [_call("get_month_summary", {"month": f"{intent.period.start:%Y-%m}"})], {}
    if isinstance(intent, SetBudget):
        return [_call("set_budget", {"category": intent.category, "monthly_limit": str(intent.amount)})], {}
    if isinstance(intent, AddRecurring):
        recurring = {
            "day": intent.day,
            "amount": str(intent.amount),
            "category": intent.category,
            "description": intent.description,
        }
        return [_call("add_recurring_expense", recurring)], {}
    if isinstance(intent, ExportRequest):
        span = {
            "start_date": intent.period.start.isoformat() if intent.period else None,
            "end_date": intent.period.end.isoformat() if intent.period else None,
        }
        return [_call("export_expenses", span)], {"period_label": _label(intent), "asked_csv": intent.format == "csv"}
    return [message(intent.message)], {}


def _label(intent: ExportRequest) -> str:
    return intent.period.label if intent.period else ""


def _question(intent: SpendingQuestion) -> Output:
    period = {"start_date": intent.period.start.isoformat(), "end_date": intent.period.end.isoformat()}
    meta = {"period_label": intent.period.label}
    if intent.item:
        return [_call("get_expenses_by_item", {"item": intent.item, **period})], meta
    if intent.category:
        return [_call("get_expenses_by_category", {"category": intent.category, **period})], meta
    return [_call("get_expenses_by_period", period)], meta


def _expense(intent: ExpenseIntent, ask: bool = True) -> Output:
    """Record the expense; when the category is a guess, file it under Outros and ask (suggest, don't impose)."""
    category, meta = intent.category, {}
    if not intent.category_certain:
        guess = suggest_category(intent.description) if ask else None
        category = "Outros"
        if guess and guess != "Outros":
            meta = {"suggest": guess}
    args = {
        "date": intent.date.isoformat(),
        "category": category,
        "description": intent.description,
        "amount": str(intent.amount),
        "notes": intent.notes or None,
    }
    return [_call("add_expense", args)], meta


def _ddmm(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m")


def _line(expense: dict[str, str]) -> str:
    amount = format_brl(Decimal(expense["amount"]))
    if expense.get("kind") == "income":
        return f"{amount} de receita ({expense['description']}), {_ddmm(expense['date'])}"
    return f"{amount} em {expense['category']} ({expense['description']}), {_ddmm(expense['date'])}"


def describe_round(results: list[tuple[str, dict[str, Any]]], meta: dict[str, Any]) -> str:
    """The reply to one round of tool results: several expenses noted at once are listed under one line."""
    added = [output for name, output in results if name == "add_expense" and output.get("status") == "success"]
    if len(added) < 2:
        return "\n".join(describe(name, output, meta) for name, output in results)
    lines = [f"Anotei {len(added)} gastos ✅"]
    notes: list[str] = []
    for name, output in results:
        if name == "add_expense" and output in added:
            lines.append(f"• {_line(output['expense'])}")
            note = (output.get("budget") or {}).get("note")
            if note and note not in notes:
                notes.append(note)
        else:
            notes.append(describe(name, output, meta))
    if meta.get("suggest"):
        notes.append(suggestion_question(meta["suggest"], added[-1]["expense"]["description"]))
    return "\n".join(lines + notes)


def _entries(count: int) -> str:
    return "1 lançamento" if count == 1 else f"{count} lançamentos"


def _with_budget(text: str, output: dict[str, Any]) -> str:
    budget = output.get("budget")
    return f"{text}\n{budget['note']}" if budget and budget.get("note") else text


def describe(tool: str, output: dict[str, Any], meta: dict[str, Any]) -> str:
    """A friendly pt-BR sentence for one tool result."""
    if output.get("status") != "success":
        return f"Não consegui fazer isso: {output.get('message', 'erro desconhecido')}. Pode tentar de novo?"
    if tool == "add_expense":
        # added=False means this same message wrote the row before (its ID is the message's): a re-run after a
        # crash answers exactly as the first run would have.
        line = _line(output["expense"])
        text = _with_budget(f"Anotado! ✅ {line}.", output)
        return f"{text}\n{suggestion_question(meta['suggest'])}" if meta.get("suggest") else text
    if tool == "undo_last_expense":
        return f"Apaguei 🗑️ {_line(output['deleted'])}."
    if tool == "update_last_expense":
        return _with_budget(f"Corrigido! ✏️\nAntes: {_line(output['old'])}\nAgora: {_line(output['new'])}", output)
    if tool == "get_month_summary":
        return str(output["text"]) + ("\n📊 Mandei o gráfico junto." if output.get("media") else "")
    if tool == "set_budget":
        budget = output["budget"]
        text = (
            f"Combinado! 🎯 Limite de {format_brl(Decimal(budget['monthly_limit']))} por mês para {budget['category']}."
        )
        return f"{text}\n{output['now']['note']}" if output.get("now") else text
    if tool == "add_recurring_expense":
        return f"Combinado! 🔁 Vou lançar automaticamente {output['text']}, e te aviso quando lançar."
    if tool == "add_income":
        line = _line(output["income"])
        return f"Anotado! 💰 {line}."  # added=False: this same message wrote it before (a re-run answers alike)
    if tool == "get_balance":
        return _balance(output, meta)
    if tool == "export_expenses":
        label = f" {meta['period_label']}" if meta.get("period_label") else ""
        text = f"Aqui está a planilha com seus gastos{label} 📎 ({_entries(output['count'])})."
        if meta.get("asked_csv"):
            text += (
                "\nO WhatsApp não aceita arquivos CSV, então mandei em Excel (.xlsx), que abre em qualquer planilha."
            )
        return text
    return _spending(output, meta)


def _spending(output: dict[str, Any], meta: dict[str, Any]) -> str:
    label = meta.get("period_label") or f"de {_ddmm(output['start_date'])} a {_ddmm(output['end_date'])}"
    amount = format_brl(Decimal(output["total"]))
    if "item" in output:
        if not output["count"]:
            return f"Não encontrei gastos com {output['item']} {label}."
        return f"Você gastou {amount} com {output['item']} {label} ({_entries(output['count'])})."
    if "category" in output:
        if not output["count"]:
            return f"Não encontrei gastos com {output['category']} {label}."
        return f"Você gastou {amount} com {output['category']} {label} ({_entries(output['count'])})."
    if not output["count"]:
        return f"Não encontrei gastos {label}."
    parts = "\n".join(f"• {name}: {format_brl(Decimal(value))}" for name, value in output["by_category"].items())
    return f"Você gastou {amount} {label} ({_entries(output['count'])}):\n{parts}"


def _balance(output: dict[str, Any], meta: dict[str, Any]) -> str:
    """What came in, what went out and what is left ('quanto sobrou?'), or only what came in ('quanto recebi?')."""
    label = meta.get("period_label") or f"de {_ddmm(output['start_date'])} a {_ddmm(output['end_date'])}"
    income, spent = format_brl(Decimal(output["income"])), format_brl(Decimal(output["expenses"]))
    left = Decimal(output["balance"])
    hint = (
        f'\nAinda não tenho nenhuma receita anotada {label}: mande, por exemplo, "recebi 3.000 de salário".'
        if not output["income_count"]
        else ""
    )
    if meta.get("income_only"):
        if not output["income_count"]:
            return hint.strip()
        return f"Você recebeu {income} {label} ({_entries(output['income_count'])})."
    verdict = f"Sobraram {format_brl(left)}" if left >= 0 else f"Faltaram {format_brl(-left)}"
    return f"{verdict} {label}: entraram {income} e saíram {spent}.{hint}"
