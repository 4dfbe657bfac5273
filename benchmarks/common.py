"""Timing helpers shared by the benchmarks: percentiles over repeated runs, printed as a Markdown table."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: str
    note: str = ""


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of each of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def summary(samples: list[float]) -> str:
    return f"p50 {ms(statistics.median(samples))}, p99 {ms(percentile(samples, 0.99))}"


def table(title: str, figures: list[Figure]) -> str:
    rows = "\n".join(f"| {f.name} | {f.value} | {f.note} |" for f in figures)
    return f"## {title}\n\n| measure | value | note |\n|---|---|---|\n{rows}\n"


@dataclass(frozen=True)
class Target:
    """One of issue 17's targets beside the figure that meets or misses it."""

    what: str
    goal: str
    figure: str
    met: bool

    @property
    def verdict(self) -> str:
        return "met" if self.met else "**MISSED**"


def grid(title: str, headers: list[str], rows: list[list[str]], intro: str = "") -> str:
    """A Markdown section with a table of any columns (and an optional paragraph before it)."""
    head = "| " + " | ".join(headers) + " |\n|" + "---|" * len(headers) + "\n"
    body = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    lead = f"{intro}\n\n" if intro else ""
    return f"## {title}\n\n{lead}{head}{body}\n"


def targets_table(targets: list[Target]) -> str:
    rows = [[t.what, t.goal, t.figure, t.verdict] for t in targets]
    return grid("Targets (issue 17) beside the figures", ["target", "goal", "measured", "verdict"], rows)


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def billed_ms(seconds: float) -> int:
    """Lambda bills duration rounded up to the millisecond (rounded to 1 ns first, so 12.000000001 ms is 12)."""
    return math.ceil(round(seconds * 1000, 6))


def billed_gb_seconds(invocations: Iterable[tuple[float, int]]) -> float:
    """GB-s Lambda bills for invocations of (seconds, MemorySize in MB)."""
    return sum(billed_ms(seconds) / 1000 * memory_mb / 1024 for seconds, memory_mb in invocations)
