"""Fixtures for the operator's commands: an account (moto) where `sam deploy` created the stack, the Microsoft
identity platform and Graph faked at HTTP level, MSAL's polling on a virtual clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import responses
from moto import mock_aws

from tests.fakes.deployed_stack import DeployedStack, deploy
from tests.fakes.graph_api import FakeGraph
from tests.fakes.microsoft_identity import FakeMicrosoftIdentity, VirtualClock


@pytest.fixture
def account(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(key, "testing")
    for key in ("AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(key, raising=False)
    with mock_aws():
        yield


@pytest.fixture
def stack(account: None) -> DeployedStack:
    return deploy("finassist", "sa-east-1")


@pytest.fixture
def identity(account: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMicrosoftIdentity]:
    import msal.oauth2cli.oauth2

    clock = VirtualClock()
    monkeypatch.setattr(msal.oauth2cli.oauth2, "time", clock)  # MSAL's polling waits on the virtual clock
    # Started after moto, so this mock (not moto's pass-through) answers every non-AWS request.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeMicrosoftIdentity(mock, clock=clock)


@pytest.fixture
def graph(identity: FakeMicrosoftIdentity, tmp_path: Path) -> FakeGraph:
    return FakeGraph(identity.mock, workdir=tmp_path)
