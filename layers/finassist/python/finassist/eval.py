"""`python -m finassist.eval CORPUS.jsonl [--engine offline|openai]`: score understanding on a corpus.

Each case goes through the production path on the embedded stack (signed webhook, the real state machine,
the real tools and ledger) with the clock frozen at the case's `now` and the ledger loaded from its CSV.
Format: ../shared/corpus/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from finassist.adapters.xlsx_ledger import XlsxLedger
from finassist.domain.expense import LedgerRow
from finassist.domain.money import format_brl
from finassist.domain.text import fold
from finassist.local.stack import EmbeddedStack, twilio_fields
from finassist.wiring import xlsx_ledger_path


@dataclass(frozen=True)
class Verdict:
    case_id: str
    passed: bool
    why: str


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def check_add(expect: dict[str, Any], added: list[LedgerRow], replies: list[str]) -> str:
    """Why an expected expense was not recorded as expected; empty when it was."""
    if len(added) != 1:
        return f"expected exactly one new row, got {len(added)}; replies={replies!r}"
    row = added[0].expense
    problems = []
    if row.date != date.fromisoformat(expect["date"]):
        problems.append(f"date {row.date} != {expect['date']}")
    if row.amount != _money(expect["amount"]):
        problems.append(f"amount {row.amount} != {_money(expect['amount'])}")
    if "category_any" in expect and row.category not in expect["category_any"]:
        problems.append(f"category {row.category} not in {expect['category_any']}")
    wanted = expect.get("description_contains_any")
    if wanted and not any(fold(w) in fold(row.description) for w in wanted):
        problems.append(f"description {row.description!r} has none of {wanted}")
    return "; ".join(problems)


def check_answer(expect: dict[str, Any], added: list[LedgerRow], replies: list[str]) -> str:
    """Why a question was not answered with the expected total; empty when it was."""
    problems = []
    if added:
        problems.append(f"a question changed the ledger ({len(added)} rows added)")
    if "total" in expect:
        total = format_brl(_money(expect["total"]))
        if not any(total in reply for reply in replies):
            problems.append(f"no reply states {total}: {replies!r}")
    for fragment in expect.get("reply_contains", []):
        if not any(fold(fragment) in fold(reply) for reply in replies):
            problems.append(f"no reply contains {fragment!r}")
    return "; ".join(problems)


def run_case(stack: EmbeddedStack, case: dict[str, Any], corpus_dir: Path, index: int) -> Verdict:
    sender = f"whatsapp:+55119{index:08d}"
    stack.add_user(sender, "Eval")
    stack.configure(FINASSIST_NOW=case["now"])
    ledger = XlsxLedger(xlsx_ledger_path(stack.data_dir, sender))
    if case.get("ledger", "empty") != "empty":
        ledger.load_csv(corpus_dir / case["ledger"])
    before = {(r.entry_id, r.expense) for r in ledger.rows()}
    replies: list[str] = []
    for text in case.get("turns") or [case["text"]]:
        outcome = stack.send(twilio_fields(sender, text))
        replies = outcome.replies
        if outcome.status != "SUCCEEDED":
            return Verdict(case["id"], False, f"execution {outcome.status}: {outcome.state_names}")
    added = [r for r in ledger.rows() if (r.entry_id, r.expense) not in before]
    expect = case["expect"]
    why = (
        check_add(expect["add"], added, replies)
        if "add" in expect
        else check_answer(expect.get("answer", {}), added, replies)
    )
    return Verdict(case["id"], not why, why or "ok")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--engine", choices=("offline", "openai"), default="offline")
    args = parser.parse_args(argv)
    if args.engine == "openai" and not os.environ.get("OPENAI_API_KEY"):
        print("--engine openai needs OPENAI_API_KEY", file=sys.stderr)
        return 2
    cases = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    env = {"ASSISTANT_ENGINE": args.engine}
    verdicts: list[Verdict] = []
    with tempfile.TemporaryDirectory() as data_dir, EmbeddedStack(Path(data_dir), env=env) as stack:
        for index, case in enumerate(cases):
            verdict = run_case(stack, case, args.corpus.parent, index)
            verdicts.append(verdict)
            print(f"{verdict.case_id}\t{'pass' if verdict.passed else 'FAIL'}\t{verdict.why}", flush=True)
    passed = sum(v.passed for v in verdicts)
    print(json.dumps({"passed": passed, "failed": len(verdicts) - passed, "total": len(verdicts)}))
    return 0 if passed == len(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
