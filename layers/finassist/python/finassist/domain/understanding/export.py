"""The user's rows as a file: 'me manda a planilha', 'exporta outubro em CSV', 'quero meus dados'."""

from __future__ import annotations

import re

from finassist.domain.periods import parse_period
from finassist.domain.understanding.intents import Clarification, ExportRequest, Intent
from finassist.domain.understanding.message import Message
from finassist.domain.understanding.patterns import ASK_RE

_EXPORT_VERB_RE = re.compile(r"\b(?:export\w*|baix(?:a|e|ar)|download|backup|extrair)\b")
_EXPORT_OBJECT_RE = re.compile(
    r"\b(?:planilhas?|excel|xlsx?|csv|arquivos?|backup|tabela|dados|(?:meus|os|todos\s+os)\s+lancamentos)\b"
)
_EXPORT_OTHER_FORMAT_RE = re.compile(r"\b(?:pdf|txt|json|ods|google\s+sheets?|sheets|numbers)\b")
_SEND_RE = re.compile(r"\b(?:manda|mande|mandar|envia|envie|enviar|gera|gere|gerar|quero|queria|preciso)\b")


def read_export(message: Message) -> Intent | None:
    """'me manda a planilha', 'exporta outubro em CSV', 'quero meus dados'."""
    folded = message.folded
    verb = _EXPORT_VERB_RE.search(folded)
    thing = _EXPORT_OBJECT_RE.search(folded)
    other_format = _EXPORT_OTHER_FORMAT_RE.search(folded)
    if not (verb or thing or (other_format and _SEND_RE.search(folded))):
        return None
    if [a for a in message.amounts if not a.name_like]:
        return None  # "assinatura do excel 40" is an expense; "exporta 2025" names a year
    if not verb and (ASK_RE.search(folded) or re.search(r"\b(?:total|soma|somatorio)\b", folded)):
        return None  # "qual o total da planilha?" is a question about spending
    if other_format and not re.search(r"\b(?:csv|xlsx?|excel|planilhas?)\b", folded):
        return Clarification(
            "export_format",
            'Só consigo mandar seus gastos numa planilha Excel (.xlsx): é só pedir "me manda a planilha".',
        )
    period = parse_period(message.text, message.today)
    return ExportRequest(period, "csv" if re.search(r"\bcsv\b", folded) else "xlsx")
