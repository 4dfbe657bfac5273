"""The one place adapters are chosen: real services where settings name them, the embedded stack otherwise.

Each factory is cached per process so a warm Lambda reuses its clients (and their connection pools).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from finassist.errors import LedgerMisconfigured
from finassist.ports import (
    Assistant,
    BudgetStore,
    Channel,
    ChartMaker,
    ConversationStore,
    EffectsJournal,
    EntryLog,
    FileMaker,
    Ledger,
    MediaStore,
    NoticeStore,
    RecurringStore,
    Transcriber,
    TurnStore,
    User,
    UserDirectory,
)
from finassist.settings import Settings, current

if TYPE_CHECKING:
    from finassist.adapters.offline_assistant import OfflineAssistant
    from finassist.final_answer import Outbound
    from finassist.idempotency import Once


AWS_CONNECT_SECONDS = 2
AWS_READ_SECONDS = 5
AWS_ATTEMPTS = 3
"""Every AWS call of ours is bounded: (2 + 5) s times 3 attempts stays inside the shortest Lambda timeout that
makes one (docs/decisions.md, "Timeouts nest"); botocore's defaults are 60 s each."""


@cache
def aws_config() -> Any:
    from botocore.config import Config

    return Config(
        connect_timeout=AWS_CONNECT_SECONDS,
        read_timeout=AWS_READ_SECONDS,
        retries={"max_attempts": AWS_ATTEMPTS, "mode": "standard"},
    )


@cache
def _dynamodb() -> Any:
    import boto3  # imported where used: steps that touch no AWS service skip its cold-start cost

    return boto3.resource("dynamodb", config=aws_config())


@cache
def stepfunctions() -> Any:
    import boto3

    return boto3.client("stepfunctions", config=aws_config())


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
def turns() -> TurnStore:
    from finassist.adapters.dynamo_flow_state import DynamoTurnStore

    return DynamoTurnStore(_dynamodb().Table(settings().flow_state_table))


@cache
def effects() -> EffectsJournal:
    from finassist.adapters.dynamo_flow_state import DynamoEffectsJournal

    return DynamoEffectsJournal(_dynamodb().Table(settings().flow_state_table))


@cache
def entry_log() -> EntryLog:
    from finassist.adapters.dynamo_flow_state import DynamoEntryLog

    return DynamoEntryLog(_dynamodb().Table(settings().flow_state_table))


@cache
def budgets() -> BudgetStore:
    from finassist.adapters.dynamo_budgets import DynamoBudgetStore

    return DynamoBudgetStore(_dynamodb().Table(settings().budgets_table))


@cache
def recurring() -> RecurringStore:
    from finassist.adapters.dynamo_recurring import DynamoRecurringStore

    return DynamoRecurringStore(_dynamodb().Table(settings().recurring_table))


@cache
def notices() -> NoticeStore:
    from finassist.adapters.dynamo_notices import DynamoNoticeStore

    return DynamoNoticeStore(_dynamodb().Table(settings().notices_table))


@cache
def media() -> MediaStore:
    """S3 behind presigned URLs where a bucket is configured; a local folder on the embedded stack."""
    config = settings()
    if config.media_bucket:
        import boto3

        from finassist.adapters.media_stores import S3MediaStore

        return S3MediaStore(boto3.client("s3", config=aws_config()), config.media_bucket)
    from finassist.adapters.media_stores import LocalMediaStore

    return LocalMediaStore(config.data_dir)


def charts() -> ChartMaker:
    """The month's bar chart (Pillow loads with the first chart, not here)."""
    from finassist.adapters.charts import PillowCharts

    return PillowCharts()


def files() -> FileMaker:
    """The export's .xlsx (openpyxl loads with the first export, not here)."""
    from finassist.adapters.xlsx_export import XlsxExporter

    return XlsxExporter()


@cache
def assistant() -> Assistant:
    config = settings()
    if config.assistant_engine == "openai":
        from finassist import credentials
        from finassist.adapters.openai_assistant import OpenAIAssistant, build_client
        from finassist.tools.schemas import TOOL_SCHEMAS

        client = build_client(
            credentials.openai_api_key(config),
            max_retries=config.openai_max_retries,
            timeout_seconds=config.openai_timeout_seconds,
        )
        model = OpenAIAssistant(
            client, model=config.openai_model, tools=TOOL_SCHEMAS, max_output_tokens=config.openai_max_output_tokens
        )
        if not config.offline_first:
            return model
        from finassist.adapters.offline_first import OfflineFirstAssistant

        return OfflineFirstAssistant(model, _offline_engine(config))
    return _offline_engine(config)


def _offline_engine(config: Settings) -> OfflineAssistant:
    from finassist.adapters.offline_assistant import OfflineAssistant

    if config.offline_store == "files":
        return OfflineAssistant(config.data_dir)
    from finassist.adapters.dynamo_documents import DynamoDocuments

    table = _dynamodb().Table(config.flow_state_table)
    return OfflineAssistant(
        config.data_dir,
        conversations=DynamoDocuments(table, "conversation"),
        responses=DynamoDocuments(table, "response", ttl_days=2),
    )


