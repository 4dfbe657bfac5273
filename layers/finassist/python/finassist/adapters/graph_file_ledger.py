"""The Ledger port on the user's OneDrive workbook as a file: download the .xlsx, edit it with XlsxLedger on a
temp file, upload it with If-Match on the eTag downloaded, so a change made meanwhile is never overwritten.

For personal OneDrive, where the Excel REST API is not documented. Append is idempotent on the ID column,
and an upload that timed out or got a 504 is checked against the file as it is now before it is retried.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from finassist.adapters.graph_client import DEFAULT_RETRY_AFTER, UNCERTAIN, GraphClient, describe, json_body
from finassist.adapters.ledger_reads import RowReads
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.domain.expense import (
    Expense,
    LedgerRow,
)
from finassist.errors import LedgerThrottled, LedgerUnavailable

logger = logging.getLogger(__name__)

MAX_UPLOAD_ATTEMPTS = 3
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MISSING = "the workbook (Graph item) was not found"


class GraphFileLedger(RowReads):
    """One user's Despesas table in their OneDrive workbook, edited as a whole file."""

    def __init__(self, client: GraphClient) -> None:
        self._graph = client
        self.item_id = client.item_id
        self.table = client.table

    # -- the Ledger port -------------------------------------------------------------------------------------

    def append(self, expense: Expense, entry_id: str) -> bool:
        """Add the row unless a row with entry_id exists; True when a row was added."""
        key = entry_id.strip()
        return self._edit(
            lambda ledger: ledger.append(expense, key),
            applied=lambda rows: bool(key) and any(row.entry_id == key for row in rows),
            what="adding the row",
        )

    def delete(self, entry_id: str) -> bool:
        """Remove the row with this ID; False when there is none (a retried delete is a no-op)."""
        key = entry_id.strip()
        if not key:
            return False
        return self._edit(
            lambda ledger: ledger.delete(key),
            applied=lambda rows: all(row.entry_id != key for row in rows),
            what="deleting the row",
        )

    def update(self, entry_id: str, expense: Expense) -> bool:
        """Replace the values of the row with this ID, keeping the ID; False when there is none."""
        key = entry_id.strip()
        if not key:
            return False
        wanted = LedgerRow(expense, key)
        return self._edit(
            lambda ledger: ledger.update(key, expense),
            applied=lambda rows: wanted in rows,
            what="updating the row",
        )

    def rows(self) -> list[LedgerRow]:
        """Every readable row of the table, in table order."""
        _, content = self._download()
        with _TempWorkbook(content) as ledger:
            return ledger.rows()

    # -- download, edit, upload ------------------------------------------------------------------------------

    def _edit(
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
                response = self._graph.send(
                    "PUT",
                    f"{self._graph.item_url}/content",
                    what="uploading the workbook",
                    data=updated,
                    headers={"If-Match": etag, "Content-Type": XLSX_CONTENT_TYPE},
                )
            except LedgerThrottled:
                return self._landed_anyway(applied, what, "the upload timed out")
            if response.status_code == 412:
                logger.info("the workbook changed since it was downloaded; downloading it again")
                continue
            if response.status_code in UNCERTAIN:
                return self._landed_anyway(applied, what, describe(response, "uploading the workbook"))
            self._graph.check(response, "uploading the workbook")
            return True
        raise LedgerThrottled(
            f"the workbook changed under every one of {MAX_UPLOAD_ATTEMPTS} uploads (412); "
            f"retry after {DEFAULT_RETRY_AFTER}s"
        )

    def _landed_anyway(self, applied: Callable[[list[LedgerRow]], bool], what: str, reason: str) -> bool:
        _, content = self._download()
        with _TempWorkbook(content) as ledger:
            if applied(ledger.rows()):
                logger.info("the upload %s landed despite %s", what, reason)
                return True
        raise LedgerThrottled(f"{reason}; the workbook does not show it, retry after {DEFAULT_RETRY_AFTER}s")

    def _download(self) -> tuple[str, bytes]:
        """The eTag first, then the bytes: if the file changes in between, the If-Match upload fails safe."""
        graph = self._graph
        response = graph.send("GET", graph.item_url, what="reading the workbook's metadata")
        graph.check(response, "reading the workbook's metadata", missing=_MISSING)
        etag = json_body(response, "reading the workbook's metadata").get("eTag") or response.headers.get("ETag")
        if not etag:
            raise LedgerUnavailable("Graph returned the workbook without an eTag")
        # /content answers 302 to a pre-authenticated URL; requests drops the Authorization header off-host.
        content = graph.send("GET", f"{graph.item_url}/content", what="downloading the workbook")
        graph.check(content, "downloading the workbook", missing=_MISSING)
        return str(etag), content.content


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
