"""The recurring notice through the real twilio SDK against the Twilio fake, which keeps the 24-hour window."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from finassist import wiring
from finassist.domain.notices import RECURRING_TEMPLATE_BODY
from finassist.local.stack import twilio_fields
from finassist.ports import RecurringExpense
from tests.conftest import NOW
from tests.reliability.world import ANSWER, World

TEMPLATE_SID = "HX" + "9f8e7d6c5b4a3f2e" * 2
DUE = datetime.fromisoformat(NOW) + timedelta(hours=25)  # 2026-11-25 11:00 -03:00


@pytest.fixture
def silent_owner(world: World) -> Iterator[str]:
    """A user who last wrote 25 hours before the daily job, with rent due on the job's day."""
    sender = world.new_user()
    world.stack.record_inbound(sender, datetime.fromisoformat(NOW))
    wiring.recurring().put(
        RecurringExpense(sender, uuid.uuid4().hex[:12], 25, Decimal("1800.00"), "Moradia", "aluguel", "2026-11")
    )
    world.stack.configure(FINASSIST_NOW=DUE.isoformat())
    try:
        yield sender
    finally:
        world.stack.configure(FINASSIST_NOW=NOW, RECURRING_NOTICE_TEMPLATE_SID="")
        world.twilio.templates.clear()


def test_the_notice_goes_as_the_approved_template_through_twilio(world: World, silent_owner: str) -> None:
    world.twilio.templates[TEMPLATE_SID] = RECURRING_TEMPLATE_BODY
    world.stack.configure(RECURRING_NOTICE_TEMPLATE_SID=TEMPLATE_SID)

    assert world.stack.run_daily_recurring().status == "SUCCEEDED"

    [sent] = world.twilio.sent_to(silent_owner)
    assert sent["status"] == "delivered" and sent["content_sid"] == TEMPLATE_SID
    assert world.twilio.to(silent_owner) == [
        "🔁 Lancei sua despesa recorrente: R$ 1.800,00 em Moradia (aluguel), 25/11."
    ]


def test_a_template_twilio_refuses_leaves_the_notice_for_the_next_reply(world: World, silent_owner: str) -> None:
    world.stack.configure(RECURRING_NOTICE_TEMPLATE_SID=TEMPLATE_SID)  # configured, but not approved at Twilio

    assert world.stack.run_daily_recurring().status == "SUCCEEDED"
    assert world.twilio.to(silent_owner) == []

    world.plan_lunch()
    world.stack.send(twilio_fields(silent_owner, "Gastei R$ 45 em almoço hoje"))
    assert world.twilio.to(silent_owner) == [f"Ah, hoje lancei sua despesa fixa de aluguel: R$ 1.800,00 ✅\n\n{ANSWER}"]


def test_without_a_template_nothing_is_sent_free_form_and_the_next_reply_carries_the_notice_once(
    world: World, silent_owner: str
) -> None:
    assert world.stack.run_daily_recurring().status == "SUCCEEDED"
    assert world.twilio.sent_to(silent_owner) == [], "a free-form notice would fail with 63016"

    world.plan_lunch()
    world.stack.send(twilio_fields(silent_owner, "Gastei R$ 45 em almoço hoje"))
    world.plan_lunch()
    world.stack.send(twilio_fields(silent_owner, "Gastei R$ 45 em almoço hoje"))

    replies = world.twilio.to(silent_owner)
    assert replies[0].startswith("Ah, hoje lancei sua despesa fixa de aluguel: R$ 1.800,00 ✅\n\n")
    assert replies[1] == ANSWER
