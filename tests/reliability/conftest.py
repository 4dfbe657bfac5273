"""Fixtures for the reliability suite: one embedded stack per module with every external API faked at HTTP level.

A module shares one stack (starting one costs ~2 s); every test takes a fresh sender and a unique MessageSid,
so replies, conversations and ledger rows of one test never mix with another's, and `world` clears every
planned fault and model turn before and after each test.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from tests.reliability.world import SECRETS, World, external_world


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    patch = pytest.MonkeyPatch()
    patch.setenv("FINASSIST_LOG_LEVEL", "DEBUG")  # the stack maps it to POWERTOOLS_LOG_LEVEL
    from finassist.observability import logger

    previous = logger.log_level
    logger.setLevel("DEBUG")  # the Logger was built when the first handler was imported, maybe at another level
    try:
        with external_world(tmp_path_factory.mktemp("reliability") / "data") as running:
            yield running
    finally:
        logger.setLevel(previous)
        patch.undo()


# Our loggers and those of the SDKs that hold our secrets. botocore's DEBUG output is left out: it prints every
# AWS response body, Parameter Store's decrypted values included, and is off in Lambda unless turned on by hand.
CAPTURED_LOGGERS = ("finassist", "openai", "httpx2", "httpcore", "twilio", "msal", "urllib3", "requests")


@pytest.fixture
def world(shared_world: World, caplog: pytest.LogCaptureFixture) -> Iterator[World]:
    for name in CAPTURED_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    shared_world.reset()
    yield shared_world
    shared_world.reset()


def leaked_secrets(*texts: str) -> list[str]:
    """Which of the test secrets (Twilio auth token, OpenAI key, Graph client secret) appear in any text."""
    return [secret for secret in SECRETS if any(secret in text for text in texts)]


def history_text(world: World, execution_arn: str) -> str:
    return json.dumps(world.stack.history(execution_arn), default=str, ensure_ascii=False)
