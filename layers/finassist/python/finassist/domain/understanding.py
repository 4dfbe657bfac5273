"""What a pt-BR WhatsApp message asks for, without a model: an expense to note, a question, or a question back.

Besides expenses and questions, a message can manage the ledger: undo or correct the last entry, ask for the
month at a glance, set a monthly limit for a category, register a bill that repeats every month, export the
data, or answer yes / no to something we asked.

The offline assistant is built on this, so the whole flow runs with no key. When the words do not settle
the amount, the engine asks rather than guesses: a wrong row in someone's ledger costs more than a reply.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

from finassist.domain.categories import CATEGORIES, category_in_question, classify, stems_of
from finassist.domain.dates import DAY, all_dates, most_recent_day
from finassist.domain.money import (
    MAX_AMOUNT,
    AmountMatch,
    distinct_values,
    fold_keeping_length,
    format_brl,
    parse_amounts,
    parse_count,
    quantize,
    significant_amounts,
)
from finassist.domain.months import MONTHS
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


@dataclass(frozen=True)
class UndoLast:
    """Remove the entry the user made last ("apaga o último", "desfaz")."""


@dataclass(frozen=True)
class CorrectLast:
    """Change fields of the last entry; None leaves a field as it is ("na verdade foram 52", "era ontem")."""

    amount: Decimal | None = None
    category: str | None = None  # one of CATEGORIES
    date: dt.date | None = None  # dt.date: a bare `date` here would name the field, not the type
    description: str | None = None


@dataclass(frozen=True)
class MonthSummaryRequest:
    """The month at a glance: total, per-category lines and the change against the month before."""

    period: Period  # a calendar month, "este mês" when the message names none


@dataclass(frozen=True)
class SetBudget:
    """A monthly spending limit for one category ("meu limite de alimentação é 800 por mês")."""

    category: str  # one of CATEGORIES
    amount: Decimal


@dataclass(frozen=True)
class AddRecurring:
    """An expense to add by itself on a day of every month ("todo dia 8 pago 1.800 de aluguel")."""

    day: int  # 1..31; a short month uses its last day
    amount: Decimal
    category: str  # one of CATEGORIES
    description: str


@dataclass(frozen=True)
class ExportRequest:
    """The user's rows as a file, for a period or everything (None)."""

    period: Period | None
    format: str  # "xlsx" | "csv"


@dataclass(frozen=True)
class Confirmation:
    """A yes or a no to the question we asked last ("Quer que eu coloque em Lazer?")."""

    yes: bool


Intent = (
    ExpenseIntent
    | SpendingQuestion
    | Clarification
    | NotUnderstood
    | UndoLast
    | CorrectLast
    | MonthSummaryRequest
    | SetBudget
    | AddRecurring
    | ExportRequest
    | Confirmation
)

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


_NEGATIVE_AMOUNT_RE = re.compile(r"(?<![\w.,/-])[-\u2212](?:r\$\s?)?\d")
"""A minus sign glued to a number ('-50', 'R$ -50', '−1000'), not a dash between words ('uber - 20')."""

NEGATIVE_AMOUNT = (
    "Eu só anoto gastos com valores positivos. Se foi um estorno ou reembolso, corrija o lançamento original "
    '(por exemplo: "na verdade foram 30") ou mande o valor sem o sinal de menos.'
)


def understand(text: str, today: date, *, awaiting_confirmation: bool = False) -> Intent:
    """Read one message: an expense, a question, a change to the ledger, a yes / no, a question back, or help.

    awaiting_confirmation: we just asked the user a yes / no question, so a bare 👍 or "cancela" answers it.
    """
    message = unicodedata.normalize("NFC", text or "").strip()
    folded = fold_keeping_length(message)
    if not any(ch.isalnum() for ch in folded):
        emoji = _emoji_answer(message) if awaiting_confirmation else None
        return Confirmation(emoji) if emoji is not None else NotUnderstood(HELP)
    answer = _yes_or_no(folded, awaiting_confirmation)
    if answer is not None:
        return Confirmation(answer)
    if _NEGATIVE_AMOUNT_RE.search(folded):
        return Clarification("negative_amount", NEGATIVE_AMOUNT)

    dates = all_dates(folded, today)
    date_spans = [(d.start, d.end) for d in dates]
    amounts = [a for a in parse_amounts(message) if not _overlaps((a.start, a.end), date_spans)]
    significant = significant_amounts(amounts)
    values = distinct_values(significant)

    command = _command(message, folded, today, significant)
    if command is not None:
        return command

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


