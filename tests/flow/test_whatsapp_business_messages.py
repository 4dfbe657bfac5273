"""WhatsApp's rules on the embedded stack: business-initiated messages, the 24-hour window, one attachment each.

The offline channel is the embedded stack's Twilio and keeps Twilio's rules (finassist/adapters/console_channel.py);
the last test goes through the real twilio SDK against the Twilio fake (tests/fakes/twilio_api.py).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlparse

import openpyxl
import pytest

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA, SEED_CSV, openai_stack
from tests.fakes.openai_payloads import function_call, message
from tests.fakes.openai_server import Turn

TEMPLATE_SID = "HX" + "0a1b2c3d4e5f6a7b" * 2
RENT_TEMPLATE_TEXT = "🔁 Lancei sua despesa recorrente: R$ 1.800,00 em Moradia (aluguel), 08/12."
RENT_LINE = "Ah, hoje lancei sua despesa fixa de aluguel: R$ 1.800,00 ✅"
LambdaServiceException: type[Exception] = type("Lambda.ServiceException", (Exception,), {})


def ledger_rows(stack: EmbeddedStack) -> list[tuple[str, Decimal]]:
    return [(r.expense.description, r.expense.amount) for r in XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).rows()]


def rent_due_after_25_hours_of_silence(stack: EmbeddedStack) -> None:
    """Ana sets up her rent on 2026-12-07 at 07:00 and says nothing more; the job runs on the 8th at 08:00."""
    stack.configure(FINASSIST_NOW="2026-12-07T07:00:00-03:00")
    assert stack.send(twilio_fields(ANA, "todo dia 8 pago 1.800 de aluguel")).status == "SUCCEEDED"
    stack.configure(FINASSIST_NOW="2026-12-08T08:00:00-03:00")
    assert stack.run_daily_recurring().status == "SUCCEEDED"
    assert ledger_rows(stack) == [("aluguel", Decimal("1800.00"))]


def test_a_recurring_notice_to_someone_silent_for_25_hours_goes_as_the_approved_template(
    stack: EmbeddedStack,
) -> None:
    stack.configure(RECURRING_NOTICE_TEMPLATE_SID=TEMPLATE_SID)

    rent_due_after_25_hours_of_silence(stack)

    notice = stack.messages_to(ANA)[-1]
    assert notice["content_sid"] == TEMPLATE_SID
    assert notice["content_variables"] == {"1": "R$ 1.800,00", "2": "Moradia", "3": "aluguel", "4": "08/12"}
    assert (notice["status"], notice["text"]) == ("delivered", RENT_TEMPLATE_TEXT)
    assert "Ah, hoje lancei" not in stack.send(twilio_fields(ANA, "almoço 30")).replies[0], "not told twice"


def test_without_a_template_the_notice_waits_and_goes_with_the_next_reply_exactly_once(stack: EmbeddedStack) -> None:
    rent_due_after_25_hours_of_silence(stack)
    assert [m for m in stack.messages_to(ANA) if "aluguel" in str(m["text"]) and "1.800" in str(m["text"])][1:] == []
    stack.inject_fault("SendReply", LambdaServiceException, after=True)  # its result is lost: the step runs again

    stack.configure(FINASSIST_NOW="2026-12-08T12:30:00-03:00")
    first = stack.send(twilio_fields(ANA, "almoço 30"))
    second = stack.send(twilio_fields(ANA, "uber 20"))

    assert first.status == "SUCCEEDED"
    assert next(v for v in first.path if v.name == "SendReply").retries == 1
    [reply] = first.replies
    assert reply.startswith(RENT_LINE + "\n\nAnotado!")
    assert all("aluguel" not in text for text in second.replies)
    assert sum(RENT_LINE in text for text in stack.replies_to(ANA)) == 1, "delivered once, never dropped"


def test_a_notice_is_never_sent_free_form_to_someone_outside_the_window(stack: EmbeddedStack) -> None:
    rent_due_after_25_hours_of_silence(stack)

    failed = [m for m in stack.messages_to(ANA) if m.get("status") == "failed"]

    assert failed == [], "nothing the product sent was refused with 63016"


def test_a_month_summary_with_its_chart_and_an_export_in_one_turn_are_two_messages_one_attachment_each(
    tmp_path: Path,
) -> None:
    if not SEED_CSV.exists():
        pytest.skip(f"seed ledger not found at {SEED_CSV}")
    with openai_stack(tmp_path / "data") as (stack, openai_api):
        XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).load_csv(SEED_CSV)
        openai_api.plan(
            Turn(
                output=[
                    function_call("call_sum", "get_month_summary", {"month": "2026-11"}, "fc_1"),
                    function_call("call_xls", "export_expenses", {"start_date": None, "end_date": None}, "fc_2"),
                ],
                polls_in_progress=0,
            ),
            Turn(output=[message("Seu resumo de novembro e a planilha 📊📎")], polls_in_progress=0),
        )

        outcome = stack.send(twilio_fields(ANA, "resumo do mês e me manda a planilha"))

        assert outcome.status == "SUCCEEDED"
        sent = stack.messages_to(ANA)
        assert [len(m.get("media", [])) for m in sent] == [1, 1], "two messages, one attachment each"
        assert all("ignored_media" not in m for m in sent)
        chart, workbook = (Path(unquote(urlparse(m["media"][0]).path)) for m in sent)
        assert chart.read_bytes().startswith(b"\x89PNG")
        assert "Despesas" in openpyxl.load_workbook(workbook).worksheets[0].tables
        assert sent[0]["text"] == "Seu resumo de novembro e a planilha 📊📎"
        assert [m["status"] for m in sent] == ["delivered", "delivered"]
