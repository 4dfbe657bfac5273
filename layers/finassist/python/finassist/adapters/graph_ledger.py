"""The Ledger port on the user's own workbook in OneDrive, through Microsoft Graph.

Two modes, because the Excel REST API is documented for business OneDrive/SharePoint only:
- "rest": read the table's rows ($top/$skip pages), add a row with POST .../tables/{table}/rows, and delete or
  update one with DELETE / PATCH .../tables/{table}/rows/itemAt(index={i}) after checking, right before the write,
  that row i still holds the ID (rows are addressed by position, and someone may have inserted rows since the scan);
- "file": download the .xlsx, edit it with openpyxl (XlsxLedger on a temp file), upload with If-Match.

Append is idempotent on the ID column: the IDs are read before writing, and again after a 504 or a timeout,
which Graph documents as "may have been applied". Throttling is never slept on here (a Lambda pays for every
second): it becomes LedgerThrottled with the Retry-After in the message, and the state machine retries.
"""

from __future__ import annotations

import json
import logging
import math
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import quote

import requests

from finassist.adapters.xlsx_ledger import XlsxLedger, last_written, to_amount, to_date
from finassist.domain.expense import COLUMNS, TABLE_NAME, Expense, LedgerRow, in_period
from finassist.domain.text import fold
from finassist.errors import LedgerMisconfigured, LedgerThrottled, LedgerUnavailable

logger = logging.getLogger(__name__)

GRAPH_BASE = "https://graph.microsoft.com/v1.0"
TIMEOUT = (5.0, 25.0)
"""Connect, read: well inside the RunTool Lambda's timeout, so a hung call becomes a retryable error."""
DEFAULT_RETRY_AFTER = 10
"""Seconds to suggest when Graph throttles without a Retry-After header."""
PAGE_SIZE = 500
MAX_UPLOAD_ATTEMPTS = 3
MAX_ROW_SCANS = 3
"""How often a delete or update re-reads the rows when the row it found moved before the write."""
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THROTTLED = frozenset({429, 503, 504})
_UNCERTAIN = frozenset({504})
"""A write answered with these may still have been applied: the ID column decides."""
_TEXT_PREFIXES = ("=", "+", "-", "@")

Mode = Literal["rest", "file"]


class TokenSource(Protocol):
    """Anything that hands out Graph access tokens (GraphTokenProvider, or a stub in tests)."""

    def access_token(self) -> str: ...

    def refresh(self) -> str: ...


@dataclass(frozen=True)
class _Header:
    """The table's header row: the 0-based position of each of our columns, and the table's width."""

    width: int
    position: dict[str, int]

    def cell(self, values: Sequence[object], name: str) -> object:
        index = self.position[name]
        return values[index] if index < len(values) else None


