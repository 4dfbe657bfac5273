"""What only the .xlsx ledger promises: a real Excel table, forgiving reads, safe concurrent writes."""

from __future__ import annotations

import csv
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.table import Table

from finassist.adapters.workbook_cells import to_amount, to_date
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.domain.expense import COLUMNS, TABLE_NAME, Expense, in_period, total
from finassist.errors import LedgerMisconfigured, LedgerUnavailable

SEED_CSV = Path(__file__).resolve().parents[3] / "corpus" / "ledger-seed.csv"
NOV_1 = date(2026, 11, 1)
NOV_30 = date(2026, 11, 30)


def expense(day: date, amount: str = "10.00", category: str = "Alimentação", description: str = "Almoço") -> Expense:
    return Expense(date=day, category=category, description=description, amount=Decimal(amount))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.xlsx"


@pytest.fixture
def ledger(path: Path) -> XlsxLedger:
    return XlsxLedger(path)


def table_of(path: Path) -> Table:
    worksheet = load_workbook(path)[TABLE_NAME]
    table: Table = worksheet.tables[TABLE_NAME]
    return table


def leftovers(folder: Path, keep: str) -> list[str]:
    """Files in folder other than the workbook and its lock file."""
    return sorted(name for name in os.listdir(folder) if name not in (keep, keep + ".lock"))


