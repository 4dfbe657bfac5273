"""The Ledger port on the user's workbook through the Excel REST API (business OneDrive and SharePoint).

Read the table's rows ($top/$skip pages), add a row with POST .../tables/{table}/rows, and delete or update one
with DELETE / PATCH .../tables/{table}/rows/itemAt(index={i}) after checking, right before the write, that row i
still holds the ID (rows are addressed by position, and someone may have inserted rows since the scan).

Append is idempotent on the ID column: the IDs are read before writing, and again after a 500, 502, 504 or a timeout,
which Graph documents as "may have been applied".
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator

from finassist.adapters.graph_client import (
    DEFAULT_RETRY_AFTER,
    TIMEOUT,
    UNCERTAIN,
    GraphClient,
    describe,
    json_body,
)
from finassist.adapters.graph_rows import Header, id_of, ledger_rows, row_body
from finassist.adapters.ledger_reads import RowReads
from finassist.domain.expense import (
    COLUMNS,
    KIND_COLUMN,
    Expense,
    LedgerRow,
    kind_label,
)
from finassist.domain.text import fold
from finassist.errors import LedgerMisconfigured, LedgerThrottled

logger = logging.getLogger(__name__)

PAGE_SIZE = 500
MAX_ROW_SCANS = 3
"""How often a delete or update re-reads the rows when the row it found moved before the write."""


class GraphRestLedger(RowReads):
    """One user's Despesas table in their OneDrive workbook, row by row through the Excel REST API."""

    def __init__(self, client: GraphClient, *, page_size: int = PAGE_SIZE) -> None:
        self._graph = client
        self.item_id = client.item_id
        self.table = client.table
        self._page_size = page_size

    # -- the Ledger port -------------------------------------------------------------------------------------

    def append(self, expense: Expense, entry_id: str) -> bool:
        """Add the row unless a row with entry_id exists; True when a row was added."""
        key = entry_id.strip()
        session_id = self._create_session()
        try:
            header = self._header(session_id)
            if key and key in self._ids(header, session_id):
                return False
            if expense.kind == "income":
                header = self._with_kind_column(header, session_id)
            return self._post_row(header, session_id, row_body(header, expense, key), key)
        finally:
            self._close_session(session_id)

    def delete(self, entry_id: str) -> bool:
        """Remove the row with this ID; False when there is none (a retried delete is a no-op)."""
        key = entry_id.strip()
        if not key:
            return False
        session_id = self._create_session()
        try:
            header = self._header(session_id)

            def delete(index: int) -> bool:
                try:
                    response = self._graph.send(
                        "DELETE", self._row_url(index), what="deleting the row", session_id=session_id
                    )
                except LedgerThrottled:
                    return self._gone_anyway(header, session_id, key, "the row delete timed out")
                if response.status_code == 404:
                    return False
                if response.status_code in UNCERTAIN:
                    return self._gone_anyway(header, session_id, key, describe(response, "deleting the row"))
                self._graph.check(response, "deleting the row")
                return True

            return self._at_each_row(header, session_id, key, delete)
        finally:
            self._close_session(session_id)

    def update(self, entry_id: str, expense: Expense) -> bool:
        """Replace the values of the row with this ID, keeping the ID; False when there is none."""
        key = entry_id.strip()
        if not key:
            return False
        session_id = self._create_session()
        try:
            header = self._header(session_id)
            if expense.kind == "income":
                header = self._with_kind_column(header, session_id)
            # Nulls leave a cell as it is, so columns the user added to the table keep their values.
            body = row_body(header, expense, key).encode("utf-8")

            def update(index: int) -> bool:
                # A PATCH that timed out or got a 504 is LedgerThrottled: sending the same values again is harmless.
                response = self._graph.send(
                    "PATCH",
                    self._row_url(index),
                    what="updating the row",
                    session_id=session_id,
                    data=body,
                    headers={"Content-Type": "application/json"},
                )
                if response.status_code == 404:
                    return False
                self._graph.check(response, "updating the row")
                return True

            return self._at_each_row(header, session_id, key, update)
        finally:
            self._close_session(session_id)

    def rows(self) -> list[LedgerRow]:
        """Every readable row of the table, in table order."""
        header = self._header(None)
        return list(ledger_rows(self._row_values(None), header))

    # -- writes ----------------------------------------------------------------------------------------------

    def _post_row(self, header: Header, session_id: str | None, body: str, key: str) -> bool:
        try:
            response = self._graph.send(
                "POST",
                f"{self._graph.table_url}/rows",
                what="adding the row",
                session_id=session_id,
                data=body.encode("utf-8"),
                headers={"Content-Type": "application/json"},
            )
        except LedgerThrottled:
            # A timeout after the request left: it may have landed.
            return self._landed_anyway(header, session_id, key, "the row add timed out")
        if response.status_code in UNCERTAIN:
            return self._landed_anyway(header, session_id, key, describe(response, "adding the row"))
        self._graph.check(response, "adding the row")
        return True

    def _at_each_row(self, header: Header, session_id: str | None, key: str, write: Callable[[int], bool]) -> bool:
        """Run write on the index of every row holding key, bottom first so a delete never shifts the next target.

        Rows are addressed by position, so each index is re-read right before its write; a row that moved (someone
        inserted or deleted rows since the scan) sends us back to scan again. write returns False when the index
        no longer exists. Returns whether this call changed a row.
        """
        wrote = False
        for _scan in range(MAX_ROW_SCANS):
            indexes = [
                index for index, values in enumerate(self._row_values(session_id)) if id_of(header, values) == key
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

    def _holds(self, header: Header, session_id: str | None, index: int, key: str) -> bool:
        """Whether the row at index still carries key: the check right before a positional write."""
        response = self._graph.send("GET", self._row_url(index), what="reading the row", session_id=session_id)
        if response.status_code == 404:
            return False
        self._graph.check(response, "reading the row")
        values = json_body(response, "reading the row").get("values") or [[]]
        return id_of(header, list(values[0]) if values else []) == key

    def _gone_anyway(self, header: Header, session_id: str | None, key: str, reason: str) -> bool:
        """After an answer that may hide a success, the ID column says whether the row is gone."""
        if key not in self._ids(header, session_id):
            logger.info("the row %s was deleted despite %s", key, reason)
            return True
        raise LedgerThrottled(f"{reason}; the row is still in the table, retry after {DEFAULT_RETRY_AFTER}s")

    def _landed_anyway(self, header: Header, session_id: str | None, key: str, reason: str) -> bool:
        """After an answer that may hide a success, the ID column says whether the row is there."""
        if key and key in self._ids(header, session_id):
            logger.info("the row %s landed despite %s", key, reason)
            return True
        raise LedgerThrottled(f"{reason}; the row is not in the table, retry after {DEFAULT_RETRY_AFTER}s")

    def _with_kind_column(self, header: Header, session_id: str | None) -> Header:
        """The header once the table has a Tipo column: added at its end, Despesa on every row so far.

        TableColumnCollection: add (Graph v1.0) takes the column's values, header first; its `index` can only place
        a column before an existing one, so an append leaves it out. Runs in the write's session, before the row.
        """
        if KIND_COLUMN in header.position:
            return header
        rows = sum(1 for _ in self._row_values(session_id))
        body = {"name": KIND_COLUMN, "values": [[KIND_COLUMN]] + [[kind_label("expense")]] * rows}
        response = self._graph.send(
            "POST",
            f"{self._graph.table_url}/columns/add",
            what="adding the Tipo column",
            session_id=session_id,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        self._graph.check(response, "adding the Tipo column")
        logger.info("the table %s gained a %s column for its first income", self.table, KIND_COLUMN)
        return self._header(session_id)

    def _row_url(self, index: int) -> str:
        # The tablerow-delete/-update pages show .../rows/{index}; callers report ApiNotFound for it
        # (microsoft-graph-docs-contrib issues #8828, #8924) and Graph names a row .../rows/itemAt(index={i}).
        return f"{self._graph.table_url}/rows/itemAt(index={index})"

    # -- sessions and reads ----------------------------------------------------------------------------------

    def _create_session(self) -> str | None:
        response = self._graph.send(
            "POST",
            f"{self._graph.item_url}/workbook/createSession",
            what="opening a workbook session",
            data=b'{"persistChanges": true}',
            headers={"Content-Type": "application/json"},
        )
        self._graph.check(response, "opening a workbook session", missing="the workbook (Graph item) was not found")
        session_id = json_body(response, "opening a workbook session").get("id")
        return str(session_id) if session_id else None

    def _close_session(self, session_id: str | None) -> None:
        """Best effort: an unclosed session expires by itself after a few idle minutes."""
        if not session_id:
            return
        try:
            self._graph.http.post(
                f"{self._graph.item_url}/workbook/closeSession",
                headers={
                    "Authorization": f"Bearer {self._graph.tokens.access_token()}",
                    "workbook-session-id": session_id,
                },
                timeout=TIMEOUT,
            )
        except Exception as exc:  # noqa: BLE001 - closing is a courtesy, never a failure of the append
            logger.info("could not close the workbook session: %s", type(exc).__name__)

    def _header(self, session_id: str | None) -> Header:
        url = f"{self._graph.table_url}/headerRowRange"
        response = self._graph.send("GET", url, what="reading the header", session_id=session_id)
        self._graph.check(response, "reading the header")
        values = json_body(response, "reading the header").get("values") or [[]]
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
        ours = (*COLUMNS, KIND_COLUMN)
        return Header(
            width=len(names), position={name: position[fold(name)] for name in ours if fold(name) in position}
        )

    def _row_values(self, session_id: str | None) -> Iterator[list[object]]:
        """Every row's values, page by page with $top/$skip (following @odata.nextLink if Graph sends one)."""
        url = f"{self._graph.table_url}/rows"
        params: dict[str, str] | None = {"$top": str(self._page_size), "$skip": "0"}
        skip = 0
        while True:
            response = self._graph.send("GET", url, what="reading the rows", session_id=session_id, params=params)
            self._graph.check(response, "reading the rows")
            payload = json_body(response, "reading the rows")
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

    def _ids(self, header: Header, session_id: str | None) -> set[str]:
        return {text for values in self._row_values(session_id) if (text := id_of(header, values))}
