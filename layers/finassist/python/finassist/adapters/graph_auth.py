"""Delegated Microsoft Graph tokens for the ledger: MSAL's serialized token cache, kept in an SSM SecureString.

A one-time `finassist auth` signs the person in with the device code (a public client: no client secret anywhere)
and saves the cache; from then on every Lambda asks MSAL for a token silently (MSAL refreshes and rotates the
refresh token itself) and writes the cache back only when it changed. A warm Lambda whose refresh token Microsoft
refuses reads the store again before giving up, so a new `finassist auth` is picked up without a cold start.
Tokens never reach a log line, an exception message or a state machine payload.
"""

from __future__ import annotations

import json
import logging
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import msal
import requests
from botocore.exceptions import BotoCoreError, ClientError

from finassist.errors import LedgerMisconfigured, LedgerThrottled, LedgerUnavailable, SignInFailed

logger = logging.getLogger(__name__)

AUTHORITY_HOST = "https://login.microsoftonline.com"
DEFAULT_SCOPES: tuple[str, ...] = ("Files.ReadWrite",)
RESERVED_SCOPES = frozenset({"offline_access", "openid", "profile"})
"""MSAL adds these itself and raises ValueError when a caller passes them."""
TIMEOUT = (5.0, 25.0)
_REAUTHENTICATE = ("invalid_grant", "interaction_required", "invalid_client", "unauthorized_client")
STANDARD_PARAMETER_LIMIT = 4096
"""Characters a standard (free) SSM parameter holds."""
_SHORT_LIVED = ("AccessToken", "IdToken")
"""Cache sections a refresh can recreate: dropped when the whole cache would not fit a standard parameter."""


def authority_for(tenant: str) -> str:
    """`consumers` for a personal OneDrive, `organizations` or the tenant id for a business account."""
    return f"{AUTHORITY_HOST}/{tenant.strip('/')}"


class TokenCacheStore(Protocol):
    """Where MSAL's serialized cache lives between invocations."""

    def load(self) -> str | None: ...

    def save(self, state: str) -> None: ...


class MemoryTokenCache:
    """A TokenCacheStore in memory, for tests and local experiments; counts the saves."""

    def __init__(self, state: str | None = None) -> None:
        self.state = state
        self.saves = 0

    def load(self) -> str | None:
        return self.state

    def save(self, state: str) -> None:
        self.state = state
        self.saves += 1


class SsmTokenCache:
    """The cache as one SecureString parameter (the AWS managed key aws/ssm); a missing parameter reads as empty.

    A cache over a standard parameter's 4 KB keeps only its refresh token and account (the next cold start redeems
    the refresh token once), so the parameter stays in the free tier.
    """

    def __init__(self, name: str, client: Any = None) -> None:
        if client is None:
            import boto3

            client = boto3.client("ssm")
        self.name = name
        self._client = client

    def load(self) -> str | None:
        try:
            response = self._client.get_parameter(Name=self.name, WithDecryption=True)
        except ClientError as exc:
            if _aws_code(exc) == "ParameterNotFound":
                return None
            raise _store_error("read", self.name, exc) from exc
        except BotoCoreError as exc:
            raise LedgerThrottled(f"cannot reach Parameter Store to read {self.name}: {exc}") from exc
        state = response.get("Parameter", {}).get("Value")
        return state if isinstance(state, str) and state.strip() else None

    def save(self, state: str) -> None:
        value = state if len(state) <= STANDARD_PARAMETER_LIMIT else _refresh_only(state)
        try:
            self._client.put_parameter(
                Name=self.name,
                Value=value,
                Type="SecureString",
                Overwrite=True,
                # Standard whenever it fits (free); an account's unusually long token goes advanced, not lost.
                Tier="Standard" if len(value) <= STANDARD_PARAMETER_LIMIT else "Intelligent-Tiering",
                Description="FinAssist: MSAL token cache for Microsoft Graph (finassist auth)",
            )
        except ClientError as exc:
            raise _store_error("write", self.name, exc) from exc
        except BotoCoreError as exc:
            raise LedgerThrottled(f"cannot reach Parameter Store to write {self.name}: {exc}") from exc


def _refresh_only(state: str) -> str:
    """The cache without the sections a refresh recreates (access and ID tokens)."""
    cache = json.loads(state)
    return json.dumps({key: value for key, value in cache.items() if key not in _SHORT_LIVED}, separators=(",", ":"))


def _aws_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _store_error(verb: str, name: str, exc: ClientError) -> Exception:
    code = _aws_code(exc)
    if code in ("ThrottlingException", "InternalServerError", "TooManyUpdates"):
        return LedgerThrottled(f"Parameter Store could not {verb} {name} now ({code})")
    return LedgerMisconfigured(f"cannot {verb} the Graph token cache parameter {name} ({code})")


