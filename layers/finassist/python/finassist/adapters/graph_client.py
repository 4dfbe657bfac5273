"""Microsoft Graph over HTTP for one workbook: bearer tokens, timeouts, and Graph's answers mapped to our errors.

Throttling is never slept on here (a Lambda pays for every second): it becomes LedgerThrottled with the
Retry-After in the message, and the state machine retries.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import quote

import requests

from finassist.domain.expense import TABLE_NAME
from finassist.errors import LedgerMisconfigured, LedgerThrottled, LedgerUnavailable

logger = logging.getLogger(__name__)

GRAPH_BASE = "https://graph.microsoft.com/v1.0"
TIMEOUT = (5.0, 25.0)
"""Connect, read: well inside the RunTool Lambda's timeout, so a hung call becomes a retryable error."""
DEFAULT_RETRY_AFTER = 10
"""Seconds to suggest when Graph throttles without a Retry-After header."""
# -- temporary Graph errors (issue 13, item 6) -- begin
THROTTLED = frozenset({429, 500, 502, 503, 504})
"""Temporary: Microsoft's Excel error codes call 502 badGateway "a temporary error" and 500 internalServerError
is retried too (concepts/workbook-error-codes.md); all become LedgerThrottled, which the ASL retries with back-off."""
UNCERTAIN = frozenset({500, 502, 504})
"""A write answered with these may still have been applied (the failure came after the request reached the
service): the ID column decides."""
# -- temporary Graph errors -- end
"""A write answered with these may still have been applied: the ID column decides."""


class TokenSource(Protocol):
    """Anything that hands out Graph access tokens (GraphTokenProvider, or a stub in tests)."""

    def access_token(self) -> str: ...

    def refresh(self) -> str: ...


class GraphClient:
    """The HTTP side of one user's workbook: the item's and the table's URLs, and one call at a time."""

    def __init__(
        self,
        tokens: TokenSource,
        item_id: str,
        *,
        table: str = TABLE_NAME,
        session: requests.Session | None = None,
        base_url: str = GRAPH_BASE,
        drive_prefix: str = "/me/drive",
    ) -> None:
        if not item_id:
            raise LedgerMisconfigured("the user's workbook has no Graph item id")
        self.tokens = tokens
        self.item_id = item_id
        self.table = table
        self.http = session or requests.Session()
        self.item_url = f"{base_url.rstrip('/')}{drive_prefix}/items/{quote(item_id, safe='')}"
        self.table_url = f"{self.item_url}/workbook/tables/{quote(table, safe='')}"

    def send(
        self,
        method: str,
        url: str,
        *,
        what: str,
        session_id: str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """One Graph call with a fresh bearer token; a 401 refreshes the token once and tries again."""
        token = self.tokens.access_token()
        for attempt in (1, 2):
            sent = {"Authorization": f"Bearer {token}", "Accept": "application/json", **(headers or {})}
            if session_id:
                sent["workbook-session-id"] = session_id
            try:
                response = self.http.request(method, url, headers=sent, timeout=TIMEOUT, **kwargs)
            except (requests.Timeout, requests.ConnectionError) as exc:
                raise LedgerThrottled(
                    f"Microsoft Graph did not answer while {what} ({type(exc).__name__}); "
                    f"retry after {DEFAULT_RETRY_AFTER}s"
                ) from exc
            except requests.RequestException as exc:
                raise LedgerUnavailable(f"Microsoft Graph failed while {what}: {type(exc).__name__}") from exc
            if response.status_code == 401 and attempt == 1:
                logger.info("Graph said 401 while %s; refreshing the token once", what)
                token = self.tokens.refresh()
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def check(self, response: requests.Response, what: str, *, missing: str | None = None) -> None:
        """Map a Graph answer to our named errors; 2xx passes."""
        status = response.status_code
        if 200 <= status < 300:
            return
        detail = describe(response, what)
        if status in THROTTLED:
            raise LedgerThrottled(f"{detail}; retry after {retry_after_seconds(response)}s")
        if status == 404:
            raise LedgerMisconfigured(
                f"{missing or f'the workbook or its table {self.table!r} was not found'} ({detail})"
            )
        if status in (401, 403):
            raise LedgerMisconfigured(f"Graph refused access ({detail}); check the permission or run finassist auth")
        if status in (409, 423):
            raise LedgerThrottled(f"{detail}; the workbook is busy, retry after {retry_after_seconds(response)}s")
        raise LedgerUnavailable(detail)


def retry_after_seconds(response: requests.Response) -> int:
    """Retry-After as whole seconds (delta-seconds or an HTTP date); a default when absent or unreadable."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return DEFAULT_RETRY_AFTER
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, math.ceil((when - datetime.now(UTC)).total_seconds()))


def json_body(response: requests.Response, what: str) -> dict[str, Any]:
    """The body as JSON, numbers as Decimal straight from their text (an amount never passes through float)."""
    try:
        payload = response.json(parse_float=Decimal)
    except ValueError as exc:
        raise LedgerUnavailable(f"Graph sent a body that is not JSON while {what}") from exc
    if not isinstance(payload, dict):
        raise LedgerUnavailable(f"Graph sent unexpected JSON while {what}")
    return payload


def describe(response: requests.Response, what: str) -> str:
    """`Graph answered 429 tooManyRequests while adding the row: <message>`, never headers or tokens."""
    code = message = ""
    try:
        error = response.json().get("error") or {}
        code = str(error.get("code", ""))
        message = str(error.get("message", ""))[:200]
    except ValueError:
        pass
    described = f"Graph answered {response.status_code}{' ' + code if code else ''} while {what}"
    return f"{described}: {message}" if message else described