def hand_made_workbook(path: Path, header: list[str], with_table: bool = True) -> None:
    """A workbook as a person might build it in Excel, without going through XlsxLedger."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = TABLE_NAME
    worksheet.append(header)
    worksheet.append([datetime(2026, 11, 3), "Transporte", "Ônibus", 4.4, None, None])
    if with_table:
        worksheet.add_table(Table(displayName=TABLE_NAME, ref=f"A1:{chr(ord('A') + len(header) - 1)}2"))
    workbook.save(path)


# -- the file is a real Excel table ----------------------------------------------------------------------------


def test_first_use_creates_the_folder_and_a_valid_xlsx_with_a_styled_despesas_table(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "Financas.xlsx"

    assert XlsxLedger(path).query(NOV_1, NOV_30) == []

    worksheet = load_workbook(path)[TABLE_NAME]
    table = worksheet.tables[TABLE_NAME]
    assert table.displayName == TABLE_NAME
    assert table.tableStyleInfo is not None
    assert [cell.value for cell in worksheet[1]] == list(COLUMNS)
    assert [column.name for column in table.tableColumns] == list(COLUMNS)
    assert worksheet.column_dimensions["C"].width >= 30


def test_the_table_ref_grows_to_cover_every_appended_row(ledger: XlsxLedger, path: Path) -> None:
    for day in (1, 2, 3):
        ledger.append(expense(date(2026, 11, day)), f"id-{day}")

    table = table_of(path)
    assert table.ref == "A1:F4"
    assert table.autoFilter.ref == "A1:F4"


def test_dates_and_amounts_are_real_typed_cells_in_brazilian_formats(ledger: XlsxLedger, path: Path) -> None:
    ledger.append(expense(date(2026, 11, 24), "1234.56"), "SM1:call_1")

    row = load_workbook(path)[TABLE_NAME][2]
    data, _, _, valor, _, entry_id = row
    assert data.is_date and data.value.date() == date(2026, 11, 24)
    assert data.number_format == "dd/mm/yyyy"
    assert isinstance(valor.value, int | float) and valor.number_format == "#,##0.00"
    assert entry_id.value == "SM1:call_1"


def test_a_description_that_looks_like_a_formula_is_stored_as_text(ledger: XlsxLedger, path: Path) -> None:
    ledger.append(expense(date(2026, 11, 24), description="=1+1 no bar"), "a")

    cell = load_workbook(path)[TABLE_NAME]["C2"]
    assert cell.data_type == "s"
    assert ledger.query(NOV_1, NOV_30)[0].expense.description == "=1+1 no bar"


# -- reading what a person typed -------------------------------------------------------------------------------


def test_rows_typed_by_hand_below_the_table_are_read_and_then_taken_into_it(ledger: XlsxLedger, path: Path) -> None:
    ledger.append(expense(date(2026, 11, 1), "10.00", description="pelo zap"), "SM1:call_1")
    workbook = load_workbook(path)
    worksheet = workbook[TABLE_NAME]
    worksheet.append([datetime(2026, 11, 2, 0, 0), "alimentação", "Feira", 76.3, "à mão"])
    worksheet.append(["2026-11-03", "Transporte", "Uber", "1234.56"])
    worksheet.append(["04/11/2026", "Lazer", "Show", "1.234,56"])
    worksheet.append([None, None, None, None, None, None])
    worksheet.append([date(2026, 11, 5), "Compras", "Presente", 120, None, None])
    worksheet.append(["6/11/26", "Saúde", "Farmácia", "R$ 45,70"])
    workbook.save(path)

    rows = ledger.query(NOV_1, NOV_30)

    amounts = {row.expense.description: row.expense.amount for row in rows}
    assert amounts == {
        "pelo zap": Decimal("10.00"),
        "Feira": Decimal("76.30"),
        "Uber": Decimal("1234.56"),
        "Show": Decimal("1234.56"),
        "Presente": Decimal("120.00"),
        "Farmácia": Decimal("45.70"),
    }
    assert [row.expense.date.day for row in rows] == [1, 2, 3, 4, 5, 6]
    assert [row.entry_id for row in rows] == ["SM1:call_1", "", "", "", "", ""]
    assert [row.expense.description for row in ledger.query(NOV_1, NOV_30, "Alimentacao")] == ["pelo zap", "Feira"]

    ledger.append(expense(date(2026, 11, 7), description="depois"), "SM2:call_1")
    assert table_of(path).ref == "A1:F9"
    assert load_workbook(path)[TABLE_NAME]["C9"].value == "depois"


def test_an_unreadable_row_typed_by_hand_is_skipped_not_fatal(
    ledger: XlsxLedger, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ledger.append(expense(date(2026, 11, 1), description="boa"), "a")
    workbook = load_workbook(path)
    workbook[TABLE_NAME].append(["amanhã", "Lazer", "Cinema", "30"])
    workbook[TABLE_NAME].append(["2026-11-02", "Lazer", "Bar", "trinta"])
    workbook.save(path)

    rows = ledger.query(NOV_1, NOV_30)

    assert [row.expense.description for row in rows] == ["boa"]
    assert "skipping row 3" in caplog.text and "skipping row 4" in caplog.text


def test_a_hand_typed_amount_that_reads_two_ways_is_skipped_not_read_as_cents(
    ledger: XlsxLedger, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """ "1,234" is R$ 1,23 to one reader and R$ 1.234,00 to another: the row is left out and the log says why."""
    ledger.append(expense(date(2026, 11, 1), "10.00", description="boa"), "a")
    workbook = load_workbook(path)
    workbook[TABLE_NAME].append(["2026-11-02", "Compras", "Geladeira", "1,234"])
    workbook[TABLE_NAME].append(["2026-11-03", "Compras", "Fogão", "1.234,00"])
    workbook.save(path)

    rows = ledger.query(NOV_1, NOV_30)

    assert [(row.expense.description, row.expense.amount) for row in rows] == [
        ("boa", Decimal("10.00")),
        ("Fogão", Decimal("1234.00")),
    ]
    assert "skipping row 3" in caplog.text and "'1,234'" in caplog.text


def test_a_change_made_by_another_program_is_seen_by_the_next_query(ledger: XlsxLedger, path: Path) -> None:
    ledger.append(expense(date(2026, 11, 1), description="primeira"), "a")
    assert len(ledger.query(NOV_1, NOV_30)) == 1
    workbook = load_workbook(path)
    workbook[TABLE_NAME]["C2"] = "editada"
    workbook[TABLE_NAME].append([date(2026, 11, 2), "Lazer", "segunda", 5])
    workbook.save(path)

    assert [row.expense.description for row in ledger.query(NOV_1, NOV_30)] == ["editada", "segunda"]
    assert ledger.append(expense(date(2026, 11, 3), description="terceira"), "a") is False
    assert ledger.append(expense(date(2026, 11, 3), description="terceira"), "b") is True
    assert len(ledger.rows()) == 3


def test_a_table_with_reordered_and_extra_columns_is_still_understood(ledger: XlsxLedger, path: Path) -> None:
    header = ["ID", "Valor", "Data", "Forma de pagamento", "Descrição", "Categoria", "Observações"]
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = TABLE_NAME
    worksheet.append(header)
    worksheet.append(["x1", 12.5, datetime(2026, 11, 3), "Pix", "Lanche", "Alimentação", None])
    worksheet.add_table(Table(displayName=TABLE_NAME, ref="A1:G2"))
    workbook.save(path)

    ledger.append(expense(date(2026, 11, 4), "7.25", description="Café"), "x2")

    rows = ledger.query(NOV_1, NOV_30)
    assert [(row.entry_id, row.expense.description, row.expense.amount) for row in rows] == [
        ("x1", "Lanche", Decimal("12.50")),
        ("x2", "Café", Decimal("7.25")),
    ]
    assert table_of(path).ref == "A1:G3"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("R$ 45,00", Decimal("45.00")),
        ("23,5", Decimal("23.50")),
        ("1.500", Decimal("1500.00")),
        ("0.5", Decimal("0.50")),
        ("-12,90", Decimal("-12.90")),
        (19.9, Decimal("19.90")),
        (0.1 + 0.2, Decimal("0.30")),
        (45, Decimal("45.00")),
        (Decimal("9.999"), Decimal("10.00")),
        ("trinta", None),
        ("", None),
        (True, None),
        (float("nan"), None),
    ],
)
def test_an_amount_typed_any_common_way_becomes_an_exact_decimal(typed: object, expected: Decimal | None) -> None:
    assert to_amount(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (datetime(2026, 11, 24, 13, 5), date(2026, 11, 24)),
        (date(2026, 11, 24), date(2026, 11, 24)),
        ("2026-11-24", date(2026, 11, 24)),
        ("2026-11-24T10:00:00", date(2026, 11, 24)),
        ("24/11/2026", date(2026, 11, 24)),
        ("24/11/26", date(2026, 11, 24)),
        ("24.11.2026", date(2026, 11, 24)),
        (46350, date(2026, 11, 24)),
        ("31/02/2026", None),
        ("ontem", None),
        (None, None),
    ],
)
def test_a_date_typed_any_common_way_is_read(typed: object, expected: date | None) -> None:
    assert to_date(typed) == expected


# -- a workbook that is not a ledger ---------------------------------------------------------------------------


def test_a_workbook_without_the_despesas_table_is_misconfigured(ledger: XlsxLedger, path: Path) -> None:
    hand_made_workbook(path, list(COLUMNS), with_table=False)
    before = path.read_bytes()

    with pytest.raises(LedgerMisconfigured, match="no Excel table named 'Despesas'"):
        ledger.query(NOV_1, NOV_30)
    with pytest.raises(LedgerMisconfigured):
        ledger.append(expense(date(2026, 11, 24)), "a")
    assert path.read_bytes() == before


def test_a_workbook_without_the_despesas_sheet_or_table_is_misconfigured(ledger: XlsxLedger, path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Planilha1"
    workbook.save(path)

    with pytest.raises(LedgerMisconfigured, match="no sheet 'Despesas'"):
        ledger.query(NOV_1, NOV_30)


def test_a_table_missing_the_valor_column_is_misconfigured(ledger: XlsxLedger, path: Path) -> None:
    hand_made_workbook(path, ["Data", "Categoria", "Descrição", "Preço", "Observações", "ID"])

    with pytest.raises(LedgerMisconfigured, match="Valor"):
        ledger.query(NOV_1, NOV_30)
    with pytest.raises(LedgerMisconfigured, match="Valor"):
        ledger.append(expense(date(2026, 11, 24)), "a")


@pytest.mark.parametrize("content", [b"this is not a workbook", b"", b"PK\x03\x04 truncated zip"])
def test_a_corrupt_file_is_unavailable_and_left_as_it_was(ledger: XlsxLedger, path: Path, content: bytes) -> None:
    path.write_bytes(content)

    with pytest.raises(LedgerUnavailable):
        ledger.query(NOV_1, NOV_30)
    with pytest.raises(LedgerUnavailable):
        ledger.append(expense(date(2026, 11, 24)), "a")
    assert path.read_bytes() == content


# -- atomic writes ---------------------------------------------------------------------------------------------


def test_no_temporary_files_are_left_behind(ledger: XlsxLedger, path: Path, tmp_path: Path) -> None:
    for day in range(1, 6):
        ledger.append(expense(date(2026, 11, day)), f"id-{day}")
    ledger.append(expense(date(2026, 11, 1)), "id-1")
    ledger.query(NOV_1, NOV_30)

    assert leftovers(tmp_path, path.name) == []


def test_a_failed_save_leaves_the_old_workbook_and_no_trace_of_the_row(
    ledger: XlsxLedger, path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger.append(expense(date(2026, 11, 1), description="salva"), "a")
    before = path.read_bytes()

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", disk_full)
        with pytest.raises(LedgerUnavailable, match="No space left"):
            ledger.append(expense(date(2026, 11, 2), description="perdida"), "b")

    assert path.read_bytes() == before
    assert leftovers(tmp_path, path.name) == []
    assert ledger.append(expense(date(2026, 11, 3), description="depois"), "c") is True
    assert [row.expense.description for row in ledger.rows()] == ["salva", "depois"]


# -- seeding from CSV ------------------------------------------------------------------------------------------


def test_the_seed_csv_loads_30_rows_and_november_food_totals_566_35(ledger: XlsxLedger, path: Path) -> None:
    assert ledger.load_csv(SEED_CSV) == 30

    rows = ledger.rows()
    assert len(rows) == 30
    assert all(row.entry_id == "" for row in rows)
    assert total(ledger.query(NOV_1, NOV_30, "Alimentação")) == Decimal("566.35")
    assert total(in_period(rows, NOV_1, NOV_30, "alimentacao")) == Decimal("566.35")
    assert table_of(path).ref == "A1:F31"


def test_load_csv_writes_once_and_skips_ids_already_in_the_ledger(
    ledger: XlsxLedger, path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_path = tmp_path / "seed.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Data", "Categoria", "Descrição", "Valor", "Observações", "ID"])
        writer.writerow(["2026-11-01", "Alimentação", "Feira", "76.30", "", "seed-1"])
        writer.writerow(["02/11/2026", "Transporte", "Ônibus", "4,40", "ida", "seed-2"])
        writer.writerow(["2026-11-03", "Lazer", "Show", "180", "", ""])
    replaces: list[object] = []
    real_replace = os.replace

    def counting_replace(src: str, dst: str) -> None:
        replaces.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", counting_replace)

    assert ledger.load_csv(csv_path) == 3
    assert len(replaces) == 1
    assert ledger.load_csv(csv_path) == 1  # the row without an ID has nothing to be recognised by
    assert [row.entry_id for row in ledger.rows()] == ["seed-1", "seed-2", "", ""]
    assert ledger.rows()[1].expense.notes == "ida"
    assert XlsxLedger.from_csv(tmp_path / "other.xlsx", csv_path).rows()[1].expense.amount == Decimal("4.40")


# -- concurrency -----------------------------------------------------------------------------------------------


def run_threads(count: int, work: Callable[[int], None]) -> float:
    """Run work(0..count-1) on count threads at once; a failure in any thread fails the test."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(work, index) for index in range(count)]
    for future in futures:
        future.result()
    return time.perf_counter() - started


