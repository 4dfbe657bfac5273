"""The Microsoft identity fake behaves like the platform over time, so tests built on it cannot get kinder than
Microsoft is: raw HTTP in, Microsoft's shapes and errors out (tests/fakes/microsoft_identity.py lists the sources)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import responses

from tests.fakes.microsoft_identity import (
    DEVICE_CODE_GRANT,
    LOGIN,
    PUBLIC_CLIENT_ID,
    VERIFICATION_URI,
    FakeMicrosoftIdentity,
    VirtualClock,
)

TOKEN = f"{LOGIN}/consumers/oauth2/v2.0/token"
DEVICE = f"{LOGIN}/consumers/oauth2/v2.0/devicecode"
ERROR_FIELDS = {"error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"}


@pytest.fixture
def identity() -> Iterator[FakeMicrosoftIdentity]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeMicrosoftIdentity(mock, clock=VirtualClock())


def device_code(scope: str = "Files.ReadWrite offline_access openid profile") -> dict[str, Any]:
    body: dict[str, Any] = requests.post(DEVICE, data={"client_id": PUBLIC_CLIENT_ID, "scope": scope}, timeout=5).json()
    return body


def poll(code: str, **extra: str) -> requests.Response:
    form = {"grant_type": DEVICE_CODE_GRANT, "client_id": PUBLIC_CLIENT_ID, "device_code": code, **extra}
    return requests.post(TOKEN, data=form, timeout=5)


def test_a_device_code_carries_the_fields_microsoft_documents_and_no_complete_uri(
    identity: FakeMicrosoftIdentity,
) -> None:
    body = device_code()

    assert set(body) == {"device_code", "user_code", "verification_uri", "expires_in", "interval", "message"}
    assert body["verification_uri"] == VERIFICATION_URI and body["expires_in"] == 900 and body["interval"] == 5
    assert body["user_code"] in body["message"]


def test_polling_is_pending_until_sign_in_then_the_code_works_once(identity: FakeMicrosoftIdentity) -> None:
    identity.user_signs_in(after_seconds=7)
    code = device_code()["device_code"]

    pending = poll(code)
    identity.clock.sleep(5)
    too_soon = poll(code)
    identity.clock.sleep(5)
    done = poll(code)
    identity.clock.sleep(5)
    again = poll(code)

    assert pending.status_code == 400 and pending.json()["error"] == "authorization_pending"
    assert set(pending.json()) == ERROR_FIELDS and pending.json()["error_codes"] == [70016]
    assert too_soon.json()["error"] == "authorization_pending", "signed in at 7 s: still pending at 5 s"
    assert done.status_code == 200 and {"access_token", "refresh_token", "id_token"} <= set(done.json())
    assert again.json()["error"] == "bad_verification_code"


def test_polling_faster_than_the_interval_is_told_to_slow_down(identity: FakeMicrosoftIdentity) -> None:
    code = device_code()["device_code"]
    poll(code)
    identity.clock.sleep(2)

    assert poll(code).json()["error"] == "slow_down"


def test_an_unused_code_expires_after_expires_in(identity: FakeMicrosoftIdentity) -> None:
    code = device_code()["device_code"]
    identity.clock.sleep(900)

    assert poll(code).json()["error"] == "expired_token"


def test_a_public_client_that_sends_a_secret_is_refused(identity: FakeMicrosoftIdentity) -> None:
    identity.user_signs_in()
    response = poll(device_code()["device_code"], client_secret="oops")

    assert response.status_code == 401 and response.json()["error_codes"] == [700025]


def test_an_app_without_public_client_flows_wants_a_secret(identity: FakeMicrosoftIdentity) -> None:
    identity.public_client_flows = False
    identity.user_signs_in()
    response = poll(device_code()["device_code"])

    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert response.json()["error_codes"] == [7000218]


def test_an_unknown_application_id_is_refused(identity: FakeMicrosoftIdentity) -> None:
    response = requests.post(DEVICE, data={"client_id": "not-registered", "scope": "Files.ReadWrite"}, timeout=5)

    assert response.status_code == 400 and response.json()["error_codes"] == [700016]


def test_without_offline_access_there_is_no_refresh_token(identity: FakeMicrosoftIdentity) -> None:
    identity.user_signs_in()
    body = poll(device_code(scope="Files.ReadWrite openid")["device_code"]).json()

    assert "access_token" in body and "refresh_token" not in body


def test_refresh_tokens_rotate_and_a_revoked_one_is_invalid_grant(identity: FakeMicrosoftIdentity) -> None:
    identity.user_signs_in()
    first = poll(device_code()["device_code"]).json()["refresh_token"]
    form = {"grant_type": "refresh_token", "client_id": PUBLIC_CLIENT_ID, "scope": "Files.ReadWrite offline_access"}

    rotated = requests.post(TOKEN, data={**form, "refresh_token": first}, timeout=5).json()["refresh_token"]
    identity.revoke_refresh_tokens()
    refused = requests.post(TOKEN, data={**form, "refresh_token": rotated}, timeout=5)

    assert rotated != first
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"