def _description(
    message: str,
    folded: str,
    removed: list[tuple[int, int]],
    leading: frozenset[str] = frozenset(),
    trailing: frozenset[str] = frozenset(),
) -> tuple[str, list[str]]:
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
    while first < last and (words[first].folded in _LEADING or words[first].folded in leading):
        first += 1
    while last > first and (words[last - 1].folded in _TRAILING or words[last - 1].folded in trailing):
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


# == commands: undo, correct, summary, budget, recurring, export, yes / no ===========================


def _command(message: str, folded: str, today: date, significant: list[AmountMatch]) -> Intent | None:
    """A message that manages the ledger rather than adding to it or asking about it; None for the rest.

    Order matters: a limit ("limite de lazer 300") is not an expense, "apaga o último" is not a question,
    and each reader below declines anything that reads like a plain expense or a question.
    """
    values = distinct_values(significant)
    for read in (_budget, _undo, _recurring, _export, _summary, _correction):
        intent = read(message, folded, today, significant, values)
        if intent is not None:
            return intent
    return None


# -- yes / no ----------------------------------------------------------------------------------------

_YES_CORE = frozenset(
    {
        "sim",
        "s",
        "ss",
        "sss",
        "simm",
        "simmm",
        "si",
        "pode",
        "claro",
        "isso",
        "exato",
        "exatamente",
        "ok",
        "okay",
        "okk",
        "oks",
        "blz",
        "beleza",
        "certo",
        "certinho",
        "correto",
        "confirmo",
        "confirma",
        "confirmado",
        "confirmada",
        "confirmar",
        "uhum",
        "aham",
        "ahan",
        "afirmativo",
        "positivo",
        "perfeito",
        "bora",
        "yes",
        "yep",
        "fechado",
        "fechou",
        "show",
        "combinado",
        "ta",
        "quero",
        "demorou",
        "joia",
        "otimo",
        "dale",
        "autorizo",
        "concordo",
        "coloca",
        "coloque",
        "certeza",
        "sem duvida",
    }
)
_YES_EXTRA = frozenset(
    {
        "ser",
        "colocar",
        "salvar",
        "salva",
        "registrar",
        "registra",
        "lancar",
        "lanca",
        "anotar",
        "anota",
        "mesmo",
        "ai",
        "com",
        "bom",
        "que",
        "por",
        "favor",
        "obrigado",
        "obrigada",
        "obrigadao",
        "valeu",
        "vlw",
        "obg",
        "brigado",
        "brigada",
        "e",
        "eh",
        "pfv",
        "pf",
        "pls",
        "senhor",
        "senhora",
        "sem",
        "duvida",
        "crer",
        "la",
        "muito",
        "entao",
        "opa",
        "oi",
        "uai",
        "ue",
        "ah",
        "eu",
        "sempre",
        "absoluta",
        "absolutamente",
        "ne",
        "amigo",
        "amiga",
        "gracas",
        "tks",
        "thanks",
        "acho",
        "vai",
        "manda",
        "faz",
        "faca",
        "ver",
        "assim",
        "tudo",
    }
)
_NO_CORE = frozenset(
    {
        "nao",
        "n",
        "nn",
        "no",
        "nope",
        "negativo",
        "nem",
        "deixa",
        "deixe",
        "deixar",
        "esquece",
        "esqueca",
        "nada",
        "jamais",
        "nunca",
        "nah",
        "dispenso",
    }
)
_NO_EXTRA = frozenset(
    {
        "quero",
        "precisa",
        "precisar",
        "pra",
        "para",
        "quieto",
        "quieta",
        "agora",
        "melhor",
        "pode",
        "de",
        "jeito",
        "nenhum",
        "pensar",
        "isso",
        "mantem",
        "mantenha",
        "como",
        "esta",
        "necessario",
        "ainda",
        "enquanto",
        "vez",
        "dessa",
        "desta",
        "mais",
        "obrigado",
        "obrigada",
    }
)
_NO_WHEN_ASKED = frozenset({"cancela", "cancele", "cancelar", "cancelado", "cancelada", "para", "pare", "parar"})
"""A bare 'cancela' answers a pending question with no; out of the blue it means undo the last entry."""
_TOKEN_WORD_RE = re.compile(r"[^\W_]+")

_YES_EMOJI = frozenset("👍👌✅✔☑🆗👏💯🤝🙌")
_NO_EMOJI = frozenset("👎❌✖🚫⛔🙅")
_EMOJI_NOISE = frozenset("\ufe0f\u200d") | frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
"""Variation selectors, joiners and skin tones ride along with a thumbs-up and carry no meaning."""


