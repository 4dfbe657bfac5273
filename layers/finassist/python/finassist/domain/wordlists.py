"""Word lists read from the package's data files: language is reviewed as data, not hidden in code.

Each file in finassist/data holds named lists of folded words (lower case, no accents) and an `_about`
that says what they are for. Files are read once per process.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data"
"""finassist/data beside the code (a plain path: importlib.resources cost every cold start ~10 ms of imports)."""


@cache
def data_file(file: str) -> dict[str, Any]:
    """A data file of finassist/data, parsed once per process."""
    data: dict[str, Any] = json.loads((DATA / file).read_text(encoding="utf-8"))
    return data


@cache
def words(file: str, name: str) -> frozenset[str]:
    """The list `name` of data file `file` as a set; a missing list is an error, not an empty set."""
    return frozenset(data_file(file)[name])


def mapping(file: str, name: str) -> dict[str, Any]:
    """The table `name` of data file `file` (a word and what it stands for)."""
    return dict(data_file(file)[name])