class GraphTokenProvider:
    """Access tokens for one user's delegated Graph access, from a token cache kept in a TokenCacheStore.

    With no client credential the app registration is a public client (what `finassist auth`'s device code needs,
    and what FinAssist deploys); a client secret makes it a confidential one (a web app registration).
    """

    def __init__(
        self,
        client_id: str,
        client_credential: str | None,
        authority: str,
        store: TokenCacheStore,
        scopes: Sequence[str] = DEFAULT_SCOPES,
        *,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        reserved = sorted(RESERVED_SCOPES & {scope.strip() for scope in scopes})
        if reserved:
            raise ValueError(f"MSAL adds {', '.join(reserved)} itself; ask only for API scopes such as Files.ReadWrite")
        if not scopes:
            raise ValueError("at least one Graph scope is needed, e.g. Files.ReadWrite")
        self.scopes: tuple[str, ...] = tuple(scopes)
        self._client_id = client_id
        self._client_credential = client_credential
        self._authority = authority
        self._store = store
        self._timeout = timeout
        self._cache = msal.SerializableTokenCache()
        self._app: msal.ClientApplication | None = None
        self._lock = threading.Lock()
        self._seen: str | None = None  # the store's state as last loaded or saved here

    def __repr__(self) -> str:  # the client secret stays out of tracebacks
        kind = "public" if self._client_credential is None else "confidential, credential=***"
        return f"GraphTokenProvider(client_id={self._client_id!r}, authority={self._authority!r}, {kind})"

    # -- what GraphLedger calls ------------------------------------------------------------------------------

    def access_token(self) -> str:
        """A valid access token: from MSAL's cache, or redeemed with the cached refresh token."""
        return self._silent(force_refresh=False)

    def refresh(self) -> str:
        """A new access token even if the cached one looks valid: Graph said 401 to it."""
        return self._silent(force_refresh=True)

    # -- `finassist auth` ------------------------------------------------------------------------------------

    def bootstrap_from_device_flow(self, show: Callable[[str], None]) -> str:
        """Sign in with a device code: `show` tells the person where to go and which code to type; MSAL then polls
        until they finish (or the code expires, about 15 minutes). Returns the signed-in username."""

        def redeem(app: msal.ClientApplication) -> dict[str, Any]:
            if not isinstance(app, msal.PublicClientApplication):
                raise SignInFailed("the device code needs a public client: give no client secret")
            flow: dict[str, Any] = app.initiate_device_flow(scopes=list(self.scopes))
            if "user_code" not in flow:
                raise SignInFailed(_sign_in_refusal(flow))
            show(str(flow.get("message") or f"Open {flow['verification_uri']} and type {flow['user_code']}"))
            result: dict[str, Any] = app.acquire_token_by_device_flow(flow)
            if "access_token" not in result:
                raise SignInFailed(_sign_in_refusal(result))
            return result

        return self._bootstrap(redeem)

    def bootstrap_from_refresh_token(self, refresh_token: str) -> str:
        """Start a fresh cache from a refresh token obtained elsewhere; returns the signed-in username."""
        return self._bootstrap(lambda app: app.acquire_token_by_refresh_token(refresh_token, scopes=list(self.scopes)))

    def bootstrap_from_auth_code(self, code: str, redirect_uri: str) -> str:
        """Start a fresh cache from an authorization code; returns the signed-in username."""

        def redeem(app: msal.ClientApplication) -> dict[str, Any]:
            # The sign-in happened outside this process, so there is no auth-code-flow state to hand to
            # acquire_token_by_auth_code_flow; the plain code redemption is the one that fits a pasted code.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                result: dict[str, Any] = app.acquire_token_by_authorization_code(
                    code, scopes=list(self.scopes), redirect_uri=redirect_uri
                )
            return result

        return self._bootstrap(redeem)

    # -- internals -------------------------------------------------------------------------------------------

    def _application(self, *, load: bool = True) -> msal.ClientApplication:
        """Built on first use: MSAL fetches the tenant's OpenID configuration when it is constructed."""
        if self._app is None:
            state = self._store.load() if load else None
            self._seen = state
            if state:
                self._cache.deserialize(state)
            try:
                if self._client_credential is None:
                    self._app = msal.PublicClientApplication(
                        self._client_id, authority=self._authority, token_cache=self._cache, timeout=self._timeout
                    )
                else:
                    self._app = msal.ConfidentialClientApplication(
                        self._client_id,
                        client_credential=self._client_credential,
                        authority=self._authority,
                        token_cache=self._cache,
                        timeout=self._timeout,
                    )
            except requests.RequestException as exc:
                raise LedgerThrottled(f"cannot reach {self._authority}: {type(exc).__name__}") from exc
            except ValueError as exc:
                raise LedgerMisconfigured(f"the identity authority {self._authority} is unusable: {exc}") from exc
        return self._app

    def _silent(self, *, force_refresh: bool) -> str:
        with self._lock:
            try:
                return self._silent_once(force_refresh=force_refresh)
            except LedgerMisconfigured:
                # Someone may have run `finassist auth` since this container loaded the cache: read it again.
                if not self._reload_if_changed():
                    raise
                return self._silent_once(force_refresh=force_refresh)

    def _silent_once(self, *, force_refresh: bool) -> str:
        app = self._application()
        accounts = app.get_accounts()
        if not accounts:
            raise LedgerMisconfigured("the Graph token cache holds no account: run finassist auth")
        try:
            result = app.acquire_token_silent_with_error(
                list(self.scopes), account=accounts[0], force_refresh=force_refresh
            )
        except requests.RequestException as exc:
            raise LedgerThrottled(f"the Microsoft identity platform did not answer: {type(exc).__name__}") from exc
        finally:
            self._persist()
        return _token_from(result)

    def _reload_if_changed(self) -> bool:
        """Start over from the store when it holds a cache this provider has not seen; say whether it did."""
        state = self._store.load()
        if not state or state == self._seen:
            return False
        self._cache = msal.SerializableTokenCache()
        self._app = None
        return True

    def _bootstrap(self, redeem: Callable[[msal.ClientApplication], dict[str, Any]]) -> str:
        with self._lock:
            # A bootstrap replaces whatever the store held, so the first account is always the one just signed in.
            self._cache = msal.SerializableTokenCache()
            self._app = None
            app = self._application(load=False)
            try:
                result = redeem(app)
            except requests.RequestException as exc:
                raise LedgerThrottled(f"the Microsoft identity platform did not answer: {type(exc).__name__}") from exc
            _token_from(result)
            self._save()
            accounts = app.get_accounts()
            return str(accounts[0].get("username", "")) if accounts else ""

    def _persist(self) -> None:
        """Write the cache back only when MSAL changed it (a refresh rotates the refresh token)."""
        if not self._cache.has_state_changed:
            return
        try:
            self._save()
        except Exception as exc:  # noqa: BLE001 - the token in hand is still good; the next call saves again
            logger.warning("could not save the Graph token cache: %s", type(exc).__name__)

    def _save(self) -> None:
        state = self._cache.serialize()
        self._store.save(state)
        self._seen = state