def _yes_or_no(folded: str, awaiting: bool) -> bool | None:
    """True for "sim" / "pode sim" / "isso mesmo", False for "não" / "deixa pra lá", None for anything else."""
    words = _TOKEN_WORD_RE.findall(folded)
    if not words or len(words) > 6:
        return None
    no_core = _NO_CORE | _NO_WHEN_ASKED if awaiting else _NO_CORE
    allowed = _YES_CORE | _YES_EXTRA | no_core | _NO_EXTRA
    if any(word not in allowed for word in words):
        return None
    if any(word in no_core for word in words):
        return False
    if any(word in _YES_CORE for word in words):
        return True
    return None


def _emoji_answer(message: str) -> bool | None:
    """👍 / ✅ as yes and 👎 / ❌ as no, when the message is only that."""
    marks = [ch for ch in message if not ch.isspace() and ch not in _EMOJI_NOISE and ch not in "!.?,"]
    if marks and all(ch in _YES_EMOJI for ch in marks):
        return True
    if marks and all(ch in _NO_EMOJI for ch in marks):
        return False
    return None


# -- shared pieces -----------------------------------------------------------------------------------

_LEAD = (
    r"^\W*(?:(?:oi|ola|ei|opa|ops|eita|putz|poxa|droga|ah|ai|ok|pronto|entao|errei|ixi|vish|ue|uai|nossa)\W+)*"
    r"(?:(?:por\s+favor|pf|pfv|pls|favor)\W+)?(?:(?:voce|vc|tu)\s+)?"
    r"(?:(?:pode|poderia|podia|consegue|conseguiria|da\s+pra|da\s+para|dava\s+pra|tem\s+como|quero|queria"
    r"|gostaria\s+de|preciso|vamos|vou|me\s+ajuda\s+a)\s+)?(?:(?:por\s+favor|pf|pfv)\W+)?(?:me\s+)?"
)
"""What may come before a command verb: 'oi', 'por favor', 'você pode', 'quero'."""

_ASK_RE = re.compile(r"\b(?:quanto|quanta|quantos|quantas|qual|quais|cade)\b")


def _cut(folded: str, spans: list[tuple[int, int]]) -> str:
    """folded with spans blanked out (same length, so offsets still point into the message)."""
    return _without(folded, spans)


@cache
def _category_names() -> dict[tuple[str, ...], str]:
    """Stems of the words that name a category itself ('lazer', 'comida', 'rolê'), read from the lexicon."""
    raw = resources.files("finassist").joinpath("data/categories_ptbr.json").read_text(encoding="utf-8")
    data = json.loads(raw)["categories"]
    names: dict[tuple[str, ...], str] = {}
    for category, groups in data.items():
        if category in CATEGORIES:
            for phrase in groups.get("names", []):
                stems = tuple(s for s, _ in stems_of(phrase))
                if stems:
                    names[stems] = category
    for category in CATEGORIES:
        names[tuple(s for s, _ in stems_of(category))] = category
    return names


def _named_categories(text: str) -> list[str]:
    """Categories named by their own name in text, in order, each once ('não era Alimentação, era Lazer')."""
    words = [s for s, _ in stems_of(text)]
    names = _category_names()
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            category = names.get(tuple(words[i : i + size]))
            if category is not None:
                if category not in found:
                    found.append(category)
                i += size
                break
        else:
            i += 1
    return found


def _valid_amount(value: Decimal) -> bool:
    return Decimal(0) < value < MAX_AMOUNT


def _unlikely_amount(amount: Decimal) -> Clarification:
    return Clarification(
        "ambiguous_amount",
        f"O valor {format_brl(amount)} não parece certo. Pode confirmar o valor? Por exemplo: 45,00",
    )


def _several_amounts(values: list[Decimal], what: str) -> Clarification:
    shown = " e ".join(format_brl(quantize(v)) for v in values[:3])
    return Clarification(
        "ambiguous_amount", f"Encontrei mais de um valor na mensagem ({shown}). Qual é o valor {what}?"
    )


def _is_calendar_month(period: Period) -> bool:
    last = calendar.monthrange(period.start.year, period.start.month)[1]
    return (
        period.start.day == 1
        and (period.end.year, period.end.month) == (period.start.year, period.start.month)
        and period.end.day == last
    )


_CATEGORY_LIST = ", ".join(CATEGORIES)

# -- budget ------------------------------------------------------------------------------------------

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


