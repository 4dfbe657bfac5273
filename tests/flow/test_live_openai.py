"""The eval against the real OpenAI API: runs only with OPENAI_API_KEY, and says so when skipped."""

from __future__ import annotations

import os

import pytest

from finassist import eval as corpus_eval
from tests.conftest import CORPUS_DIR

CORPUS = CORPUS_DIR / "messages-ptbr.jsonl"


@pytest.mark.live
@pytest.mark.enable_socket  # the only test that may reach the internet: the real OpenAI API
@pytest.mark.skipif(not os.environ.get("OPENAI_API_KEY"), reason="OPENAI_API_KEY is not set: no live OpenAI eval")
def test_the_openai_engine_passes_the_message_corpus() -> None:
    assert corpus_eval.main([str(CORPUS), "--engine", "openai"]) == 0