def test_eight_threads_appending_fifty_rows_each_lose_none(ledger: XlsxLedger, path: Path, tmp_path: Path) -> None:
    def append_fifty(worker: int) -> None:
        for n in range(50):
            day = date(2026, 11, 1 + n % 30)
            assert ledger.append(expense(day, "0.10", description=f"w{worker}-{n}"), f"w{worker}-{n}") is True

    elapsed = run_threads(8, append_fifty)
    print(f"8 threads x 50 appends: {elapsed:.2f} s ({elapsed / 400 * 1000:.1f} ms per append)")

    rows = ledger.rows()
    assert len(rows) == 400
    assert {row.entry_id for row in rows} == {f"w{w}-{n}" for w in range(8) for n in range(50)}
    assert total(rows) == Decimal("40.00")
    assert table_of(path).ref == "A1:F401"
    assert leftovers(tmp_path, path.name) == []


def test_four_threads_racing_on_one_entry_id_add_exactly_one_row(ledger: XlsxLedger) -> None:
    ledger.append(expense(date(2026, 11, 1), description="antes"), "other")
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def race(worker: int) -> None:
        barrier.wait()
        results.append(ledger.append(expense(date(2026, 11, 24), description=f"tentativa {worker}"), "SM1:call_1"))

    run_threads(4, race)

    assert sorted(results) == [False, False, False, True]
    assert [row.entry_id for row in ledger.rows()] == ["other", "SM1:call_1"]


