"""What the user reads when a step failed: matched to the error, and always saying what to do next."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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


def apology_for(error: Mapping[str, object] | None, recorded: Sequence[str] = ()) -> str:
    """The pt-BR apology for a caught Step Functions error ({"Error": name, "Cause": ...}), or a generic one.

    `recorded` lists the expenses this message already wrote before the failure: then the apology must say
    they were noted, or the user sends the message again and gets a second row.
    """
    if recorded:
        noted = "; ".join(recorded)
        return (
            f"Anotei: {noted} ✅. Mas tive um problema para terminar a resposta 😕. "
            'Não precisa mandar de novo; se quiser conferir, pergunte "quanto gastei hoje?".'
        )
    name = str(error.get("Error", "")) if error else ""
    return _BY_ERROR.get(name, _GENERIC)
