"""`finassist credentials`: Twilio's and OpenAI's credentials land as SecureStrings where the functions read them
(the same names Settings gives the functions), and are never echoed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.parameters.constants import DEFAULT_PROVIDERS

from finassist import credentials
from finassist.cli import main
from finassist.errors import CredentialsMissing
from finassist.settings import from_environ
from tests.fakes.deployed_stack import DeployedStack

SID = "AC" + "1f" * 16
TOKEN = "9a" * 16
KEY = "sk-test-not-a-real-key"
SET = ["credentials", "set", "--stack", "finassist", "--region", "sa-east-1"]


@pytest.fixture(autouse=True)
def fresh_parameter_cache() -> Iterator[None]:
    """A cold function: Powertools keeps values 5 minutes and its client (with its region) for the process, so
    neither may leak into or out of these tests."""
    parameters.clear_caches()
    DEFAULT_PROVIDERS.clear()
    yield
    parameters.clear_caches()
    DEFAULT_PROVIDERS.clear()


def values(monkeypatch: pytest.MonkeyPatch, *, sid: str = SID, token: str = TOKEN, key: str = KEY) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", token)
    monkeypatch.setenv("OPENAI_API_KEY", key)


def test_set_writes_secure_strings_the_functions_then_read(
    stack: DeployedStack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    values(monkeypatch)

    assert main(SET) == 0

    out = capsys.readouterr().out
    assert TOKEN not in out and KEY not in out
    saved = {p["Name"]: p["Type"] for p in stack.ssm().describe_parameters()["Parameters"]}
    assert saved["/finassist/finassist/twilio"] == saved["/finassist/finassist/openai"] == "SecureString"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "sa-east-1")
    monkeypatch.delenv("OPENAI_API_KEY")
    function = from_environ({"PARAMETER_PREFIX": "/finassist/finassist"})  # what template.yaml gives a function
    assert credentials.twilio_credentials(function).auth_token == TOKEN
    assert credentials.openai_api_key(function) == KEY


def test_a_value_that_cannot_be_right_is_refused_before_anything_is_written(
    stack: DeployedStack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    values(monkeypatch, sid="SK" + "1f" * 16)

    assert main(SET) == 1

    assert "AC followed by 32" in capsys.readouterr().err
    assert [p["Name"] for p in stack.ssm().describe_parameters()["Parameters"]] == ["/finassist/finassist/deployment"]


def test_only_rewrites_one_credential_and_bumps_its_version(
    stack: DeployedStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    values(monkeypatch)
    main(SET)
    values(monkeypatch, token="7b" * 16)

    assert main([*SET, "--only", "twilio"]) == 0

    ssm = stack.ssm()
    assert ssm.get_parameter(Name="/finassist/finassist/twilio")["Parameter"]["Version"] == 2
    assert ssm.get_parameter(Name="/finassist/finassist/openai")["Parameter"]["Version"] == 1
    saved = ssm.get_parameter(Name="/finassist/finassist/twilio", WithDecryption=True)["Parameter"]["Value"]
    rotated = json.loads(saved)
    assert rotated["auth_token"] == "7b" * 16


def test_show_names_what_is_missing_without_printing_values(
    stack: DeployedStack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    values(monkeypatch)
    main([*SET, "--only", "twilio"])
    capsys.readouterr()

    code = main(["credentials", "show", "--stack", "finassist", "--region", "sa-east-1"])

    out = capsys.readouterr().out
    assert code == 1
    assert "/finassist/finassist/twilio: SecureString, version 1" in out
    assert "/finassist/finassist/openai: missing (run finassist credentials set)" in out
    assert TOKEN not in out


def test_a_function_without_its_credential_names_the_command_that_fixes_it(
    stack: DeployedStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "sa-east-1")
    function = from_environ({"PARAMETER_PREFIX": "/finassist/finassist"})

    with pytest.raises(CredentialsMissing, match="finassist credentials set"):
        credentials.twilio_credentials(function)
