"""Bytes the functions would send to CloudWatch Logs per message, at the deployed log level.

Measured: what our code logs (the Powertools JSON logger at template.yaml's POWERTOOLS_LOG_LEVEL, INFO) and what
Powertools Metrics prints (one CloudWatch embedded-metric-format line per invocation that records a metric; the
embedded stack disables metrics, so the benchmark turns them on). Computed: the three lines Lambda itself writes per
invocation in the text log format (START, END, REPORT with its X-Ray line; `Init Duration` on a cold start), with
real-length ids. Every event also counts 26 bytes: the size CloudWatch Logs gives each event in PutLogEvents
(https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html); billing by the same
measure is the conservative reading. The state machine logs at ERROR without execution data (template.yaml), so a
message that succeeds adds nothing there; API Gateway has no access or execution logging configured.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from benchmarks.common import billed_ms

EVENT_OVERHEAD_BYTES = 26
REQUEST_ID = "8f5c2a4e-1b2c-4d3e-9f10-a1b2c3d4e5f6"
TRACE_ID = "1-67a1b2c3-0123456789abcdef01234567"
SEGMENT_ID = "0123456789abcdef"


@dataclass
class ByteCounter(io.TextIOBase):
    """A text stream that keeps only the number of UTF-8 bytes and lines written to it."""

    bytes: int = 0
    lines: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def write(self, text: str) -> int:
        with self._lock:
            self.bytes += len(text.encode("utf-8"))
            self.lines += text.count("\n")
        return len(text)

    def flush(self) -> None:
        return None


def platform_lines(duration_ms: float, memory_mb: int, init_ms: float | None = None) -> list[str]:
    """The START, END and REPORT lines Lambda writes for one invocation (text format, active tracing)."""
    init = f"Init Duration: {init_ms:.2f} ms\t" if init_ms is not None else ""
    billed = billed_ms(duration_ms / 1000)
    return [
        f"START RequestId: {REQUEST_ID} Version: $LATEST\n",
        f"END RequestId: {REQUEST_ID}\n",
        f"REPORT RequestId: {REQUEST_ID}\tDuration: {duration_ms:.2f} ms\tBilled Duration: {billed} ms\t"
        f"Memory Size: {memory_mb} MB\tMax Memory Used: 112 MB\t{init}\n"
        f"XRAY TraceId: {TRACE_ID}\tSegmentId: {SEGMENT_ID}\tSampled: true\t\n",
    ]


def platform_bytes(duration_ms: float, memory_mb: int, init_ms: float | None = None) -> int:
    """Bytes billed for Lambda's own lines of one invocation, each with its event overhead."""
    lines = platform_lines(duration_ms, memory_mb, init_ms)
    return sum(len(line.encode("utf-8")) + EVENT_OVERHEAD_BYTES for line in lines)


@contextlib.contextmanager
def captured_logs(level: str = "INFO") -> Iterator[ByteCounter]:
    """Count what the handlers log (Powertools Logger at `level`) and print (metrics) while the block runs.

    Events are counted by lines; each gets EVENT_OVERHEAD_BYTES on top of its bytes in `billed_bytes`.
    """
    from finassist.observability import logger

    counter = ByteCounter()
    handler = logger.registered_handler
    previous_level = logger.log_level
    previous_stream = handler.setStream(counter)  # type: ignore[attr-defined]
    logger.setLevel(level)
    try:
        with contextlib.redirect_stdout(counter):
            yield counter
    finally:
        logger.setLevel(previous_level)
        handler.setStream(previous_stream)  # type: ignore[attr-defined]


def billed_bytes(written: int, events: int) -> int:
    return written + events * EVENT_OVERHEAD_BYTES
