"""A monthly limit for a category: 'meu limite de alimentação é 800 por mês', 'no máximo 300 com lazer'."""

from __future__ import annotations

import re

from finassist.domain.categories import category_in_question
from finassist.domain.money import format_brl, quantize
from finassist.domain.understanding.asking import HELP, unlikely_amount, valid_amount
from finassist.domain.understanding.category_names import CATEGORY_LIST
from finassist.domain.understanding.intents import Clarification, Intent, NotUnderstood, SetBudget
from finassist.domain.understanding.message import Message, without
from finassist.domain.understanding.patterns import ASK_RE, EXPENSE_VERB_RE

_BUDGET_RE = re.compile(
    r"\b(?:limites?|orcamentos?|tetos?|budget|cotas?)\b|\bmeta\s+(?:de\s+gastos?|mensal|de|pra|para|com)\b"
    r"|\bminha\s+meta\b|\bno\s+maximo\b|\bmaximo\s+de\b"
    r"|\bnao\s+(?:quero|posso|devo|vou|pretendo)\s+(?:passar|ultrapassar|estourar|exceder|gastar\s+mais)\b"
    r"|\b(?:quero|vou|posso|pretendo|devo|preciso)\s+gastar\s+(?:ate|menos\s+de|no\s+maximo)\b"
)
_BUDGET_STRONG_RE = re.compile(r"\b(?:limites?|orcamentos?|tetos?|budget|cotas?)\b")
_NOT_BUDGET_RE = re.compile(
    r"\blimite\s+(?:d[oe]|n[oa])\s+(?:meu\s+)?(?:cartao|credito|cheque|banco|conta\s+corrente|pix)\b"
    r"|\bcheque\s+especial\b|\bmeta\s+de\s+economi|\blimite\s+de\s+velocidade\b"
)
_BUDGET_SET_VERB_RE = re.compile(
    r"\b(?:defin\w*|cri[ae]|criar|coloc[ae]|colocar|bot[ae]|botar|poe|por|ponha|estabelec\w*|configur\w*|quero"
    r"|queria|mud[ae]|mudar|alter[ae]|alterar|ajust[ae]|ajustar|atualiz[ae]|atualizar|aument[ae]|aumentar"
    r"|diminu[ia]|diminuir|reduz|reduza|reduzir|cadastr[ae]|cadastrar|fix[ae]|fixar|sobe|subir|baix[ae]|baixar)\b"
)
_BUDGET_OTHER_PERIOD_RE = re.compile(
    r"\b(?:por|na|a\s+cada|toda|cada|pela)\s+(?:semana|dia|ano|quinzena)\b"
    r"|\b(?:semanal|semanais|semanalmente|diari[oa]s?|diariamente|anual|anuais|anualmente|quinzenal)\b"
)


def read_budget(message: Message) -> Intent | None:
    """'meu limite de alimentação é 800 por mês', 'quero gastar no máximo 300 com lazer'."""
    folded, values = message.folded, message.values
    if _NOT_BUDGET_RE.search(folded) and not EXPENSE_VERB_RE.search(folded):
        return NotUnderstood(HELP)  # a card's credit limit is neither a budget nor an expense
    if not _BUDGET_RE.search(folded) or _NOT_BUDGET_RE.search(folded):
        return None
    strong = bool(_BUDGET_STRONG_RE.search(folded))
    if EXPENSE_VERB_RE.search(folded) and not strong:
        return None  # "gastei no máximo 50 no almoço" is an expense
    category = category_in_question(without(message.text, message.amount_spans))
    if not values:
        if strong and _BUDGET_SET_VERB_RE.search(folded) and not ASK_RE.search(folded) and "?" not in folded:
            where = f"para {category}" if category else "por mês"
            return Clarification(
                "missing_budget_amount",
                f"Qual é o limite {where}? Me diga o valor, por exemplo: "
                f'"meu limite de {(category or "Alimentação").lower()} é 800 por mês"',
            )
        return None
    if len(values) > 1:
        return Clarification(
            "ambiguous_amount",
            "Encontrei mais de um valor na mensagem. Me mande um limite por mensagem, por exemplo: "
            '"meu limite de alimentação é 800 por mês"',
        )
    if _BUDGET_OTHER_PERIOD_RE.search(folded):
        return Clarification(
            "budget_period",
            "Por enquanto os limites são por mês. Quer que eu use "
            f"{format_brl(quantize(values[0]))} como limite mensal? Mande, por exemplo: "
            '"meu limite de lazer é 300 por mês"',
        )
    amount = quantize(values[0])
    if not valid_amount(amount):
        return unlikely_amount(amount)
    if category is None:
        return Clarification(
            "missing_budget_category",
            f"Os limites são por categoria. De qual categoria é o limite de {format_brl(amount)}? ({CATEGORY_LIST})",
        )
    return SetBudget(category, amount)
