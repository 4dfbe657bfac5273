"""Pending notices on DynamoDB (moto): kept once, claimed by one message, found again by that message's retry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import boto3
import pytest
from moto import mock_aws

from finassist.adapters.dynamo_notices import DynamoNoticeStore
from finassist.ports import PendingNotice

ANA = "whatsapp:+5511987654321"
RENT = PendingNotice(ANA, "rec#r1#2026-12", date(2026, 12, 8), "aluguel", "Moradia", Decimal("1800.00"))
GYM = PendingNotice(ANA, "rec#r2#2026-12", date(2026, 12, 10), "academia", "Saúde", Decimal("99.90"))


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[DynamoNoticeStore]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        dynamodb: Any = boto3.resource("dynamodb", region_name="us-east-1")
        table = dynamodb.create_table(
            TableName="PendingNotices",
            KeySchema=[
                {"AttributeName": "sender_id", "KeyType": "HASH"},
                {"AttributeName": "notice_id", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "sender_id", "AttributeType": "S"},
                {"AttributeName": "notice_id", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        yield DynamoNoticeStore(table)


def test_a_notice_is_kept_once_whatever_the_retries(store: DynamoNoticeStore) -> None:
    assert store.keep(RENT) is True
    assert store.keep(RENT) is False
    assert store.claim(ANA, "SM1") == [RENT]


def test_a_message_claims_every_waiting_notice_and_its_retry_finds_the_same(store: DynamoNoticeStore) -> None:
    store.keep(GYM)
    store.keep(RENT)

    first = store.claim(ANA, "SM1")
    retry = store.claim(ANA, "SM1")

    assert first == retry == [RENT, GYM], "oldest first, and the same text on a retry"


def test_a_claimed_notice_is_not_given_to_another_message(store: DynamoNoticeStore) -> None:
    store.keep(RENT)
    store.claim(ANA, "SM1")

    assert store.claim(ANA, "SM2") == []


def test_removed_notices_are_gone_and_removing_twice_is_harmless(store: DynamoNoticeStore) -> None:
    store.keep(RENT)
    store.claim(ANA, "SM1")

    store.remove(ANA, [RENT.notice_id])
    store.remove(ANA, [RENT.notice_id])

    assert store.claim(ANA, "SM1") == []
    assert store.claim("whatsapp:+5500000000000", "SM3") == []
