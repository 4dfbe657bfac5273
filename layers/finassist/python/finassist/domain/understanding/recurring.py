"""A bill that repeats every month: 'todo dia 8 pago 1.800 de aluguel', 'netflix 55,90 todo mês dia 3'."""

from __future__ import annotations

import re

from finassist.domain import wordlists
from finassist.domain.categories import classify
from finassist.domain.dates import DAY
from finassist.domain.money import format_brl, quantize
from finassist.domain.number_words import parse_count
from finassist.domain.understanding.asking import plain, several_amounts, unlikely_amount, valid_amount
from finassist.domain.understanding.description import NOISE_RE, describe
from finassist.domain.understanding.intents import AddRecurring, Clarification, Intent
from finassist.domain.understanding.message import Message, without
from finassist.domain.understanding.patterns import QUESTION_RE

_MONTHLY_RE = re.compile(
    r"\btod[oa]s?\s+(?:os\s+)?(?:santo\s+)?mes(?:es)?\b|\bmensalmente\b|\b(?:a\s+)?cada\s+mes\b|\bpor\s+mes\b"
    r"|\bao\s+mes\b|\bmes\s+a\s+mes\b|\bmensais\b"
)
_EVERY_DAY_N_RE = re.compile(rf"\btod[oa]\s+(?:santo\s+)?dia\s+(?P<d>{DAY})[°]?(?![^\W_])")
_DAY_OF_MONTH_RE = re.compile(
    rf"\b(?:(?:n?o|todo|sempre\s+n?o|sempre|vence|vencimento|cai)\s+)?dia\s+(?P<d>{DAY})[°]?(?![^\W_\d/-])"
    r"(?:\s+(?:de\s+(?:cada|todo)\s+mes|do\s+mes|de\s+todos\s+os\s+meses))?"
)
_LAST_DAY_RE = re.compile(r"\b(?:n?o\s+)?ultimo\s+dia\s+(?:do|de\s+cada|de\s+todo)\s+mes\b")
_BUSINESS_DAY_RE = re.compile(r"\bdias?\s+ute?is\b|\bdia\s+util\b")
_FIXED_RE = re.compile(
    r"\b(?:despesas?|gastos?|contas?|pagamentos?|cobrancas?|debitos?|boletos?)\s+"
    r"(?:fix[oa]s?|recorrentes?|mensa(?:l|is)|automaticos?)\b|\brecorrentes?\b|\bdebito\s+automatico\b"
    r"|\b(?:e|eh|sao)\s+(?:fix[oa]s?|mensa(?:l|is))\b"
)
_OTHER_FREQUENCY_RE = re.compile(
    r"\btod[oa]s?\s+(?:os\s+|as\s+)?(?:dias|semanas?|anos?|segundas?|tercas?|quartas?|quintas?|sextas?|sabados?"
    r"|domingos?|quinzenas?)\b"
    rf"|\btodo\s+dia\b(?!\s+{DAY})"
    r"|\b(?:diariamente|semanalmente|anualmente|quinzenalmente)\b|\bpor\s+(?:semana|dia|ano)\b"
    r"|\ba\s+cada\s+(?:\d+\s+)?(?:dias?|semanas?|anos?)\b"
)
_SETUP_VERB_RE = re.compile(
    r"\b(?:cadastr[ae]|cadastrar|agend[ae]|agendar|program[ae]|programar|adicion[ae]|adicionar|cri[ae]|criar"
    r"|registr[ae]|registrar|salv[ae]|salvar|lembr[ae]|lembrar|inclu[ia]|incluir)\b"
)
_FILLER = wordlists.words("command_words_ptbr.json", "recurring")
_PHRASES = (_MONTHLY_RE, _EVERY_DAY_N_RE, _DAY_OF_MONTH_RE, _LAST_DAY_RE, _FIXED_RE, NOISE_RE)


def _day_number(text: str) -> int | None:
    text = text[:-1] if text[-1:] in ("o", "a") and text[:-1].isdigit() else text
    return parse_count(text)


def _schedule(message: Message) -> Clarification | bool:
    """Whether the message sets up a monthly bill (True), is something else (False), or needs a question."""
    folded, values = message.folded, message.values
    monthly = _MONTHLY_RE.search(folded)
    every_day_n = _EVERY_DAY_N_RE.search(folded)
    last_day = _LAST_DAY_RE.search(folded)
    fixed = _FIXED_RE.search(folded)
    other = _OTHER_FREQUENCY_RE.search(folded)
    strong = monthly or every_day_n or (last_day and (fixed or _SETUP_VERB_RE.search(folded)))
    if _BUSINESS_DAY_RE.search(folded) and (strong or fixed or re.search(r"\btod[oa]\b", folded)):
        return Clarification(
            "recurring_day",
            "Ainda não sei contar dias úteis. Me diga um dia fixo do mês, por exemplo: "
            '"todo dia 5 pago 1.800 de aluguel"',
        )
    if not (strong or fixed or other):
        return False
    if QUESTION_RE.search(folded) and not values:
        return False  # "quanto gasto por mês com aluguel?", "quais são meus gastos fixos?"
    if other and not strong:
        if not values and not fixed:
            return False
        return Clarification(
            "recurring_frequency",
            "Por enquanto eu só lanço sozinho gastos que se repetem todo mês, num dia fixo. "
            'Por exemplo: "todo dia 8 pago 1.800 de aluguel". Se foi um gasto só, mande o valor e o que foi.',
        )
    day_named = _DAY_OF_MONTH_RE.search(folded) or last_day or _SETUP_VERB_RE.search(folded)
    return bool(strong or day_named)  # without either, "conta fixa de luz 150" is just an expense


def read_recurring(message: Message) -> Intent | None:
    """'todo dia 8 pago 1.800 de aluguel', 'aluguel de 1.800 todo dia 5', 'netflix 55,90 todo mês'."""
    schedule = _schedule(message)
    if isinstance(schedule, Clarification):
        return schedule
    if not schedule:
        return None
    folded, values = message.folded, message.values
    day_text = _EVERY_DAY_N_RE.search(folded) or _DAY_OF_MONTH_RE.search(folded)
    day = 31 if _LAST_DAY_RE.search(folded) else (_day_number(day_text.group("d")) if day_text else None)
    phrases = [(m.start(), m.end()) for pattern in _PHRASES for m in pattern.finditer(folded)]
    removed = phrases + message.amount_spans
    description, _verbs = describe(message.text, folded, removed, _FILLER, _FILLER)
    category, _certain = classify(description) if description else ("Outros", False)
    if category == "Outros" and description:
        category, _certain = classify(without(message.text, removed))

    if len(values) > 1:
        return several_amounts(values, "que se repete todo mês")
    if not values:
        thing = description or "esse gasto"
        when = f"todo dia {day}" if day else "todo mês"
        return Clarification(
            "missing_amount",
            f"Qual é o valor de {thing} {when}? Por exemplo: "
            f"todo dia {day or 8} pago 1.800 de {description or 'aluguel'}",
        )
    amount = quantize(values[0])
    if not valid_amount(amount):
        return unlikely_amount(amount)
    if day is None or not 1 <= day <= 31:
        thing = f"{description} ({format_brl(amount)})" if description else format_brl(amount)
        return Clarification(
            "missing_recurring_day",
            f'Em que dia do mês eu lanço {thing}? Por exemplo: "todo dia 10"',
        )
    if not description:
        return Clarification(
            "missing_description",
            f"O que é o gasto de {format_brl(amount)} todo dia {day}? Por exemplo: "
            f"todo dia {day} pago {plain(amount)} de aluguel",
        )
    return AddRecurring(day, amount, category, description)
