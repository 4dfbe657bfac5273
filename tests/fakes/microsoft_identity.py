"""The Microsoft identity platform (login.microsoftonline.com) for a public client, faked for `responses`.

What `finassist auth` and the Lambdas' silent refresh talk to: OpenID discovery, the device authorization endpoint
and the token endpoint (device-code and refresh-token grants). It keeps its state over time on a virtual clock
(codes expire after `expires_in`, polling faster than `interval` is told to slow down, a person finishes signing in
when the test says so) and answers with the platform's shapes and errors. Sources (docs/decisions.md, "Fakes"):

- device authorization request/response, the polling errors `authorization_pending`, `authorization_declined`,
  `bad_verification_code`, `expired_token` and the success body: MicrosoftDocs/entra-docs
  docs/identity-platform/v2-oauth2-device-code.md;
- `slow_down` (poll interval + 5 s): RFC 8628 section 3.5 (stricter than Microsoft's page, which lists no such error);
- AADSTS numbers 70016 (AuthorizationPending), 70018 (BadVerificationCode), 70019 (CodeExpired): entra-docs
  reference-error-codes (Microsoft's AADSTS list), as are the others below;
- error bodies `{"error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id",
  "error_uri"}` and AADSTS7000218 (`invalid_client`: the app is not a public client, so the token endpoint wants a
  secret): Microsoft Q&A 446907, whose body is quoted in the decision; AADSTS700025 (a public client sent a
  secret), AADSTS700016 (unknown application id) and AADSTS70000 (`invalid_grant`) from the AADSTS error list;
- a refresh token is issued only when `offline_access` was asked for (v2-oauth2-device-code.md, token response).
"""

from __future__ import annotations

import base64
import itertools
import json
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import requests
import responses

LOGIN = "https://login.microsoftonline.com"
CONSUMERS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad"
"""The tenant id every personal Microsoft account's tokens carry."""
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
VERIFICATION_URI = "https://microsoft.com/devicelogin"
PUBLIC_CLIENT_ID = "2b7e9a4c-5d1f-4e8a-9c3b-7f6e5d4c3b2a"
PERSONAL_USERNAME = "ana.souza@outlook.com"
USER_OID = "00000000-0000-0000-8a2b-57d1e9c3f4a6"

Reply = tuple[int, dict[str, str], str]


