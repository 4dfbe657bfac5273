"""The offline assistant: the pt-BR understanding engine behind the same background-run protocol as OpenAI.

Runs, conversations and their items are JSON files under a data directory, so a run started by one Lambda
invocation is found by the next (as a background response is, on OpenAI's side). The state machine
therefore walks the same path: start (queued), poll (completed with function_call items), tool outputs
(a new run), poll (completed with a message).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from finassist.domain.money import format_brl
from finassist.domain.understanding import (
    Clarification,
    ExpenseIntent,
    NotUnderstood,
    SpendingQuestion,
    understand,
)
from finassist.errors import AssistantRunFailed
from finassist.ports import Run, RunContext, ToolCall, ToolOutput

TERMINAL = ("completed", "failed", "cancelled", "incomplete")


def _new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def _ddmm(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m")


class OfflineAssistant:
    """Assistant port without a model: understands the message itself and drives the same tool loop."""

    def __init__(self, data_dir: Path) -> None:
        self._root = data_dir / "offline_assistant"

    # -- storage -------------------------------------------------------------------------------------
    def _path(self, kind: str, ident: str) -> Path:
        if not ident.replace("_", "").isalnum():
            raise AssistantRunFailed(f"malformed id: {ident[:40]}")
        return self._root / kind / f"{ident}.json"

    def _load(self, kind: str, ident: str) -> dict[str, Any]:
        path = self._path(kind, ident)
        if not path.exists():
            raise AssistantRunFailed(f"no {kind[:-1]} found with id '{ident}'")
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def _save(self, kind: str, ident: str, data: dict[str, Any]) -> None:
        path = self._path(kind, ident)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    def _new_response(self, conversation_id: str, output: list[dict[str, Any]], meta: dict[str, Any]) -> Run:
        response_id = _new_id("resp")
        self._save(
            "responses",
            response_id,
            {
                "id": response_id,
                "status": "queued",
                "conversation": conversation_id,
                "output": output,
                "meta": meta,
            },
        )
        conversation = self._load("conversations", conversation_id)
        conversation["items"].extend(output)
        conversation["last_response"] = response_id
        self._save("conversations", conversation_id, conversation)
        return Run(run_id=response_id, status="queued")

    # -- the port ------------------------------------------------------------------------------------
    def create_conversation(self, sender_id: str) -> str:
        conversation_id = _new_id("conv")
        self._save("conversations", conversation_id, {"id": conversation_id, "items": []})
        return conversation_id

    def start_run(self, conversation_id: str, user_text: str, context: RunContext) -> Run:
        conversation = self._load("conversations", conversation_id)
        conversation["items"].append({"type": "message", "role": "user", "content": user_text})
        intent = _follow_up(conversation.pop("asked_back", None), user_text, context.today)
        if isinstance(intent, Clarification):
            # Remember what we asked about, so "45" in the next message completes "almoço".
            conversation["asked_back"] = user_text
        self._save("conversations", conversation_id, conversation)
        output, meta = _respond(intent)
        return self._new_response(conversation_id, output, meta)

    def get_run(self, run_id: str) -> Run:
        response = self._load("responses", run_id)
        if response["status"] not in TERMINAL:
            response["status"] = "completed"  # the offline "model" finishes by the first poll
            self._save("responses", run_id, response)
        calls = tuple(
            ToolCall(call_id=item["call_id"], name=item["name"], arguments=item["arguments"])
            for item in response["output"]
            if item["type"] == "function_call"
        )
        text = "\n".join(item["content"] for item in response["output"] if item["type"] == "message")
        return Run(run_id=run_id, status=response["status"], tool_calls=calls, reply_text=text)

    def submit_tool_outputs(self, conversation_id: str, outputs: Sequence[ToolOutput], context: RunContext) -> Run:
        conversation = self._load("conversations", conversation_id)
        previous = self._load("responses", conversation["last_response"])
        pending = {item["call_id"]: item for item in previous["output"] if item["type"] == "function_call"}
        for output in outputs:
            if output.call_id not in pending:
                # What the Responses API answers with a 400 for an unknown call_id.
                raise AssistantRunFailed(f"No tool call found for function call output with call_id {output.call_id}.")
        missing = set(pending) - {output.call_id for output in outputs}
        if missing:
            raise AssistantRunFailed(f"No tool output found for function call {sorted(missing)[0]}.")
        conversation["items"].extend(
            {"type": "function_call_output", "call_id": o.call_id, "output": o.output} for o in outputs
        )
        self._save("conversations", conversation_id, conversation)
        lines = [_describe(pending[o.call_id]["name"], json.loads(o.output), previous["meta"]) for o in outputs]
        return self._new_response(conversation_id, [_message("\n".join(lines))], {})

    def cancel_run(self, run_id: str) -> Run:
        response = self._load("responses", run_id)
        if response["status"] not in TERMINAL:
            response["status"] = "cancelled"
            self._save("responses", run_id, response)
        return Run(run_id=run_id, status=response["status"])


def _follow_up(
    asked_about: str | None, user_text: str, today: date
) -> ExpenseIntent | SpendingQuestion | Clarification | NotUnderstood:
    """Understand the message; if it only answers our question back, read it together with what we asked about."""
    intent = understand(user_text, today)
    if asked_about and isinstance(intent, (Clarification, NotUnderstood)):
        combined = understand(f"{asked_about} {user_text}", today)
        if isinstance(combined, ExpenseIntent):
            return combined
    return intent


def _message(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "assistant", "content": text}


def _call(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "function_call",
        "call_id": _new_id("call"),
        "name": name,
        "arguments": json.dumps(arguments, ensure_ascii=False),
    }


def _respond(
    intent: ExpenseIntent | SpendingQuestion | Clarification | NotUnderstood,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """What the offline model 'says' to a message: tool calls to make, or a message back."""
    if isinstance(intent, ExpenseIntent):
        args = {
            "date": intent.date.isoformat(),
            "category": intent.category,
            "description": intent.description,
            "amount": str(intent.amount),
            "notes": None,
        }
        return [_call("add_expense", args)], {"category_certain": intent.category_certain}
    if isinstance(intent, SpendingQuestion):
        period = {"start_date": intent.period.start.isoformat(), "end_date": intent.period.end.isoformat()}
        meta = {"period_label": intent.period.label}
        if intent.category:
            return [_call("get_expenses_by_category", {"category": intent.category, **period})], meta
        return [_call("get_expenses_by_period", period)], meta
    return [_message(intent.message)], {}


def _describe(tool: str, output: dict[str, Any], meta: dict[str, Any]) -> str:
    """A friendly pt-BR sentence for one tool result."""
    if output.get("status") != "success":
        return f"Não consegui fazer isso: {output.get('message', 'erro desconhecido')}. Pode tentar de novo?"
    if tool == "add_expense":
        expense = output["expense"]
        line = (
            f"{format_brl(Decimal(expense['amount']))} em {expense['category']} "
            f"({expense['description']}), {_ddmm(expense['date'])}"
        )
        if not output.get("added", True):
            return f"Essa despesa já estava anotada: {line}."
        return f"Anotado! ✅ {line}."
    label = meta.get("period_label") or f"de {_ddmm(output['start_date'])} a {_ddmm(output['end_date'])}"
    amount = format_brl(Decimal(output["total"]))
    if "category" in output:
        if not output["count"]:
            return f"Não encontrei gastos com {output['category']} {label}."
        return f"Você gastou {amount} com {output['category']} {label} ({_entries(output['count'])})."
    if not output["count"]:
        return f"Não encontrei gastos {label}."
    parts = "\n".join(f"• {name}: {format_brl(Decimal(value))}" for name, value in output["by_category"].items())
    return f"Você gastou {amount} {label} ({_entries(output['count'])}):\n{parts}"


def _entries(count: int) -> str:
    return "1 lançamento" if count == 1 else f"{count} lançamentos"
