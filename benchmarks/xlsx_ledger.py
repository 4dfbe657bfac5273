"""The local .xlsx ledger: a query over 10,000 rows, and append latency on a growing file."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from benchmarks.common import Figure, summary, table, timed
from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.domain.categories import CATEGORIES


def _seed_csv(path: Path, rows: int) -> None:
    lines = ["Data,Categoria,Descrição,Valor,Observações,ID"]
    start = date(2026, 1, 1)
    for n in range(rows):
        day = start + timedelta(days=n % 320)
        lines.append(f"{day.isoformat()},{CATEGORIES[n % len(CATEGORIES)]},item {n},{(n % 997) + 0.5:.2f},,seed-{n}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run() -> str:
    from finassist.domain.expense import Expense

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        _seed_csv(directory / "seed.csv", 10_000)
        path = directory / "ledger.xlsx"
        XlsxLedger(path).load_csv(directory / "seed.csv")
        cold = timed(lambda: XlsxLedger(path).query(date(2026, 11, 1), date(2026, 11, 30), "Alimentação"), 1)
        # A new process would not have the cache: measure a fresh file state by touching it between runs.
        uncached = []
        for _ in range(5):
            path.touch()
            uncached += timed(lambda: XlsxLedger(path).query(date(2026, 11, 1), date(2026, 11, 30)), 1)
        warm = timed(lambda: XlsxLedger(path).query(date(2026, 11, 1), date(2026, 11, 30)), 20)
        counter = iter(range(10**6))
        appends = timed(
            lambda: XlsxLedger(path).append(
                Expense(date(2026, 11, 24), "Alimentação", "almoço", Decimal("45.00")), f"bench-{next(counter)}"
            ),
            20,
        )
    return table(
        "Local .xlsx ledger (10,000 rows)",
        [
            Figure("first query, file just written", summary(cold)),
            Figure("query, file changed since last read", summary(uncached), "what a cold Lambda sees"),
            Figure("query, file unchanged", summary(warm), "per-process snapshot"),
            Figure("append one row", summary(appends), "read-check-write under the file lock, atomic replace"),
        ],
    )


if __name__ == "__main__":
    print(run())
