"""`finassist`: the operator's and developer's command line. Each subcommand lives in its own module
(finassist/commands/<name>.py) exposing `register(subparsers)`; this file only gathers them."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from finassist import commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="finassist", description="FinAssist operations and development tools.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
