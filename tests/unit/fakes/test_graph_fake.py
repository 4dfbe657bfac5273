"""The Graph fake's error answers are Microsoft's (concepts/workbook-error-codes.md), and temporary ones pass."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import responses

from tests.fakes.graph_api import GRAPH, ITEM_ID, FakeGraph

HEADER_URL = f"{GRAPH}/me/drive/items/{ITEM_ID}/workbook/tables/Despesas/headerRowRange"
AUTH = {"Authorization": "Bearer a-token"}


@pytest.fixture
def graph(tmp_path: Path) -> Iterator[FakeGraph]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeGraph(mock, workdir=tmp_path)


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        (500, "internalServerError", "An internal server error occurred while processing the request."),
        (502, "badGateway", "The server encountered a temporary error and couldn't complete your request."),
        (503, "serviceUnavailable", "The service isn't available. Try your request again."),
    ],
)
def test_a_server_error_has_the_code_and_message_of_microsofts_table_and_the_next_request_passes(
    graph: FakeGraph, status: int, code: str, message: str
) -> None:
    graph.fail_next("header", status)

    failed = requests.get(HEADER_URL, headers=AUTH, timeout=5)
    again = requests.get(HEADER_URL, headers=AUTH, timeout=5)

    assert failed.status_code == status
    error = failed.json()["error"]
    assert (error["code"], error["message"]) == (code, message)
    assert set(error["innerError"]) == {"date", "request-id", "client-request-id"}
    assert again.status_code == 200, "500, 502 and 503 are temporary: one answer each, then the service is back"


def test_a_throttled_answer_carries_retry_after_in_seconds(graph: FakeGraph) -> None:
    graph.fail_next("header", 429, retry_after=7)

    failed = requests.get(HEADER_URL, headers=AUTH, timeout=5)

    assert failed.status_code == 429
    assert failed.headers["Retry-After"] == "7"
    assert failed.json()["error"]["code"] == "tooManyRequests"
