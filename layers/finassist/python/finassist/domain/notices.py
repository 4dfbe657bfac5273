"""What FinAssist tells someone without being asked (the recurring expense it added), in both of its forms.

WhatsApp lets a business start a conversation only with an approved template (ContentSid + ContentVariables): the
recurring notice is that template when the deployment has one. Without one the notice waits and goes out first
thing in the person's next reply, where free text is allowed: "Ah, hoje lancei sua despesa fixa de aluguel:
R$ 1.800,00 ✅".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finassist.domain.money import format_brl
from finassist.domain.reply import WHATSAPP_BODY_LIMIT, message_length

RECURRING_TEMPLATE_BODY = "🔁 Lancei sua despesa recorrente: {{1}} em {{2}} ({{3}}), {{4}}."
"""The body submitted for approval (docs/deploy.md); {{1}} amount, {{2}} category, {{3}} description, {{4}} DD/MM."""
_PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")


@dataclass(frozen=True)
class RecurringNotice:
    """A recurring expense that was just added to the ledger, as its owner should hear about it."""

    when: date
    description: str
    category: str
    amount: Decimal


def template_variables(notice: RecurringNotice) -> dict[str, str]:
    """ContentVariables for RECURRING_TEMPLATE_BODY: keys "1".."4", every value a non-empty single line.

    Twilio refuses (21656) a value that is empty or holds a newline, a tab or more than four spaces in a row.
    """
    return {
        "1": format_brl(notice.amount),
        "2": _one_line(notice.category),
        "3": _one_line(notice.description),
        "4": f"{notice.when:%d/%m}",
    }


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "-"


def render(template_body: str, variables: Mapping[str, str]) -> str:
    """The text a template becomes once its placeholders are filled (what the person reads)."""
    return _PLACEHOLDER.sub(lambda match: variables.get(match.group(1), match.group(0)), template_body)


def in_reply(notice: RecurringNotice, today: date) -> str:
    """The notice as a line at the top of the next reply, its day said from where the reader stands."""
    days = (today - notice.when).days
    day = "hoje" if days == 0 else "ontem" if days == 1 else f"no dia {notice.when:%d/%m}"
    return f"Ah, {day} lancei sua despesa fixa de {notice.description.strip()}: {format_brl(notice.amount)} ✅"


def with_notices(parts: Sequence[str], lines: Sequence[str], limit: int = WHATSAPP_BODY_LIMIT) -> list[str]:
    """The reply's parts with the waiting notices first: in the first part when it fits, else as their own part."""
    if not lines:
        return list(parts)
    heading = "\n".join(lines)
    if parts and message_length(f"{heading}\n\n{parts[0]}") <= limit:
        return [f"{heading}\n\n{parts[0]}", *parts[1:]]
    return [heading, *parts]
