"""What a pt-BR WhatsApp message asks for, without a model: an expense to note, a question, or a question back.

The offline assistant is built on this, so the whole flow runs with no key. When the words do not settle
the amount, the engine asks rather than guesses: a wrong row in someone's ledger costs more than a reply.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finassist.domain.categories import category_in_question, classify
from finassist.domain.dates import all_dates
from finassist.domain.money import (
    MAX_AMOUNT,
    distinct_values,
    fold_keeping_length,
    format_brl,
    parse_amounts,
    quantize,
    significant_amounts,
)
from finassist.domain.periods import Period, parse_period, this_month


@dataclass(frozen=True)
class ExpenseIntent:
    """An expense to add: everything the add_expense tool needs."""

    amount: Decimal
    date: date
    category: str  # one of CATEGORIES
    description: str  # short pt-BR noun phrase in the user's own words: "almoço", "conta de luz"
    category_certain: bool = True


@dataclass(frozen=True)
class SpendingQuestion:
    """A question about spending over a period, for one category or all (None)."""

    period: Period
    category: str | None


@dataclass(frozen=True)
class Clarification:
    """An expense we cannot note safely yet; message asks the user for the missing piece."""

    reason: str  # "missing_amount" | "ambiguous_amount" | "missing_description"
    message: str


@dataclass(frozen=True)
class NotUnderstood:
    """Neither an expense nor a question; message says what the user can send."""

    message: str


Intent = ExpenseIntent | SpendingQuestion | Clarification | NotUnderstood

HELP = (
    'Não entendi bem. 🤔 Você pode me mandar um gasto, por exemplo: "almoço 45,00", "Uber 23,50 ontem" ou '
    '"paguei 1.800 de aluguel dia 8". Ou perguntar: "quanto gastei este mês?" ou '
    '"quanto gastei com transporte em outubro?"'
)

# -- question or expense -----------------------------------------------------------------------------

_QUESTION_RE = re.compile(
    r"\b(?:quanto|quantos|quanta|qual|quais|resumo|extrato|relatorio|balanco|somatorio)\b"
    r"|\btotal\s+(?:de|dos|das|do|da|que|gasto|geral)\b|\btotal\s*\??$"
    r"|\bme\s+(?:diz|diga|mostra|mostre|fala|fale|informa|informe|passa|passe|manda|mande)\b"
    r"|\b(?:mostra|mostre|ver|veja|listar?|liste)\s+(?:os\s+|meus\s+)?(?:gastos|despesas)\b"
)
_SOFT_QUESTION_RE = re.compile(r"\b(?:gastos|despesas)\b|\?\s*$")
"""'gastos com lazer este mês' and 'e ontem?' are questions when no amount is in them."""

_SPENDING_WORD_RE = re.compile(r"\b(?:gast\w*|despesas?|paguei|comprei)\b")
"""A bare '?' is a spending question only with a period, a category or these words ('tudo bem?' is not)."""
_EXPENSE_VERB_RE = re.compile(
    r"\b(?:gastei|gastamos|paguei|pagamos|comprei|compramos|torrei|almocei|jantei|lanchei|abasteci|estacionei|pedi"
    r"|peguei|comi|tomei)\b"
)

# -- description -------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’&.][^\W_]+)*")
_NOISE_RE = re.compile(
    r"\b(?:(?:n?[ae]st?[ae]|n?ess[ae]|n?a|d?a)\s+semana(?:\s+(?:passada|retrasada))?|semana\s+(?:passada|retrasada)"
    r"|(?:n?est[ea]|n?ess[ea]|n?o|d?o)\s+mes(?:\s+(?:passado|retrasado))?|mes\s+(?:passado|retrasado)"
    r"|(?:de|pela|a|hoje\s+a|ontem\s+a|hoje\s+de|ontem\s+de)\s+(?:manha|tarde|noite|madrugada)"
    r"|hoje\s+cedo|mais\s+cedo|agora(?:\s+(?:ha\s+pouco|pouco))?|agorinha|por\s+favor|de\s+novo|agorinha"
    r"|fi[mn]\s+de\s+semana(?:\s+passado)?)\b"
)
"""Time words that are not a date the ledger can use, so they must not end up in the description."""

_LEADING = frozenset(
    {
        "gastei",
        "gastamos",
        "gastou",
        "gasto",
        "gasta",
        "gastar",
        "paguei",
        "pagamos",
        "pago",
        "paga",
        "pagou",
        "pagar",
        "comprei",
        "compramos",
        "comprou",
        "foi",
        "foram",
        "deu",
        "saiu",
        "custou",
        "torrei",
        "tive",
        "tivemos",
        "fiz",
        "fizemos",
        "teve",
        "rolou",
        "registra",
        "registre",
        "registrar",
        "anota",
        "anote",
        "anotar",
        "adiciona",
        "adicione",
        "adicionar",
        "lanca",
        "lance",
        "lancar",
        "coloca",
        "coloque",
        "bota",
        "bote",
        "botei",
        "coloquei",
        "dei",
        "demos",
        "pedi",
        "pedimos",
        "peguei",
        "pegamos",
        "comi",
        "comemos",
        "tomei",
        "tomamos",
        "bebi",
        "fui",
        "fomos",
        "levei",
        "usei",
        "assinei",
        "renovei",
        "recarreguei",
        "contratei",
        "chamei",
        "acabei",
        "acabamos",
        "almocei",
        "jantei",
        "lanchei",
        "abasteci",
        "estacionei",
        "eu",
        "nos",
        "gente",
        "me",
        "o",
        "a",
        "os",
        "as",
        "um",
        "uma",
        "uns",
        "umas",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "em",
        "no",
        "na",
        "nas",
        "num",
        "numa",
        "por",
        "pelo",
        "pela",
        "com",
        "pra",
        "para",
        "pro",
        "ao",
        "aos",
        "e",
        "que",
        "so",
        "ja",
        "mais",
        "ai",
        "la",
        "aqui",
        "entao",
        "ok",
        "oi",
        "ola",
        "opa",
        "ei",
        "bom",
        "boa",
        "dia",
        "tarde",
        "noite",
        "tipo",
        "valor",
        "total",
        "despesa",
        "hoje",
        "ontem",
        "tambem",
        "ainda",
        "agora",
        "outra",
        "outro",
        "nova",
        "novo",
    }
)
_TRAILING = frozenset(
    {
        "de",
        "da",
        "do",
        "das",
        "dos",
        "em",
        "no",
        "na",
        "nos",
        "nas",
        "num",
        "numa",
        "por",
        "pelo",
        "pela",
        "com",
        "pra",
        "para",
        "pro",
        "ao",
        "e",
        "que",
        "o",
        "a",
        "os",
        "as",
        "um",
        "uma",
        "paguei",
        "gastei",
        "comprei",
        "foi",
        "foram",
        "custou",
        "deu",
        "saiu",
        "ai",
        "la",
        "ok",
        "obrigado",
        "obrigada",
        "obg",
        "vlw",
        "valeu",
        "pf",
        "pfv",
        "pls",
        "viu",
        "ta",
        "blz",
        "beleza",
        "reais",
        "real",
        "total",
        "valor",
        "so",
        "ja",
        "hoje",
    }
)
_DESCRIPTION_FOR_VERB = {
    "almocei": "almoço",
    "jantei": "jantar",
    "lanchei": "lanche",
    "abasteci": "combustível",
    "estacionei": "estacionamento",
}
_MAX_DESCRIPTION_WORDS = 8


@dataclass(frozen=True)
class _Word:
    text: str
    folded: str
    start: int
    end: int


def understand(text: str, today: date) -> Intent:
    """Read one message: an expense, a spending question, a question back, or help."""
    message = unicodedata.normalize("NFC", text or "").strip()
    folded = fold_keeping_length(message)
    if not any(ch.isalnum() for ch in folded):
        return NotUnderstood(HELP)

    dates = all_dates(folded, today)
    date_spans = [(d.start, d.end) for d in dates]
    amounts = [a for a in parse_amounts(message) if not _overlaps((a.start, a.end), date_spans)]
    significant = significant_amounts(amounts)
    values = distinct_values(significant)

    if _QUESTION_RE.search(folded) or (not values and _SOFT_QUESTION_RE.search(folded)):
        period = parse_period(message, today)
        category = category_in_question(message)
        if period or category or _QUESTION_RE.search(folded) or _SPENDING_WORD_RE.search(folded):
            return SpendingQuestion(period or this_month(today), category)

    removed = (
        date_spans
        + [(a.start, a.end) for a in significant]
        + [(m.start(), m.end()) for m in _NOISE_RE.finditer(folded)]
    )
    description, verbs = _description(message, folded, removed)
    category, certain = classify(description) if description else ("Outros", False)
    if category == "Outros" and not certain:
        category, certain = classify(_without(message, removed))

    if not values:
        if (description and (certain or verbs or category != "Outros")) or _EXPENSE_VERB_RE.search(folded):
            return Clarification("missing_amount", _ask_amount(description))
        return NotUnderstood(HELP)
    if len(values) > 1:
        shown = " e ".join(format_brl(quantize(v)) for v in values[:3])
        return Clarification(
            "ambiguous_amount",
            f"Encontrei mais de um valor na mensagem ({shown}). Qual foi o valor? Se foram gastos diferentes, "
            "mande um por mensagem, por exemplo: almoço 45,00",
        )
    amount = quantize(values[0])
    if amount <= 0 or amount >= MAX_AMOUNT:
        return Clarification(
            "ambiguous_amount",
            f"O valor {format_brl(amount)} não parece certo para um gasto. Pode confirmar o valor? "
            f"Por exemplo: {description or 'almoço'} 45,00",
        )
    if not description:
        description = next((_DESCRIPTION_FOR_VERB[v] for v in verbs if v in _DESCRIPTION_FOR_VERB), "")
    if not description:
        return Clarification(
            "missing_description",
            f"Com o que foi o gasto de {format_brl(amount)}? Me diga o que foi, por exemplo: almoço {_plain(amount)}",
        )
    when = dates[0].value if dates else today
    return ExpenseIntent(amount, when, category, description, certain)


def _plain(amount: Decimal) -> str:
    """'45,00': the amount as a user would type it in an example."""
    return format_brl(amount).removeprefix("R$ ").strip()


def _ask_amount(description: str) -> str:
    if description:
        return f"Quanto você gastou com {description}? Me diga o valor, por exemplo: {description} 45,00"
    return "Quanto foi esse gasto? Me diga o valor e o que foi, por exemplo: almoço 45,00"


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _without(message: str, removed: list[tuple[int, int]]) -> str:
    chars = list(message)
    for start, end in removed:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _description(message: str, folded: str, removed: list[tuple[int, int]]) -> tuple[str, list[str]]:
    """The thing bought, in the user's words: the message minus amount, date, time words and filler verbs."""
    words: list[_Word] = []
    gaps: list[bool] = []  # gaps[i]: something was cut out between words[i-1] and words[i]
    cut = False
    for match in _WORD_RE.finditer(folded):
        span = (match.start(), match.end())
        if _overlaps(span, removed):
            cut = True
            continue
        words.append(_Word(message[span[0] : span[1]], match.group(), *span))
        gaps.append(cut)
        cut = False
    verbs = [w.folded for w in words if w.folded in _DESCRIPTION_FOR_VERB]
    first, last = 0, len(words)
    while first < last and words[first].folded in _LEADING:
        first += 1
    while last > first and words[last - 1].folded in _TRAILING:
        last -= 1
    kept = words[first:last]
    if not kept:
        return "", verbs
    kept = kept[:_MAX_DESCRIPTION_WORDS]
    parts = [kept[0].text]
    for index in range(1, len(kept)):
        previous, word = kept[index - 1], kept[index]
        between = message[previous.end : word.start]
        contiguous = not gaps[first + index] and not any(ch.isalnum() for ch in between)
        parts.append(between if contiguous and between.strip(" ,;/&+-") == "" else " ")
        parts.append(word.text)
    description = re.sub(r"\s+", " ", "".join(parts)).strip(" ,.;:!?-")
    return description, verbs
