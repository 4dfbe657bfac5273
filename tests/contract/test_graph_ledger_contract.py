"""GraphLedger holds to the Ledger contract in both modes, against Graph faked at the HTTP boundary.

The tokens come from a real GraphTokenProvider (MSAL) talking to the fake identity platform, so every request
in these tests carries a bearer token that MSAL obtained and cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import responses

from finassist.adapters.graph_auth import GraphTokenProvider, MemoryTokenCache, authority_for
from finassist.adapters.graph_ledger import GraphLedger, graph_ledger
from tests.fakes.graph_api import CLIENT_ID, CLIENT_SECRET, FakeGraph

from .graph_columns import add_columns_route
from .ledger_contract import LedgerContract, MakeLedger


@pytest.fixture
def graph(tmp_path: Path) -> Iterator[FakeGraph]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeGraph(mock, workdir=tmp_path)
        add_columns_route(fake)  # a table gains its Tipo column with the first income
        yield fake


def _maker(graph: FakeGraph, mode: str) -> MakeLedger:
    store = MemoryTokenCache()
    GraphTokenProvider(CLIENT_ID, CLIENT_SECRET, authority_for(graph.tenant), store).bootstrap_from_refresh_token(
        "rt-from-elsewhere"
    )

    def make() -> GraphLedger:
        # A new provider and ledger per call: a second Lambda container reading the same token cache.
        tokens = GraphTokenProvider(CLIENT_ID, CLIENT_SECRET, authority_for(graph.tenant), store)
        return graph_ledger(tokens, graph.item_id, mode=mode, page_size=7)  # type: ignore[arg-type]

    return make


class TestGraphLedgerRestContract(LedgerContract):
    @pytest.fixture
    def make_ledger(self, graph: FakeGraph) -> MakeLedger:
        return _maker(graph, "rest")


class TestGraphLedgerFileContract(LedgerContract):
    @pytest.fixture
    def make_ledger(self, graph: FakeGraph) -> MakeLedger:
        return _maker(graph, "file")