class VirtualClock:
    """Seconds that pass only when someone sleeps: MSAL's polling loop runs on it instead of the wall clock."""

    def __init__(self, start: float = 1_795_000_000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@dataclass
class DeviceCode:
    """One device authorization: issued, then signed in (after some seconds), declined, redeemed or expired."""

    device_code: str
    user_code: str
    client_id: str
    scopes: list[str]
    issued_at: float
    expires_at: float
    interval: int
    last_poll: float | None = None
    signed_in_at: float | None = None
    declined: bool = False
    redeemed: bool = False


@dataclass
class FakeMicrosoftIdentity:
    """One tenant authority (`consumers` by default) with one registered application."""

    mock: responses.RequestsMock
    clock: VirtualClock = field(default_factory=VirtualClock)
    tenant: str = "consumers"
    client_id: str = PUBLIC_CLIENT_ID
    public_client_flows: bool = True
    username: str = PERSONAL_USERNAME
    expires_in: int = 900
    interval: int = 5
    codes: dict[str, DeviceCode] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    device_code_requests: list[dict[str, str]] = field(default_factory=list)
    valid_refresh_tokens: set[str] = field(default_factory=set)
    issued_access_tokens: list[str] = field(default_factory=list)
    token_padding: int = 0
    """Extra characters in each token, to make a cache as big as real ones (1-2 KB per token)."""
    _sign_in_after: float | None = None
    _decline: bool = False
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        base = f"{LOGIN}/{self.tenant}"
        self.mock.add_callback("GET", f"{base}/v2.0/.well-known/openid-configuration", callback=self._openid)
        self.mock.add_callback("GET", f"{LOGIN}/common/discovery/instance", callback=self._instance_discovery)
        self.mock.add_callback("POST", f"{base}/oauth2/v2.0/devicecode", callback=self._device_code)
        self.mock.add_callback("POST", f"{base}/oauth2/v2.0/token", callback=self._token)

    # -- what the person (or the directory) does -------------------------------------------------------------

    def user_signs_in(self, after_seconds: float = 0.0) -> None:
        """The person opens the verification page and finishes `after_seconds` after their code was issued."""
        self._sign_in_after = after_seconds

    def user_declines(self) -> None:
        self._decline = True

    def revoke_refresh_tokens(self) -> None:
        """A password change or a revoked session: every refresh token issued so far is refused from now on."""
        self.valid_refresh_tokens.clear()

    @property
    def tenant_id(self) -> str:
        return CONSUMERS_TENANT_ID if self.tenant in ("consumers", "common") else self.tenant

    # -- endpoints -------------------------------------------------------------------------------------------

    def _openid(self, request: requests.PreparedRequest) -> Reply:
        base = f"{LOGIN}/{self.tenant}"
        body = {
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": f"{LOGIN}/{self.tenant_id}/v2.0",
            "request_uri_parameter_supported": False,
            "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "http_logout_supported": True,
            "frontchannel_logout_supported": True,
            "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "tid", "ver"],
            "tenant_region_scope": None,
            "cloud_instance_name": "microsoftonline.com",
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com",
            "rbac_url": "https://pas.windows.net",
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _instance_discovery(self, request: requests.PreparedRequest) -> Reply:
        body = {
            "tenant_discovery_endpoint": f"{LOGIN}/{self.tenant}/v2.0/.well-known/openid-configuration",
            "api-version": "1.1",
            "metadata": [
                {
                    "preferred_network": "login.microsoftonline.com",
                    "preferred_cache": "login.windows.net",
                    "aliases": ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com"],
                }
            ],
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _device_code(self, request: requests.PreparedRequest) -> Reply:
        form = _form(request)
        self.device_code_requests.append(form)
        if form.get("client_id") != self.client_id:
            return self._unknown_client(form.get("client_id", ""))
        number = next(self._counter)
        user_code = f"F{number:02d}KD8QHJ"
        code = DeviceCode(
            device_code=f"DAQABAAEAAAD--DLA3VO7QrddgJg7WevrgJ7Czy_TDsDClt2ELoEC8ePWFs{number}",
            user_code=user_code,
            client_id=self.client_id,
            scopes=form.get("scope", "").split(),
            issued_at=self.clock.time(),
            expires_at=self.clock.time() + self.expires_in,
            interval=self.interval,
            declined=self._decline,
        )
        if self._sign_in_after is not None:
            code.signed_in_at = code.issued_at + self._sign_in_after
        self.codes[code.device_code] = code
        body = {
            "user_code": user_code,
            "device_code": code.device_code,
            "verification_uri": VERIFICATION_URI,
            "expires_in": self.expires_in,
            "interval": self.interval,
            "message": f"To sign in, use a web browser to open the page {VERIFICATION_URI} and enter the code "
            f"{user_code} to authenticate.",
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _token(self, request: requests.PreparedRequest) -> Reply:
        form = _form(request)
        self.token_requests.append(form)
        if form.get("client_id") != self.client_id:
            return self._unknown_client(form.get("client_id", ""))
        has_secret = "client_secret" in form or "client_assertion" in form
        if not self.public_client_flows and not has_secret:
            return _error(
                401,
                "invalid_client",
                7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
            )
        if self.public_client_flows and has_secret:
            return _error(
                401,
                "invalid_client",
                700025,
                "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
            )
        grant = form.get("grant_type")
        if grant == DEVICE_CODE_GRANT:
            return self._device_code_grant(form)
        if grant == "refresh_token":
            if form.get("refresh_token") not in self.valid_refresh_tokens:
                return _error(400, "invalid_grant", 70000, "The provided grant is invalid or malformed.")
            return self._tokens(form.get("scope", "").split())
        return _error(400, "unsupported_grant_type", 70003, f"The app requested an unsupported grant type '{grant}'.")

    def _device_code_grant(self, form: dict[str, str]) -> Reply:
        code = self.codes.get(form.get("device_code", ""))
        now = self.clock.time()
        if code is None or code.redeemed:
            return _error(
                400, "bad_verification_code", 70018, "Invalid verification code: the device code was not recognized."
            )
        if now >= code.expires_at:
            return _error(400, "expired_token", 70019, "Verification code expired. Have the user retry the sign-in.")
        too_soon = code.last_poll is not None and now - code.last_poll < code.interval
        code.last_poll = now
        if too_soon:
            return _error(
                400, "slow_down", None, "Polling too fast: wait the interval between requests (RFC 8628 3.5)."
            )
        if code.declined:
            return _error(400, "authorization_declined", None, "The end user denied the authorization request.")
        if code.signed_in_at is None or now < code.signed_in_at:
            return _error(
                400,
                "authorization_pending",
                70016,
                "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
            )
        code.redeemed = True
        return self._tokens(code.scopes)

    def _tokens(self, scopes: list[str]) -> Reply:
        number = next(self._counter)
        pad = "A" * self.token_padding
        access_token = f"EwBYA8l6BAAUbDba3x2OMJElkF7gJ4z/VbCPEz0AAZ{pad}at{number}"
        self.issued_access_tokens.append(access_token)
        body: dict[str, Any] = {
            "token_type": "Bearer",
            "scope": " ".join(scope for scope in scopes if scope not in ("openid", "profile", "offline_access")),
            "expires_in": 3600,
            "ext_expires_in": 3600,
            "access_token": access_token,
            "id_token": _unsigned_jwt(
                {
                    "ver": "2.0",
                    "iss": f"{LOGIN}/{self.tenant_id}/v2.0",
                    "sub": f"AAAAAAAAAAAAAAAAAAAAAMb7kq{pad}",
                    "aud": self.client_id,
                    "exp": int(self.clock.time()) + 3600,
                    "iat": int(self.clock.time()),
                    "nbf": int(self.clock.time()),
                    "name": "Ana Souza",
                    "preferred_username": self.username,
                    "oid": USER_OID,
                    "tid": self.tenant_id,
                }
            ),
            "client_info": _b64({"uid": USER_OID, "utid": self.tenant_id}),
        }
        if "offline_access" in scopes:
            refresh_token = f"M.C540_BAY.0.U.-Cr8pK2{pad}rt{number}"
            self.valid_refresh_tokens.add(refresh_token)
            body["refresh_token"] = refresh_token
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _unknown_client(self, client_id: str) -> Reply:
        return _error(
            400,
            "unauthorized_client",
            700016,
            f"Application with identifier '{client_id}' was not found in the directory '{self.tenant}'.",
        )


def _form(request: requests.PreparedRequest) -> dict[str, str]:
    body = request.body.decode() if isinstance(request.body, bytes) else str(request.body or "")
    return {key: values[0] for key, values in parse_qs(body).items()}


def _error(status: int, error: str, code: int | None, description: str) -> Reply:
    """Microsoft's error body; `code` is the AADSTS number where Microsoft's error list documents one."""
    trace, correlation = uuid.uuid4(), uuid.uuid4()
    prefix = f"AADSTS{code}: " if code else ""
    body = {
        "error": error,
        "error_description": f"{prefix}{description}\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}"
        "\r\nTimestamp: 2026-11-24 13:00:00Z",
        "error_codes": [code] if code else [],
        "timestamp": "2026-11-24 13:00:00Z",
        "trace_id": str(trace),
        "correlation_id": str(correlation),
        "error_uri": f"{LOGIN}/error?code={code}",
    }
    return status, {"Content-Type": "application/json"}, json.dumps(body)


def _b64(claims: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")


def _unsigned_jwt(claims: dict[str, Any]) -> str:
    return f"{_b64({'typ': 'JWT', 'alg': 'none'})}.{_b64(claims)}."