def _append_from_another_process(path: str, worker: int, count: int) -> None:
    ledger = XlsxLedger(Path(path))
    for n in range(count):
        ledger.append(expense(date(2026, 11, 1 + n % 30), "1.00", description=f"p{worker}-{n}"), f"p{worker}-{n}")
        ledger.append(expense(date(2026, 11, 24), "1.00", description=f"p{worker}"), f"shared-{n}")


def test_separate_processes_share_the_file_lock_and_lose_nothing(ledger: XlsxLedger, path: Path) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method")
    ledger.append(expense(date(2026, 11, 1), description="antes"), "first")
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_append_from_another_process, args=(str(path), w, 10)) for w in range(3)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    print(f"3 processes x 20 appends: {time.perf_counter() - started:.2f} s")

    assert [process.exitcode for process in processes] == [0, 0, 0]
    ids = [row.entry_id for row in ledger.rows()]
    assert len(ids) == 1 + 30 + 10
    assert len(set(ids)) == len(ids)


# -- delete and update ----------------------------------------------------------------------------------------


def sheet_values(path: Path, columns: str = "A:F") -> list[list[object]]:
    """Every row of the Despesas sheet within columns, as values."""
    worksheet = load_workbook(path)[TABLE_NAME]
    first, last = columns.split(":")
    return [
        [cell.value for cell in row]
        for row in worksheet.iter_rows(
            min_row=1,
            max_row=worksheet.max_row,
            min_col=ord(first) - ord("A") + 1,
            max_col=ord(last) - ord("A") + 1,
        )
    ]


