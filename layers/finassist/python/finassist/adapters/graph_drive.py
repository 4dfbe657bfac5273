"""A new ledger workbook in the signed-in person's OneDrive, for `finassist ledger init`.

The workbook is the one the embedded stack makes (table Despesas over our columns), uploaded with Graph's simple
upload to a path under the drive's root, refusing to overwrite a file already there
(`PUT /me/drive/root:/{path}:/content?@microsoft.graph.conflictBehavior=fail`; 201 with the new driveItem,
409 `nameAlreadyExists` when the name is taken). It works the same for personal and business OneDrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from urllib.parse import quote

from finassist.adapters.graph_client import GRAPH_BASE, TIMEOUT, TokenSource
from finassist.adapters.graph_file_ledger import XLSX_CONTENT_TYPE
from finassist.errors import FinAssistError, LedgerMisconfigured, LedgerThrottled, LedgerUnavailable

DEFAULT_PATH = "FinAssist/Despesas.xlsx"


class WorkbookExists(FinAssistError):
    """A file already has that name in the person's OneDrive: FinAssist never overwrites one."""


@dataclass(frozen=True)
class DriveItem:
    item_id: str
    name: str
    web_url: str


def empty_ledger_workbook() -> bytes:
    """The .xlsx the local ledger starts from: a sheet and table named Despesas with our header row."""
    from finassist.adapters.xlsx_ledger import XlsxLedger

    with TemporaryDirectory() as folder:
        path = Path(folder) / "Despesas.xlsx"
        XlsxLedger(path).rows()  # the first read creates the workbook
        return path.read_bytes()


def create_workbook(session: Any, tokens: TokenSource, path: str, content: bytes) -> DriveItem:
    """Upload `content` as a new file at `path` (relative to the drive's root) and return its driveItem."""
    url = f"{GRAPH_BASE}/me/drive/root:/{quote(path.strip('/'))}:/content"
    token = tokens.access_token()
    for attempt in range(2):
        response = session.put(
            url,
            params={"@microsoft.graph.conflictBehavior": "fail"},
            data=content,
            headers={"Authorization": f"Bearer {token}", "Content-Type": XLSX_CONTENT_TYPE},
            timeout=TIMEOUT,
        )
        if response.status_code == 401 and attempt == 0:
            token = tokens.refresh()
            continue
        break
    code = _error_code(response)
    if response.status_code == 409:
        raise WorkbookExists(f"OneDrive already has {path} ({code}): choose another --path, or register that file")
    if response.status_code in (429, 503, 504):
        raise LedgerThrottled(f"OneDrive asked to wait ({response.status_code} {code}): run the command again")
    if response.status_code in (401, 403):
        raise LedgerMisconfigured(f"OneDrive refused the upload ({response.status_code} {code}): run finassist auth")
    if response.status_code >= 400:
        raise LedgerUnavailable(f"OneDrive could not create {path} ({response.status_code} {code})")
    item = response.json()
    return DriveItem(item_id=str(item["id"]), name=str(item.get("name", "")), web_url=str(item.get("webUrl", "")))


def _error_code(response: Any) -> str:
    try:
        return str(response.json().get("error", {}).get("code", ""))
    except ValueError:
        return ""
