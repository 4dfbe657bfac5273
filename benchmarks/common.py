"""Timing helpers shared by the benchmarks: percentiles over repeated runs, printed as a Markdown table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
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
