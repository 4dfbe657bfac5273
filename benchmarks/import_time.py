"""Import time of every handler in a fresh interpreter (`python -X importtime`): the share of a cold start our
code and its dependencies decide (the runtime's own start and the network are not in it)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.common import Figure, table

ROOT = Path(__file__).resolve().parents[1]
LAYER = ROOT / "layers" / "finassist" / "python"
TARGET_MS = 150.0
RUNS = 3


def _import_ms(step_dir: Path, tracing: bool = False) -> tuple[float, list[tuple[str, float]]]:
    """Cumulative import time of the handler module (ms) and its three heaviest top-level imports."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(step_dir), str(LAYER)]),
        "AWS_DEFAULT_REGION": "us-east-1",
        "POWERTOOLS_TRACE_DISABLED": "false" if tracing else "true",
    }
    env.pop("PYTHONSTARTUP", None)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import app"],
        capture_output=True,
        text=True,
        env=env,
        cwd=step_dir,
        check=False,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{step_dir.name} does not import: {last}")
    total = 0.0
    top: list[tuple[str, float]] = []
    for line in result.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        raw_name = parts[2].rstrip()
        name = raw_name.strip()
        cumulative = int(parts[1]) / 1000
        level = (len(raw_name) - len(raw_name.lstrip()) - 1) // 2  # two spaces per nesting level
        if name == "app" and level == 0:
            total = cumulative
        elif level == 1:
            top.append((name, cumulative))
    return total, sorted(top, key=lambda item: -item[1])[:3]


def run() -> str:
    figures: list[Figure] = []
    worst = 0.0
    for step_dir in sorted((ROOT / "lambdas").iterdir()):
        if not (step_dir / "app.py").is_file():
            continue
        try:
            samples = [_import_ms(step_dir) for _ in range(RUNS)]
        except RuntimeError as exc:
            worst = max(worst, float("inf"))
            figures.append(Figure(step_dir.name, "import failed", str(exc)[:120]))
            continue
        median = statistics.median(total for total, _ in samples)
        worst = max(worst, median)
        heaviest = ", ".join(f"{name} {value:.0f} ms" for name, value in samples[-1][1])
        flag = "" if median < TARGET_MS else " (over the 150 ms target)"
        figures.append(Figure(step_dir.name, f"{median:.0f} ms{flag}", f"heaviest: {heaviest}"))
    verdict = "every handler under" if worst < TARGET_MS else "NOT every handler under"
    traced = statistics.median(_import_ms(ROOT / "lambdas" / "parse_message", tracing=True)[0] for _ in range(RUNS))
    untraced = statistics.median(_import_ms(ROOT / "lambdas" / "parse_message")[0] for _ in range(RUNS))
    figures.append(
        Figure(
            "X-Ray tracing on (as deployed): parse_message",
            f"{traced:.0f} ms",
            f"+{traced - untraced:.0f} ms: the X-Ray SDK creates its boto3 clients at import; the rows above have "
            "tracing off, as on the embedded stack",
        )
    )
    figures.append(
        Figure(
            "slowest handler",
            f"{worst:.0f} ms" if worst != float("inf") else "n/a",
            f"{verdict} the 150 ms target; median of {RUNS}",
        )
    )
    return table("Handler import time (`python -X importtime`, fresh interpreter each)", figures)


if __name__ == "__main__":
    print(run())
