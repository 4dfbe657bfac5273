"""Every setting FinAssist reads, and where it comes from: the Lambda environment set by template.yaml.

Secrets are never settings: only where they live is (the stack's SSM parameter prefix); their values are fetched
at run time (see finassist.credentials) so they never appear in the environment, the repo or a state machine
payload.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Literal

from finassist.domain.turns import TurnRules

AssistantEngine = Literal["openai", "offline"]
ChannelKind = Literal["twilio", "console"]
LedgerKind = Literal["graph", "xlsx"]


@dataclass(frozen=True)
class Settings:
    """The whole configuration of one process, read once."""

    assistant_engine: AssistantEngine = "offline"
    channel: ChannelKind = "console"
    ledger: LedgerKind = "xlsx"
    users_table: str = "Users"
    conversations_table: str = "Conversations"
    idempotency_table: str = "Idempotency"
    flow_state_table: str = "FlowState"
    budgets_table: str = "Budgets"
    recurring_table: str = "Recurring"
    notices_table: str = "PendingNotices"
    media_bucket: str = ""
    state_machine_arn: str = ""
    webhook_public_url: str = ""
    poll_seconds: int = 1
    max_assistant_seconds: int = 150
    max_tool_rounds: int = 4
    assistant_follow_seconds: float = 20.0
    turn_lease_seconds: float = 300.0
    turn_start_grace_seconds: float = 120.0
    turn_wait_seconds: float = 10.0
    openai_timeout_seconds: float = 20.0
    openai_max_retries: int = 1
    openai_max_output_tokens: int = 1500
    offline_first: bool = True
    """With a model, the offline engine still answers the messages it is sure of (no model call)."""
    offline_store: Literal["files", "dynamodb"] = "files"
    """Where the offline engine keeps its conversations: files on a laptop, DynamoDB in Lambda (/tmp is not shared)."""
    max_voice_note_bytes: int = 25 * 1024 * 1024
    max_webhook_body_bytes: int = 64 * 1024
    openai_model: str = "gpt-5-mini"
    transcription_model: str = "gpt-4o-mini-transcribe"
    openai_api_key_env: str = ""
    parameter_prefix: str = "/finassist/local"
    twilio_whatsapp_from: str = "whatsapp:+14155238886"
    recurring_notice_template: str = ""
    """ContentSid (HX...) of the approved recurring-notice template; empty: the notice waits for the next reply."""
    graph_client_id: str = ""
    graph_tenant: str = "consumers"
    graph_mode: Literal["rest", "file"] = "file"
    data_dir: Path = Path(".local")
    frozen_now: datetime | None = None
    timezone: str = "America/Sao_Paulo"

    @property
    def turn_rules(self) -> TurnRules:
        return TurnRules(self.turn_lease_seconds, self.turn_start_grace_seconds)

    @property
    def twilio_parameter(self) -> str:
        """SecureString {"account_sid", "auth_token"}, written by `finassist credentials set`."""
        return f"{self.parameter_prefix}/twilio"

    @property
    def openai_parameter(self) -> str:
        """SecureString {"api_key"}, written by `finassist credentials set`."""
        return f"{self.parameter_prefix}/openai"

    @property
    def graph_token_cache_parameter(self) -> str:
        """SecureString with MSAL's token cache, written by `finassist auth` and refreshed by the functions."""
        return f"{self.parameter_prefix}/graph-token-cache"

    @property
    def state_settings(self) -> dict[str, int]:
        """The slice of settings the state machine reads (poll interval and budgets)."""
        return {
            "poll_seconds": self.poll_seconds,
            "max_assistant_seconds": self.max_assistant_seconds,
            "max_tool_rounds": self.max_tool_rounds,
        }


def _choice(value: str | None, allowed: tuple[str, ...], default: str) -> str:
    if not value:
        return default
    if value not in allowed:
        raise ValueError(f"setting must be one of {allowed}, got {value!r}")
    return value