def _budget(
    message: str, folded: str, today: date, significant: list[AmountMatch], values: list[Decimal]
) -> Intent | None:
    """'meu limite de alimentação é 800 por mês', 'quero gastar no máximo 300 com lazer'."""
    if _NOT_BUDGET_RE.search(folded) and not _EXPENSE_VERB_RE.search(folded):
        return NotUnderstood(HELP)  # a card's credit limit is neither a budget nor an expense
    if not _BUDGET_RE.search(folded) or _NOT_BUDGET_RE.search(folded):
        return None
    strong = bool(_BUDGET_STRONG_RE.search(folded))
    if _EXPENSE_VERB_RE.search(folded) and not strong:
        return None  # "gastei no máximo 50 no almoço" is an expense
    category = category_in_question(_without(message, [(m.start, m.end) for m in significant]))
    if not values:
        if strong and _BUDGET_SET_VERB_RE.search(folded) and not _ASK_RE.search(folded) and "?" not in folded:
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
    if not _valid_amount(amount):
        return _unlikely_amount(amount)
    if category is None:
        return Clarification(
            "missing_budget_category",
            f"Os limites são por categoria. De qual categoria é o limite de {format_brl(amount)}? ({_CATEGORY_LIST})",
        )
    return SetBudget(category, amount)


# -- undo --------------------------------------------------------------------------------------------

_UNDO_VERB = (
    r"(?:apag(?:a|ue|ar|ua)|exclu(?:i|a|ir|e)|delet(?:a|e|ar)|remov(?:e|a|er)|desfa(?:z|ca|zer|ze|ca-lo)"
    r"|cancel(?:a|e|ar)|estorn(?:a|e|ar)|anul(?:a|e|ar)|tir(?:a|e|ar)|retir(?:a|e|ar)|descart(?:a|e|ar)"
    r"|desconsider(?:a|e|ar)|ignor(?:a|e|ar)|esquec(?:e|er)|esqueca|volt(?:a|ar)\s+atras|ctrl\s*\+?\s*z|undo)"
)
_UNDO_AT_START_RE = re.compile(_LEAD + _UNDO_VERB + r"(?![^\W_])")
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
_PLACE_VERB = (
    r"(?:coloc(?:a|ar)|coloque|p(?:oe|onha|or)|bot(?:a|e|ar)|jog(?:a|ar)|jogue|mov(?:e|a|er)|pass(?:a|e|ar)"
    r"|transfer(?:e|ir)|transfira|classific(?:a|ar)|classifique|categoriz(?:a|e|ar)|lanc(?:a|e|ar)|registr(?:a|e|ar)"
    r"|marc(?:a|ar)|marque|deix(?:a|e|ar)|salv(?:a|e|ar)|anot(?:a|e|ar)|manda|mande|mandar)"
)
_PLACE_RE = re.compile(
    r"\b" + _PLACE_VERB + r"\b(?:\s+(?:isso|esse|essa|ele|ela|ai|la|o\s+ultimo|a\s+ultima|o\s+[^\W\d_]+))?"
    r"\s+(?:em|no|na|nos|nas|pra|para|pro|como|de|na\s+categoria|pra\s+categoria|para\s+a?\s*categoria)\s+"
)
"""'coloca em Lazer', 'passa pra transporte', 'põe como compras': moves the last entry to a category."""


def _undo(
    message: str, folded: str, today: date, significant: list[AmountMatch], values: list[Decimal]
) -> Intent | None:
    """'apaga o último', 'desfaz', 'cancela o último lançamento', 'lancei duplicado'."""
    verb = _UNDO_AT_START_RE.search(folded) or (None if values else _UNDO_ANYWHERE_RE.search(folded))
    mistake = _UNDO_DUPLICATE_RE.search(folded) or (None if values else _UNDO_MISTAKE_RE.search(folded))
    if verb is None and mistake is None:
        return None
    if verb is not None and _ASK_RE.search(folded[: verb.start()]):
        return None  # "qual gasto eu apago?" and the like are questions
    if _PLACE_RE.search(folded) and _named_categories(message):
        return None  # "tira de lazer e põe em compras" is a correction
    if _UNDO_OTHER_OBJECT_RE.search(folded):
        return Clarification(
            "unsupported_removal",
            'Por enquanto eu só consigo apagar o último lançamento: mande "apaga o último". '
            "Outros lançamentos você pode ajustar direto na sua planilha.",
        )
    return UndoLast()


# -- recurring ---------------------------------------------------------------------------------------

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
_RECURRING_WORDS = frozenset(
    {
        "tenho",
        "temos",
        "tem",
        "cai",
        "vence",
        "vencimento",
        "sai",
        "debita",
        "debitam",
        "debitado",
        "cobram",
        "cobra",
        "cobrado",
        "cadastra",
        "cadastre",
        "cadastrar",
        "agenda",
        "agende",
        "agendar",
        "programa",
        "programe",
        "lembra",
        "lembre",
        "cria",
        "crie",
        "criar",
        "salva",
        "salve",
        "inclui",
        "inclua",
        "sempre",
        "todo",
        "toda",
        "todos",
        "cada",
        "mes",
        "meses",
        "mensalmente",
        "mensal",
        "fixo",
        "fixa",
        "recorrente",
        "pagar",
        "pagamos",
        "gasto",
        "gastos",
        "despesa",
        "lanca",
        "lance",
        "lancar",
        "automatico",
        "automaticamente",
        "mim",
        "pra",
        "para",
        "dia",
        "do",
    }
)


