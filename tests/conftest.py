"""Shared fixtures: the embedded stack with one known user, its clock frozen on Tuesday 2026-11-24."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from finassist.local.stack import EmbeddedStack
from tests.fakes.openai_server import FakeOpenAI, fake_openai_server

ONE_TOOL_PATH = [
    "ParseMessage",
    "IsVoiceNote",
    "WaitForSenderTurn",
    "ResolveConversation",
    "StartAssistantRun",
    "RunStatus",
    "RunToolCalls",
    "RunTool",
    "SubmitToolOutputs",
    "RunStatus",
    "SendReply",
]
"""A one-tool message whose responses settle while the steps that started them follow them: 11 transitions."""

ANA = "whatsapp:+5511987654321"
NOW = "2026-11-24T10:00:00-03:00"
CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
SEED_CSV = CORPUS_DIR / "ledger-seed.csv"
FAKE_OPENAI_KEY = "test-key-not-real"


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[EmbeddedStack]:
    with EmbeddedStack(tmp_path / "data", env={"FINASSIST_NOW": NOW}) as running:
        running.add_user(ANA, "Ana")
        yield running


@contextmanager
def openai_stack(data_dir: Path, **env: str) -> Iterator[tuple[EmbeddedStack, FakeOpenAI]]:
    """The embedded stack with the real OpenAI adapter talking HTTP to a fake OpenAI API on loopback."""
    with fake_openai_server() as openai_api:
        settings = {
            "FINASSIST_NOW": NOW,
            "ASSISTANT_ENGINE": "openai",
            "OPENAI_API_KEY": FAKE_OPENAI_KEY,
            "OPENAI_BASE_URL": openai_api.base_url,
            # These tests are about the model's path: each plans the model's turns. Offline-first has its own.
            "OFFLINE_FIRST": "false",
            **env,
        }
        with EmbeddedStack(data_dir, env=settings) as running:
            running.add_user(ANA, "Ana")
            yield running, openai_api


@pytest.fixture
def flow_state_table() -> Iterator[Any]:
    """The FlowState table alone, in moto, each DynamoDB request applied atomically as DynamoDB does."""
    import boto3
    from moto import mock_aws

    from finassist.local.moto_dynamodb import atomic_dynamodb

    with mock_aws(), atomic_dynamodb():
        yield boto3.resource("dynamodb", region_name="us-east-1").create_table(
            TableName="FlowState",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