def from_environ(env: Mapping[str, str]) -> Settings:
    """Build Settings from an environment mapping (os.environ in Lambda, a dict in tests)."""
    get = env.get
    has_openai = bool(get("OPENAI_API_KEY"))
    frozen = get("FINASSIST_NOW")
    return Settings(
        assistant_engine=_choice(get("ASSISTANT_ENGINE"), ("openai", "offline"), "openai" if has_openai else "offline"),  # type: ignore[arg-type]
        channel=_choice(get("CHANNEL"), ("twilio", "console"), "console"),  # type: ignore[arg-type]
        ledger=_choice(get("LEDGER"), ("graph", "xlsx"), "xlsx"),  # type: ignore[arg-type]
        users_table=get("USERS_TABLE", "Users"),
        conversations_table=get("CONVERSATIONS_TABLE", "Conversations"),
        idempotency_table=get("IDEMPOTENCY_TABLE", "Idempotency"),
        flow_state_table=get("FLOW_STATE_TABLE", Settings.flow_state_table),
        budgets_table=get("BUDGETS_TABLE", "Budgets"),
        recurring_table=get("RECURRING_TABLE", "Recurring"),
        notices_table=get("NOTICES_TABLE", "PendingNotices"),
        media_bucket=get("MEDIA_BUCKET", ""),
        state_machine_arn=get("STATE_MACHINE_ARN", ""),
        webhook_public_url=get("WEBHOOK_PUBLIC_URL", Settings.webhook_public_url),
        poll_seconds=int(get("POLL_SECONDS", "1")),
        max_assistant_seconds=int(get("MAX_ASSISTANT_SECONDS", str(Settings.max_assistant_seconds))),
        max_tool_rounds=int(get("MAX_TOOL_ROUNDS", "4")),
        assistant_follow_seconds=float(get("ASSISTANT_FOLLOW_SECONDS", str(Settings.assistant_follow_seconds))),
        turn_lease_seconds=float(get("TURN_LEASE_SECONDS", str(Settings.turn_lease_seconds))),
        turn_start_grace_seconds=float(get("TURN_START_GRACE_SECONDS", str(Settings.turn_start_grace_seconds))),
        turn_wait_seconds=float(get("TURN_WAIT_SECONDS", str(Settings.turn_wait_seconds))),
        openai_max_output_tokens=int(get("OPENAI_MAX_OUTPUT_TOKENS", str(Settings.openai_max_output_tokens))),
        offline_first=get("OFFLINE_FIRST", "true").strip().lower() not in ("false", "0", "no", "off"),
        offline_store=_choice(get("OFFLINE_STORE"), ("files", "dynamodb"), "files"),  # type: ignore[arg-type]
        max_voice_note_bytes=int(get("MAX_VOICE_NOTE_BYTES", str(25 * 1024 * 1024))),
        max_webhook_body_bytes=int(get("MAX_WEBHOOK_BODY_BYTES", str(64 * 1024))),
        openai_model=get("OPENAI_MODEL", "gpt-5-mini"),
        transcription_model=get("TRANSCRIPTION_MODEL", "gpt-4o-mini-transcribe"),
        openai_api_key_env="OPENAI_API_KEY" if get("OPENAI_API_KEY") else "",
        parameter_prefix=get("PARAMETER_PREFIX", Settings.parameter_prefix),
        twilio_whatsapp_from=get("TWILIO_WHATSAPP_FROM", Settings.twilio_whatsapp_from),
        recurring_notice_template=get("RECURRING_NOTICE_TEMPLATE_SID", ""),
        graph_client_id=get("GRAPH_CLIENT_ID", ""),
        graph_tenant=get("GRAPH_TENANT", "consumers"),
        graph_mode=_choice(get("GRAPH_MODE"), ("rest", "file"), "file"),  # type: ignore[arg-type]
        data_dir=Path(get("FINASSIST_DATA_DIR", ".local")),
        frozen_now=datetime.fromisoformat(frozen) if frozen else None,
    )


@cache
def current() -> Settings:
    """This process's settings; cached because the environment does not change under a running Lambda."""
    return from_environ(os.environ)