def _day_number(text: str) -> int | None:
    text = text[:-1] if text[-1:] in ("o", "a") and text[:-1].isdigit() else text
    return parse_count(text)


def _recurring(
    message: str, folded: str, today: date, significant: list[AmountMatch], values: list[Decimal]
) -> Intent | None:
    """'todo dia 8 pago 1.800 de aluguel', 'aluguel de 1.800 todo dia 5', 'netflix 55,90 todo mês'."""
    monthly = _MONTHLY_RE.search(folded)
    every_day_n = _EVERY_DAY_N_RE.search(folded)
    last_day = _LAST_DAY_RE.search(folded)
    day_of_month = _DAY_OF_MONTH_RE.search(folded)
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
        return None
    if _QUESTION_RE.search(folded) and not values:
        return None  # "quanto gasto por mês com aluguel?", "quais são meus gastos fixos?"
    if other and not strong:
        if not values and not fixed:
            return None
        return Clarification(
            "recurring_frequency",
            "Por enquanto eu só lanço sozinho gastos que se repetem todo mês, num dia fixo. "
            'Por exemplo: "todo dia 8 pago 1.800 de aluguel". Se foi um gasto só, mande o valor e o que foi.',
        )
    if not strong and not (day_of_month or last_day or _SETUP_VERB_RE.search(folded)):
        return None  # "conta fixa de luz 150" is just an expense

    day_text = every_day_n or day_of_month
    day = 31 if last_day else (_day_number(day_text.group("d")) if day_text else None)
    phrases = [
        (m.start(), m.end())
        for pattern in (_MONTHLY_RE, _EVERY_DAY_N_RE, _DAY_OF_MONTH_RE, _LAST_DAY_RE, _FIXED_RE, _NOISE_RE)
        for m in pattern.finditer(folded)
    ]
    removed = phrases + [(a.start, a.end) for a in significant]
    description, _verbs = _description(message, folded, removed, _RECURRING_WORDS, _RECURRING_WORDS)
    category, _certain = classify(description) if description else ("Outros", False)
    if category == "Outros" and description:
        category, _certain = classify(_without(message, removed))

    if len(values) > 1:
        return _several_amounts(values, "que se repete todo mês")
    if not values:
        thing = description or "esse gasto"
        when = f"todo dia {day}" if day else "todo mês"
        return Clarification(
            "missing_amount",
            f"Qual é o valor de {thing} {when}? Por exemplo: "
            f"todo dia {day or 8} pago 1.800 de {description or 'aluguel'}",
        )
    amount = quantize(values[0])
    if not _valid_amount(amount):
        return _unlikely_amount(amount)
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
            f"todo dia {day} pago {_plain(amount)} de aluguel",
        )
    return AddRecurring(day, amount, category, description)


# -- export ------------------------------------------------------------------------------------------

_EXPORT_VERB_RE = re.compile(r"\b(?:export\w*|baix(?:a|e|ar)|download|backup|extrair)\b")
_EXPORT_OBJECT_RE = re.compile(
    r"\b(?:planilhas?|excel|xlsx?|csv|arquivos?|backup|tabela|dados|(?:meus|os|todos\s+os)\s+lancamentos)\b"
)
_EXPORT_OTHER_FORMAT_RE = re.compile(r"\b(?:pdf|txt|json|ods|google\s+sheets?|sheets|numbers)\b")
_SEND_RE = re.compile(r"\b(?:manda|mande|mandar|envia|envie|enviar|gera|gere|gerar|quero|queria|preciso)\b")


def _export(
    message: str, folded: str, today: date, significant: list[AmountMatch], values: list[Decimal]
) -> Intent | None:
    """'me manda a planilha', 'exporta outubro em CSV', 'quero meus dados'."""
    verb = _EXPORT_VERB_RE.search(folded)
    thing = _EXPORT_OBJECT_RE.search(folded)
    other_format = _EXPORT_OTHER_FORMAT_RE.search(folded)
    if not (verb or thing or (other_format and _SEND_RE.search(folded))):
        return None
    if [a for a in significant if not a.name_like]:
        return None  # "assinatura do excel 40" is an expense; "exporta 2025" names a year
    if not verb and (_ASK_RE.search(folded) or re.search(r"\b(?:total|soma|somatorio)\b", folded)):
        return None  # "qual o total da planilha?" is a question about spending
    if other_format and not re.search(r"\b(?:csv|xlsx?|excel|planilhas?)\b", folded):
        return Clarification(
            "export_format",
            'Só consigo mandar seus gastos numa planilha Excel (.xlsx): é só pedir "me manda a planilha".',
        )
    period = parse_period(message, today)
    return ExportRequest(period, "csv" if re.search(r"\bcsv\b", folded) else "xlsx")


