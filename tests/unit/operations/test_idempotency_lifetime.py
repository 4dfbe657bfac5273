"""A redrive may come 14 days after an execution failed: the records that stop a resend must still be there."""

from __future__ import annotations

import time
from typing import Any

import boto3

from finassist.idempotency import REDRIVE_WINDOW, once
from finassist.local.stack import LambdaContext


def test_a_side_effect_record_outlives_the_redrive_window(account: None, monkeypatch: Any) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "sa-east-1")
    boto3.client("dynamodb", region_name="sa-east-1").create_table(
        TableName="Idempotency",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    sent: list[str] = []
    run, config = once(lambda request: {"message_id": sent.append(request["key"]) or "SM1"}, table_name="Idempotency",
                       key_path="key", key_prefix="send")  # fmt: skip
    config.register_lambda_context(LambdaContext(function_name="SendReply"))  # as every handler does

    run(request={"key": "reply#SMa#0"})
    run(request={"key": "reply#SMa#0"})

    (record,) = boto3.resource("dynamodb", region_name="sa-east-1").Table("Idempotency").scan()["Items"]
    assert sent == ["reply#SMa#0"]
    assert REDRIVE_WINDOW == 14 * 24 * 3600
    assert int(record["expiration"]) - time.time() > REDRIVE_WINDOW
