"""The month at a glance: 'resumo do mês', 'como foi o mês passado?', 'pra onde foi meu dinheiro?'."""

from __future__ import annotations

import re

from finassist.domain.categories import category_in_question
from finassist.domain.months import MONTHS
from finassist.domain.periods import parse_period, this_month
from finassist.domain.understanding.category_names import is_calendar_month
from finassist.domain.understanding.intents import Intent, MonthSummaryRequest, SpendingQuestion
from finassist.domain.understanding.message import Message

_MONTH_NAMES_ALT = "|".join(MONTHS)
_SUMMARY_RE = re.compile(
    r"\b(?:resumo|resumao|resuminho|panorama|balanco|relatorio|visao\s+geral|fechamento|raio[\s-]?x|consolidado"
    r"|overview|analise)\b"
    r"|\bfech(?:a|ar)\s+o\s+mes\b"
    r"|\bpor\s+categorias?\b|\bcategoria\s+por\s+categoria\b|\bseparad[oa]s?\s+por\b"
    r"|\b(?:onde|com\s+(?:o\s+)?que|em\s+que|no\s+que|com\s+o\s+que)\s+(?:eu\s+)?(?:mais\s+)?"
    r"(?:gastei|gasto|gastamos|estou\s+gastando|to\s+gastando|tenho\s+gastado)\b"
    r"|\bpra\s+onde\s+(?:foi|vai|esta\s+indo|ta\s+indo|foram)\s+(?:o\s+|meu\s+|todo\s+o\s+|minha\s+)?"
    r"(?:dinheiro|grana|salario)\b"
    r"|\bcomo\s+(?:e\s+que\s+)?(?:estao|esta|tao|ta|andam|anda|vao|vai|foi|foram|fechou|ficou|ficaram|terminou"
    r"|estou|to|fechei|fiquei|fui|me\s+sai)\s+(?:[^\W\d_]+\s+){0,3}?"
    rf"(?:gastos?|despesas?|financas|grana|dinheiro|mes|orcamentos?|{_MONTH_NAMES_ALT})\b"
)


def read_summary(message: Message) -> Intent | None:
    """'resumo do mês', 'como foi o mês passado?', 'me dá um panorama'; with a category it is a question."""
    if message.values or not _SUMMARY_RE.search(message.folded):
        return None
    period = parse_period(message.text, message.today)
    category = category_in_question(message.text)
    if category is not None:
        return SpendingQuestion(period or this_month(message.today), category)
    if period is None:
        return MonthSummaryRequest(this_month(message.today))
    if is_calendar_month(period):
        return MonthSummaryRequest(period)
    return SpendingQuestion(period, None)
