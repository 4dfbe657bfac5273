"""What the user reads when a step failed: matched to the error, and always saying what to do next."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from finassist.domain.money import format_brl


@dataclass(frozen=True)
class Change:
    """A change this message made to the ledger before the failure; `certain` is False when it could not be
    checked (the ledger was unreachable), and the apology then says so instead of claiming it."""

    kind: Literal["added", "updated", "deleted"]
    expense: Mapping[str, str]
    old: Mapping[str, str] | None = None
    certain: bool = True


_GENERIC = (
    "Desculpe, tive um problema para processar sua mensagem 😕. "
    "Nada foi perdido: tente de novo em alguns minutos, por favor."
)

_BY_ERROR: dict[str, str] = {
    "UnsupportedMessage": (
        "Por enquanto eu entendo mensagens de texto e áudios 🎙️. "
        'Me conte o gasto por escrito ou num áudio, por exemplo: "Gastei R$ 45 em almoço hoje".'
    ),
    "VoiceNoteTooLarge": (
        "Esse áudio é grande demais para eu ouvir (o limite é 25 MB). "
        "Pode mandar um áudio mais curto ou escrever o gasto?"
    ),
    "TranscriptionFailed": (
        'Não consegui ouvir esse áudio 🎧. Pode mandar de novo ou escrever o gasto, por exemplo: "Uber 23,50 ontem"?'
    ),
    "AssistantRateLimited": "Estou com muitas mensagens agora 😅. Tente de novo em alguns minutos, por favor.",
    "AssistantUnavailable": (
        "Meu assistente está fora do ar neste momento. Sua mensagem não foi registrada: tente de novo em alguns "
        "minutos, por favor."
    ),
    "AssistantRunFailed": "Não consegui concluir sua mensagem. Pode repetir com outras palavras?",
    "PollBudgetSpent": "Demorei demais para responder e parei por aqui. Pode mandar a mensagem de novo?",
    "ToolBudgetSpent": "Essa mensagem ficou complicada para mim. Pode mandar um gasto ou uma pergunta por vez?",
    "LedgerThrottled": (
        "Sua planilha está ocupada agora. Sua mensagem não foi registrada: tente de novo em alguns minutos."
    ),
    "LedgerUnavailable": (
        "Não consegui acessar sua planilha agora. Sua mensagem não foi registrada: tente de novo em alguns minutos."
    ),
    "LedgerMisconfigured": (
        "Não encontrei a tabela Despesas na sua planilha. Já avisei a equipe; enquanto isso, seu gasto não foi "
        "registrado."
    ),
}


def _money(fields: Mapping[str, str]) -> str:
    try:
        return format_brl(Decimal(str(fields.get("amount", ""))))
    except InvalidOperation:
        return str(fields.get("amount", ""))


def _when(fields: Mapping[str, str]) -> str:
    try:
        return f"{date.fromisoformat(str(fields.get('date', ''))):%d/%m}"
    except ValueError:
        return str(fields.get("date", ""))


def expense_line(fields: Mapping[str, str]) -> str:
    """ "R$ 45,00 em Alimentação (almoço), 24/11": an expense as the person reads it."""
    description = str(fields.get("description") or "").strip()
    what = f" ({description})" if description else ""
    return f"{_money(fields)} em {fields.get('category', '')}{what}, {_when(fields)}"


def change_line(change: Change) -> str:
    """One change, said as done, or as possibly done when it could not be checked."""
    if change.kind == "added":
        verb = "Anotei" if change.certain else "Posso ter anotado"
        return f"{verb} {expense_line(change.expense)}"
    if change.kind == "deleted":
        verb = "Apaguei" if change.certain else "Posso ter apagado"
        return f"{verb} {expense_line(change.expense)}"
    verb = "Corrigi" if change.certain else "Posso ter corrigido"
    before = f"{expense_line(change.old)} → " if change.old else ""
    return f"{verb}: {before}{expense_line(change.expense)}"


def apology_for(error: Mapping[str, object] | None, changes: Sequence[Change] = ()) -> str:
    """The pt-BR apology for a caught Step Functions error ({"Error": name, "Cause": ...}), or a generic one.

    `changes` are what this message already did to the ledger before the failure (read from the effects
    journal, not from what the failed state passed on): the apology must say them, or the person sends the
    message again and gets a second row. "Nothing was lost, try again" is said only when nothing was done.
    """
    if changes:
        done = "; ".join(change_line(change) for change in changes)
        if all(change.certain for change in changes):
            return (
                f"{done} ✅, mas tive um problema para terminar a resposta 😕. Não precisa mandar de novo; "
                'se quiser conferir, pergunte "quanto gastei hoje?".'
            )
        return (
            f"{done}, mas tive um problema e não consegui confirmar 😕. Antes de mandar de novo, confira com "
            '"quanto gastei hoje?".'
        )
    name = str(error.get("Error", "")) if error else ""
    return _BY_ERROR.get(name, _GENERIC)
