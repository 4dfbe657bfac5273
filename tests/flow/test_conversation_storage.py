"""The offline engine's conversation file, through the whole stack: a burst from one person does not damage it,
and a damaged one does not lock the person out (the message is answered and the next ones too)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from finassist import wiring
from finassist.adapters.offline_assistant import OfflineAssistant
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.local.stack import EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path
from tests.conftest import ANA

BURST = 6


def _conversation_documents(stack: EmbeddedStack) -> OfflineAssistant:
    return OfflineAssistant(stack.data_dir)


def test_a_burst_of_six_messages_from_one_person_is_answered_six_times_and_leaves_a_readable_conversation(
    stack: EmbeddedStack,
) -> None:
    texts = [f"almoço {10 + n}" for n in range(BURST)]
    fields = [twilio_fields(ANA, text) for text in texts]

    with ThreadPoolExecutor(BURST) as pool:
        statuses = list(pool.map(lambda f: stack.post_webhook(stack.webhook_event(f))["statusCode"], fields))
    finished = [stack.wait(stack.execution_arn(f["MessageSid"]), timeout=120)["status"] for f in fields]

    assert statuses == [200] * BURST and finished == ["SUCCEEDED"] * BURST
    replies = stack.replies_to(ANA)
    assert len(replies) == BURST
    assert all(reply.startswith("Anotado! ✅") for reply in replies), replies
    rows = XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).rows()
    assert sorted(row.expense.amount for row in rows) == [Decimal(10 + n) for n in range(BURST)]
    conversation_id = wiring.conversations().find(stack.user_key(ANA)) or ""
    conversation = _conversation_documents(stack).conversations.read(conversation_id)
    # One turn at a time: the items kept (the newest turns) are those of the last replies, in the same order.
    kept = [i["content"] for i in conversation["items"] if i.get("role") == "user"]
    answered = [f"almoço {reply.split('R$ ')[1].split(',')[0]}" for reply in replies]
    assert len(kept) >= 2 and kept == answered[-len(kept) :]


def test_a_damaged_conversation_file_is_replaced_and_the_message_still_answered(stack: EmbeddedStack) -> None:
    first = stack.send(twilio_fields(ANA, "almoço 30"))
    assert first.replies[0].startswith("Anotado! ✅ R$ 30,00")
    conversation_id = wiring.conversations().find(stack.user_key(ANA)) or ""
    documents = _conversation_documents(stack).conversations
    documents.path(conversation_id).write_text('{"id": "' + conversation_id + '", "items": [{"ty', encoding="utf-8")

    damaged = stack.send(twilio_fields(ANA, "uber 22"))
    after = stack.send(twilio_fields(ANA, "café 7"))

    assert damaged.status == "SUCCEEDED" and "SendApology" not in damaged.state_names
    assert damaged.replies == ["Anotado! ✅ R$ 22,00 em Transporte (uber), 24/11."]
    assert after.replies[0].startswith("Anotado! ✅ R$ 7,00")
    rows = XlsxLedger(xlsx_ledger_path(stack.data_dir, ANA)).rows()
    assert [row.expense.amount for row in rows] == [Decimal("30.00"), Decimal("22.00"), Decimal("7.00")]
    assert documents.read(conversation_id)["replaced"]["problem"]
    assert len(documents.set_aside_files(conversation_id)) == 1
