"""The add-column route of the fake behaves like Graph's: appends when no index, refuses a wrong height."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import responses

from tests.fakes.graph_api import GRAPH, FakeGraph

from .graph_columns import add_columns_route


@pytest.fixture
def graph(tmp_path: Path) -> Iterator[FakeGraph]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeGraph(mock, workdir=tmp_path)
        add_columns_route(fake)
        yield fake


def _post(graph: FakeGraph, body: dict[str, object]) -> requests.Response:
    url = f"{GRAPH}/me/drive/items/{graph.item_id}/workbook/tables/Despesas/columns/add"
    return requests.post(url, json=body, headers={"Authorization": "Bearer any-token"}, timeout=5)


def test_a_column_without_an_index_is_appended_with_its_values_header_first(graph: FakeGraph) -> None:
    graph.add_row("2026-11-01", "Lazer", "Cinema", "30", "", "a")

    answer = _post(graph, {"name": "Tipo", "values": [["Tipo"], ["Despesa"]]})

    assert answer.status_code == 200
    assert answer.json()["name"] == "Tipo" and answer.json()["index"] == 6
    assert graph.columns[-1] == "Tipo" and graph.rows[0][-1] == "Despesa"


def test_values_of_the_wrong_height_or_an_index_past_the_end_are_invalid(graph: FakeGraph) -> None:
    graph.add_row("2026-11-01", "Lazer", "Cinema", "30", "", "a")

    assert _post(graph, {"name": "Tipo", "values": [["Tipo"]]}).status_code == 400
    assert _post(graph, {"name": "Tipo", "index": 6}).status_code == 400
    assert graph.columns[-1] == "ID"


def test_a_request_without_a_token_is_refused(graph: FakeGraph) -> None:
    url = f"{GRAPH}/me/drive/items/{graph.item_id}/workbook/tables/Despesas/columns/add"
    assert requests.post(url, json={"name": "Tipo"}, timeout=5).status_code == 401
