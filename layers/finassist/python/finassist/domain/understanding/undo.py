"""Removing the last entry: 'apaga o último', 'desfaz', 'cancela o último lançamento', 'lancei duplicado'."""

from __future__ import annotations

import re

from finassist.domain.understanding.category_names import named_categories
from finassist.domain.understanding.intents import Clarification, Intent, UndoLast
from finassist.domain.understanding.message import Message
from finassist.domain.understanding.patterns import ASK_RE, LEAD, PLACE_RE

_UNDO_VERB = (
    r"(?:apag(?:a|ue|ar|ua)|exclu(?:i|a|ir|e)|delet(?:a|e|ar)|remov(?:e|a|er)|desfa(?:z|ca|zer|ze|ca-lo)"
    r"|cancel(?:a|e|ar)|estorn(?:a|e|ar)|anul(?:a|e|ar)|tir(?:a|e|ar)|retir(?:a|e|ar)|descart(?:a|e|ar)"
    r"|desconsider(?:a|e|ar)|ignor(?:a|e|ar)|esquec(?:e|er)|esqueca|volt(?:a|ar)\s+atras|ctrl\s*\+?\s*z|undo)"
)
_UNDO_AT_START_RE = re.compile(LEAD + _UNDO_VERB + r"(?![^\W_])")
_UNDO_ANYWHERE_RE = re.compile(r"\b" + _UNDO_VERB + r"(?![^\W_])")
_UNDO_MISTAKE_RE = re.compile(
    r"\b(?:(?:foi|lancei|lancou|anotei|anotou|registrei|registrou|mandei|coloquei|botei)\s+(?:(?:por|de)\s+)?engano"
    r"|foi\s+(?:um\s+)?engano|por\s+engano|sem\s+querer"
    r"|nao\s+(?:era|e)\s+(?:pra|para)\s+(?:lancar|anotar|registrar|salvar|adicionar|colocar|botar)"
    r"|nao\s+(?:devia|deveria|era\s+pra)\s+ter\s+(?:lancado|anotado|registrado|salvo|adicionado|colocado))\b"
)
_UNDO_DUPLICATE_RE = re.compile(
    r"\b(?:(?:lancou|lancei|anotou|anotei|registrou|registrei|saiu|ficou|entrou|foi|veio)\s+"
    r"(?:duas\s+vezes|2\s+vezes|duplicad[oa]|repetid[oa]|em\s+dobro)|duplicou|duplicad[oa]|repetiu)\b"
)
_UNDO_OTHER_OBJECT_RE = re.compile(
    r"\b(?:limites?|orcamentos?|tetos?|metas?|recorrentes?|fix[oa]s?|todo\s+mes|todo\s+dia|automatic[oa]s?"
    r"|tudo|todos|todas|planilhas?|tabelas?|despesas|dados|registros|lancamentos|gastos|arquivos?|base"
    r"|cadastro|conversa|historico|(?:dois|duas|tres|\d+)\s+ultim[oa]s)\b"
)


def read_undo(message: Message) -> Intent | None:
    """'apaga o último', 'desfaz', 'cancela o último lançamento', 'lancei duplicado'."""
    folded, values = message.folded, message.values
    verb = _UNDO_AT_START_RE.search(folded) or (None if values else _UNDO_ANYWHERE_RE.search(folded))
    mistake = _UNDO_DUPLICATE_RE.search(folded) or (None if values else _UNDO_MISTAKE_RE.search(folded))
    if verb is None and mistake is None:
        return None
    if verb is not None and ASK_RE.search(folded[: verb.start()]):
        return None  # "qual gasto eu apago?" and the like are questions
    if PLACE_RE.search(folded) and named_categories(message.text):
        return None  # "tira de lazer e põe em compras" is a correction
    if _UNDO_OTHER_OBJECT_RE.search(folded):
        return Clarification(
            "unsupported_removal",
            'Por enquanto eu só consigo apagar o último lançamento: mande "apaga o último". '
            "Outros lançamentos você pode ajustar direto na sua planilha.",
        )
    return UndoLast(target=_named_target(folded, verb.end() if verb is not None else None))


_NOT_A_NAME = frozenset(
    {
        "o", "a", "os", "as", "um", "uma", "do", "da", "de", "dos", "das", "com", "no", "na", "em", "ai", "la",
        "meu", "minha", "esse", "essa", "este", "esta", "isso", "isto", "aquele", "aquela", "ultimo", "ultima",
        "lancamento", "lancamentos", "gasto", "gastos", "despesa", "despesas", "registro", "entrada", "anterior",
        "por", "favor", "pf", "pfv", "pls", "agora", "ja", "aqui", "que", "eu", "lancei", "anotei", "fiz",
        "hoje", "ontem", "anteontem", "dia", "semana", "mes", "passada", "passado", "segunda", "terca", "quarta",
        "quinta", "sexta", "sabado", "domingo", "feira",
    }
)  # fmt: skip
_NAME_RE = re.compile(r"[a-z][a-z0-9]+")


def _named_target(folded: str, verb_end: int | None) -> str | None:
    """The entry the person names after the verb ('apaga o aluguel' -> 'aluguel'); None for 'o último', 'isso'.

    A row added by the daily job or typed by hand is changed only when named, so a name is read only when it is
    the whole object: one or two words that are not articles, fillers or the words for "the last one".
    """
    if verb_end is None:
        return None
    words = _NAME_RE.findall(folded[verb_end:])
    if any(word in ("ultimo", "ultima", "isso", "esse", "essa", "anterior") for word in words):
        return None
    names = [word for word in words if word not in _NOT_A_NAME]
    return " ".join(names) if 1 <= len(names) <= 2 else None
