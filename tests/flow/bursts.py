"""Bursts of WhatsApp messages for the concurrency suites: every webhook posted first, in the order given (the
order the webhook accepts them), then every execution awaited."""

from __future__ import annotations

from decimal import Decimal

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path

SENDERS = ["whatsapp:+5511900000001", "whatsapp:+5511900000002", "whatsapp:+5511900000003"]


def said(amount: int) -> str:
    return f"gastei {amount} reais no mercado"


def burst(stack: EmbeddedStack, plan: list[tuple[str, int]]) -> list[str]:
    sids = []
    for sender, amount in plan:
        fields = twilio_fields(sender, said(amount))
        assert stack.post_webhook(stack.webhook_event(fields))["statusCode"] == 200
        sids.append(fields["MessageSid"])
    for sid in sids:
        assert stack.wait(stack.execution_arn(sid), timeout=240)["status"] == "SUCCEEDED", sid
    return sids


def amounts_written(stack: EmbeddedStack, sender: str) -> list[Decimal]:
    return [row.expense.amount for row in XlsxLedger(xlsx_ledger_path(stack.data_dir, sender)).rows()]
