"""`make bench`: runs every benchmark, prints the figures and writes docs/benchmarks.md."""

from __future__ import annotations

import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import cost, end_to_end, fixed_cost, import_time, transitions, understanding, webhook_ack, xlsx_ledger

# load.py is not here: it takes minutes (make bench-load).
SECTIONS = (understanding, xlsx_ledger, webhook_ack, import_time, end_to_end, transitions, cost, fixed_cost)


def main() -> int:
    header = (
        "# Benchmarks\n\nWritten by `make bench` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
        f"{platform.machine()}, {platform.processor() or 'cpu'}. Figures are wall-clock on this machine "
        "(2 cores); compare runs on the same machine only.\n"
    )
    parts = [header]
    for section in SECTIONS:
        text = section.run()
        print(text)
        parts.append(text)
    out = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
    out.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