def test_a_delete_shrinks_the_table_ref_and_leaves_a_valid_table(ledger: XlsxLedger, path: Path) -> None:
    for day in (1, 2, 3):
        ledger.append(expense(date(2026, 11, day), f"{day}.00", description=f"dia {day}"), f"id-{day}")

    assert ledger.delete("id-2") is True

    table = table_of(path)
    assert table.ref == "A1:F3"
    assert table.autoFilter.ref == "A1:F3"
    assert [column.name for column in table.tableColumns] == list(COLUMNS)
    worksheet = load_workbook(path)[TABLE_NAME]
    assert worksheet["C3"].value == "dia 3", "the row below moved up into the deleted one"
    assert worksheet["A3"].is_date and worksheet["A3"].number_format == "dd/mm/yyyy"
    assert all(cell.value is None for cell in worksheet[4])
    assert ledger.append(expense(date(2026, 11, 4), description="dia 4"), "id-4") is True
    assert table_of(path).ref == "A1:F4"
    assert [row.entry_id for row in ledger.rows()] == ["id-1", "id-3", "id-4"]


def test_deleting_the_only_row_keeps_one_blank_data_row_as_excel_does(ledger: XlsxLedger, path: Path) -> None:
    ledger.append(expense(date(2026, 11, 1)), "id-1")

    assert ledger.delete("id-1") is True

    assert table_of(path).ref == "A1:F2"
    assert sheet_values(path) == [list(COLUMNS)]
    assert ledger.rows() == []


