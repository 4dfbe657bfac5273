"""Delegated Microsoft Graph tokens for the ledger: MSAL's serialized token cache, kept in Secrets Manager.

A one-time `finassist auth` puts a refresh token in the cache; from then on every Lambda asks MSAL for a token
silently (MSAL refreshes and rotates the refresh token itself) and writes the cache back only when it changed.
Tokens never reach a log line, an exception message or a state machine payload.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import msal
import requests
from botocore.exceptions import BotoCoreError, ClientError

from finassist.errors import LedgerMisconfigured, LedgerThrottled, LedgerUnavailable

logger = logging.getLogger(__name__)

AUTHORITY_HOST = "https://login.microsoftonline.com"
DEFAULT_SCOPES: tuple[str, ...] = ("Files.ReadWrite",)
RESERVED_SCOPES = frozenset({"offline_access", "openid", "profile"})
"""MSAL adds these itself and raises ValueError when a caller passes them."""
TIMEOUT = (5.0, 25.0)
_REAUTHENTICATE = ("invalid_grant", "interaction_required", "invalid_client", "unauthorized_client")


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


class SecretsManagerTokenCache:
    """The cache as the SecretString of one secret; a missing secret reads as an empty cache."""

    def __init__(self, secret_name: str, client: Any = None) -> None:
        if client is None:
            import boto3

            client = boto3.client("secretsmanager")
        self.secret_name = secret_name
        self._client = client

    def load(self) -> str | None:
        try:
            response = self._client.get_secret_value(SecretId=self.secret_name)
        except ClientError as exc:
            if _aws_code(exc) == "ResourceNotFoundException":
                return None
            raise _store_error("read", self.secret_name, exc) from exc
        except BotoCoreError as exc:
            raise LedgerThrottled(f"cannot reach Secrets Manager to read {self.secret_name}: {exc}") from exc
        state = response.get("SecretString")
        return state if isinstance(state, str) and state.strip() else None

    def save(self, state: str) -> None:
        try:
            self._client.put_secret_value(SecretId=self.secret_name, SecretString=state)
        except ClientError as exc:
            if _aws_code(exc) != "ResourceNotFoundException":
                raise _store_error("write", self.secret_name, exc) from exc
            self._client.create_secret(
                Name=self.secret_name,
                SecretString=state,
                Description="FinAssist: MSAL token cache for Microsoft Graph (written by finassist auth)",
            )
        except BotoCoreError as exc:
            raise LedgerThrottled(f"cannot reach Secrets Manager to write {self.secret_name}: {exc}") from exc


def _aws_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _store_error(verb: str, name: str, exc: ClientError) -> Exception:
    code = _aws_code(exc)
    if code in ("ThrottlingException", "InternalServiceError"):
        return LedgerThrottled(f"Secrets Manager could not {verb} {name} now ({code})")
    return LedgerMisconfigured(f"cannot {verb} the Graph token cache secret {name} ({code})")


class GraphTokenProvider:
    """Access tokens for one user's delegated Graph access, from a token cache kept in a TokenCacheStore."""

    def __init__(
        self,
        client_id: str,
        client_credential: str,
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
        self._app: msal.ConfidentialClientApplication | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # the client secret stays out of tracebacks
        return f"GraphTokenProvider(client_id={self._client_id!r}, authority={self._authority!r}, credential=***)"

    # -- what GraphLedger calls ------------------------------------------------------------------------------

    def access_token(self) -> str:
        """A valid access token: from MSAL's cache, or redeemed with the cached refresh token."""
        return self._silent(force_refresh=False)

    def refresh(self) -> str:
        """A new access token even if the cached one looks valid: Graph said 401 to it."""
        return self._silent(force_refresh=True)

    # -- `finassist auth` ------------------------------------------------------------------------------------

    def bootstrap_from_refresh_token(self, refresh_token: str) -> str:
        """Start a fresh cache from a refresh token obtained elsewhere; returns the signed-in username."""
        return self._bootstrap(lambda app: app.acquire_token_by_refresh_token(refresh_token, scopes=list(self.scopes)))

    def bootstrap_from_auth_code(self, code: str, redirect_uri: str) -> str:
        """Start a fresh cache from an authorization code; returns the signed-in username."""

        def redeem(app: msal.ConfidentialClientApplication) -> dict[str, Any]:
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

    def _application(self, *, load: bool = True) -> msal.ConfidentialClientApplication:
        """Built on first use: MSAL fetches the tenant's OpenID configuration when it is constructed."""
        if self._app is None:
            state = self._store.load() if load else None
            if state:
                self._cache.deserialize(state)
            try:
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

    def _bootstrap(self, redeem: Callable[[msal.ConfidentialClientApplication], dict[str, Any]]) -> str:
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
            self._store.save(self._cache.serialize())
            accounts = app.get_accounts()
            return str(accounts[0].get("username", "")) if accounts else ""

    def _persist(self) -> None:
        """Write the cache back only when MSAL changed it (a refresh rotates the refresh token)."""
        if not self._cache.has_state_changed:
            return
        try:
            self._store.save(self._cache.serialize())
        except Exception as exc:  # noqa: BLE001 - the token in hand is still good; the next call saves again
            logger.warning("could not save the Graph token cache: %s", type(exc).__name__)


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
