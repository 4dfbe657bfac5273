"""Money coming in: 'recebi 3.000 de salário', 'caiu o freela, 800', 'entrou 150 de pix'. Never an expense.

A message is income when it says money came in (a verb like 'recebi', 'caiu', 'entrou') or names a kind of
income ('salário', 'freela') without saying it was spent or paid ('paguei o salário da diarista' is an expense).
"""

from __future__ import annotations

import re

from finassist.domain import wordlists
from finassist.domain.money import MAX_AMOUNT, format_brl, quantize
from finassist.domain.understanding.asking import plain
from finassist.domain.understanding.description import describe, noise_spans
from finassist.domain.understanding.guards import unsafe_date
from finassist.domain.understanding.intents import Clarification, IncomeIntent, Intent
from finassist.domain.understanding.message import Message
from finassist.domain.understanding.patterns import EXPENSE_VERB_RE, QUESTION_RE

_INCOME_VERB_RE = re.compile(
    r"\b(?:recebi|recebemos|recebid[oa]s?|recebimento|ganhei|ganhamos|entrou|entraram|caiu|cairam|depositaram"
    r"|me\s+pagaram|me\s+pagou"
    r"|me\s+transferiram|me\s+mandaram\s+um\s+pix|vendi|vendemos|faturei|embolsei|rendeu|renderam)\b"
)
_INCOME_NOUN_RE = re.compile(
    r"\b(?:salario|salarios|freela|freelas|freelance|bico|renda\s+extra|rendimentos?|dividendos?|13o|13º"
    r"|decimo\s+terceiro|plr|bonus|comissao|comissoes|pro[\s-]?labore|mesada|aposentadoria|cache|gorjetas?"
    r"|restituicao|pagamento\s+(?:do|de)\s+(?:cliente|freela|servico|trabalho))\b"
)
_PAID_RE = re.compile(
    r"\b(?:paguei|pagamos|gastei|gastamos|comprei|compramos|dei|transferi|mandei|enviei)\b"
    r"|\b(?:entrou|entraram|caiu|cairam|veio|vieram)\s+(?:n[ao]\s+)?(?:fatura|cartao|boleto|debito|conta\s+de)\b"
)
"""Money that went out, even with an incoming verb: 'entrou na fatura 200 da netflix' is a charge."""
_REPEATS_RE = re.compile(r"\btod[oa]s?\s+(?:o\s+|os\s+)?(?:dia|mes|meses|semana)\b|\bmensalmente\b|\bcada\s+mes\b")
_FILLER = wordlists.words("command_words_ptbr.json", "income")


def is_income(message: Message) -> bool:
    folded = message.folded
    if _PAID_RE.search(folded) or EXPENSE_VERB_RE.search(folded) or QUESTION_RE.search(folded):
        return False
    return bool(_INCOME_VERB_RE.search(folded) or _INCOME_NOUN_RE.search(folded))


def read_income(message: Message) -> Intent | None:
    """An income row, or the question that gets its missing piece; None when the message is not income."""
    if not is_income(message):
        return None
    if _REPEATS_RE.search(message.folded):
        return Clarification(
            "recurring_income",
            "Por enquanto eu só lanço sozinho gastos que se repetem. Quando a receita entrar, me mande, por "
            'exemplo: "recebi 5.000 de salário".',
        )
    values = message.values
    removed = message.date_spans + message.amount_spans + noise_spans(message.folded)
    description, _ = describe(message.text, message.folded, removed, _FILLER, _FILLER)
    if not values:
        return Clarification(
            "missing_amount",
            f"Quanto entrou{' de ' + description if description else ''}? Por exemplo: "
            f'"recebi 3.000 de {description or "salário"}"',
        )
    date_question = unsafe_date(message, "Essa receita")
    if date_question is not None:
        return date_question
    if len(values) > 1:
        shown = " e ".join(format_brl(quantize(v)) for v in values[:3])
        return Clarification(
            "ambiguous_amount", f"Encontrei mais de um valor ({shown}). Quanto entrou? Mande uma receita por mensagem."
        )
    amount = quantize(values[0])
    if amount <= 0 or amount >= MAX_AMOUNT:
        return Clarification("ambiguous_amount", f"O valor {format_brl(amount)} não parece certo. Quanto entrou?")
    if not description:
        return Clarification(
            "missing_description",
            f'De onde veio a receita de {format_brl(amount)}? Por exemplo: "recebi {plain(amount)} de salário"',
        )
    when = message.dates[0].value if message.dates else message.today
    return IncomeIntent(amount, when, description)
