"""Shared fixtures: the embedded stack with one known user, its clock frozen on Tuesday 2026-11-24."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from finassist.local.stack import EmbeddedStack

ANA = "whatsapp:+5511987654321"
NOW = "2026-11-24T10:00:00-03:00"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_CSV = SHARED / "corpus" / "ledger-seed.csv"


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[EmbeddedStack]:
    with EmbeddedStack(tmp_path / "data", env={"FINASSIST_NOW": NOW}) as running:
        running.add_user(ANA, "Ana")
        yield running
