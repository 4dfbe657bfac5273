"""GraphLedger's fault cases against Graph faked at the HTTP boundary (tests/fakes/graph_api.py)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from email.utils import format_datetime
from pathlib import Path

import openpyxl
import pytest
import requests
import responses

from finassist.adapters.graph_auth import MemoryTokenCache
from finassist.adapters.graph_client import retry_after_seconds
from finassist.adapters.graph_ledger import GraphLedger, graph_ledger
from finassist.domain.expense import COLUMNS, Expense, LedgerRow
from finassist.errors import LedgerMisconfigured, LedgerThrottled, LedgerUnavailable
from tests.fakes.graph_api import FakeGraph, StubTokens, excel_serial, signed_in_provider

NOV_1 = date(2026, 11, 1)
NOV_30 = date(2026, 11, 30)
LUNCH = Expense(date(2026, 11, 24), "Alimentação", "Almoço", Decimal("45.10"), "com a equipe")
TAXI = Expense(date(2026, 11, 23), "Transporte", "Táxi", Decimal("32.00"))


@pytest.fixture
def mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as requests_mock:
        yield requests_mock


@pytest.fixture
def graph(mock: responses.RequestsMock, tmp_path: Path) -> FakeGraph:
    return FakeGraph(mock, workdir=tmp_path)


@pytest.fixture
def tokens() -> StubTokens:
    return StubTokens()


def rest(graph: FakeGraph, tokens: StubTokens, page_size: int = 500) -> GraphLedger:
    return graph_ledger(tokens, graph.item_id, mode="rest", page_size=page_size)


def file_mode(graph: FakeGraph, tokens: StubTokens) -> GraphLedger:
    return graph_ledger(tokens, graph.item_id, mode="file")


def ids_in_table(graph: FakeGraph) -> list[object]:
    position = graph.columns.index("ID")
    return [row[position] for row in graph.rows]


# -- reading -------------------------------------------------------------------------------------------------


def test_a_table_longer_than_a_page_is_read_with_top_and_skip_until_a_short_page(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    for day in range(1, 6):
        graph.add_row(f"2026-11-{day:02d}", "Alimentação", f"dia {day}", "10", "", f"id-{day}")

    rows = rest(graph, tokens, page_size=2).query(NOV_1, NOV_30)

    assert [row.entry_id for row in rows] == ["id-1", "id-2", "id-3", "id-4", "id-5"]
    pages = [seen.query for seen in graph.requests_to("list_rows")]
    assert pages == [
        {"$top": "2", "$skip": "0"},
        {"$top": "2", "$skip": "2"},
        {"$top": "2", "$skip": "4"},
    ]


def test_a_table_that_fills_its_last_page_exactly_costs_one_more_empty_page(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    for day in range(1, 5):
        graph.add_row(f"2026-11-{day:02d}", "Lazer", "cinema", "30", "", f"id-{day}")

    assert len(rest(graph, tokens, page_size=2).query(NOV_1, NOV_30)) == 4
    assert [seen.query["$skip"] for seen in graph.requests_to("list_rows")] == ["0", "2", "4"]


def test_dates_read_back_as_excel_serials_or_typed_text_and_amounts_as_numbers_or_text(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.rows = [
        [excel_serial(date(2026, 11, 24)), "Alimentação", "serial", 45.1, "", "a"],
        ["24/11/2026", "Alimentação", "texto", "1.234,56", "", "b"],
        ["", "", "", "", "", ""],
        ["ontem", "Alimentação", "ilegível", 10, "", "c"],
    ]

    rows = rest(graph, tokens).query(NOV_1, NOV_30)

    assert [(row.expense.description, row.expense.date, row.expense.amount) for row in rows] == [
        ("serial", date(2026, 11, 24), Decimal("45.10")),
        ("texto", date(2026, 11, 24), Decimal("1234.56")),
    ]


def test_a_category_filter_ignores_case_and_accents(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row("2026-11-24", "Alimentação", "Almoço", "45.1", "", "a")
    graph.add_row("2026-11-24", "Transporte", "Uber", "20", "", "b")

    rows = rest(graph, tokens).query(NOV_1, NOV_30, "alimentacao")

    assert [row.entry_id for row in rows] == ["a"]


# -- writing -------------------------------------------------------------------------------------------------


def test_an_append_sends_the_amount_as_the_decimals_own_digits_inside_a_workbook_session(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is True

    (post,) = graph.requests_to("add_rows", "POST")
    assert post.body is not None
    assert (
        b'"2026-11-24", "Alimenta\xc3\xa7\xc3\xa3o", "Almo\xc3\xa7o", 45.10, "com a equipe", "SM1:call_1"' in post.body
    )
    session_id = post.headers["workbook-session-id"]
    assert all(seen.headers.get("workbook-session-id") == session_id for seen in graph.requests_to("list_rows"))
    assert graph.sessions == {session_id: False}, "the session is closed after the append"
    assert graph.rows == [[excel_serial(LUNCH.date), "Alimentação", "Almoço", 45.1, "com a equipe", "SM1:call_1"]]


def test_text_excel_would_read_as_a_formula_or_a_number_is_sent_as_text_and_reads_back_unchanged(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    ledger = rest(graph, tokens)
    odd = Expense(date(2026, 11, 24), "Outros", "=HYPERLINK(1)", Decimal("1"), "1500")

    ledger.append(odd, "123")

    assert ledger.query(NOV_1, NOV_30) == [LedgerRow(odd, "123")]


def test_columns_are_found_by_name_in_a_reordered_and_wider_table(
    mock: responses.RequestsMock, tmp_path: Path, tokens: StubTokens
) -> None:
    columns = ["ID", "Valor", "Extra", "data", "CATEGORIA", "Descricao", "Observações"]
    graph = FakeGraph(mock, workdir=tmp_path, columns=columns)

    rest(graph, tokens).append(LUNCH, "SM1:call_1")

    assert graph.rows == [["SM1:call_1", 45.1, "", excel_serial(LUNCH.date), "Alimentação", "Almoço", "com a equipe"]]
    assert rest(graph, tokens).query(NOV_1, NOV_30) == [LedgerRow(LUNCH, "SM1:call_1")]


def test_an_entry_id_already_in_the_table_is_not_posted_again(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row("2026-11-24", "Alimentação", "Almoço", "45.1", "", "SM1:call_1")

    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is False
    assert graph.requests_to("add_rows", "POST") == []


# -- throttling and uncertain writes ---------------------------------------------------------------------------


def test_a_429_with_retry_after_becomes_ledger_throttled_naming_the_seconds(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.fail_next("add_rows", 429, retry_after=17)

    with pytest.raises(LedgerThrottled, match=r"429 tooManyRequests.*retry after 17s"):
        rest(graph, tokens).append(LUNCH, "SM1:call_1")

    assert graph.rows == []
    assert len(graph.requests_to("add_rows", "POST")) == 1, "no retry inside the Lambda: the ASL owns back-off"


def test_a_503_on_a_read_is_throttled_with_a_default_wait_when_retry_after_is_missing(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.fail_next("list_rows", 503)

    with pytest.raises(LedgerThrottled, match=r"503 .*retry after 10s"):
        rest(graph, tokens).query(NOV_1, NOV_30)


def test_retry_after_given_as_an_http_date_is_turned_into_seconds() -> None:
    from datetime import UTC, datetime, timedelta

    response = requests.Response()
    response.headers["Retry-After"] = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)

    assert 118 <= retry_after_seconds(response) <= 120


def test_a_504_on_the_row_add_that_actually_landed_leaves_one_row_and_reports_it_added(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.fail_next("add_rows", 504, land=True)

    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is True

    assert ids_in_table(graph) == ["SM1:call_1"]
    assert len(graph.requests_to("add_rows", "POST")) == 1
    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is False, "a retry by the ASL adds nothing"
    assert ids_in_table(graph) == ["SM1:call_1"]


def test_a_504_on_the_row_add_that_did_not_land_is_throttled_and_leaves_no_row(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.fail_next("add_rows", 504)

    with pytest.raises(LedgerThrottled, match="not in the table"):
        rest(graph, tokens).append(LUNCH, "SM1:call_1")

    assert graph.rows == []
    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is True, "the ASL's retry then adds it once"
    assert ids_in_table(graph) == ["SM1:call_1"]


def test_a_timeout_on_the_row_add_after_it_landed_counts_as_added(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.time_out_next("add_rows", land=True)

    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is True
    assert ids_in_table(graph) == ["SM1:call_1"]


def test_a_timeout_on_a_read_is_throttled(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.time_out_next("list_rows")

    with pytest.raises(LedgerThrottled, match="ReadTimeout"):
        rest(graph, tokens).query(NOV_1, NOV_30)


@pytest.mark.parametrize(("status", "code"), [(500, "internalServerError"), (502, "badGateway")])
def test_a_500_or_502_on_a_read_is_temporary_and_becomes_ledger_throttled(
    graph: FakeGraph, tokens: StubTokens, status: int, code: str
) -> None:
    graph.fail_next("header", status)

    with pytest.raises(LedgerThrottled, match=rf"{status} {code}.*retry after 10s"):
        rest(graph, tokens).query(NOV_1, NOV_30)

    assert rest(graph, tokens).query(NOV_1, NOV_30) == [], "the ASL's retry then reads normally"


@pytest.mark.parametrize("status", [500, 502])
def test_a_500_or_502_on_the_row_add_that_landed_leaves_one_row_and_reports_it_added(
    graph: FakeGraph, tokens: StubTokens, status: int
) -> None:
    graph.fail_next("add_rows", status, land=True)

    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is True

    assert ids_in_table(graph) == ["SM1:call_1"]
    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is False, "a retry by the ASL adds nothing"


@pytest.mark.parametrize("status", [500, 502])
def test_a_500_or_502_on_the_row_add_that_did_not_land_is_throttled_and_leaves_no_row(
    graph: FakeGraph, tokens: StubTokens, status: int
) -> None:
    graph.fail_next("add_rows", status)

    with pytest.raises(LedgerThrottled, match="not in the table"):
        rest(graph, tokens).append(LUNCH, "SM1:call_1")

    assert graph.rows == []
    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is True
    assert ids_in_table(graph) == ["SM1:call_1"]


def test_a_501_is_not_temporary_and_stays_unavailable(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.fail_next("header", 501)

    with pytest.raises(LedgerUnavailable, match="501"):
        rest(graph, tokens).query(NOV_1, NOV_30)


# -- tokens --------------------------------------------------------------------------------------------------


def test_a_401_refreshes_the_token_once_and_the_request_succeeds(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.revoked_tokens.add("token-1")

    assert rest(graph, tokens).append(LUNCH, "SM1:call_1") is True

    assert tokens.refreshes == 1
    assert ids_in_table(graph) == ["SM1:call_1"]
    assert graph.requests_to("add_rows")[0].headers["Authorization"] == "Bearer token-2"


def test_a_401_with_a_real_msal_provider_redeems_the_refresh_token_and_saves_the_rotated_cache(
    graph: FakeGraph,
) -> None:
    store = MemoryTokenCache()
    provider = signed_in_provider(graph, store)
    ledger = graph_ledger(provider, graph.item_id)
    ledger.append(TAXI, "SM0:call_1")
    saves_before = store.saves
    graph.expire_access_tokens()

    assert ledger.append(LUNCH, "SM1:call_1") is True

    assert ids_in_table(graph) == ["SM0:call_1", "SM1:call_1"]
    assert [form["grant_type"] for form in graph.token_requests] == ["refresh_token", "refresh_token"]
    assert store.saves == saves_before + 1


def test_a_second_401_after_a_fresh_token_is_a_misconfiguration(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.revoked_tokens.update({"token-1", "token-2"})

    with pytest.raises(LedgerMisconfigured, match="401 InvalidAuthenticationToken"):
        rest(graph, tokens).query(NOV_1, NOV_30)
    assert tokens.refreshes == 1


# -- misconfiguration ----------------------------------------------------------------------------------------


def test_a_missing_table_is_a_misconfiguration_for_reads_and_writes(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.table_exists = False

    with pytest.raises(LedgerMisconfigured, match="'Despesas' was not found"):
        rest(graph, tokens).query(NOV_1, NOV_30)
    with pytest.raises(LedgerMisconfigured, match="404 ItemNotFound"):
        rest(graph, tokens).append(LUNCH, "SM1:call_1")


@pytest.mark.parametrize("mode", ["rest", "file"])
def test_a_missing_workbook_is_a_misconfiguration(graph: FakeGraph, tokens: StubTokens, mode: str) -> None:
    graph.item_exists = False

    with pytest.raises(LedgerMisconfigured, match="workbook"):
        graph_ledger(tokens, graph.item_id, mode=mode).append(LUNCH, "SM1:call_1")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["rest", "file"])
def test_a_missing_column_is_a_misconfiguration_naming_it(
    mock: responses.RequestsMock, tmp_path: Path, tokens: StubTokens, mode: str
) -> None:
    graph = FakeGraph(mock, workdir=tmp_path, columns=[name for name in COLUMNS if name != "ID"])

    with pytest.raises(LedgerMisconfigured, match="ID"):
        graph_ledger(tokens, graph.item_id, mode=mode).append(LUNCH, "SM1:call_1")  # type: ignore[arg-type]
    assert graph.rows == []


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(LedgerMisconfigured, match="mode"):
        graph_ledger(StubTokens(), "item", mode="excel")  # type: ignore[arg-type]


# -- file mode -----------------------------------------------------------------------------------------------


def test_file_mode_uploads_with_if_match_on_the_etag_it_downloaded(graph: FakeGraph, tokens: StubTokens) -> None:
    etag = graph.etag

    assert file_mode(graph, tokens).append(LUNCH, "SM1:call_1") is True

    (upload,) = graph.requests_to("upload", "PUT")
    assert upload.headers["If-Match"] == etag
    download = graph.requests_to("download_url")[0]
    assert "Authorization" not in download.headers, "the pre-authenticated download URL gets no bearer token"
    assert graph.file_ledger().rows() == [LedgerRow(LUNCH, "SM1:call_1")]


def test_a_412_on_upload_downloads_again_and_keeps_the_other_writers_row(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.another_writer_before_next_put(TAXI, "other-device")

    assert file_mode(graph, tokens).append(LUNCH, "SM1:call_1") is True

    uploads = graph.requests_to("upload", "PUT")
    assert len(uploads) == 2
    assert uploads[0].headers["If-Match"] != uploads[1].headers["If-Match"]
    assert [row.entry_id for row in graph.file_ledger().rows()] == ["other-device", "SM1:call_1"]


def test_a_workbook_that_changes_under_every_upload_is_throttled_after_three_tries(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    for number in range(3):
        graph.another_writer_before_next_put(TAXI, f"other-{number}")
        graph.fail_next("upload", 412)

    with pytest.raises(LedgerThrottled, match="412"):
        file_mode(graph, tokens).append(LUNCH, "SM1:call_1")

    assert len(graph.requests_to("upload", "PUT")) == 3
    assert "SM1:call_1" not in [row.entry_id for row in graph.file_ledger().rows()]


def test_a_504_on_upload_that_landed_counts_as_added_once(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.fail_next("upload", 504, land=True)

    assert file_mode(graph, tokens).append(LUNCH, "SM1:call_1") is True
    assert file_mode(graph, tokens).append(LUNCH, "SM1:call_1") is False

    assert [row.entry_id for row in graph.file_ledger().rows()] == ["SM1:call_1"]


def test_a_429_on_download_in_file_mode_is_throttled(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.fail_next("item", 429, retry_after=3)

    with pytest.raises(LedgerThrottled, match="retry after 3s"):
        file_mode(graph, tokens).query(NOV_1, NOV_30)


# -- last entry, delete and update ---------------------------------------------------------------------------


def row_of(expense: Expense, entry_id: str) -> tuple[object, ...]:
    """A row as add_row takes it: what the ledger would have posted."""
    return (expense.date.isoformat(), expense.category, expense.description, str(expense.amount), "", entry_id)


def test_a_hand_typed_amount_that_reads_two_ways_is_skipped_by_both_modes_alike(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    """The same cell rule as the .xlsx file: "1,234" is never read as R$ 1,23 nor as R$ 1.234,00."""
    graph.add_row("2026-11-02", "Compras", "Geladeira", "1,234", "", "")
    graph.add_row(*row_of(TAXI, "SM0:call_1"))
    workbook = openpyxl.load_workbook(io.BytesIO(graph.file_bytes))
    workbook["Despesas"].append(["2026-11-02", "Compras", "Geladeira", "1,234"])
    workbook["Despesas"].append(["2026-11-23", "Transporte", "Táxi", "32,00"])
    saved = io.BytesIO()
    workbook.save(saved)
    graph.file_bytes = saved.getvalue()

    assert [row.expense.description for row in rest(graph, tokens).query(NOV_1, NOV_30)] == ["Táxi"]
    assert [row.expense.description for row in file_mode(graph, tokens).query(NOV_1, NOV_30)] == ["Táxi"]


def test_the_last_entry_skips_rows_typed_by_hand_after_it(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row(*row_of(TAXI, "SM0:call_1"))
    graph.add_row(*row_of(LUNCH, "SM1:call_1"))
    graph.add_row("2026-11-24", "Lazer", "à mão", "30", "", "")

    last = rest(graph, tokens).last_entry()

    assert last is not None and last.entry_id == "SM1:call_1"


def test_a_delete_goes_to_the_rows_current_index_inside_a_session_and_the_row_is_gone(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.add_row(*row_of(TAXI, "a"))
    graph.add_row(*row_of(LUNCH, "b"))
    graph.add_row(*row_of(TAXI, "c"))

    assert rest(graph, tokens).delete("b") is True

    assert ids_in_table(graph) == ["a", "c"]
    (delete,) = graph.requests_to("delete_row", "DELETE")
    assert delete.url.endswith("/workbook/tables/Despesas/rows/itemAt(index=1)")
    (check,) = graph.requests_to("row_at", "GET")
    assert check.url == delete.url, "the index is re-read right before the delete"
    session_id = delete.headers["workbook-session-id"]
    assert check.headers["workbook-session-id"] == session_id
    assert graph.sessions == {session_id: False}, "the session is closed after the delete"


def test_a_row_inserted_above_after_the_scan_moves_the_delete_to_the_rows_new_index(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.add_row(*row_of(TAXI, "a"))
    graph.add_row(*row_of(LUNCH, "b"))
    graph.add_row(*row_of(TAXI, "c"))
    graph.before_next("row_at", lambda: graph.insert_row(0, "2026-11-20", "Lazer", "inserida", "15", "", "other"))

    assert rest(graph, tokens).delete("b") is True

    assert ids_in_table(graph) == ["other", "a", "c"]
    (delete,) = graph.requests_to("delete_row", "DELETE")
    assert delete.url.endswith("/rows/itemAt(index=2)")
    assert len(graph.requests_to("list_rows")) == 2, "the rows were read again after the index moved"


def test_a_table_that_changes_under_every_attempt_is_throttled_and_nothing_is_deleted(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.add_row(*row_of(LUNCH, "b"))
    for number in range(3):
        graph.before_next("row_at", lambda n=number: graph.insert_row(0, "2026-11-20", "Lazer", "x", "1", "", f"o{n}"))

    with pytest.raises(LedgerThrottled, match="kept changing"):
        rest(graph, tokens).delete("b")

    assert graph.requests_to("delete_row") == []
    assert "b" in ids_in_table(graph)


def test_deleting_a_missing_id_sends_no_delete(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row(*row_of(LUNCH, "b"))

    assert rest(graph, tokens).delete("SM404:call_1") is False

    assert graph.requests_to("delete_row") == []
    assert ids_in_table(graph) == ["b"]


def test_a_429_on_delete_is_throttled_and_the_row_stays(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row(*row_of(LUNCH, "b"))
    graph.fail_next("delete_row", 429, retry_after=7)

    with pytest.raises(LedgerThrottled, match=r"429 tooManyRequests.*retry after 7s"):
        rest(graph, tokens).delete("b")

    assert ids_in_table(graph) == ["b"]
    assert len(graph.requests_to("delete_row", "DELETE")) == 1, "no retry inside the Lambda: the ASL owns back-off"


def test_a_504_on_a_delete_that_landed_counts_as_deleted_and_a_retry_is_a_no_op(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.add_row(*row_of(TAXI, "a"))
    graph.add_row(*row_of(LUNCH, "b"))
    graph.fail_next("delete_row", 504, land=True)

    assert rest(graph, tokens).delete("b") is True
    assert rest(graph, tokens).delete("b") is False

    assert ids_in_table(graph) == ["a"]


def test_a_504_on_a_delete_that_did_not_land_is_throttled(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row(*row_of(LUNCH, "b"))
    graph.fail_next("delete_row", 504)

    with pytest.raises(LedgerThrottled, match="still in the table"):
        rest(graph, tokens).delete("b")

    assert ids_in_table(graph) == ["b"]


def test_a_timeout_on_a_delete_that_landed_counts_as_deleted(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row(*row_of(LUNCH, "b"))
    graph.time_out_next("delete_row", land=True)

    assert rest(graph, tokens).delete("b") is True
    assert graph.rows == []


def test_a_401_on_delete_refreshes_the_token_once(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row(*row_of(LUNCH, "b"))
    graph.revoked_tokens.add("token-1")

    assert rest(graph, tokens).delete("b") is True

    assert tokens.refreshes == 1
    assert graph.requests_to("delete_row")[0].headers["Authorization"] == "Bearer token-2"


def test_a_delete_in_a_missing_table_is_a_misconfiguration(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.table_exists = False

    with pytest.raises(LedgerMisconfigured, match="404"):
        rest(graph, tokens).delete("b")


def test_an_update_patches_the_rows_index_with_the_decimals_digits_and_keeps_the_id(
    graph: FakeGraph, tokens: StubTokens
) -> None:
    graph.add_row(*row_of(TAXI, "a"))
    graph.add_row(*row_of(TAXI, "SM1:call_1"))

    assert rest(graph, tokens).update("SM1:call_1", LUNCH) is True

    (patch,) = graph.requests_to("update_row", "PATCH")
    assert patch.url.endswith("/rows/itemAt(index=1)")
    assert patch.headers["Content-Type"] == "application/json"
    assert patch.body is not None
    assert b'"values": [["2026-11-24", ' in patch.body and b", 45.10, " in patch.body
    assert graph.rows[1] == [excel_serial(LUNCH.date), "Alimentação", "Almoço", 45.1, "com a equipe", "SM1:call_1"]
    assert rest(graph, tokens).query(NOV_1, NOV_30)[1] == LedgerRow(LUNCH, "SM1:call_1")


def test_an_update_leaves_columns_the_user_added_as_they_were(
    mock: responses.RequestsMock, tmp_path: Path, tokens: StubTokens
) -> None:
    graph = FakeGraph(
        mock, workdir=tmp_path, columns=["ID", "Valor", "Forma de pagamento", *COLUMNS[:3], "Observações"]
    )
    graph.add_row("SM1:call_1", "32", "Pix", "2026-11-23", "Transporte", "Táxi", "")

    assert rest(graph, tokens).update("SM1:call_1", LUNCH) is True

    assert graph.rows == [
        ["SM1:call_1", 45.1, "Pix", excel_serial(LUNCH.date), "Alimentação", "Almoço", "com a equipe"]
    ]


def test_updating_a_missing_id_sends_no_patch(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row(*row_of(TAXI, "a"))

    assert rest(graph, tokens).update("SM404:call_1", LUNCH) is False
    assert graph.requests_to("update_row") == []


def test_a_503_on_update_is_throttled_with_its_retry_after(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.add_row(*row_of(TAXI, "a"))
    graph.fail_next("update_row", 503, retry_after=4)

    with pytest.raises(LedgerThrottled, match="retry after 4s"):
        rest(graph, tokens).update("a", LUNCH)


def test_file_mode_delete_uploads_with_if_match_and_the_row_is_gone(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.write_file_row(TAXI, "a")
    graph.write_file_row(LUNCH, "b")
    etag = graph.etag

    assert file_mode(graph, tokens).delete("b") is True
    assert file_mode(graph, tokens).delete("b") is False

    (upload,) = graph.requests_to("upload", "PUT")
    assert upload.headers["If-Match"] == etag
    assert graph.file_ledger().rows() == [LedgerRow(TAXI, "a")]


def test_file_mode_update_after_a_412_keeps_the_other_writers_row(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.write_file_row(TAXI, "SM1:call_1")
    graph.another_writer_before_next_put(TAXI, "other-device")

    assert file_mode(graph, tokens).update("SM1:call_1", LUNCH) is True

    assert len(graph.requests_to("upload", "PUT")) == 2
    assert graph.file_ledger().rows() == [LedgerRow(LUNCH, "SM1:call_1"), LedgerRow(TAXI, "other-device")]


def test_file_mode_504_on_a_delete_upload_that_landed_counts_as_deleted(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.write_file_row(LUNCH, "b")
    graph.fail_next("upload", 504, land=True)

    assert file_mode(graph, tokens).delete("b") is True
    assert graph.file_ledger().rows() == []


def test_file_mode_504_on_an_update_upload_that_did_not_land_is_throttled(graph: FakeGraph, tokens: StubTokens) -> None:
    graph.write_file_row(TAXI, "b")
    graph.fail_next("upload", 504)

    with pytest.raises(LedgerThrottled, match="does not show it"):
        file_mode(graph, tokens).update("b", LUNCH)

    assert graph.file_ledger().rows() == [LedgerRow(TAXI, "b")]
