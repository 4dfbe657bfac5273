"""Microsoft Graph (Excel tables, OneDrive items) and the Microsoft identity platform, faked for `responses`.

State lives in memory and every payload has Graph's real shape: rows as `{"index", "values": [[...]]}` under
`value`, dates read back as Excel serial numbers, driveItems with `eTag`/`cTag`, errors as
`{"error": {"code", "message", "innerError"}}`. Switches inject the faults the ledger must survive.

One row is addressed by position as `.../rows/itemAt(index={i})`: GET reads it, PATCH `{"values": [[...]]}` sets it
(a null leaves that cell as it is), DELETE removes it and the rows below move up, as in Excel.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import requests
import responses

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.domain.expense import COLUMNS, Expense

GRAPH = "https://graph.microsoft.com/v1.0"
LOGIN = "https://login.microsoftonline.com"
TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"
ITEM_ID = "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K"
USER_OID = "00000000-0000-0000-66f3-3332eca7ea81"
USERNAME = "ana@contoso.onmicrosoft.com"
DOWNLOAD_URL = "https://public.bn.files.1drv.com/y4mFinancas.xlsx?download=1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_EXCEL_EPOCH = date(1899, 12, 30)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")

Reply = tuple[int, dict[str, str], str | bytes]
_ITEM_AT = re.compile(r"/rows/itemAt\(index=(-?\d+)\)$")


def _row_at(table_url: str) -> re.Pattern[str]:
    """The URL of one row by position, .../rows/itemAt(index={i}), with or without a query string."""
    return re.compile(re.escape(f"{table_url}/rows/itemAt(index=") + r"-?\d+\)(\?.*)?$")


def excel_serial(day: date) -> int:
    """How Excel (1900 date system) stores a date: days since 1899-12-30."""
    return (day - _EXCEL_EPOCH).days


def graph_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Reply:
    body = {
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": "2026-11-24T13:00:00",
                "request-id": str(uuid.uuid4()),
                "client-request-id": str(uuid.uuid4()),
            },
        }
    }
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(body)


EXCEL_ERRORS: dict[int, tuple[str, str]] = {
    400: ("badRequest", "The request is malformed or incorrect."),
    401: ("unauthorized", "The caller isn't authenticated."),
    403: ("forbidden", "The caller doesn't have permission to perform the action."),
    404: ("notFound", "The resource couldn't be found."),
    409: ("conflict", "The current state conflicts with what the request expects."),
    412: ("resourceModified", "The resource has been modified since it was last read."),
    429: ("tooManyRequests", "The app or user has been throttled."),
    500: ("internalServerError", "An internal server error occurred while processing the request."),
    501: ("notImplemented", "The requested feature isn't implemented."),
    502: ("badGateway", "The server encountered a temporary error and couldn't complete your request."),
    503: ("serviceUnavailable", "The service isn't available. Try your request again."),
    504: (
        "gatewayTimeout",
        "The server, while acting as a proxy, didn't receive a timely response from the upstream server it needed "
        "to access in attempting to complete the request.",
    ),
}
"""Top-level code and message per status, as Microsoft's table lists them (microsoft-graph-docs-contrib
concepts/workbook-error-codes.md; 412 is OneDrive's If-Match answer). 500 and 502 are temporary: the next request
is answered normally, as 503 and 504 are."""


@dataclass
class Fault:
    """What the next request to a route gets instead of (or, with land=True, after) the normal answer."""

    status: int
    code: str
    headers: dict[str, str] = field(default_factory=dict)
    land: bool = False
    message: str = ""


@dataclass
class Seen:
    method: str
    route: str
    url: str
    headers: dict[str, str]
    body: bytes | None

    @property
    def query(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(urlsplit(self.url).query).items()}


def _cell(value: object) -> object:
    """What Excel keeps when a value is written like typing: ISO dates become serials, "'" forces text."""
    if value is None:
        return ""
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:]
        if _ISO_DATE.fullmatch(value):
            return excel_serial(date.fromisoformat(value))
        if _NUMBER.fullmatch(value):
            number = float(value)
            return int(number) if number.is_integer() else number
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class FakeGraph:
    """One user's workbook behind Graph: an Excel table (REST mode) and the same item as a file (file mode)."""

    def __init__(
        self,
        mock: responses.RequestsMock,
        *,
        item_id: str = ITEM_ID,
        table: str = "Despesas",
        columns: Sequence[str] = COLUMNS,
        workdir: Path,
        tenant: str = TENANT,
    ) -> None:
        self.mock = mock
        self.item_id = item_id
        self.table = table
        self.columns = list(columns)
        self.tenant = tenant
        self.rows: list[list[object]] = []
        self.item_exists = True
        self.table_exists = True
        self.seen: list[Seen] = []
        self.sessions: dict[str, bool] = {}
        self.revoked_tokens: set[str] = set()
        self.issued_tokens: list[str] = []
        self.token_requests: list[dict[str, str]] = []
        self.valid_refresh_tokens: set[str] = {"rt-from-elsewhere"}
        self.valid_auth_codes: set[str] = {"code-from-redirect"}
        self.max_top = 5000
        self._faults: dict[str, deque[Fault]] = {}
        self._before_put: deque[Callable[[], None]] = deque()
        self._before: dict[str, deque[Callable[[], None]]] = {}
        self._counter = itertools.count(1)
        self._workdir = workdir
        self._version = 1
        self._etag_guid = "{" + str(uuid.uuid4()).upper() + "}"
        self.file_bytes = self._empty_workbook(columns)
        self._register()

    # -- switches for tests ----------------------------------------------------------------------------------

    def fail_next(
        self, route: str, status: int, *, times: int = 1, retry_after: int | None = None, land: bool = False
    ) -> None:
        """The next `times` requests to route get status (429/503 with Retry-After; land=True writes first).

        Each fault is one answer: the request after them is served normally, which is what makes 500, 502, 503 and
        504 temporary. Body: the code and message of EXCEL_ERRORS.
        """
        code, message = EXCEL_ERRORS.get(status, ("unknownError", "An unknown error occurred."))
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        for _ in range(times):
            fault = Fault(status, code, headers, land, message)
            self._faults.setdefault(route, deque()).append(fault)

    def time_out_next(self, route: str, *, land: bool = False) -> None:
        """The next request to route never gets an answer (requests raises ReadTimeout), after writing if land."""
        self._faults.setdefault(route, deque()).append(Fault(0, "timeout", land=land))

    def expire_access_tokens(self) -> None:
        """Every access token seen so far is now expired: Graph answers 401 until a fresh one arrives."""
        self.revoked_tokens.update(self.issued_tokens)
        self.revoked_tokens.update(seen.headers.get("Authorization", "").removeprefix("Bearer ") for seen in self.seen)

    def another_writer_before_next_put(self, expense: Expense, entry_id: str) -> None:
        """Someone saves the file (a new eTag) between our download and our upload."""
        self._before_put.append(lambda: self.write_file_row(expense, entry_id))

    def before_next(self, route: str, action: Callable[[], None]) -> None:
        """Run action (say, another client inserting a row) just before the next request to route is answered.

        Queued actions run one per request, so queueing three disturbs the next three requests.
        """
        self._before.setdefault(route, deque()).append(action)

    def insert_row(self, index: int, *values: object) -> None:
        """A row inserted at a position by another client, pushing the rows below it down (REST mode state)."""
        self.rows.insert(index, [_cell(value) for value in values])

    def add_row(self, *values: object) -> None:
        """A row as if typed in Excel (REST mode state)."""
        self.rows.append([_cell(value) for value in values])

    def write_file_row(self, expense: Expense, entry_id: str) -> None:
        """A row saved into the file by another client (file mode state); bumps the eTag."""
        self.file_bytes = self._with_row(self.file_bytes, expense, entry_id)
        self._version += 1

    def file_ledger(self) -> XlsxLedger:
        """The current file's content, readable as a ledger (for assertions)."""
        path = self._workdir / f"inspect-{next(self._counter)}.xlsx"
        path.write_bytes(self.file_bytes)
        return XlsxLedger(path)

    def requests_to(self, route: str, method: str | None = None) -> list[Seen]:
        return [seen for seen in self.seen if seen.route == route and (method is None or seen.method == method)]

    @property
    def etag(self) -> str:
        return f'"{self._etag_guid},{self._version}"'

    # -- routes ----------------------------------------------------------------------------------------------

    def _register(self) -> None:
        item = f"{GRAPH}/me/drive/items/{self.item_id}"
        table = f"{item}/workbook/tables/{quote(self.table, safe='')}"
        routes: list[tuple[str, str | re.Pattern[str], str, Callable[[requests.PreparedRequest], Reply]]] = [
            ("POST", f"{item}/workbook/createSession", "session", self._create_session),
            ("POST", f"{item}/workbook/closeSession", "close_session", self._close_session),
            ("GET", f"{table}/headerRowRange", "header", self._header),
            ("GET", f"{table}/rows", "list_rows", self._list_rows),
            ("POST", f"{table}/rows", "add_rows", self._add_rows),
            ("GET", _row_at(table), "row_at", self._row_at),
            ("PATCH", _row_at(table), "update_row", self._update_row),
            ("DELETE", _row_at(table), "delete_row", self._delete_row),
            ("GET", item, "item", self._item),
            ("GET", f"{item}/content", "download", self._download_redirect),
            ("PUT", f"{item}/content", "upload", self._upload),
        ]
        for method, url, route, handler in routes:
            self.mock.add_callback(method, url, callback=self._graph(route, handler))
        self.mock.add_callback("GET", DOWNLOAD_URL.split("?")[0], callback=self._download)
        self.mock.add_callback(
            "GET", f"{LOGIN}/{self.tenant}/v2.0/.well-known/openid-configuration", callback=self._openid_configuration
        )
        self.mock.add_callback("GET", f"{LOGIN}/common/discovery/instance", callback=self._instance_discovery)
        self.mock.add_callback("POST", f"{LOGIN}/{self.tenant}/oauth2/v2.0/token", callback=self._token)

    def _graph(
        self, route: str, handler: Callable[[requests.PreparedRequest], Reply]
    ) -> Callable[[requests.PreparedRequest], Reply]:
        def respond(request: requests.PreparedRequest) -> Reply:
            body = request.body.encode() if isinstance(request.body, str) else request.body
            self.seen.append(Seen(request.method or "", route, request.url or "", dict(request.headers), body))
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if not token or token in self.revoked_tokens:
                return graph_error(
                    401,
                    "InvalidAuthenticationToken",
                    "Access token has expired or is not yet valid.",
                    {"WWW-Authenticate": 'Bearer realm="", error="invalid_token"'},
                )
            actions = self._before.get(route)
            if actions:
                actions.popleft()()
            queue = self._faults.get(route)
            if queue:
                fault = queue.popleft()
                if fault.land:
                    handler(request)
                if fault.status == 0:
                    raise requests.exceptions.ReadTimeout(f"fake Graph: {route} timed out")
                return graph_error(fault.status, fault.code, fault.message, fault.headers)
            return handler(request)

        return respond

    # -- Excel REST ------------------------------------------------------------------------------------------

    def _context(self, suffix: str) -> str:
        return f"{GRAPH}/$metadata#users('{USER_OID}')/drive/items('{self.item_id}')/workbook/{suffix}"

    def _missing(self) -> Reply | None:
        if not self.item_exists:
            return graph_error(404, "itemNotFound", "The resource could not be found.")
        if not self.table_exists:
            return graph_error(404, "ItemNotFound", "The requested resource doesn't exist.")
        return None

    def _create_session(self, request: requests.PreparedRequest) -> Reply:
        if not self.item_exists:
            return graph_error(404, "itemNotFound", "The resource could not be found.")
        session_id = f"cluster=PSG4&session=15.SG2PEPF00028F251.A116.1.U36.{uuid.uuid4()}14.5.en-US5.en-US"
        self.sessions[session_id] = True
        body = {
            "@odata.context": f"{GRAPH}/$metadata#microsoft.graph.workbookSessionInfo",
            "id": session_id,
            "persistChanges": json.loads(request.body or "{}").get("persistChanges", True),
        }
        return 201, {"Content-Type": "application/json"}, json.dumps(body)

    def _close_session(self, request: requests.PreparedRequest) -> Reply:
        session_id = request.headers.get("workbook-session-id", "")
        if session_id not in self.sessions:
            return graph_error(404, "invalidSessionNotFound", "The target session is invalid.")
        self.sessions[session_id] = False
        return 204, {}, ""

    def _header(self, request: requests.PreparedRequest) -> Reply:
        if missing := self._missing():
            return missing
        width = len(self.columns)
        last = chr(ord("A") + width - 1)
        body = {
            "@odata.context": self._context("tables('" + self.table + "')/headerRowRange/$entity"),
            "@odata.type": "#microsoft.graph.workbookRange",
            "@odata.id": f"/users('{USER_OID}')/drive/items('{self.item_id}')/workbook/tables(%27%7B1%7D%27)"
            "/headerRowRange",
            "address": f"Despesas!A1:{last}1",
            "addressLocal": f"Despesas!A1:{last}1",
            "cellCount": width,
            "columnCount": width,
            "columnHidden": False,
            "columnIndex": 0,
            "formulas": [list(self.columns)],
            "formulasLocal": [list(self.columns)],
            "formulasR1C1": [list(self.columns)],
            "hidden": False,
            "numberFormat": [["General"] * width],
            "rowCount": 1,
            "rowHidden": False,
            "rowIndex": 0,
            "text": [list(self.columns)],
            "values": [list(self.columns)],
            "valueTypes": [["String"] * width],
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _list_rows(self, request: requests.PreparedRequest) -> Reply:
        if missing := self._missing():
            return missing
        query = {key: values[0] for key, values in parse_qs(urlsplit(request.url or "").query).items()}
        top = min(int(query.get("$top", self.max_top)), self.max_top)
        skip = int(query.get("$skip", 0))
        page = [
            {
                "@odata.id": f"/users('{USER_OID}')/drive/items('{self.item_id}')/workbook/tables(%27%7B1%7D%27)"
                f"/rows/itemAt(index={index})",
                "index": index,
                "values": [list(values)],
            }
            for index, values in enumerate(self.rows)
        ][skip : skip + top]
        body = {"@odata.context": self._context(f"tables('{self.table}')/rows"), "value": page}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _add_rows(self, request: requests.PreparedRequest) -> Reply:
        if missing := self._missing():
            return missing
        payload = json.loads(request.body or "{}")
        values = payload.get("values")
        if not isinstance(values, list) or any(len(row) != len(self.columns) for row in values):
            return graph_error(400, "InvalidArgument", "The argument is invalid or missing or has an incorrect format.")
        first = len(self.rows)
        for row in values:
            self.rows.append([_cell(value) for value in row])
        body = {
            "@odata.context": self._context("$entity"),
            "@odata.type": "#microsoft.graph.workbookTableRow",
            "@odata.id": f"/users('{USER_OID}')/drive/items('{self.item_id}')/workbook/tables(%27%7B1%7D%27)"
            f"/rows/itemAt(index={first})",
            "index": first,
            "values": [self.rows[first]],
        }
        return 201, {"Content-Type": "application/json"}, json.dumps(body)

    def _row_object(self, index: int) -> dict[str, Any]:
        return {
            "@odata.context": self._context("$entity"),
            "@odata.type": "#microsoft.graph.workbookTableRow",
            "@odata.id": f"/users('{USER_OID}')/drive/items('{self.item_id}')/workbook/tables(%27%7B1%7D%27)"
            f"/rows/itemAt(index={index})",
            "index": index,
            "values": [list(self.rows[index])],
        }

    def _index(self, request: requests.PreparedRequest) -> int | None:
        """The row position in .../rows/itemAt(index={i}), or None when no row is there."""
        match = _ITEM_AT.search(urlsplit(request.url or "").path)
        index = int(match.group(1)) if match else -1
        return index if 0 <= index < len(self.rows) else None

    def _no_row(self) -> Reply:
        return graph_error(404, "ItemNotFound", "The requested resource doesn't exist.")

    def _row_at(self, request: requests.PreparedRequest) -> Reply:
        if missing := self._missing():
            return missing
        index = self._index(request)
        if index is None:
            return self._no_row()
        return 200, {"Content-Type": "application/json"}, json.dumps(self._row_object(index))

    def _update_row(self, request: requests.PreparedRequest) -> Reply:
        if missing := self._missing():
            return missing
        index = self._index(request)
        if index is None:
            return self._no_row()
        values = json.loads(request.body or "{}").get("values")
        if not isinstance(values, list) or len(values) != 1 or len(values[0]) != len(self.columns):
            return graph_error(400, "InvalidArgument", "The argument is invalid or missing or has an incorrect format.")
        current = list(self.rows[index]) + [""] * (len(self.columns) - len(self.rows[index]))
        self.rows[index] = [old if new is None else _cell(new) for old, new in zip(current, values[0], strict=True)]
        return 200, {"Content-Type": "application/json"}, json.dumps(self._row_object(index))

    def _delete_row(self, request: requests.PreparedRequest) -> Reply:
        if missing := self._missing():
            return missing
        index = self._index(request)
        if index is None:
            return self._no_row()
        del self.rows[index]
        return 200, {}, ""

    # -- OneDrive file ---------------------------------------------------------------------------------------

    def _drive_item(self) -> dict[str, Any]:
        return {
            "@odata.context": f"{GRAPH}/$metadata#users('{USER_OID}')/drive/items/$entity",
            "@microsoft.graph.downloadUrl": DOWNLOAD_URL,
            "createdDateTime": "2026-01-05T12:00:00Z",
            "cTag": f'"c:{self._etag_guid},{self._version}"',
            "eTag": self.etag,
            "id": self.item_id,
            "lastModifiedDateTime": "2026-11-24T13:00:00Z",
            "name": "Financas.xlsx",
            "size": len(self.file_bytes),
            "webUrl": "https://onedrive.live.com/edit.aspx?resid=" + self.item_id,
            "file": {"mimeType": XLSX, "hashes": {"quickXorHash": "AAAAAAAAAAAAAAAAAAAAAAAAAAA="}},
            "parentReference": {"driveId": "b!0123456789", "driveType": "personal", "path": "/drive/root:"},
        }

    def _item(self, request: requests.PreparedRequest) -> Reply:
        if not self.item_exists:
            return graph_error(404, "itemNotFound", "Item not found")
        return 200, {"Content-Type": "application/json", "ETag": self.etag}, json.dumps(self._drive_item())

    def _download_redirect(self, request: requests.PreparedRequest) -> Reply:
        if not self.item_exists:
            return graph_error(404, "itemNotFound", "Item not found")
        return 302, {"Location": DOWNLOAD_URL}, ""

    def _download(self, request: requests.PreparedRequest) -> Reply:
        self.seen.append(Seen("GET", "download_url", request.url or "", dict(request.headers), None))
        return 200, {"Content-Type": XLSX, "ETag": self.etag}, self.file_bytes

    def _upload(self, request: requests.PreparedRequest) -> Reply:
        if not self.item_exists:
            return graph_error(404, "itemNotFound", "Item not found")
        while self._before_put:
            self._before_put.popleft()()
        if_match = request.headers.get("If-Match")
        if if_match is not None and if_match != self.etag:
            return graph_error(412, "resourceModified", "ETag does not match current item's value")
        body = request.body
        self.file_bytes = body.encode() if isinstance(body, str) else bytes(body or b"")
        self._version += 1
        return 200, {"Content-Type": "application/json"}, json.dumps(self._drive_item())

    def _empty_workbook(self, columns: Sequence[str]) -> bytes:
        """A workbook with the table Despesas over the given header and one blank row, as Excel makes it."""
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.table import Table

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Despesas"
        sheet.append(list(columns))
        sheet.add_table(Table(displayName=self.table, name=self.table, ref=f"A1:{get_column_letter(len(columns))}2"))
        path = self._workdir / f"new-{next(self._counter)}.xlsx"
        workbook.save(path)
        return path.read_bytes()

    def _with_row(self, content: bytes, expense: Expense, entry_id: str) -> bytes:
        with TemporaryDirectory(dir=self._workdir) as temp:
            path = Path(temp) / "other-writer.xlsx"
            path.write_bytes(content)
            XlsxLedger(path).append(expense, entry_id)
            return path.read_bytes()

    # -- Microsoft identity platform -------------------------------------------------------------------------

    def _openid_configuration(self, request: requests.PreparedRequest) -> Reply:
        base = f"{LOGIN}/{self.tenant}"
        body = {
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": f"{LOGIN}/{self.tenant}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": f"{LOGIN}/{self.tenant}/v2.0",
            "request_uri_parameter_supported": False,
            "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "http_logout_supported": True,
            "frontchannel_logout_supported": True,
            "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "tid", "ver"],
            "kerberos_endpoint": f"{base}/kerberos",
            "tenant_region_scope": "SA",
            "cloud_instance_name": "microsoftonline.com",
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com",
            "rbac_url": "https://pas.windows.net",
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _instance_discovery(self, request: requests.PreparedRequest) -> Reply:
        body = {
            "tenant_discovery_endpoint": f"{LOGIN}/common/v2.0/.well-known/openid-configuration",
            "api-version": "1.1",
            "metadata": [
                {
                    "preferred_network": "login.microsoftonline.com",
                    "preferred_cache": "login.windows.net",
                    "aliases": [
                        "login.microsoftonline.com",
                        "login.windows.net",
                        "login.microsoft.com",
                        "sts.windows.net",
                    ],
                }
            ],
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _token(self, request: requests.PreparedRequest) -> Reply:
        form = {key: values[0] for key, values in parse_qs(str(request.body or "")).items()}
        self.token_requests.append(form)
        grant = form.get("grant_type")
        if grant == "refresh_token":
            known = form.get("refresh_token") in self.valid_refresh_tokens
        elif grant == "authorization_code":
            known = form.get("code") in self.valid_auth_codes
            self.valid_auth_codes.discard(form.get("code", ""))
        else:
            known = False
        if not known:
            error: dict[str, Any] = {
                "error": "invalid_grant",
                "error_description": "AADSTS70000: The provided grant is invalid or malformed.",
                "error_codes": [70000],
                "timestamp": "2026-11-24 13:00:00Z",
                "trace_id": str(uuid.uuid4()),
                "correlation_id": str(uuid.uuid4()),
            }
            return 400, {"Content-Type": "application/json"}, json.dumps(error)
        number = next(self._counter)
        access_token = f"eyJ0eXAiOiJKV1QiLCJub25jZSI6ImF0LX{number}"
        refresh_token = f"0.ARoAv4j5cvGGr0GRqy180BHbR-rt-{number}"
        self.issued_tokens.append(access_token)
        self.valid_refresh_tokens.add(refresh_token)
        body: dict[str, Any] = {
            "token_type": "Bearer",
            "scope": "Files.ReadWrite openid profile email",
            "expires_in": 3599,
            "ext_expires_in": 3599,
            "access_token": access_token,
            "refresh_token": refresh_token,
            "id_token": _unsigned_jwt(
                {
                    "aud": form.get("client_id", ""),
                    "iss": f"{LOGIN}/{self.tenant}/v2.0",
                    "iat": 1795000000,
                    "nbf": 1795000000,
                    "exp": 1795003600,
                    "name": "Ana Souza",
                    "oid": USER_OID,
                    "preferred_username": USERNAME,
                    "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
                    "tid": self.tenant,
                    "ver": "2.0",
                }
            ),
            "client_info": _b64({"uid": USER_OID, "utid": self.tenant}),
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)


def _b64(claims: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")


def _unsigned_jwt(claims: dict[str, Any]) -> str:
    return f"{_b64({'typ': 'JWT', 'alg': 'none'})}.{_b64(claims)}."


def amount_cells(fake: FakeGraph) -> list[object]:
    """The Valor column as Excel holds it (numbers), for assertions about what the ledger sent."""
    index = fake.columns.index("Valor")
    return [row[index] for row in fake.rows]


def as_decimal(value: object) -> Decimal:
    return Decimal(str(value))


CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e"
CLIENT_SECRET = "fake-client-secret-value"


class StubTokens:
    """A TokenSource that hands out numbered tokens and counts refreshes, for GraphLedger unit tests."""

    def __init__(self) -> None:
        self.current = "token-1"
        self.refreshes = 0

    def access_token(self) -> str:
        return self.current

    def refresh(self) -> str:
        self.refreshes += 1
        self.current = f"token-{self.refreshes + 1}"
        return self.current


def signed_in_provider(fake: FakeGraph, store: Any = None) -> Any:
    """A real GraphTokenProvider against the fake identity platform, bootstrapped from a refresh token."""
    from finassist.adapters.graph_auth import GraphTokenProvider, MemoryTokenCache, authority_for

    store = store if store is not None else MemoryTokenCache()
    provider = GraphTokenProvider(CLIENT_ID, CLIENT_SECRET, authority_for(fake.tenant), store)
    provider.bootstrap_from_refresh_token("rt-from-elsewhere")
    return provider


# -- Creating a file by path (`finassist ledger init`): added by the operations work, kept apart from the rest ---------


@dataclass
class NewFiles:
    """Files created by path in the fake's drive; the fake's one item becomes the last file created."""

    paths: set[str] = field(default_factory=set)
    created: list[str] = field(default_factory=list)


def serve_new_files(fake: FakeGraph, *, existing: Sequence[str] = ()) -> NewFiles:
    """`PUT /me/drive/root:/{path}:/content` (simple upload of a new file; microsoft-graph-docs
    api-reference/v1.0/api/driveitem-put-content.md): 201 with the new driveItem, or, with
    `@microsoft.graph.conflictBehavior=fail` and the name taken, 409 `nameAlreadyExists`. Until a file is created
    the fake's item does not exist."""
    from urllib.parse import unquote

    files = NewFiles(paths={path.strip("/").casefold() for path in existing})
    fake.item_exists = False

    def create(request: requests.PreparedRequest) -> Reply:
        url = urlsplit(request.url or "")
        path = unquote(url.path.split("/root:/", 1)[1].rsplit(":/content", 1)[0]).strip("/")
        behavior = parse_qs(url.query).get("@microsoft.graph.conflictBehavior", ["replace"])[0]
        if path.casefold() in files.paths and behavior == "fail":
            return graph_error(409, "nameAlreadyExists", "The specified item name already exists.")
        body = request.body
        fake.file_bytes = body.encode() if isinstance(body, str) else bytes(body or b"")
        fake.item_exists = True
        files.paths.add(path.casefold())
        files.created.append(path)
        item = {**fake._drive_item(), "name": path.rsplit("/", 1)[-1]}
        return 201, {"Content-Type": "application/json"}, json.dumps(item)

    route = re.compile(re.escape(f"{GRAPH}/me/drive/root:/") + r".+:/content(\?.*)?$")
    fake.mock.add_callback("PUT", route, callback=fake._graph("create_file", create))
    return files
