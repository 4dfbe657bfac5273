"""The execution history carries an opaque user key: no digit run of the sender's number, no profile name, no
AccountSid, for a text message, a voice note and a failure (what an operator reads in the console)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from finassist.local.stack import LOCAL_ACCOUNT_SID, EmbeddedStack, project_root, twilio_fields
from tests.conftest import NOW

SENDER = "whatsapp:+5511976543210"
PROFILE_NAME = "Zuleica Prudente"
NUMBER_DIGITS = "5511976543210"


def digit_runs_of_the_number(text: str, length: int = 6) -> list[str]:
    """Every run of `length` digits of the sender's number found in `text` (a partial number still identifies)."""
    runs = {NUMBER_DIGITS[i : i + length] for i in range(len(NUMBER_DIGITS) - length + 1)}
    return sorted(run for run in runs if run in text)


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[EmbeddedStack]:
    with EmbeddedStack(tmp_path / "data", env={"FINASSIST_NOW": NOW}) as running:
        running.add_user(SENDER, "Zu")
        yield running


def raw_history(stack: EmbeddedStack, arn: str | None) -> str:
    assert arn is not None
    return json.dumps(stack.history(arn), default=str, ensure_ascii=False)


def assert_private(text: str) -> None:
    assert digit_runs_of_the_number(text) == []
    assert PROFILE_NAME not in text and "Zuleica" not in text
    assert LOCAL_ACCOUNT_SID not in text
    assert not re.search(r"whatsapp:\+?\d", text)


def test_a_text_message_leaves_no_personal_identifier_in_the_history(stack: EmbeddedStack) -> None:
    outcome = stack.send(twilio_fields(SENDER, "Gastei R$ 45 em almoço hoje", profile_name=PROFILE_NAME))
    assert outcome.status == "SUCCEEDED" and outcome.replies
    history = raw_history(stack, outcome.execution_arn)
    assert_private(history)
    assert stack.user_key(SENDER) in history  # what it carries instead


def test_a_voice_note_leaves_no_personal_identifier_in_the_history(stack: EmbeddedStack) -> None:
    note = (project_root() / "events" / "voice_notes" / "almoco.ogg").as_uri()
    outcome = stack.send(twilio_fields(SENDER, media_url=note, media_type="audio/ogg", profile_name=PROFILE_NAME))
    assert outcome.status == "SUCCEEDED" and outcome.replies
    assert_private(raw_history(stack, outcome.execution_arn))


def test_a_failure_and_its_apology_leave_no_personal_identifier_in_the_history(stack: EmbeddedStack) -> None:
    outcome = stack.send(
        twilio_fields(SENDER, media_url="https://example.com/p.jpg", media_type="image/jpeg", profile_name=PROFILE_NAME)
    )
    assert outcome.state_names[-1] == "SendApology" and outcome.replies
    assert_private(raw_history(stack, outcome.execution_arn))


def test_a_twilio_media_url_reaches_the_history_without_the_account(stack: EmbeddedStack) -> None:
    url = f"https://api.twilio.com/2010-04-01/Accounts/{LOCAL_ACCOUNT_SID}/Messages/MM1/Media/ME1"
    outcome = stack.send(twilio_fields(SENDER, "", media_url=url, media_type="image/jpeg"))
    history = raw_history(stack, outcome.execution_arn)
    assert LOCAL_ACCOUNT_SID not in history
    assert "/Accounts/{AccountSid}/Messages/MM1/Media/ME1" in history
