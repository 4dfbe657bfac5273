"""Word lists read from the package's data files: language is reviewed as data, not hidden in code.

Each file in finassist/data holds named lists of folded words (lower case, no accents) and an `_about`
that says what they are for. Files are read once per process.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _data(file: str) -> dict[str, Any]:
    raw = resources.files("finassist").joinpath(f"data/{file}").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


@cache
def words(file: str, name: str) -> frozenset[str]:
    """The list `name` of data file `file` as a set; a missing list is an error, not an empty set."""
    return frozenset(_data(file)[name])


def mapping(file: str, name: str) -> dict[str, Any]:
    """The table `name` of data file `file` (a word and what it stands for)."""
    return dict(_data(file)[name])