# -- month summary -----------------------------------------------------------------------------------

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


def _summary(
    message: str, folded: str, today: date, significant: list[AmountMatch], values: list[Decimal]
) -> Intent | None:
    """'resumo do mês', 'como foi o mês passado?', 'me dá um panorama'; with a category it is a question."""
    if values or not _SUMMARY_RE.search(folded):
        return None
    period = parse_period(message, today)
    category = category_in_question(message)
    if category is not None:
        return SpendingQuestion(period or this_month(today), category)
    if period is None:
        return MonthSummaryRequest(this_month(today))
    if _is_calendar_month(period):
        return MonthSummaryRequest(period)
    return SpendingQuestion(period, None)


# -- correct the last entry --------------------------------------------------------------------------

_CORRECTION_VERB = (
    r"(?:corrig(?:e|ir)|corrija|arrum(?:a|e|ar)|consert(?:a|e|ar)|ajust(?:a|e|ar)|alter(?:a|e|ar)|mud(?:a|e|ar)"
    r"|troc(?:a|ar)|troque|atualiz(?:a|e|ar)|edit(?:a|e|ar)|retific(?:a|e|ar)|substitu(?:i|a|ir)"
    r"|reclassific(?:a|ar)|reclassifique|recategoriz(?:a|e|ar)|modific(?:a|ar)|modifique)"
)
_CORRECTION_VERB_RE = re.compile(_LEAD + _CORRECTION_VERB + r"(?![^\W_])")
_CORRECTION_MARK_RE = re.compile(
    r"\b(?:na\s+(?:verdade|real|vdd)|alias|quer\s+dizer|ou\s+melhor|pensando\s+bem|corrigindo|correcao"
    r"|retificando|me\s+expressei\s+mal)\b"
)
_MISTAKE_RE = re.compile(
    r"\b(?:errei|errou|erramos|errado|errada|errados|erradas|equivoquei|equivocad[oa]|enganei|confundi"
    r"|troquei\s+(?:o|a)\s+(?:valor|categoria|data|descricao|nome))\b"
)
_FIELD_IS_RE = re.compile(
    r"\b(?:o\s+|a\s+)?(?:valor|preco|categoria|a\s+data|data|o\s+dia|descricao|nome)\s*(?:certo|certa|correto"
    r"|correta|real|verdadeiro|verdadeira|exato|exata|novo|nova)?\s*(?:e|eh|era|foi|seria|fica|sera|:|=)(?:\s|$)"
    r"|^\W*(?:o|a)\s+(?:certo|correto|certa|correta)\s+(?:e|eh|era|seria)\b"
    r"|^\W*(?:era|eram)\s+(?:pra|para)\s+ser\b"
)
_WAS_RE = re.compile(r"^\W*(?:nao\s+)?(?:era|eram)\b")
_WAS_DATE_RE = re.compile(r"^\W*(?:nao\s+)?(?:foi|foram|e|eh)\b")
_NOT_THEN_RE = re.compile(
    r"^\W*(?:nao|n)\s*(?:[,.;:!-]+\s*|\s+(?=(?:era|eram|foi|foram|e|eh|sao|seria|pra|para|em|no|na|coloca"
    r"|coloque|poe|bota|muda|mude|troca|o\s+valor|a\s+categoria|a\s+data)\b))\S"
)
_NEGATED_RE = re.compile(
    r"(?:\be\s+)?\bnao\s+(?:(?:era|eram|foi|foram|e|eh|sao|seria|esta|de|em|com|pra|para|no|na|do|da|o|a)\s+)*"
    r"(?P<x>[^\s,;!?].*?)"
    r"(?=\s*(?:[;!?]|[.,](?!\d)|$)|\s+(?:mas|e\s+sim|era|eram|foi|foram|eh|sim|seria|e)\b)"
)
"""'não era Alimentação', 'e não 25', 'não foi hoje': the old value, to be left out."""
_OLD_VALUE_RE = re.compile(r"\b(?:pra|para|pro|por|como)\b")
_AMOUNT_FIELD_RE = re.compile(r"\b(?:valor|preco|quantia|montante)\b")
_CATEGORY_FIELD_RE = re.compile(r"\bcategorias?\b")
_DATE_FIELD_RE = re.compile(r"\b(?:data|o\s+dia|do\s+dia)\b")
_DESCRIPTION_FIELD_RE = re.compile(
    r"\b(?:descricao|nome|desc)\b(?:\s+(?:certa|correta|certo|correto|nova|novo|real|verdadeira))?"
    r"(?:\s*(?:e|eh|era|seria|fica|sera|vai\s+ser|deve\s+ser|:|=|-|para|pra|por)(?=\s|$))?"
)
_LAST_ENTRY_RE = re.compile(
    r"\b(?:ultim[oa]|lancamento|lancei|anotei|registrei|isso|esse|essa|ele|ela|anterior|aquele|aquela|entrada)\b"
)
_CORRECTION_WORDS = frozenset(
    {
        "na",
        "verdade",
        "real",
        "vdd",
        "alias",
        "quer",
        "dizer",
        "ou",
        "melhor",
        "pensando",
        "bem",
        "corrigindo",
        "correcao",
        "era",
        "eram",
        "foi",
        "foram",
        "e",
        "eh",
        "nao",
        "n",
        "sim",
        "mas",
        "ser",
        "seria",
        "sera",
        "fica",
        "ficou",
        "pra",
        "para",
        "por",
        "pro",
        "como",
        "ultimo",
        "ultima",
        "lancamento",
        "registro",
        "gasto",
        "despesa",
        "item",
        "anotacao",
        "entrada",
        "isso",
        "esse",
        "essa",
        "este",
        "esta",
        "ele",
        "ela",
        "certo",
        "certa",
        "correto",
        "correta",
        "errei",
        "errado",
        "errada",
        "errou",
        "enganei",
        "confundi",
        "equivoquei",
        "ops",
        "desculpa",
        "desculpe",
        "mal",
        "aquele",
        "aquela",
        "anterior",
        "mensagem",
        "anotei",
        "lancei",
        "registrei",
        "botei",
        "mandei",
        "voce",
        "vc",
        "pode",
        "poderia",
        "favor",
        "tava",
        "estava",
        "mesmo",
        "descricao",
        "nome",
        "valor",
        "categoria",
        "data",
        "corrige",
        "corrija",
        "corrigir",
        "arruma",
        "arrume",
        "arrumar",
        "conserta",
        "conserte",
        "consertar",
        "ajusta",
        "ajuste",
        "ajustar",
        "altera",
        "altere",
        "alterar",
        "muda",
        "mude",
        "mudar",
        "troca",
        "troque",
        "trocar",
        "atualiza",
        "atualize",
        "atualizar",
        "edita",
        "edite",
        "editar",
        "retifica",
        "substitui",
        "substitua",
        "modifica",
        "modifique",
        "poe",
        "ponha",
        "joga",
        "jogue",
        "move",
        "mova",
        "passa",
        "passe",
        "quero",
        "queria",
        "preciso",
    }
)


