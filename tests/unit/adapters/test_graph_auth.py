"""GraphTokenProvider (MSAL against the faked identity platform) and its SSM Parameter Store token cache (moto).

The first tests use tests/fakes/graph_api.py's identity endpoint with a confidential client (refresh rules); the
public client the functions deploy, the device code and a warm container picking up a new sign-in use
tests/fakes/microsoft_identity.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import boto3
import pytest
import responses
from moto import mock_aws

from finassist.adapters.graph_auth import (
    STANDARD_PARAMETER_LIMIT,
    GraphTokenProvider,
    MemoryTokenCache,
    SsmTokenCache,
    authority_for,
)
from finassist.adapters.graph_ledger import graph_ledger
from finassist.domain.expense import Expense
from finassist.errors import LedgerMisconfigured, SignInFailed
from tests.fakes.graph_api import CLIENT_ID, CLIENT_SECRET, TENANT, USERNAME, FakeGraph
from tests.fakes.microsoft_identity import PERSONAL_USERNAME, FakeMicrosoftIdentity, VirtualClock

PARAMETER = "/finassist/finassist/graph-token-cache"
REGION = "sa-east-1"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


@pytest.fixture
def graph(aws: None, tmp_path: Path) -> Iterator[FakeGraph]:
    # Started after moto, so this mock (not moto's pass-through) answers every non-AWS request.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeGraph(mock, workdir=tmp_path)


def provider(store: object, scopes: tuple[str, ...] = ("Files.ReadWrite",)) -> GraphTokenProvider:
    return GraphTokenProvider(CLIENT_ID, CLIENT_SECRET, authority_for(TENANT), store, scopes)  # type: ignore[arg-type]


def test_the_cache_is_written_back_only_when_msal_changed_it(graph: FakeGraph) -> None:
    store = MemoryTokenCache()
    tokens = provider(store)
    tokens.bootstrap_from_refresh_token("rt-from-elsewhere")
    assert store.saves == 1

    first = tokens.access_token()
    again = tokens.access_token()

    assert first == again == graph.issued_tokens[-1]
    assert store.saves == 1, "a token served from the cache changes nothing worth saving"
    assert len(graph.token_requests) == 1

    refreshed = tokens.refresh()

    assert refreshed != first
    assert store.saves == 2, "a refresh rotates the refresh token, so the cache is saved"
    assert json.loads(store.state or "{}")["RefreshToken"], "the saved cache holds the rotated refresh token"


def test_a_second_container_reads_the_saved_cache_and_needs_no_new_token(graph: FakeGraph) -> None:
    store = MemoryTokenCache()
    provider(store).bootstrap_from_refresh_token("rt-from-elsewhere")

    token = provider(store).access_token()

    assert token == graph.issued_tokens[0]
    assert len(graph.token_requests) == 1


def test_reserved_scopes_are_refused_before_msal_sees_them() -> None:
    for reserved in ("offline_access", "openid", "profile"):
        with pytest.raises(ValueError, match=reserved):
            provider(MemoryTokenCache(), ("Files.ReadWrite", reserved))


def test_the_token_request_asks_for_files_read_write_and_msal_adds_the_reserved_scopes_itself(
    graph: FakeGraph,
) -> None:
    tokens = provider(MemoryTokenCache())
    tokens.bootstrap_from_refresh_token("rt-from-elsewhere")

    assert tokens.scopes == ("Files.ReadWrite",)
    assert set(graph.token_requests[0]["scope"].split()) == {"Files.ReadWrite", "offline_access", "openid", "profile"}


def test_an_empty_cache_asks_the_operator_to_run_finassist_auth(graph: FakeGraph) -> None:
    with pytest.raises(LedgerMisconfigured, match="finassist auth"):
        provider(MemoryTokenCache()).access_token()


def test_a_revoked_refresh_token_asks_for_finassist_auth_without_quoting_any_token(graph: FakeGraph) -> None:
    store = MemoryTokenCache()
    tokens = provider(store)
    tokens.bootstrap_from_refresh_token("rt-from-elsewhere")
    graph.valid_refresh_tokens.clear()

    with pytest.raises(LedgerMisconfigured, match=r"invalid_grant.*finassist auth") as raised:
        tokens.refresh()

    assert "rt-" not in str(raised.value)
    assert graph.issued_tokens[0] not in str(raised.value)


def test_bootstrap_from_an_authorization_code_saves_the_cache_and_names_the_account(graph: FakeGraph) -> None:
    store = MemoryTokenCache()

    username = provider(store).bootstrap_from_auth_code("code-from-redirect", "http://localhost:8400/callback")

    assert username == USERNAME
    assert graph.token_requests[0]["grant_type"] == "authorization_code"
    assert graph.token_requests[0]["redirect_uri"] == "http://localhost:8400/callback"
    assert provider(store).access_token() == graph.issued_tokens[0]


def test_a_bad_authorization_code_saves_nothing(graph: FakeGraph) -> None:
    store = MemoryTokenCache()

    with pytest.raises(LedgerMisconfigured, match="invalid_grant"):
        provider(store).bootstrap_from_auth_code("stale-code", "http://localhost:8400/callback")

    assert store.saves == 0


def test_the_provider_repr_keeps_the_client_secret_out() -> None:
    assert CLIENT_SECRET not in repr(provider(MemoryTokenCache()))


# -- SSM Parameter Store -------------------------------------------------------------------------------------


def test_a_missing_parameter_reads_as_an_empty_cache_and_the_first_save_creates_it(aws: None) -> None:
    client = boto3.client("ssm", region_name=REGION)
    store = SsmTokenCache(PARAMETER, client)

    assert store.load() is None
    store.save('{"AccessToken": {}}')
    store.save('{"AccessToken": {}, "RefreshToken": {}}')

    assert store.load() == '{"AccessToken": {}, "RefreshToken": {}}'
    saved = client.get_parameter(Name=PARAMETER)["Parameter"]
    assert saved["Type"] == "SecureString" and saved["Version"] == 2
    assert client.describe_parameters()["Parameters"][0]["Tier"] == "Standard"


def test_msal_tokens_survive_a_round_trip_through_parameter_store(graph: FakeGraph) -> None:
    client = boto3.client("ssm", region_name=REGION)
    provider(SsmTokenCache(PARAMETER, client)).bootstrap_from_refresh_token("rt-from-elsewhere")

    token = provider(SsmTokenCache(PARAMETER, client)).access_token()

    assert token == graph.issued_tokens[0]
    assert "RefreshToken" in json.loads(client.get_parameter(Name=PARAMETER, WithDecryption=True)["Parameter"]["Value"])


# -- the public client: device code, and a warm container that picks up a new sign-in ---------------------------


@pytest.fixture
def identity(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMicrosoftIdentity]:
    import msal.oauth2cli.oauth2

    clock = VirtualClock()
    monkeypatch.setattr(msal.oauth2cli.oauth2, "time", clock)  # MSAL's polling waits on the virtual clock
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeMicrosoftIdentity(mock, clock=clock)


def public(identity: FakeMicrosoftIdentity, store: object) -> GraphTokenProvider:
    return GraphTokenProvider(identity.client_id, None, authority_for(identity.tenant), store)  # type: ignore[arg-type]


def sign_in(identity: FakeMicrosoftIdentity, store: object, after_seconds: float = 0.0) -> str:
    """What `finassist auth` does: a device code, the person signing in, the cache saved."""
    identity.user_signs_in(after_seconds=after_seconds)
    return public(identity, store).bootstrap_from_device_flow(lambda message: None)


def test_the_device_code_polls_at_the_interval_until_the_person_signs_in(identity: FakeMicrosoftIdentity) -> None:
    shown: list[str] = []
    identity.user_signs_in(after_seconds=12)
    store = MemoryTokenCache()

    username = public(identity, store).bootstrap_from_device_flow(shown.append)

    assert username == PERSONAL_USERNAME
    assert "https://microsoft.com/devicelogin" in shown[0] and identity.codes and shown[0].count("F01KD8QHJ") == 1
    polls = [r for r in identity.token_requests if r["grant_type"].endswith("device_code")]
    assert len(polls) == 4, "pending at 0, 5 and 10 seconds, signed in at 12, redeemed at 15"
    assert sum(identity.clock.slept) == 15
    assert all("client_secret" not in r and "client_assertion" not in r for r in identity.token_requests)
    assert set(identity.device_code_requests[0]["scope"].split()) >= {"Files.ReadWrite", "offline_access"}
    assert store.saves == 1 and "RefreshToken" in json.loads(store.state or "{}")


def test_a_registration_without_public_client_flows_says_which_switch_to_turn_on(
    identity: FakeMicrosoftIdentity,
) -> None:
    identity.public_client_flows = False
    store = MemoryTokenCache()

    with pytest.raises(SignInFailed, match=r"Allow public client flows.*AADSTS7000218"):
        sign_in(identity, store)

    assert store.saves == 0


def test_a_code_nobody_uses_expires_after_fifteen_minutes_and_saves_nothing(identity: FakeMicrosoftIdentity) -> None:
    store = MemoryTokenCache()

    with pytest.raises(SignInFailed, match="expired"):
        public(identity, store).bootstrap_from_device_flow(lambda message: None)

    assert store.saves == 0
    assert 900 <= sum(identity.clock.slept) <= 905


def test_a_declined_sign_in_saves_nothing(identity: FakeMicrosoftIdentity) -> None:
    identity.user_declines()
    store = MemoryTokenCache()

    with pytest.raises(SignInFailed, match="declined"):
        sign_in(identity, store)

    assert store.saves == 0


def test_a_warm_provider_picks_up_a_new_sign_in_without_a_cold_start(identity: FakeMicrosoftIdentity) -> None:
    store = SsmTokenCache(PARAMETER, boto3.client("ssm", region_name=REGION))
    sign_in(identity, store)
    warm = public(identity, store)  # a Lambda container that has served messages
    first = warm.access_token()
    identity.revoke_refresh_tokens()  # the refresh token died (say, a password change)

    with pytest.raises(LedgerMisconfigured, match="finassist auth"):
        warm.refresh()  # nothing new in the store yet: the operator is told what to run
    sign_in(identity, store)  # the operator runs finassist auth
    token = warm.refresh()  # Graph said 401; the same warm provider tries again

    assert token != first and token == identity.issued_access_tokens[-1]


def test_a_container_started_before_anyone_signed_in_works_once_auth_runs(identity: FakeMicrosoftIdentity) -> None:
    store = SsmTokenCache(PARAMETER, boto3.client("ssm", region_name=REGION))
    early = public(identity, store)
    with pytest.raises(LedgerMisconfigured, match="finassist auth"):
        early.access_token()

    sign_in(identity, store)

    assert early.access_token() == identity.issued_access_tokens[-1]


def test_a_warm_ledger_writes_again_after_a_new_sign_in(identity: FakeMicrosoftIdentity, tmp_path: Path) -> None:
    graph = FakeGraph(identity.mock, workdir=tmp_path)
    store = SsmTokenCache(PARAMETER, boto3.client("ssm", region_name=REGION))
    sign_in(identity, store)
    ledger = graph_ledger(public(identity, store), graph.item_id, mode="file")
    lunch = Expense(date=date(2026, 11, 24), category="Alimentação", description="almoço", amount=Decimal("45"))
    assert ledger.append(lunch, "SMa#call1")
    identity.revoke_refresh_tokens()
    graph.expire_access_tokens()
    sign_in(identity, store)

    added = ledger.append(lunch, "SMb#call1")

    assert added
    assert [row.entry_id for row in graph.file_ledger().rows()] == ["SMa#call1", "SMb#call1"]


def test_a_cache_over_a_standard_parameter_keeps_what_a_refresh_needs(identity: FakeMicrosoftIdentity) -> None:
    identity.token_padding = 1800  # real access, ID and refresh tokens run to 1-2 KB each
    client = boto3.client("ssm", region_name=REGION)
    store = SsmTokenCache(PARAMETER, client)
    sign_in(identity, store)

    saved = json.loads(client.get_parameter(Name=PARAMETER, WithDecryption=True)["Parameter"]["Value"])
    token = public(identity, store).access_token()  # a cold container: redeems the refresh token once

    assert client.describe_parameters()["Parameters"][0]["Tier"] == "Standard"
    assert len(json.dumps(saved)) <= STANDARD_PARAMETER_LIMIT
    assert saved["RefreshToken"] and saved["Account"] and "AccessToken" not in saved
    assert token == identity.issued_access_tokens[-1] and len(identity.issued_access_tokens) == 2