def test_a_delete_moves_only_the_tables_cells_and_what_was_typed_below_it(ledger: XlsxLedger, path: Path) -> None:
    """Like Excel's "Delete Table Rows": a note beside the table stays on its sheet row."""
    ledger.append(expense(date(2026, 11, 1), description="apagar"), "id-1")
    ledger.append(expense(date(2026, 11, 2), description="fica"), "id-2")
    workbook = load_workbook(path)
    worksheet = workbook[TABLE_NAME]
    worksheet["H2"] = "nota ao lado"
    worksheet.append([date(2026, 11, 3), "Lazer", "à mão, abaixo", 5])
    workbook.save(path)

    assert ledger.delete("id-1") is True

    assert sheet_values(path, "A:D")[1:] == [
        [datetime(2026, 11, 2), "Alimentação", "fica", 10],
        [datetime(2026, 11, 3), "Lazer", "à mão, abaixo", 5],
    ]
    assert load_workbook(path)[TABLE_NAME]["H2"].value == "nota ao lado"
    assert table_of(path).ref == "A1:F2", "the row typed below the table stays below it"
    assert [row.expense.description for row in ledger.rows()] == ["fica", "à mão, abaixo"]


def test_a_formula_in_an_extra_column_moves_with_its_row(ledger: XlsxLedger, path: Path) -> None:
    header = [*COLUMNS, "Dobro"]
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = TABLE_NAME
    worksheet.append(header)
    worksheet.append([datetime(2026, 11, 1), "Lazer", "apagar", 1, None, "a", "=D2*2"])
    worksheet.append([datetime(2026, 11, 2), "Lazer", "fica", 2, None, "b", "=D3*2"])
    worksheet.add_table(Table(displayName=TABLE_NAME, ref="A1:G3"))
    workbook.save(path)

    assert ledger.delete("a") is True

    assert load_workbook(path)[TABLE_NAME]["G2"].value == "=D2*2"
    assert table_of(path).ref == "A1:G2"


def test_an_update_rewrites_our_cells_in_place_and_leaves_extra_columns(ledger: XlsxLedger, path: Path) -> None:
    header = ["ID", "Valor", "Data", "Forma de pagamento", "Descrição", "Categoria", "Observações"]
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = TABLE_NAME
    worksheet.append(header)
    worksheet.append(["x1", 12.5, datetime(2026, 11, 3), "Pix", "Lanche", "Alimentação", "com nota"])
    worksheet.add_table(Table(displayName=TABLE_NAME, ref="A1:G2"))
    workbook.save(path)

    assert ledger.update("x1", expense(date(2026, 11, 4), "7.25", "Lazer", "Cinema")) is True

    worksheet = load_workbook(path)[TABLE_NAME]
    assert [cell.value for cell in worksheet[2]] == ["x1", 7.25, datetime(2026, 11, 4), "Pix", "Cinema", "Lazer", None]
    assert worksheet["C2"].number_format == "dd/mm/yyyy"
    assert worksheet["B2"].number_format == "#,##0.00"
    assert table_of(path).ref == "A1:G2"


