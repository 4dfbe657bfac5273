"""The Ledger port on the user's own workbook in OneDrive, through Microsoft Graph, in one of two modes.

The Excel REST API is documented for business OneDrive/SharePoint only, so:
- "rest" (graph_rest_ledger.py): the table's rows, one request per row;
- "file" (graph_file_ledger.py): the whole .xlsx, downloaded, edited and uploaded with If-Match.
Both talk HTTP through graph_client.py and read cells by the rules in workbook_cells.py.
"""

from __future__ import annotations

from typing import Literal

import requests

from finassist.adapters.graph_client import GRAPH_BASE, GraphClient, TokenSource
from finassist.adapters.graph_file_ledger import GraphFileLedger
from finassist.adapters.graph_rest_ledger import PAGE_SIZE, GraphRestLedger
from finassist.domain.expense import TABLE_NAME
from finassist.errors import LedgerMisconfigured

Mode = Literal["rest", "file"]
GraphLedger = GraphRestLedger | GraphFileLedger


def graph_ledger(
    tokens: TokenSource,
    item_id: str,
    *,
    table: str = TABLE_NAME,
    mode: Mode = "rest",
    session: requests.Session | None = None,
    base_url: str = GRAPH_BASE,
    drive_prefix: str = "/me/drive",
    page_size: int = PAGE_SIZE,
) -> GraphLedger:
    """The ledger for one user's workbook in the mode their account supports."""
    if mode not in ("rest", "file"):
        raise LedgerMisconfigured(f"unknown Graph ledger mode {mode!r}: use 'rest' (business) or 'file'")
    client = GraphClient(tokens, item_id, table=table, session=session, base_url=base_url, drive_prefix=drive_prefix)
    if mode == "file":
        return GraphFileLedger(client)
    return GraphRestLedger(client, page_size=page_size)