def _correction(
    message: str, folded: str, today: date, significant: list[AmountMatch], values: list[Decimal]
) -> Intent | None:
    """'na verdade foram 52', 'muda a categoria para Lazer', 'era ontem', 'não era Alimentação, era Lazer'."""
    if _ASK_RE.search(folded):
        return None
    verb = _CORRECTION_VERB_RE.search(folded)
    negated = [(m.start(), m.end()) for m in _NEGATED_RE.finditer(folded)]
    has_field = any(
        p.search(folded) for p in (_AMOUNT_FIELD_RE, _CATEGORY_FIELD_RE, _DATE_FIELD_RE, _DESCRIPTION_FIELD_RE)
    )
    placed = _PLACE_RE.search(folded) if not values else None
    triggered = (
        _CORRECTION_MARK_RE.search(folded)
        or _MISTAKE_RE.search(folded)
        or _FIELD_IS_RE.search(folded)
        or _WAS_RE.match(folded)
        or _NOT_THEN_RE.match(folded)
        or (message[:1] in "éÉ" and _WAS_DATE_RE.match(folded))
        or (placed and _named_categories(message[placed.end() :]))
        or (negated and (values or _named_categories(message) or all_dates(_cut(folded, negated), today)))
        or (_WAS_DATE_RE.match(folded) and not values and all_dates(folded, today) and "?" not in folded)
        or (_CATEGORY_FIELD_RE.search(folded) and not values and "?" not in folded)
    )
    if verb is not None and not triggered:
        target = _OLD_VALUE_RE.search(folded, verb.end())
        if not (target or has_field or _LAST_ENTRY_RE.search(folded) or _only_values_left(message, folded, verb.end())):
            return None  # "troca de óleo 150", "ajuste da calça 30": expenses that start like a command
        triggered = True
    if not triggered:
        return None
    return _read_correction(message, folded, today, verb.end() if verb else None, negated, has_field)


