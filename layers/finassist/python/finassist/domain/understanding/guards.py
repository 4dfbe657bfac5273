"""What must never become a row without a question: money in another currency, a refund, a day that does not
exist or has not come yet. Each guard reads the whole message and answers with the question to ask, or None.
"""

from __future__ import annotations

import re

from finassist.domain.dates import future_words, impossible_dates
from finassist.domain.money import format_brl, quantize
from finassist.domain.understanding.intents import Clarification
from finassist.domain.understanding.message import Message

_FOREIGN_RE = re.compile(
    r"(?:\bu\.?s\.?\s?\$|\bu\$|[€£¥₿]"
    r"|\b(?:usd|eur|gbp|jpy|btc|dolar(?:es)?|dollars?|doletas?|euros?|ienes?|yens?|bitcoins?"
    r"|libras?\s+esterlinas?|pesos?\s+(?:argentinos?|chilenos?|uruguaios?|mexicanos?|colombianos?))\b)"
)
_AFTER_NUMBER_RE = re.compile(r"\d\s*(?:mil\s+)?(?:libras?|pesos)\b")
"""'10 libras', '500 pesos': a currency only right after a number ('curso de libras 200' is sign language)."""
_MAX_DAYS_BACK = 366
"""Older than this is a typo more often than a late entry ('29/02' in a common year is 2024's): ask."""
_REFUND_RE = re.compile(
    r"\b(?:estorno|estornaram|estornou|estornad[oa]|extorno|reembolso|reembolsaram|reembolsou|reembolsad[oa]"
    r"|ressarcimento|ressarciram|devolucao|devolveram|devolveu|cashback|chargeback)\b"
)


def foreign_currency(message: Message) -> Clarification | None:
    """'US$ 20', '20 dólares', '€15', '£10': we keep reais, and never convert at a rate nobody confirmed."""
    folded = message.folded
    if not message.values or not (_FOREIGN_RE.search(folded) or _AFTER_NUMBER_RE.search(folded)):
        return None
    return Clarification(
        "foreign_currency",
        "Eu anoto os valores em reais, e não quero chutar a cotação. Quanto foi em reais (R$)? "
        'Por exemplo: "uber 108,50"',
    )


def refund(message: Message) -> Clarification | None:
    """'estorno de 50', 'me devolveram 30': money back is not a new expense; ask what it undoes."""
    if not message.values or not _REFUND_RE.search(message.folded):
        return None
    amount = format_brl(quantize(message.values[0]))
    return Clarification(
        "refund",
        f"Isso foi um estorno (dinheiro de volta) de {amount}? Não anotei como gasto. Se foi do último "
        'lançamento, me diga como ficou (por exemplo: "na verdade foram 30") ou mande "apaga o último"; '
        "se foi de outro, ajuste direto na planilha.",
    )


def unsafe_date(message: Message, what: str = "Esse gasto") -> Clarification | None:
    """A day that does not exist ('31/02', 'dia 32') or has not come yet ('amanhã', 'semana que vem')."""
    impossible = impossible_dates(message.folded, message.today)
    if impossible:
        start, end = impossible[0]
        return Clarification(
            "unclear_date",
            f'Não entendi a data "{message.text[start:end]}": esse dia não existe. Em que dia foi? '
            'Por exemplo: "ontem", "dia 20" ou "21/11".',
        )
    if any((message.today - found.value).days > _MAX_DAYS_BACK for found in message.dates):
        return Clarification(
            "unclear_date",
            "Essa data é de mais de um ano atrás. Foi isso mesmo? Me diga o dia com o ano, por exemplo: "
            '"dia 20/11" ou "ontem".',
        )
    if future_words(message.folded) or any(found.value > message.today for found in message.dates):
        return Clarification(
            "future_date",
            f"{what} ainda vai acontecer? Eu anoto só o que já aconteceu: quando acontecer, me mande de novo. "
            'Se já foi, me diga o dia, por exemplo: "ontem" ou "dia 20".',
        )
    return None