@cache
def transcriber() -> Transcriber:
    config = settings()
    if config.assistant_engine == "openai":
        from finassist import credentials
        from finassist.adapters.openai_assistant import build_client
        from finassist.adapters.openai_transcriber import OpenAITranscriber

        return OpenAITranscriber(build_client(credentials.openai_api_key(config)), model=config.transcription_model)
    from finassist.adapters.offline_transcriber import OfflineTranscriber

    return OfflineTranscriber()


@cache
def channel() -> Channel:
    config = settings()
    if config.channel == "twilio":
        from finassist import credentials
        from finassist.adapters.twilio_channel import TwilioChannel

        creds = credentials.twilio_credentials(config)
        return TwilioChannel(creds.account_sid, creds.auth_token, config.twilio_whatsapp_from)
    from finassist import clock
    from finassist.adapters.console_channel import ConsoleChannel
    from finassist.domain.notices import RECURRING_TEMPLATE_BODY

    # Offline, the templates this deployment names are the approved ones (their bodies are ours, docs/deploy.md).
    templates = {config.recurring_notice_template: RECURRING_TEMPLATE_BODY} if config.recurring_notice_template else {}
    return ConsoleChannel(config.data_dir, now=lambda: clock.now(config), templates=templates)


_once: dict[str, Once] = {}
_idempotency_configs: list[Any] = []


def once(key_prefix: str, key_path: str, work: Callable[[dict[str, Any]], dict[str, Any]]) -> Once:
    """`work` made idempotent per key in the idempotency table (built once per process and prefix)."""
    if key_prefix not in _once:
        from finassist.idempotency import once as make_once

        run, config = make_once(
            work,
            table_name=settings().idempotency_table,
            key_path=key_path,
            key_prefix=key_prefix,
            boto_config=aws_config(),
        )
        _once[key_prefix] = run
        _idempotency_configs.append(config)
    return _once[key_prefix]


def send_once() -> Once:
    """The channel's send, recorded so that a retried step never sends the same message twice."""
    from finassist.idempotency import sender_for

    return once("send", "key", sender_for(channel()))


def outbound(to: str, message_sid: str, send: Once) -> Outbound:
    """How this message's answer goes out: once per key, into its effects journal, with the waiting notices."""
    from finassist import clock
    from finassist.final_answer import Outbound

    return Outbound(send, effects(), notices(), clock.today(settings()), to, message_sid)


def keep_turn(user_key: str, message_sid: str) -> None:
    """Renew the person's turn at the start of each step of it, so a slow turn is never taken for a dead one."""
    import time

    from finassist import sender_turns

    sender_turns.keep(turns(), user_key, message_sid, settings().turn_rules, time.time())


def register_lambda_context(context: Any) -> None:
    """Bound in-progress idempotency records to this invocation's remaining time (Powertools needs the context)."""
    for config in _idempotency_configs:
        config.register_lambda_context(context)


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
    return _graph_ledger(user, config)


@cache
def _ssm() -> Any:
    import boto3

    return boto3.client("ssm", config=aws_config())


@cache
def _graph_http() -> Any:
    import requests

    return requests.Session()


@cache
def graph_tokens(parameter_name: str) -> Any:
    """One token provider per token-cache parameter, kept warm so MSAL's in-memory token is reused. The app
    registration is a public client (device-code sign-in), so there is no client secret to fetch."""
    from finassist.adapters.graph_auth import GraphTokenProvider, SsmTokenCache, authority_for

    config = settings()
    return GraphTokenProvider(
        config.graph_client_id, None, authority_for(config.graph_tenant), SsmTokenCache(parameter_name, _ssm())
    )


def _graph_ledger(user: User, config: Settings) -> Ledger:
    """The user's workbook on OneDrive: each user signs in with their own account, so their own token cache."""
    from finassist.adapters.graph_ledger import graph_ledger
    from finassist.domain.expense import TABLE_NAME

    if not config.graph_client_id:
        raise LedgerMisconfigured("GRAPH_CLIENT_ID is not set in this deployment")
    item_id = user.workbook.get("item_id", "")
    if not item_id:
        raise LedgerMisconfigured(f"user {user.sender_id[-4:]} has no workbook item_id (finassist users add)")
    wanted = user.workbook.get("mode") or config.graph_mode
    modes: dict[str, Literal["rest", "file"]] = {"rest": "rest", "file": "file"}
    if wanted not in modes:
        raise LedgerMisconfigured(f"workbook mode {wanted!r} must be 'rest' or 'file'")
    mode = modes[wanted]
    tokens = graph_tokens(user.workbook.get("token_parameter") or config.graph_token_cache_parameter)
    return graph_ledger(
        tokens, item_id, table=user.workbook.get("table") or TABLE_NAME, mode=mode, session=_graph_http()
    )


def reset() -> None:
    """Forget cached settings and adapters (the embedded stack calls this when it changes the environment)."""
    for factory in (
        current,
        _dynamodb,
        stepfunctions,
        users,
        conversations,
        assistant,
        transcriber,
        channel,
        _ssm,
        aws_config,
        _graph_http,
        graph_tokens,
        budgets,
        recurring,
        notices,
        media,
        turns,
        effects,
        entry_log,
    ):
        factory.cache_clear()
    _idempotency_configs.clear()
    _once.clear()
