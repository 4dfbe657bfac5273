"""Import time of every handler in a fresh interpreter (`python -X importtime`), with tracing on (as deployed:
Lambda's environment, POWERTOOLS_TRACE_DISABLED unset) and off (as on the embedded stack): the share of a cold
start our code and its dependencies decide (the runtime's own start and the network are not in it).

Handlers load boto3, Powertools Idempotency, the OpenAI SDK and pydantic on the first call that needs them, not at
import; benchmarks/cold_start.py measures what that first call then pays, so the deferral is not mistaken for a saving.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from functools import cache
from pathlib import Path

from benchmarks.common import Figure, Target, table

ROOT = Path(__file__).resolve().parents[1]
LAYER = ROOT / "layers" / "finassist" / "python"
TARGET_MS = 150.0
RUNS = 5


def _environment(step_dir: Path, tracing: bool) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(step_dir), str(LAYER)]),
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_LAMBDA_FUNCTION_NAME": step_dir.name,  # Powertools treats tracing as on only inside Lambda
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.11",
    }
    env.pop("PYTHONSTARTUP", None)
    if tracing:
        env.pop("POWERTOOLS_TRACE_DISABLED", None)
    else:
        env["POWERTOOLS_TRACE_DISABLED"] = "true"
    return env


def run_python(step_dir: Path, tracing: bool, args: list[str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=_environment(step_dir, tracing),
        cwd=step_dir,
        check=False,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{step_dir.name}: {last}")
    return result.stdout + result.stderr


def _import_ms(step_dir: Path, tracing: bool) -> tuple[float, float, list[tuple[str, float]]]:
    """Import of the handler module: wall-clock ms, CPU ms, and its three heaviest top-level imports (wall ms).

    The machine is shared by several engineers; CPU time is what the import costs on a core of its own."""
    code = "import sys, time\ncpu = time.process_time()\nimport app\nprint((time.process_time() - cpu) * 1000)"
    output = run_python(step_dir, tracing, ["-X", "importtime", "-c", code])
    wall = 0.0
    top: list[tuple[str, float]] = []
    cpu = float(next(line for line in reversed(output.splitlines()) if not line.startswith("import time:")))
    for line in output.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        raw_name = parts[2].rstrip()
        name = raw_name.strip()
        cumulative = int(parts[1]) / 1000
        level = (len(raw_name) - len(raw_name.lstrip()) - 1) // 2  # two spaces per nesting level
        if name == "app" and level == 0:
            wall = cumulative
        elif level == 1:
            top.append((name, cumulative))
    return wall, cpu, sorted(top, key=lambda item: -item[1])[:3]


def _median(step_dir: Path, tracing: bool) -> tuple[float, float, list[tuple[str, float]]]:
    samples = [_import_ms(step_dir, tracing) for _ in range(RUNS)]
    wall = statistics.median(sample[0] for sample in samples)
    return wall, statistics.median(sample[1] for sample in samples), samples[-1][2]


Row = tuple[str, tuple[float, float], tuple[float, float], list[tuple[str, float]]]


@cache
def measure() -> list[Row]:
    """Per handler: (wall, CPU) ms with tracing on, (wall, CPU) ms with tracing off, heaviest imports (on)."""
    rows: list[Row] = []
    for step_dir in sorted((ROOT / "lambdas").iterdir()):
        if (step_dir / "app.py").is_file():
            on_wall, on_cpu, heaviest = _median(step_dir, tracing=True)
            off_wall, off_cpu, _ = _median(step_dir, tracing=False)
            rows.append((step_dir.name, (on_wall, on_cpu), (off_wall, off_cpu), heaviest))
    return rows


def run() -> str:
    figures: list[Figure] = []
    try:
        rows = measure()
    except RuntimeError as exc:
        return table("Handler import time", [Figure("import failed", "n/a", str(exc)[:160])])
    for name, (on_wall, on_cpu), (off_wall, off_cpu), heaviest in rows:
        flag = "" if on_cpu <= TARGET_MS else " (over the 150 ms target)"
        top = ", ".join(f"{module} {value:.0f} ms" for module, value in heaviest)
        figures.append(
            Figure(
                name,
                f"{on_cpu:.0f} ms CPU, {on_wall:.0f} ms wall{flag}",
                f"tracing off: {off_cpu:.0f} ms CPU, {off_wall:.0f} ms wall; heaviest: {top}",
            )
        )
    worst = max(on[1] for _, on, _, _ in rows)
    verdict = "every handler within" if worst <= TARGET_MS else "NOT every handler within"
    figures.append(
        Figure("slowest handler, tracing on", f"{worst:.0f} ms CPU", f"{verdict} the 150 ms target; median of {RUNS}")
    )
    return table(
        "Handler import time (fresh interpreter each, `python -X importtime`; tracing on as deployed, and off)",
        figures,
    )


def targets() -> list[Target]:
    try:
        rows = measure()
    except RuntimeError as exc:
        return [Target("every handler import, as deployed", f"<= {TARGET_MS:.0f} ms", f"failed: {exc}", False)]
    name, on, _, _ = max(rows, key=lambda row: row[1][1])
    return [
        Target(
            "every handler import, as deployed (tracing on)",
            f"<= {TARGET_MS:.0f} ms",
            f"slowest {name} {on[1]:.0f} ms CPU",
            on[1] <= TARGET_MS,
        )
    ]


if __name__ == "__main__":
    print(run())
