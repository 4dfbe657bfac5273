"""What offline-first claims on the repo's corpora, and how much of it is right: `python -m finassist.eval` over every
corpus (each case through the production path on the embedded stack), read from its last line (JSON).

It takes minutes, so `make bench` starts it first in its own process (the other core) and reads it at the end.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import IO, Any

from benchmarks.common import Target, grid

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("corpus/messages-ptbr.jsonl", "corpus/features-ptbr.jsonl", "corpus/understanding-ptbr.jsonl")
CLAIMED_SHARE = 0.80
RIGHT_SHARE = 0.995


@cache
def _output() -> IO[str]:
    """Where the evaluation writes (a file, not a pipe: nobody reads a pipe while it runs)."""
    return tempfile.NamedTemporaryFile("w+", encoding="utf-8", suffix=".eval")


@cache
def _evaluation() -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "finassist.eval", *CORPORA],
        cwd=ROOT,
        stdout=_output(),
        stderr=subprocess.STDOUT,
        text=True,
    )


def start() -> None:
    """Start the evaluation in the background (idempotent)."""
    _evaluation()


@cache
def figures() -> dict[str, Any]:
    _evaluation().wait()
    _output().seek(0)
    out = _output().read()
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"finassist.eval printed no figures: {(out.strip().splitlines() or ['no output'])[-1]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def shares(found: dict[str, Any]) -> tuple[float, float]:
    """(expense messages claimed, claims right), each as a fraction."""
    claimed = found["expense_claimed"] / found["expense_messages"] if found["expense_messages"] else 0.0
    right = found["claims_right"] / found["claims"] if found["claims"] else 1.0
    return claimed, right


def run() -> str:
    found = figures()
    claimed, right = shares(found)
    rows = [
        [
            "expense messages the offline engine claims",
            f"{found['expense_claimed']} of {found['expense_messages']} ({claimed:.1%})",
            f">= {CLAIMED_SHARE:.0%}",
        ],
        [
            "claims answered right",
            f"{found['claims_right']} of {found['claims']} ({right:.2%})",
            f">= {RIGHT_SHARE:.1%}",
        ],
        ["corpus cases passed (whole flow, offline engine)", f"{found['passed']} of {found['total']}", "all"],
    ]
    return grid(
        "Offline-first on the corpora (`python -m finassist.eval` " + " ".join(CORPORA) + ")",
        ["measure", "value", "target"],
        rows,
    )


def targets() -> list[Target]:
    found = figures()
    claimed, right = shares(found)
    return [
        Target(
            "expense messages of the corpora claimed offline-first",
            f">= {CLAIMED_SHARE:.0%}",
            f"{claimed:.1%}",
            claimed >= CLAIMED_SHARE,
        ),
        Target("claims right", f">= {RIGHT_SHARE:.1%}", f"{right:.2%}", right >= RIGHT_SHARE),
    ]


if __name__ == "__main__":
    print(run())
