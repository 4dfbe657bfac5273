"""Greetings, thanks and 'what can you do?': a friendly answer with examples, never 'não entendi'."""

from __future__ import annotations

import re

from finassist.domain import wordlists
from finassist.domain.understanding.intents import NotUnderstood
from finassist.domain.understanding.message import Message

_WORDS = "small_talk_ptbr.json"
_GREETINGS = wordlists.words(_WORDS, "greetings")
_THANKS = wordlists.words(_WORDS, "thanks")
_FILLER = wordlists.words(_WORDS, "filler")
_HELP_RE = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(p) for p in wordlists.words(_WORDS, "help")), key=len, reverse=True)) + r")\b"
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_HELLO_RE = re.compile(r"^\W*(?:e\s+ai|eai|eae|iae|fala\s+ai|salve\s+salve)\b")
"""'e aí': two filler words that together say hello."""
_HOW_ARE_YOU_RE = re.compile(
    r"\b(?:tudo\s+(?:bem|bom|certo|tranquilo)|td\s+(?:bem|bom)|como\s+(?:vai|(?:voce|vc)\s+esta))"
)

EXAMPLES = '"almoço 45,00" ou "Uber 23,50 ontem"; para saber como vão as contas, pergunte "quanto gastei este mês?"'
GREETING = f"Oi! 👋 Eu sou o FinAssist e anoto seus gastos por aqui. Mande, por exemplo, {EXAMPLES}."
HOW_ARE_YOU = f"Tudo ótimo por aqui, obrigado! 😊 Eu anoto seus gastos: mande, por exemplo, {EXAMPLES}."
THANKS = 'De nada! 😊 Quando quiser, é só mandar um gasto ("almoço 45,00") ou perguntar "quanto gastei este mês?".'
HELP_TOPICS = (
    "Eu anoto seus gastos e receitas na sua planilha e respondo sobre eles. Você pode:\n"
    '• anotar gastos: "almoço 45,00", "Uber 23,50 ontem", "pizza 60 e refri 12"\n'
    '• anotar receitas: "recebi 3.000 de salário"\n'
    '• perguntar: "quanto gastei este mês?", "quanto gastei com Uber em outubro?", "qual meu saldo?"\n'
    '• corrigir ou apagar: "na verdade foram 52", "apaga o último"\n'
    '• e ainda: "resumo do mês", "meu limite de lazer é 300", "todo dia 8 pago 1.800 de aluguel", '
    '"me manda a planilha"'
)


def read_small_talk(message: Message) -> NotUnderstood | None:
    """A message that only greets, thanks or asks for help; None when it says anything else."""
    folded = message.folded
    if any(ch.isdigit() for ch in folded):
        return None
    helped = _HELP_RE.sub(" ", folded)
    words = _WORD_RE.findall(helped)
    if any(word not in _GREETINGS | _THANKS | _FILLER for word in words):
        return None
    if helped != folded:
        return NotUnderstood(HELP_TOPICS)
    if any(word in _THANKS for word in words):
        return NotUnderstood(THANKS)
    if not any(word in _GREETINGS for word in words) and not _HELLO_RE.match(folded):
        return None
    return NotUnderstood(HOW_ARE_YOU if _HOW_ARE_YOU_RE.search(folded) else GREETING)