def _sign_in_refusal(response: dict[str, Any]) -> str:
    """Why the device-code sign-in stopped, in words an operator can act on (no token material)."""
    error = str(response.get("error", "unknown_error"))
    codes = [int(code) for code in response.get("error_codes", []) or [] if str(code).isdigit()]
    if 7000218 in codes or error == "invalid_client":
        return (
            "Microsoft wants a client secret: the app registration is not a public client. In Entra admin center ->"
            " App registrations -> the app -> Authentication, set 'Allow public client flows' to Yes (AADSTS7000218)"
        )
    reasons = {
        "authorization_declined": "the sign-in was declined in the browser",
        "expired_token": "the code expired before the sign-in finished (about 15 minutes): run finassist auth again",
        "bad_verification_code": "Microsoft did not recognise the device code: run finassist auth again",
    }
    return reasons.get(error, f"the sign-in failed: {error}" + (f" (AADSTS {codes[0]})" if codes else ""))


def _token_from(result: dict[str, Any] | None) -> str:
    """The access token out of an MSAL result, or the error named without any token material."""
    if result and isinstance(result.get("access_token"), str):
        return str(result["access_token"])
    if not result:
        raise LedgerMisconfigured("no Graph token in the cache for Files.ReadWrite: run finassist auth")
    error = str(result.get("error", "unknown_error"))
    codes = ", ".join(str(code) for code in result.get("error_codes", []) or [])
    detail = f"{error} (AADSTS {codes})" if codes else error
    if error in _REAUTHENTICATE:
        raise LedgerMisconfigured(f"Microsoft refused the Graph refresh token: {detail}; run finassist auth")
    if error in ("temporarily_unavailable", "server_error", "throttled"):
        raise LedgerThrottled(f"the Microsoft identity platform is unavailable: {detail}")
    raise LedgerUnavailable(f"could not get a Graph token: {detail}")
