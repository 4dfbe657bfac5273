"""Every setting FinAssist reads, and where it comes from: the Lambda environment set by template.yaml.

Each setting is written once, as a field of `Settings` with its default and, when the environment may set it, the
name of its variable (`field(default=..., metadata=env("NAME"))`); `from_environ` reads every such field and
converts the text by the field's type (a Literal's choices are checked), so no second list of names or defaults
can drift from the first.

Secrets are never settings: only where they live is (the stack's SSM parameter prefix); their values are fetched
at run time (see finassist.credentials) so they never appear in the environment, the repo or a state machine
payload.
"""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from finassist.domain.turns import TurnRules

ENV = "env"
"""The key of a field's metadata that names its environment variable."""
FALSE_WORDS = ("false", "0", "no", "off")


def env(name: str) -> dict[str, str]:
    """A field's metadata saying the environment variable `name` may set it."""
    return {ENV: name}


AssistantEngine = Literal["openai", "offline"]
ChannelKind = Literal["twilio", "console"]
LedgerKind = Literal["graph", "xlsx"]


@dataclass(frozen=True)
class Settings:
    """The whole configuration of one process, read once."""

    assistant_engine: AssistantEngine = field(default="offline", metadata=env("ASSISTANT_ENGINE"))
    channel: ChannelKind = field(default="console", metadata=env("CHANNEL"))
    ledger: LedgerKind = field(default="xlsx", metadata=env("LEDGER"))
    users_table: str = field(default="Users", metadata=env("USERS_TABLE"))
    conversations_table: str = field(default="Conversations", metadata=env("CONVERSATIONS_TABLE"))
    idempotency_table: str = field(default="Idempotency", metadata=env("IDEMPOTENCY_TABLE"))
    flow_state_table: str = field(default="FlowState", metadata=env("FLOW_STATE_TABLE"))
    budgets_table: str = field(default="Budgets", metadata=env("BUDGETS_TABLE"))
    recurring_table: str = field(default="Recurring", metadata=env("RECURRING_TABLE"))
    notices_table: str = field(default="PendingNotices", metadata=env("NOTICES_TABLE"))
    media_bucket: str = field(default="", metadata=env("MEDIA_BUCKET"))
    state_machine_arn: str = field(default="", metadata=env("STATE_MACHINE_ARN"))
    webhook_public_url: str = field(default="", metadata=env("WEBHOOK_PUBLIC_URL"))
    poll_seconds: int = field(default=1, metadata=env("POLL_SECONDS"))
    max_assistant_seconds: int = field(default=150, metadata=env("MAX_ASSISTANT_SECONDS"))
    max_tool_rounds: int = field(default=4, metadata=env("MAX_TOOL_ROUNDS"))
    assistant_follow_seconds: float = field(default=20.0, metadata=env("ASSISTANT_FOLLOW_SECONDS"))
    turn_lease_seconds: float = field(default=300.0, metadata=env("TURN_LEASE_SECONDS"))
    turn_start_grace_seconds: float = field(default=120.0, metadata=env("TURN_START_GRACE_SECONDS"))
    turn_renew_after_seconds: float = field(default=30.0, metadata=env("TURN_RENEW_AFTER_SECONDS"))
    turn_wait_seconds: float = field(default=10.0, metadata=env("TURN_WAIT_SECONDS"))
    openai_timeout_seconds: float = 20.0
    openai_max_retries: int = 1
    openai_max_output_tokens: int = field(default=1500, metadata=env("OPENAI_MAX_OUTPUT_TOKENS"))
    offline_first: bool = field(default=True, metadata=env("OFFLINE_FIRST"))
    """With a model, the offline engine still answers the messages it is sure of (no model call)."""
    offline_store: Literal["files", "dynamodb"] = field(default="files", metadata=env("OFFLINE_STORE"))
    """Where the offline engine keeps its conversations: files on a laptop, DynamoDB in Lambda (/tmp is not shared)."""
    max_voice_note_bytes: int = field(default=25 * 1024 * 1024, metadata=env("MAX_VOICE_NOTE_BYTES"))
    max_webhook_body_bytes: int = field(default=64 * 1024, metadata=env("MAX_WEBHOOK_BODY_BYTES"))
    openai_model: str = field(default="gpt-5-mini", metadata=env("OPENAI_MODEL"))
    transcription_model: str = field(default="gpt-4o-mini-transcribe", metadata=env("TRANSCRIPTION_MODEL"))
    openai_api_key_env: str = ""
    """The variable holding a developer's own key (finassist.credentials reads it); empty in Lambda (keys: SSM)."""
    parameter_prefix: str = field(default="/finassist/local", metadata=env("PARAMETER_PREFIX"))
    twilio_whatsapp_from: str = field(default="whatsapp:+14155238886", metadata=env("TWILIO_WHATSAPP_FROM"))
    recurring_notice_template: str = field(default="", metadata=env("RECURRING_NOTICE_TEMPLATE_SID"))
    """ContentSid (HX...) of the approved recurring-notice template; empty: the notice waits for the next reply."""
    graph_client_id: str = field(default="", metadata=env("GRAPH_CLIENT_ID"))
    graph_tenant: str = field(default="consumers", metadata=env("GRAPH_TENANT"))
    graph_mode: Literal["rest", "file"] = field(default="file", metadata=env("GRAPH_MODE"))
    data_dir: Path = field(default=Path(".local"), metadata=env("FINASSIST_DATA_DIR"))
    frozen_now: datetime | None = field(default=None, metadata=env("FINASSIST_NOW"))
    timezone: str = "America/Sao_Paulo"

    @property
    def turn_rules(self) -> TurnRules:
        return TurnRules(self.turn_lease_seconds, self.turn_start_grace_seconds, self.turn_renew_after_seconds)

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


@cache
def _hints() -> dict[str, Any]:
    """The fields' types, resolved once (the annotations are strings under `from __future__ import annotations`)."""
    return typing.get_type_hints(Settings)


def _read(setting: Field[Any], kind: Any, raw: str) -> Any:
    """The variable's text as the field's type; an empty choice or an empty optional value is its default."""
    name = setting.metadata[ENV]
    if typing.get_origin(kind) is Literal:
        allowed = typing.get_args(kind)
        if not raw:
            return setting.default
        if raw not in allowed:
            raise ValueError(f"{name} must be one of {allowed}, got {raw!r}")
        return raw
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        (kind,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        if not raw:
            return None
    if kind is bool:
        return raw.strip().lower() not in FALSE_WORDS
    if kind is datetime:
        return datetime.fromisoformat(raw)
    if kind in (str, int, float, Path):
        return kind(raw)
    raise TypeError(f"no reader for {name} of type {kind!r}")


def from_environ(environ: Mapping[str, str]) -> Settings:
    """Build Settings from an environment mapping (os.environ in Lambda, a dict in tests)."""
    hints = _hints()
    values = {
        setting.name: _read(setting, hints[setting.name], environ[setting.metadata[ENV]])
        for setting in fields(Settings)
        if ENV in setting.metadata and setting.metadata[ENV] in environ
    }
    settings = Settings(**values)
    if environ.get("OPENAI_API_KEY"):
        # A developer's own key in the environment: the real model, unless ASSISTANT_ENGINE says otherwise.
        engine = settings.assistant_engine if environ.get("ASSISTANT_ENGINE") else "openai"
        settings = replace(settings, assistant_engine=engine, openai_api_key_env="OPENAI_API_KEY")
    return settings


@cache
def current() -> Settings:
    """This process's settings; cached because the environment does not change under a running Lambda."""
    return from_environ(os.environ)
