"""After `sam build`: every function with its layers must fit Lambda's 250 MB unzipped limit (with a margin)."""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT_MB = 250
MARGIN_MB = 25


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1024 / 1024


def main(build_dir: str = ".aws-sam/build") -> int:
    build = Path(build_dir)
    layers = sum(size_mb(layer) for layer in build.glob("*Layer"))
    worst = 0.0
    for function in sorted(build.glob("*Function")):
        total = size_mb(function) + layers
        worst = max(worst, total)
        print(f"{function.name}: {total:.0f} MB with its layers")
    print(f"largest: {worst:.0f} MB of {LIMIT_MB} MB")
    if worst > LIMIT_MB - MARGIN_MB:
        print(f"too large: keep at least {MARGIN_MB} MB of margin under Lambda's {LIMIT_MB} MB limit")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
