"""`finassist users` against a Users table (moto's DynamoDB): what an operator types, what they read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from finassist.adapters.dynamo_users import DynamoUserDirectory
from finassist.cli import main

TABLE = "finassist-UsersTable-TEST"
REGION = "sa-east-1"
ANA = "whatsapp:+5511987654321"


@pytest.fixture
def users_table(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        table = boto3.resource("dynamodb", region_name=REGION).create_table(
            TableName=TABLE,
            AttributeDefinitions=[{"AttributeName": "sender_id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "sender_id", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield table


def users(*args: str) -> int:
    return main(["users", *args, "--table", TABLE, "--region", REGION])


def test_an_added_sender_is_active_with_their_onedrive_workbook(users_table: Any, capsys: Any) -> None:
    assert users("add", ANA, "--name", "Ana", "--item-id", "01ABCDEF", "--mode", "rest") == 0

    user = DynamoUserDirectory(users_table).get(ANA)
    assert user is not None and user.active
    assert user.display_name == "Ana"
    assert user.workbook == {"item_id": "01ABCDEF", "table": "Despesas", "mode": "rest"}
    assert capsys.readouterr().out.strip() == (
        "whatsapp:+***4321 added: Ana, OneDrive item 01ABCDEF table Despesas (rest)"
    )


def test_without_a_mode_the_workbook_follows_the_deployments_graph_mode(users_table: Any) -> None:
    users(
        "add",
        ANA,
        "--name",
        "Ana",
        "--item-id",
        "01ABCDEF",
        "--table-name",
        "Gastos",
        "--token-parameter",
        "/finassist/x/graph-token-cache/ana",
    )

    user = DynamoUserDirectory(users_table).get(ANA)
    assert user is not None
    assert user.workbook == {
        "item_id": "01ABCDEF",
        "table": "Gastos",
        "token_parameter": "/finassist/x/graph-token-cache/ana",
    }


def test_a_bare_number_is_stored_as_the_from_twilio_sends(users_table: Any) -> None:
    assert users("add", "+5511987654321", "--name", "Ana", "--file", "ana.xlsx") == 0

    user = DynamoUserDirectory(users_table).get(ANA)
    assert user is not None and user.workbook == {"file": "ana.xlsx"}


def test_a_disabled_sender_stays_listed_with_their_workbook_but_is_not_active(users_table: Any, capsys: Any) -> None:
    users("add", ANA, "--name", "Ana", "--item-id", "01ABCDEF")
    users("add", "whatsapp:+5521912345678", "--name", "Bruno", "--file", "bruno.xlsx")
    capsys.readouterr()

    assert users("disable", ANA) == 0
    assert users("list") == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "whatsapp:+***4321 disabled: their messages now get the polite refusal"
    assert out[1].split() == ["SENDER", "NAME", "STATUS", "KEY", "WORKBOOK"]
    assert out[2].split()[3].startswith("u") and len(out[2].split()[3]) == 21
    assert out[2].split()[:3] == ["whatsapp:+***5678", "Bruno", "active"]
    assert out[3].split()[:3] == ["whatsapp:+***4321", "Ana", "disabled"]
    assert "OneDrive item 01ABCDEF" in out[3]
    ana = DynamoUserDirectory(users_table).get(ANA)
    assert ana is not None and not ana.active and ana.workbook["item_id"] == "01ABCDEF"


def test_adding_a_disabled_sender_again_re_enables_them_and_keeps_their_workbook(users_table: Any) -> None:
    users("add", ANA, "--name", "Ana", "--item-id", "01ABCDEF")
    users("disable", ANA)

    assert users("add", ANA, "--name", "Ana Paula") == 0

    user = DynamoUserDirectory(users_table).get(ANA)
    assert user is not None and user.active and user.display_name == "Ana Paula"
    assert user.workbook["item_id"] == "01ABCDEF"


def test_the_list_shows_full_numbers_only_when_asked(users_table: Any, capsys: Any) -> None:
    users("add", ANA, "--name", "Ana")
    capsys.readouterr()

    users("list", "--show-numbers")

    assert ANA in capsys.readouterr().out


def test_disabling_an_unknown_sender_says_so_and_fails(users_table: Any, capsys: Any) -> None:
    assert users("disable", ANA) == 1

    assert "no user whatsapp:+5511987654321" in capsys.readouterr().err


def test_a_workbook_cannot_be_both_on_onedrive_and_a_local_file(users_table: Any, capsys: Any) -> None:
    assert users("add", ANA, "--name", "Ana", "--item-id", "01ABCDEF", "--file", "ana.xlsx") == 1

    assert "not both" in capsys.readouterr().err
    assert DynamoUserDirectory(users_table).get(ANA) is None


def test_a_wrong_table_name_is_reported_without_a_traceback(users_table: Any, capsys: Any) -> None:
    assert main(["users", "list", "--table", "NoSuchTable", "--region", REGION]) == 1

    assert "ResourceNotFoundException" in capsys.readouterr().err
