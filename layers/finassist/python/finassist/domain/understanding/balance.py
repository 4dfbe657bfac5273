"""What is left: 'quanto sobrou este mês?', 'qual meu saldo?', and what came in: 'quanto recebi em outubro?'."""

from __future__ import annotations

import re

from finassist.domain.periods import parse_period, this_month
from finassist.domain.understanding.intents import BalanceQuestion
from finassist.domain.understanding.message import Message

_BALANCE_RE = re.compile(
    r"\b(?:saldo|sobrou|sobrando|sobra|restou|fiquei\s+no\s+(?:azul|vermelho)|to\s+no\s+(?:azul|vermelho)"
    r"|estou\s+no\s+(?:azul|vermelho)|(?:receitas?|ganhos|entradas)\s+(?:e|menos|x|vs)\s+(?:gastos|despesas|saidas)"
    r"|(?:gastos|despesas|saidas)\s+(?:e|x|vs)\s+(?:receitas?|ganhos|entradas)|quanto\s+(?:eu\s+)?(?:ainda\s+)?tenho)\b"
)
_INCOME_QUESTION_RE = re.compile(
    r"\b(?:q(?:ua)?n?to|qnt)\s+(?:eu\s+)?(?:recebi|ganhei|entrou|faturei|caiu)\b"
    r"|\b(?:minhas?|total\s+de|total\s+das?|soma\s+das?)\s+(?:receitas?|entradas|ganhos)\b"
)
_QUESTION_MARK_RE = re.compile(r"\?|\b(?:q(?:ua)?n?to|qual|quais|qnt|como|me\s+(?:diz|fala|mostra))\b")


def read_balance(message: Message) -> BalanceQuestion | None:
    """A question about income, or about income minus expenses; None for anything else."""
    folded = message.folded
    if message.values:
        return None
    income_only = bool(_INCOME_QUESTION_RE.search(folded))
    if not income_only and not (_BALANCE_RE.search(folded) and _QUESTION_MARK_RE.search(folded)):
        return None
    period = parse_period(message.text, message.today) or this_month(message.today)
    return BalanceQuestion(period, income_only)
