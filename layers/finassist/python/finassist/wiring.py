"""The one place adapters are chosen: real services where settings name them, the embedded stack otherwise.

Each factory is cached per process so a warm Lambda reuses its clients (and their connection pools).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import boto3

from finassist import secrets
from finassist.errors import LedgerMisconfigured
from finassist.ports import Assistant, Channel, ConversationStore, Ledger, Transcriber, User, UserDirectory
from finassist.settings import Settings, current


@cache
def _dynamodb() -> Any:
    return boto3.resource("dynamodb")


@cache
def stepfunctions() -> Any:
    return boto3.client("stepfunctions")


def settings() -> Settings:
    return current()


@cache
def users() -> UserDirectory:
    from finassist.adapters.dynamo_users import DynamoUserDirectory

    return DynamoUserDirectory(_dynamodb().Table(settings().users_table))


@cache
def conversations() -> ConversationStore:
    from finassist.adapters.dynamo_conversations import DynamoConversationStore

    return DynamoConversationStore(_dynamodb().Table(settings().conversations_table))


@cache
def assistant() -> Assistant:
    config = settings()
    if config.assistant_engine == "openai":
        from finassist.adapters.openai_assistant import OpenAIAssistant, build_client

        return OpenAIAssistant(build_client(secrets.openai_api_key(config)), model=config.openai_model)
    from finassist.adapters.offline_assistant import OfflineAssistant

    return OfflineAssistant(config.data_dir)


@cache
def transcriber() -> Transcriber:
    config = settings()
    if config.assistant_engine == "openai":
        from finassist.adapters.openai_assistant import build_client
        from finassist.adapters.openai_transcriber import OpenAITranscriber

        return OpenAITranscriber(build_client(secrets.openai_api_key(config)), model=config.transcription_model)
    from finassist.adapters.offline_transcriber import OfflineTranscriber

    return OfflineTranscriber()


@cache
def channel() -> Channel:
    config = settings()
    if config.channel == "twilio":
        from finassist.adapters.twilio_channel import TwilioChannel

        creds = secrets.twilio_credentials(config)
        return TwilioChannel(creds.account_sid, creds.auth_token, config.twilio_whatsapp_from)
    from finassist.adapters.console_channel import ConsoleChannel

    return ConsoleChannel(config.data_dir)


def xlsx_ledger_path(data_dir: Path, sender_id: str) -> Path:
    """Where the embedded stack keeps a sender's workbook: one .xlsx per sender, named after the sender id."""
    return data_dir / "ledgers" / (re.sub(r"[^A-Za-z0-9_.+-]", "_", sender_id.removeprefix("whatsapp:")) + ".xlsx")


def ledger_for(user: User) -> Ledger:
    """The user's own workbook: a local .xlsx offline, their OneDrive workbook through Graph in AWS."""
    config = settings()
    if config.ledger == "xlsx":
        from finassist.adapters.xlsx_ledger import XlsxLedger

        name = user.workbook.get("file")
        return XlsxLedger(
            config.data_dir / "ledgers" / name if name else xlsx_ledger_path(config.data_dir, user.sender_id)
        )
    raise LedgerMisconfigured("the Microsoft Graph ledger is not configured in this deployment")


def reset() -> None:
    """Forget cached settings and adapters (the embedded stack calls this when it changes the environment)."""
    for factory in (current, _dynamodb, stepfunctions, users, conversations, assistant, transcriber, channel):
        factory.cache_clear()