def _only_values_left(message: str, folded: str, start: int) -> bool:
    """After the verb there is nothing but amounts, dates and filler: 'corrige 52', 'altera: ontem'."""
    rest = _without(message, [(0, start)])
    removed = [(a.start, a.end) for a in parse_amounts(rest)]
    removed += [(d.start, d.end) for d in all_dates(fold_keeping_length(rest), date(2000, 1, 1))]
    leftover, _ = _description(rest, fold_keeping_length(rest), removed, _CORRECTION_WORDS, _CORRECTION_WORDS)
    return not leftover


def _read_correction(
    message: str,
    folded: str,
    today: date,
    verb_end: int | None,
    negated: list[tuple[int, int]],
    has_field: bool,
) -> CorrectLast | Clarification:
    """The new values in a correction, leaving out the old ones ('de 25 pra 52', 'não era X')."""
    removed = negated + [(m.start(), m.end()) for m in _NOISE_RE.finditer(folded)]
    if verb_end is not None:
        target = _OLD_VALUE_RE.search(_cut(folded, removed), verb_end)
        if target is not None and any(ch.isalnum() for ch in _cut(folded, removed)[target.end() :]):
            removed.append((0, target.end()))

    description_field = _DESCRIPTION_FIELD_RE.search(folded)
    if description_field is not None:
        start = max(description_field.end(), max((end for s, end in removed if s == 0), default=0))
        description, _ = _description(
            message, folded, [*removed, (0, start)], _CORRECTION_WORDS, frozenset({"nao", "mesmo", "ok"})
        )
        if description:
            return CorrectLast(description=description)
        return Clarification("correction_unclear", 'Qual é a descrição certa? Por exemplo: "a descrição é pizza"')

    clean = _without(message, removed)
    clean_folded = fold_keeping_length(clean)
    dates = all_dates(clean_folded, today)
    date_spans = [(d.start, d.end) for d in dates]
    amounts = significant_amounts([a for a in parse_amounts(clean) if not _overlaps((a.start, a.end), date_spans)])
    values = distinct_values(amounts)
    amount_field = bool(_AMOUNT_FIELD_RE.search(folded))
    category_field = bool(_CATEGORY_FIELD_RE.search(folded))
    date_field = bool(_DATE_FIELD_RE.search(folded))

    new_date = dates[0].value if dates else None
    if new_date is None and date_field and not amount_field and len(values) == 1:
        day = values[0]
        if day == day.to_integral_value() and 1 <= day <= 31:
            new_date = most_recent_day(int(day), today)
            values = []
    without_numbers = _without(clean, date_spans + [(a.start, a.end) for a in amounts])
    if category_field:
        named = _named_categories(without_numbers)
        guessed = category_in_question(without_numbers)
        categories = named or ([guessed] if guessed else [])
    else:
        categories = _named_categories(without_numbers)

    if len(values) > 1:
        return _several_amounts(values, "certo")
    if len(categories) > 1:
        return Clarification("ambiguous_category", f"Para qual categoria eu mudo: {' ou '.join(categories)}?")
    amount = quantize(values[0]) if values else None
    if amount is not None and not _valid_amount(amount):
        return _unlikely_amount(amount)
    category = categories[0] if categories else None

    if amount is None and category is None and new_date is None:
        if amount_field:
            return Clarification("correction_unclear", 'Qual é o valor certo? Por exemplo: "o valor certo é 52,90"')
        if category_field:
            return Clarification(
                "correction_unclear", f"Para qual categoria eu mudo o último lançamento? ({_CATEGORY_LIST})"
            )
        if date_field:
            return Clarification("correction_unclear", 'Qual é a data certa? Por exemplo: "era ontem" ou "dia 20"')
        if not has_field:
            cut = removed + date_spans + [(a.start, a.end) for a in amounts]
            description, _ = _description(message, folded, cut, _CORRECTION_WORDS, frozenset({"nao", "mesmo", "ok"}))
            if description and any(ch.isalpha() for ch in description):
                return CorrectLast(description=description)
        return Clarification(
            "correction_unclear",
            "O que você quer corrigir no último lançamento: o valor, a categoria, a data ou a descrição? "
            'Por exemplo: "na verdade foram 52", "muda a categoria para Lazer" ou "era ontem".',
        )
    return CorrectLast(amount=amount, category=category, date=new_date)
