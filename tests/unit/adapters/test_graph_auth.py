"""GraphTokenProvider (MSAL against the faked identity platform) and its Secrets Manager token cache (moto)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
import responses
from moto import mock_aws

from finassist.adapters.graph_auth import (
    GraphTokenProvider,
    MemoryTokenCache,
    SecretsManagerTokenCache,
    authority_for,
)
from finassist.cli import main
from finassist.errors import LedgerMisconfigured
from tests.fakes.graph_api import CLIENT_ID, CLIENT_SECRET, TENANT, USERNAME, FakeGraph

SECRET = "finassist/graph-token-cache"
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


# -- Secrets Manager -----------------------------------------------------------------------------------------


def test_a_missing_secret_reads_as_an_empty_cache_and_the_first_save_creates_it(aws: None) -> None:
    client = boto3.client("secretsmanager", region_name=REGION)
    store = SecretsManagerTokenCache(SECRET, client)

    assert store.load() is None
    store.save('{"AccessToken": {}}')
    store.save('{"AccessToken": {}, "RefreshToken": {}}')

    assert store.load() == '{"AccessToken": {}, "RefreshToken": {}}'
    versions = client.list_secret_version_ids(SecretId=SECRET)["Versions"]
    assert len(versions) == 2


def test_msal_tokens_survive_a_round_trip_through_secrets_manager(graph: FakeGraph) -> None:
    client = boto3.client("secretsmanager", region_name=REGION)
    provider(SecretsManagerTokenCache(SECRET, client)).bootstrap_from_refresh_token("rt-from-elsewhere")

    token = provider(SecretsManagerTokenCache(SECRET, client)).access_token()

    assert token == graph.issued_tokens[0]
    assert "RefreshToken" in json.loads(client.get_secret_value(SecretId=SECRET)["SecretString"])


# -- finassist auth ------------------------------------------------------------------------------------------


def test_finassist_auth_bootstraps_the_secret_from_a_refresh_token_file(
    graph: FakeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GRAPH_CLIENT_SECRET", CLIENT_SECRET)
    token_file = tmp_path / "rt.txt"
    token_file.write_text("rt-from-elsewhere\n")

    code = main(
        [
            "auth",
            "--client-id", CLIENT_ID,
            "--tenant", TENANT,
            "--secret-name", SECRET,
            "--refresh-token-file", str(token_file),
            "--region", REGION,
        ]
    )  # fmt: skip

    out = capsys.readouterr()
    assert code == 0
    assert USERNAME in out.out and SECRET in out.out
    assert "rt-" not in out.out + out.err
    saved = boto3.client("secretsmanager", region_name=REGION).get_secret_value(SecretId=SECRET)["SecretString"]
    assert provider(MemoryTokenCache(saved)).access_token() == graph.issued_tokens[0]


def test_finassist_auth_without_the_client_secret_in_the_environment_fails_politely(
    aws: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GRAPH_CLIENT_SECRET", raising=False)

    code = main(["auth", "--client-id", CLIENT_ID, "--tenant", TENANT, "--secret-name", SECRET, "--auth-code", "x",
                 "--redirect-uri", "http://localhost"])  # fmt: skip

    assert code == 2
    assert "GRAPH_CLIENT_SECRET" in capsys.readouterr().err
