"""`finassist auth`: the device code against the faked Microsoft identity platform, the stack found by name and
region in an account where template.yaml was deployed (moto), the cache in the stack's SSM parameter."""

from __future__ import annotations

import json

import boto3
import pytest

from finassist.adapters.dynamo_users import DynamoUserDirectory
from finassist.cli import main
from tests.fakes.deployed_stack import DeployedStack
from tests.fakes.microsoft_identity import PERSONAL_USERNAME, FakeMicrosoftIdentity

ANA = "whatsapp:+5511987654321"
AUTH = ["auth", "--stack", "finassist", "--region", "sa-east-1"]


def cache_in(stack: DeployedStack, name: str) -> dict[str, object]:
    value = stack.ssm().get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
    cache: dict[str, object] = json.loads(value)
    return cache


def test_auth_shows_the_link_and_code_and_saves_the_cache_once_the_person_signs_in(
    stack: DeployedStack, identity: FakeMicrosoftIdentity, capsys: pytest.CaptureFixture[str]
) -> None:
    identity.user_signs_in(after_seconds=30)

    code = main(AUTH)

    out = capsys.readouterr().out
    assert code == 0
    assert "https://microsoft.com/devicelogin" in out and "F01KD8QHJ" in out
    assert PERSONAL_USERNAME in out and "/finassist/finassist/graph-token-cache (sa-east-1)" in out
    assert cache_in(stack, "/finassist/finassist/graph-token-cache")["RefreshToken"]
    assert not any(token in out for token in identity.issued_access_tokens)
    assert "rt" not in out.split("Signed in")[1].split()[0], "no token material is printed"


def test_auth_finds_the_stack_only_in_the_region_it_is_told(
    stack: DeployedStack, identity: FakeMicrosoftIdentity, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["auth", "--stack", "finassist", "--region", "us-east-1"])

    assert code == 1
    assert "no FinAssist stack 'finassist' in us-east-1" in capsys.readouterr().err
    for region in ("us-east-1", "sa-east-1"):
        names = [p["Name"] for p in boto3.client("ssm", region_name=region).describe_parameters()["Parameters"]]
        assert not [name for name in names if name.endswith("graph-token-cache")]
    assert identity.device_code_requests == [], "nobody was asked to sign in for a stack that is not there"


def test_auth_has_no_default_region(stack: DeployedStack, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["auth", "--stack", "finassist"])

    assert exited.value.code == 2 and "--region" in capsys.readouterr().err


def test_an_app_without_public_client_flows_is_explained(
    stack: DeployedStack, identity: FakeMicrosoftIdentity, capsys: pytest.CaptureFixture[str]
) -> None:
    identity.public_client_flows = False
    identity.user_signs_in()

    code = main(AUTH)

    assert code == 1
    assert "Allow public client flows" in capsys.readouterr().err
    assert stack.ssm().describe_parameters()["Parameters"][0]["Name"].endswith("/deployment")
    assert len(stack.ssm().describe_parameters()["Parameters"]) == 1


def test_auth_for_one_sender_keeps_their_own_cache_and_records_it_on_their_row(
    stack: DeployedStack, identity: FakeMicrosoftIdentity, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["users", "add", ANA, "--name", "Ana", "--stack", "finassist", "--region", "sa-east-1"]) == 0
    identity.user_signs_in()

    code = main([*AUTH, "--sender", ANA])

    user = DynamoUserDirectory(stack.users()).get(ANA)
    assert code == 0 and user is not None
    parameter = user.workbook["token_parameter"]
    assert parameter.startswith("/finassist/finassist/graph-token-cache/")
    assert "987654321" not in parameter, "no phone number in a parameter name"
    assert cache_in(stack, parameter)["RefreshToken"]
    assert "***4321" in capsys.readouterr().out


def test_auth_for_a_sender_nobody_added_asks_to_add_them_first(
    stack: DeployedStack, identity: FakeMicrosoftIdentity, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([*AUTH, "--sender", ANA])

    assert code == 1 and "finassist users add" in capsys.readouterr().err