class GraphLedger:
    """One user's Despesas table in their OneDrive workbook; append is idempotent on the ID column."""

    def __init__(
        self,
        tokens: TokenSource,
        item_id: str,
        *,
        table: str = TABLE_NAME,
        mode: Mode = "rest",
        session: requests.Session | None = None,
        base_url: str = GRAPH_BASE,
        drive_prefix: str = "/me/drive",
        page_size: int = PAGE_SIZE,
    ) -> None:
        if mode not in ("rest", "file"):
            raise LedgerMisconfigured(f"unknown Graph ledger mode {mode!r}: use 'rest' (business) or 'file'")
        if not item_id:
            raise LedgerMisconfigured("the user's workbook has no Graph item id")
        self._tokens = tokens
        self.item_id = item_id
        self.table = table
        self.mode: Mode = mode
        self._http = session or requests.Session()
        self._item_url = f"{base_url.rstrip('/')}{drive_prefix}/items/{quote(item_id, safe='')}"
        self._table_url = f"{self._item_url}/workbook/tables/{quote(table, safe='')}"
        self._page_size = page_size

    # -- the Ledger port -------------------------------------------------------------------------------------

    def append(self, expense: Expense, entry_id: str) -> bool:
        """Add the row unless a row with entry_id exists; True when a row was added."""
        key = entry_id.strip()
        if self.mode == "file":
            return self._append_file(expense, key)
        return self._append_rest(expense, key)

    def query(self, start: date, end: date, category: str | None = None) -> list[LedgerRow]:
        """Rows dated start..end inclusive, optionally of one category (ignoring case and accents)."""
        return in_period(self.rows(), start, end, category)

    def last_entry(self) -> LedgerRow | None:
        """The last row in table order that FinAssist wrote (a non-empty ID); rows typed by hand never count."""
        return last_written(self.rows())

    def get(self, entry_id: str) -> LedgerRow | None:
        key = entry_id.strip()
        return next((row for row in self.rows() if row.entry_id == key), None) if key else None

    def entries(self, id_prefix: str) -> list[LedgerRow]:
        return [row for row in self.rows() if id_prefix and row.entry_id.startswith(id_prefix)]

    def delete(self, entry_id: str) -> bool:
        """Remove the row with this ID; False when there is none (a retried delete is a no-op)."""
        key = entry_id.strip()
        if not key:
            return False
        if self.mode == "file":
            return self._edit_file(
                lambda ledger: ledger.delete(key),
                applied=lambda rows: all(row.entry_id != key for row in rows),
                what="deleting the row",
            )
        return self._delete_rest(key)

    def update(self, entry_id: str, expense: Expense) -> bool:
        """Replace the values of the row with this ID, keeping the ID; False when there is none."""
        key = entry_id.strip()
        if not key:
            return False
        if self.mode == "file":
            wanted = LedgerRow(expense, key)
            return self._edit_file(
                lambda ledger: ledger.update(key, expense),
                applied=lambda rows: wanted in rows,
                what="updating the row",
            )
        return self._update_rest(key, expense)

    def rows(self) -> list[LedgerRow]:
        """Every readable row of the table, in table order."""
        if self.mode == "file":
            _, content = self._download()
            with _TempWorkbook(content) as ledger:
                return ledger.rows()
        header = self._header(None)
        return list(_ledger_rows(self._row_values(None), header))

    # -- REST mode -------------------------------------------------------------------------------------------

    def _append_rest(self, expense: Expense, key: str) -> bool:
        session_id = self._create_session()
        try:
            header = self._header(session_id)
            if key and key in self._ids(header, session_id):
                return False
            body = _row_body(header, expense, key)
            try:
                response = self._send(
                    "POST",
                    f"{self._table_url}/rows",
                    what="adding the row",
                    session_id=session_id,
                    data=body.encode("utf-8"),
                    headers={"Content-Type": "application/json"},
                )
            except LedgerThrottled:
                # A timeout after the request left: it may have landed.
                return self._landed_anyway(header, session_id, key, "the row add timed out")
            if response.status_code in _UNCERTAIN:
                return self._landed_anyway(header, session_id, key, _describe(response, "adding the row"))
            self._check(response, "adding the row")
            return True
        finally:
            self._close_session(session_id)

    def _delete_rest(self, key: str) -> bool:
        session_id = self._create_session()
        try:
            header = self._header(session_id)

            def delete(index: int) -> bool:
                try:
                    response = self._send(
                        "DELETE", self._row_url(index), what="deleting the row", session_id=session_id
                    )
                except LedgerThrottled:
                    return self._gone_anyway(header, session_id, key, "the row delete timed out")
                if response.status_code == 404:
                    return False
                if response.status_code in _UNCERTAIN:
                    return self._gone_anyway(header, session_id, key, _describe(response, "deleting the row"))
                self._check(response, "deleting the row")
                return True

            return self._at_each_row(header, session_id, key, delete)
        finally:
            self._close_session(session_id)

    def _update_rest(self, key: str, expense: Expense) -> bool:
        session_id = self._create_session()
        try:
            header = self._header(session_id)
            # Nulls leave a cell as it is, so columns the user added to the table keep their values.
            body = _row_body(header, expense, key).encode("utf-8")

            def update(index: int) -> bool:
                # A PATCH that timed out or got a 504 is LedgerThrottled: sending the same values again is harmless.
                response = self._send(
                    "PATCH",
                    self._row_url(index),
                    what="updating the row",
                    session_id=session_id,
                    data=body,
                    headers={"Content-Type": "application/json"},
                )
                if response.status_code == 404:
                    return False
                self._check(response, "updating the row")
                return True

            return self._at_each_row(header, session_id, key, update)
        finally:
            self._close_session(session_id)

    def _at_each_row(self, header: _Header, session_id: str | None, key: str, write: Callable[[int], bool]) -> bool:
        """Run write on the index of every row holding key, bottom first so a delete never shifts the next target.

        Rows are addressed by position, so each index is re-read right before its write; a row that moved (someone
        inserted or deleted rows since the scan) sends us back to scan again. write returns False when the index
        no longer exists. Returns whether this call changed a row.
        """
        wrote = False
        for _scan in range(MAX_ROW_SCANS):
            indexes = [
                index for index, values in enumerate(self._row_values(session_id)) if _id_of(header, values) == key
            ]
            if not indexes:
                return wrote
            for index in reversed(indexes):
                if not (self._holds(header, session_id, index, key) and write(index)):
                    logger.info("the row %s moved while it was being changed; reading the rows again", key)
                    break
                wrote = True
            else:
                return True
        raise LedgerThrottled(
            f"the table kept changing under every one of {MAX_ROW_SCANS} attempts; retry after {DEFAULT_RETRY_AFTER}s"
        )

    def _holds(self, header: _Header, session_id: str | None, index: int, key: str) -> bool:
        """Whether the row at index still carries key: the check right before a positional write."""
        response = self._send("GET", self._row_url(index), what="reading the row", session_id=session_id)
        if response.status_code == 404:
            return False
        self._check(response, "reading the row")
        values = _json(response, "reading the row").get("values") or [[]]
        return _id_of(header, list(values[0]) if values else []) == key

    def _gone_anyway(self, header: _Header, session_id: str | None, key: str, reason: str) -> bool:
        """After an answer that may hide a success, the ID column says whether the row is gone."""
        if key not in self._ids(header, session_id):
            logger.info("the row %s was deleted despite %s", key, reason)
            return True
        raise LedgerThrottled(f"{reason}; the row is still in the table, retry after {DEFAULT_RETRY_AFTER}s")

    def _row_url(self, index: int) -> str:
        # The tablerow-delete/-update pages show .../rows/{index}; callers report ApiNotFound for it
        # (microsoft-graph-docs-contrib issues #8828, #8924) and Graph names a row .../rows/itemAt(index={i}).
        return f"{self._table_url}/rows/itemAt(index={index})"

    def _landed_anyway(self, header: _Header, session_id: str | None, key: str, reason: str) -> bool:
        """After an answer that may hide a success, the ID column says whether the row is there."""
        if key and key in self._ids(header, session_id):
            logger.info("the row %s landed despite %s", key, reason)
            return True
        raise LedgerThrottled(f"{reason}; the row is not in the table, retry after {DEFAULT_RETRY_AFTER}s")

    def _create_session(self) -> str | None:
        response = self._send(
            "POST",
            f"{self._item_url}/workbook/createSession",
            what="opening a workbook session",
            data=b'{"persistChanges": true}',
            headers={"Content-Type": "application/json"},
        )
        self._check(response, "opening a workbook session", missing="the workbook (Graph item) was not found")
        session_id = _json(response, "opening a workbook session").get("id")
        return str(session_id) if session_id else None

    def _close_session(self, session_id: str | None) -> None:
        """Best effort: an unclosed session expires by itself after a few idle minutes."""
        if not session_id:
            return
        try:
            self._http.post(
                f"{self._item_url}/workbook/closeSession",
                headers={"Authorization": f"Bearer {self._tokens.access_token()}", "workbook-session-id": session_id},
                timeout=TIMEOUT,
            )
        except Exception as exc:  # noqa: BLE001 - closing is a courtesy, never a failure of the append
            logger.info("could not close the workbook session: %s", type(exc).__name__)

    def _header(self, session_id: str | None) -> _Header:
        url = f"{self._table_url}/headerRowRange"
        response = self._send("GET", url, what="reading the header", session_id=session_id)
        self._check(response, "reading the header")
        values = _json(response, "reading the header").get("values") or [[]]
        names = values[0] if values else []
        position: dict[str, int] = {}
        for index, name in enumerate(names):
            if isinstance(name, str) and name.strip():
                position.setdefault(fold(name), index)
        missing = [name for name in COLUMNS if fold(name) not in position]
        if missing:
            raise LedgerMisconfigured(
                f"the table {self.table!r} lacks the column(s) {', '.join(missing)}; "
                f"its header must hold {' | '.join(COLUMNS)}"
            )
        return _Header(width=len(names), position={name: position[fold(name)] for name in COLUMNS})

    def _row_values(self, session_id: str | None) -> Iterator[list[object]]:
        """Every row's values, page by page with $top/$skip (following @odata.nextLink if Graph sends one)."""
        url = f"{self._table_url}/rows"
        params: dict[str, str] | None = {"$top": str(self._page_size), "$skip": "0"}
        skip = 0
        while True:
            response = self._send("GET", url, what="reading the rows", session_id=session_id, params=params)
            self._check(response, "reading the rows")
            payload = _json(response, "reading the rows")
            page = payload.get("value") or []
            for row in page:
                values = row.get("values") or [[]]
                yield list(values[0]) if values else []
            next_link = payload.get("@odata.nextLink")
            if isinstance(next_link, str) and next_link:
                url, params = next_link, None
            elif params is None or len(page) != self._page_size:
                # A short page ends the table; a longer one means the server ignored $top and sent everything.
                return
            else:
                skip += self._page_size
                params = {"$top": str(self._page_size), "$skip": str(skip)}

    def _ids(self, header: _Header, session_id: str | None) -> set[str]:
        return {text for values in self._row_values(session_id) if (text := _id_of(header, values))}

    # -- file mode -------------------------------------------------------------------------------------------

    def _append_file(self, expense: Expense, key: str) -> bool:
        return self._edit_file(
            lambda ledger: ledger.append(expense, key),
            applied=lambda rows: bool(key) and any(row.entry_id == key for row in rows),
            what="adding the row",
        )

    def _edit_file(
        self, edit: Callable[[XlsxLedger], bool], *, applied: Callable[[list[LedgerRow]], bool], what: str
    ) -> bool:
        """Download, edit with XlsxLedger, upload with If-Match; a 412 starts over on the newer file.

        edit returns False when it changed nothing (nothing is uploaded); applied tells, from the rows of the file
        as it is now, whether an upload that timed out or got a 504 landed after all.
        """
        for _attempt in range(MAX_UPLOAD_ATTEMPTS):
            etag, content = self._download()
            with _TempWorkbook(content) as ledger:
                if not edit(ledger):
                    return False
                updated = ledger.path.read_bytes()
            try:
                response = self._send(
                    "PUT",
                    f"{self._item_url}/content",
                    what="uploading the workbook",
                    data=updated,
                    headers={"If-Match": etag, "Content-Type": XLSX_CONTENT_TYPE},
                )
            except LedgerThrottled:
                return self._file_landed_anyway(applied, what, "the upload timed out")
            if response.status_code == 412:
                logger.info("the workbook changed since it was downloaded; downloading it again")
                continue
            if response.status_code in _UNCERTAIN:
                return self._file_landed_anyway(applied, what, _describe(response, "uploading the workbook"))
            self._check(response, "uploading the workbook")
            return True
        raise LedgerThrottled(
            f"the workbook changed under every one of {MAX_UPLOAD_ATTEMPTS} uploads (412); "
            f"retry after {DEFAULT_RETRY_AFTER}s"
        )

    def _file_landed_anyway(self, applied: Callable[[list[LedgerRow]], bool], what: str, reason: str) -> bool:
        _, content = self._download()
        with _TempWorkbook(content) as ledger:
            if applied(ledger.rows()):
                logger.info("the upload %s landed despite %s", what, reason)
                return True
        raise LedgerThrottled(f"{reason}; the workbook does not show it, retry after {DEFAULT_RETRY_AFTER}s")

    def _download(self) -> tuple[str, bytes]:
        """The eTag first, then the bytes: if the file changes in between, the If-Match upload fails safe."""
        missing = "the workbook (Graph item) was not found"
        response = self._send("GET", self._item_url, what="reading the workbook's metadata")
        self._check(response, "reading the workbook's metadata", missing=missing)
        etag = _json(response, "reading the workbook's metadata").get("eTag") or response.headers.get("ETag")
        if not etag:
            raise LedgerUnavailable("Graph returned the workbook without an eTag")
        # /content answers 302 to a pre-authenticated URL; requests drops the Authorization header off-host.
        content = self._send("GET", f"{self._item_url}/content", what="downloading the workbook")
        self._check(content, "downloading the workbook", missing=missing)
        return str(etag), content.content

    # -- HTTP ------------------------------------------------------------------------------------------------

    def _send(
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
        token = self._tokens.access_token()
        for attempt in (1, 2):
            sent = {"Authorization": f"Bearer {token}", "Accept": "application/json", **(headers or {})}
            if session_id:
                sent["workbook-session-id"] = session_id
            try:
                response = self._http.request(method, url, headers=sent, timeout=TIMEOUT, **kwargs)
            except (requests.Timeout, requests.ConnectionError) as exc:
                raise LedgerThrottled(
                    f"Microsoft Graph did not answer while {what} ({type(exc).__name__}); "
                    f"retry after {DEFAULT_RETRY_AFTER}s"
                ) from exc
            except requests.RequestException as exc:
                raise LedgerUnavailable(f"Microsoft Graph failed while {what}: {type(exc).__name__}") from exc
            if response.status_code == 401 and attempt == 1:
                logger.info("Graph said 401 while %s; refreshing the token once", what)
                token = self._tokens.refresh()
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _check(self, response: requests.Response, what: str, *, missing: str | None = None) -> None:
        """Map a Graph answer to our named errors; 2xx passes."""
        status = response.status_code
        if 200 <= status < 300:
            return
        detail = _describe(response, what)
        if status in _THROTTLED:
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


class _TempWorkbook:
    """Downloaded bytes as an XlsxLedger on a private temp file, removed on exit."""

    def __init__(self, content: bytes) -> None:
        self._content = content
        self._dir: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> XlsxLedger:
        self._dir = tempfile.TemporaryDirectory(prefix="finassist-graph-")
        path = Path(self._dir.name) / "workbook.xlsx"
        path.write_bytes(self._content)
        return XlsxLedger(path)

    def __exit__(self, *exc_info: object) -> None:
        if self._dir is not None:
            self._dir.cleanup()


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


def _json(response: requests.Response, what: str) -> dict[str, Any]:
    """The body as JSON, numbers as Decimal straight from their text (an amount never passes through float)."""
    try:
        payload = response.json(parse_float=Decimal)
    except ValueError as exc:
        raise LedgerUnavailable(f"Graph sent a body that is not JSON while {what}") from exc
    if not isinstance(payload, dict):
        raise LedgerUnavailable(f"Graph sent unexpected JSON while {what}")
    return payload


def _describe(response: requests.Response, what: str) -> str:
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


def _row_body(header: _Header, expense: Expense, key: str) -> str:
    """The POST body, built as text so Valor is the Decimal's own digits as a JSON number (no float detour).

    Excel keeps numbers as doubles anyway; what matters is that "45.10" leaves here exactly as typed.
    """
    if not expense.amount.is_finite():
        raise ValueError(f"amount {expense.amount} is not a number")
    cells: list[str] = ["null"] * header.width
    texts = {
        "Data": expense.date.isoformat(),
        "Categoria": _as_text(expense.category),
        "Descrição": _as_text(expense.description),
        "Observações": _as_text(expense.notes),
        "ID": _as_text(key),
    }
    for name, text in texts.items():
        cells[header.position[name]] = json.dumps(text, ensure_ascii=False)
    cells[header.position["Valor"]] = format(expense.amount, "f")
    return '{"values": [[' + ", ".join(cells) + "]]}"


def _as_text(text: str) -> str:
    """Excel reads a value like typing: "=..." would be a formula and "123" a number; a leading ' keeps text."""
    if text.startswith(_TEXT_PREFIXES) or _looks_numeric(text) or to_date(text) is not None:
        return "'" + text
    return text


def _looks_numeric(text: str) -> bool:
    try:
        Decimal(text.strip())
    except ArithmeticError:
        return False
    return bool(text.strip())


def _ledger_rows(rows: Iterator[list[object]], header: _Header) -> Iterator[LedgerRow]:
    for index, values in enumerate(rows):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in values):
            continue
        raw_date = header.cell(values, "Data")
        raw_amount = header.cell(values, "Valor")
        when = _date(raw_date)
        amount = to_amount(raw_amount)
        if when is None or amount is None:
            logger.warning("skipping row %d of the table: unreadable Data %r or Valor %r", index, raw_date, raw_amount)
            continue
        yield LedgerRow(
            Expense(
                date=when,
                category=_text(header.cell(values, "Categoria")),
                description=_text(header.cell(values, "Descrição")),
                amount=amount,
                notes=_text(header.cell(values, "Observações")),
            ),
            _text(header.cell(values, "ID")),
        )


def _id_of(header: _Header, values: Sequence[object]) -> str:
    return _text(header.cell(values, "ID"))


def _date(value: object) -> date | None:
    """Excel returns a date cell as its serial number (1900 system), or text when the cell holds text."""
    if isinstance(value, Decimal):  # JSON numbers are parsed as Decimal; a date serial is whole days
        return to_date(int(value)) if value.is_finite() else None
    return to_date(value)


def _text(value: object) -> str:
    """A cell as text: Excel hands back numbers for cells that look numeric, so 7.0 reads as "7"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
