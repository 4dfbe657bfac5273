"""`make bench`: runs every benchmark, prints the figures and writes docs/benchmarks.md with issue 17's targets
beside them. Takes about ten minutes: the corpus evaluation runs meanwhile in its own process, and each message type
is sent a handful of times at each model speed (benchmarks/flows.py)."""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    claims,
    clock,
    cold_start,
    cost,
    fixed_cost,
    flows,
    import_time,
    understanding,
    webhook_ack,
    xlsx_ledger,
)
from benchmarks.common import targets_table

OUT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"

# Document order. The flows run first (they mostly wait on the model while the evaluation uses the other core),
# the in-process timings after them, the evaluation's figures last.
SECTIONS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("flows: model path", flows.run_model_path),
    ("flows: offline-first path", flows.run_offline_first),
    ("flows: where the time goes", flows.run_where_time_goes),
    ("cost per 1,000 messages", cost.run),
    ("DynamoDB by table", cost.run_dynamodb),
    ("fixed monthly cost", fixed_cost.run),
    ("cold starts", cold_start.run),
    ("handler imports", import_time.run),
    ("offline engine speed", understanding.run),
    ("xlsx ledger", xlsx_ledger.run),
    ("webhook acknowledgement", webhook_ack.run),
    ("offline-first claims on the corpora", claims.run),
)
TARGETS = (flows.targets, cost.targets, claims.targets, import_time.targets)


def header() -> str:
    return (
        "# Benchmarks\n\n"
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
        f"{platform.machine()}, {platform.processor() or 'cpu'}; in-process timings are wall-clock on this shared "
        "2-core machine: compare runs on the same machine only.\n\n"
        "**How a message is measured.** The embedded stack runs the real ASL (moto) and the real handlers in-process; "
        "the model is the OpenAI fake on loopback, reached by the real SDK, where a background response really takes "
        f"its generation time and a transcription {flows.TRANSCRIPTION_SECONDS:g} s. Waits and Retry back-offs are "
        "recorded, not slept, and the stack's virtual clock (`EmbeddedStack.clock`, which the fake model runs on) "
        "moves on by them, so the model keeps generating through a Wait as in AWS. Time to reply is then counted "
        "in AWS terms (benchmarks/clock.py): API Gateway, ReceiveWebhook and every Lambda invocation as measured "
        "in-process (warm; the model's time is inside the steps that follow a response), plus every Wait and "
        "back-off, plus a dispatch overhead that AWS does not publish and is assumed: "
        f"{clock.API_GATEWAY_SECONDS * 1000:.0f} ms for API Gateway, "
        f"{clock.EXECUTION_START_SECONDS * 1000:.0f} ms to start the execution, "
        f"{clock.TASK_DISPATCH_SECONDS * 1000:.0f} ms per Lambda invocation by a Task, "
        f"{clock.STATE_SECONDS * 1000:.0f} ms per other state; the tables show how much of each reply it is. "
        "Not modelled: Microsoft Graph behind RunTool (the ledger is the local .xlsx here) and Twilio's Messages "
        "API behind SendReply (the console channel), which add their own latency in AWS; and a 256 MB arm64 "
        "function's CPU share, smaller than this machine's core. Cold starts are priced for a third of the "
        "messages (benchmarks/cold_start.py says why) and listed per function.\n"
    )


def main() -> int:
    started = time.monotonic()
    claims.start()
    texts: dict[str, str] = {}
    for name, section in SECTIONS:
        began = time.monotonic()
        texts[name] = section()
        print(texts[name])
        print(f"({name}: {time.monotonic() - began:.0f} s)\n", file=sys.stderr)
    summary = targets_table([target for source in TARGETS for target in source()])
    print(summary)
    OUT.write_text("\n".join([header(), summary, *texts.values()]), encoding="utf-8")
    print(f"wrote {OUT} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