def test_a_failed_save_during_a_delete_leaves_the_old_workbook_and_the_row(
    ledger: XlsxLedger, path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger.append(expense(date(2026, 11, 1), description="fica"), "a")
    ledger.append(expense(date(2026, 11, 2), description="apagar"), "b")
    before = path.read_bytes()

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", disk_full)
        with pytest.raises(LedgerUnavailable, match="No space left"):
            ledger.delete("b")

    assert path.read_bytes() == before
    assert leftovers(tmp_path, path.name) == []
    assert [row.entry_id for row in ledger.rows()] == ["a", "b"], "the half-done delete is not served from cache"
    assert ledger.delete("b") is True
    assert [row.entry_id for row in ledger.rows()] == ["a"]


def test_deletes_racing_with_appending_threads_lose_no_other_row(ledger: XlsxLedger, path: Path) -> None:
    for n in range(20):
        ledger.append(expense(date(2026, 11, 1 + n), "1.00", description=f"velha {n}"), f"old-{n}")
    doomed = {f"old-{n}" for n in range(0, 20, 2)}

    def work(worker: int) -> None:
        if worker == 0:
            for entry_id in sorted(doomed):
                assert ledger.delete(entry_id) is True
            return
        for n in range(25):
            assert ledger.append(expense(date(2026, 11, 24), "0.10", description=f"w{worker}-{n}"), f"w{worker}-{n}")

    run_threads(5, work)

    ids = [row.entry_id for row in ledger.rows()]
    expected = {f"old-{n}" for n in range(20)} - doomed | {f"w{w}-{n}" for w in range(1, 5) for n in range(25)}
    assert len(ids) == len(set(ids)) == len(expected)
    assert set(ids) == expected
    assert table_of(path).ref == f"A1:F{1 + len(expected)}"
    assert total(ledger.rows()) == Decimal("10.00") + Decimal("10.00")


# -- speed -----------------------------------------------------------------------------------------------------


def test_a_query_over_ten_thousand_rows_is_fast(ledger: XlsxLedger, tmp_path: Path) -> None:
    csv_path = tmp_path / "big.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(10_000):
            category = "Alimentação" if n % 5 == 0 else "Transporte"
            writer.writerow([f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}", category, f"item {n}", "1.10", "", f"id-{n}"])
    assert ledger.load_csv(csv_path) == 10_000
    expected = [n for n in range(10_000) if n % 12 == 10 and n % 5 == 0]  # November, Alimentação

    started = time.perf_counter()
    rows = XlsxLedger(ledger.path).query(NOV_1, NOV_30, "alimentacao")
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = ledger.query(NOV_1, NOV_30, "alimentacao")
    second = time.perf_counter() - started
    print(f"query over 10,000 rows: {first:.2f} s cold, {second * 1000:.1f} ms unchanged file")

    assert len(rows) == len(again) == len(expected)
    assert total(rows) == Decimal("1.10") * len(expected)
    assert first < 5.0
    assert second < 0.5


# -- income: the table gains its Tipo column with the first income --------------------------------------------


def test_the_first_income_adds_a_tipo_column_marking_every_earlier_row_as_despesa(
    ledger: XlsxLedger, path: Path
) -> None:
    ledger.append(expense(date(2026, 11, 1), description="almoço"), "a")
    salary = Expense(date(2026, 11, 5), "Receita", "salário", Decimal("5000.00"), kind="income")

    assert ledger.append(salary, "b") is True

    worksheet = load_workbook(path)[TABLE_NAME]
    assert [cell.value for cell in worksheet[1]] == [*COLUMNS, "Tipo"]
    assert [worksheet["G2"].value, worksheet["G3"].value] == ["Despesa", "Receita"]
    assert table_of(path).ref == "A1:G3"
    assert [column.name for column in table_of(path).tableColumns][-1] == "Tipo"


def test_an_income_is_refused_rather_than_written_over_what_the_user_keeps_beside_the_table(
    ledger: XlsxLedger, path: Path
) -> None:
    ledger.append(expense(date(2026, 11, 1), description="almoço"), "a")
    workbook = load_workbook(path)
    workbook[TABLE_NAME]["G1"] = "minhas notas"
    workbook.save(path)
    before = path.read_bytes()

    salary = Expense(date(2026, 11, 5), "Receita", "salário", Decimal("5000.00"), kind="income")
    with pytest.raises(LedgerMisconfigured, match="Tipo"):
        ledger.append(salary, "b")

    assert path.read_bytes() == before
    assert ledger.append(expense(date(2026, 11, 2), description="jantar"), "c") is True
