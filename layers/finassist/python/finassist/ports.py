"""The small ports the domain and the handlers talk to; adapters implement them at the edge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol

from finassist.domain.expense import EntryKind, Expense, LedgerRow
from finassist.domain.turns import TurnState

RunStatus = Literal["queued", "in_progress", "completed", "failed", "cancelled", "incomplete"]


@dataclass(frozen=True)
class ToolCall:
    """A `function_call` output item: arguments stay the JSON string the model produced."""

    call_id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class ToolOutput:
    """A `function_call_output` input item: output is a JSON string."""

    call_id: str
    output: str


@dataclass(frozen=True)
class Run:
    """A background response as the state machine sees it."""

    run_id: str
    status: RunStatus
    tool_calls: tuple[ToolCall, ...] = ()
    reply_text: str = ""
    error: str = ""
    incomplete_reason: str = ""  # "max_output_tokens" when the reply was cut by the output cap


@dataclass(frozen=True)
class RunContext:
    """What the assistant is told on every call: instructions are not carried over between responses."""

    today: date
    sender_name: str = ""


class Assistant(Protocol):
    """A model that holds one conversation per sender and runs in the background."""

    def create_conversation(self, sender_id: str) -> str: ...

    def start_run(self, conversation_id: str, user_text: str, context: RunContext) -> Run: ...

    def get_run(self, run_id: str) -> Run: ...

    def wait_for_run(self, run_id: str, max_seconds: float) -> Run:
        """Follow a background run until it settles or `max_seconds` pass; returns it as it then is."""
        ...

    def submit_tool_outputs(self, conversation_id: str, outputs: Sequence[ToolOutput], context: RunContext) -> Run: ...

    def cancel_run(self, run_id: str) -> Run: ...

    def close_open_calls(self, conversation_id: str, note: str) -> list[str]:
        """Answer every function call of the conversation that has no output yet, without a model call;
        returns the call ids answered."""
        ...


class Ledger(Protocol):
    """One user's table of expenses and income; append is idempotent on entry_id."""

    def append(self, expense: Expense, entry_id: str) -> bool:
        """Add the row unless a row with entry_id exists; True when a row was added."""
        ...

    def query(
        self, start: date, end: date, category: str | None = None, kind: EntryKind | None = "expense"
    ) -> list[LedgerRow]:
        """Rows of one kind (expenses unless asked; None for all) dated start..end, optionally of one category."""
        ...

    def last_entry(self) -> LedgerRow | None:
        """The most recently added row that FinAssist wrote (a non-empty ID)."""
        ...

    def rows(self) -> list[LedgerRow]:
        """Every readable row, in sheet order."""
        ...

    def get(self, entry_id: str) -> LedgerRow | None:
        """The row with exactly this ID; None when there is none (rows typed by hand have no ID)."""
        ...

    def entries(self, id_prefix: str) -> list[LedgerRow]:
        """Every row whose ID starts with id_prefix, in sheet order: what one message already wrote."""
        ...

    def delete(self, entry_id: str) -> bool:
        """Remove the row with this ID; False when there is none (a retried delete is a no-op)."""
        ...

    def update(self, entry_id: str, expense: Expense) -> bool:
        """Replace the values of the row with this ID, keeping the ID; False when there is none."""
        ...


@dataclass(frozen=True)
class Media:
    """A downloaded attachment."""

    content: bytes
    content_type: str


class Channel(Protocol):
    """Where replies go and attachments come from (Twilio's WhatsApp, or the console offline)."""

    def send(self, to: str, text: str, media_urls: Sequence[str] = (), *, key: str = "") -> str:
        """Send one free-form message (<= 1600 chars) inside the 24-hour window; returns the provider's id.

        WhatsApp takes one attachment per message and ignores the rest: callers pass at most one media URL.
        `key` names this send (e.g. `reply#<MessageSid>#0`): a channel that keeps its own record of sends
        answers a key it has sent before with that message's id instead of sending again.
        """
        ...

    def send_template(self, to: str, content_sid: str, variables: Mapping[str, str]) -> str:
        """Send an approved Content template (ContentSid + ContentVariables): what may start a conversation."""
        ...

    def download_media(self, url: str, max_bytes: int) -> Media: ...


class Transcriber(Protocol):
    """Speech to pt-BR text."""

    def transcribe(self, audio: bytes, content_type: str) -> str: ...


@dataclass(frozen=True)
class User:
    """An allowed WhatsApp sender and where their workbook lives."""

    sender_id: str
    display_name: str = ""
    status: Literal["active", "disabled"] = "active"
    workbook: dict[str, str] = field(default_factory=dict)
    user_key: str = ""  # opaque: what the state machine carries instead of the phone number

    @property
    def active(self) -> bool:
        return self.status == "active"


class UserDirectory(Protocol):
    """The Users table."""

    def get(self, sender_id: str) -> User | None: ...

    def by_key(self, user_key: str) -> User | None:
        """The user behind an opaque key: only the steps that need the number or the workbook look it up."""
        ...

    def ensure_key(self, user: User) -> User:
        """The user with a user_key, giving one to a user added before keys existed (once, race-safe)."""
        ...

    def put(self, user: User) -> None: ...


class ConversationStore(Protocol):
    """The Conversations table: user key -> assistant conversation id."""

    def find(self, user_key: str) -> str | None: ...

    def save(self, user_key: str, conversation_id: str) -> str:
        """Record the person's first conversation; returns the one on record, which another message may have saved."""
        ...

    def replace(self, user_key: str, conversation_id: str) -> None:
        """Move the person to a new conversation (the old one is refused by the service or unreadable)."""
        ...

    def touch(self, user_key: str) -> None: ...


class TurnStore(Protocol):
    """Each person's queue of messages and who holds the turn (finassist.domain.turns has the rules)."""

    def read(self, user_key: str) -> TurnState: ...

    def write(self, user_key: str, state: TurnState, expected_version: int) -> bool:
        """Store `state` (its version bumped) if nobody wrote since `expected_version`; False when someone did."""
        ...


EffectKind = Literal["added", "updated", "deleted"]
EffectStatus = Literal["about_to", "done", "not_done"]


@dataclass(frozen=True)
class Effect:
    """Something a message did, or was about to do, that the user must be told about if a later step fails.

    Written before a ledger change ("about_to") and again after it ("done", or "not_done" when the ledger
    refused it by name): after a crash in between, the apology reads the ledger to learn which it was.
    Expenses are kept as their tool-output JSON.
    """

    message_sid: str
    position: str  # "<round>.<index>": the tool call's place in the message
    kind: EffectKind
    status: EffectStatus
    entry_id: str = ""
    expense: dict[str, str] | None = None
    old: dict[str, str] | None = None


class EffectsJournal(Protocol):
    """What each message did, kept long enough (>= the 14-day redrive window) to answer truthfully."""

    def record(self, effect: Effect) -> None: ...

    def for_message(self, message_sid: str) -> list[Effect]: ...


class EntryLog(Protocol):
    """The entries each person wrote through FinAssist, newest first: what "apaga o último" acts on."""

    def push(self, user_key: str, entry_id: str) -> None: ...

    def recent(self, user_key: str) -> list[str]: ...

    def drop(self, user_key: str, entry_id: str) -> None: ...


@dataclass(frozen=True)
class Budget:
    """A monthly spending limit the user set for one category."""

    category: str
    monthly_limit: Decimal


class BudgetStore(Protocol):
    """Each user's budgets, one per category."""

    def put(self, sender_id: str, budget: Budget) -> None: ...

    def get(self, sender_id: str, category: str) -> Budget | None: ...


@dataclass(frozen=True)
class RecurringExpense:
    """An expense that repeats on a day of every month ("todo dia 8 pago 1.800 de aluguel")."""

    sender_id: str
    recurring_id: str
    day: int
    amount: Decimal
    category: str
    description: str
    first_month: str = ""  # "YYYY-MM": the first month it is added, so creating it never back-fills


class RecurringStore(Protocol):
    """Recurring expenses of every user; the daily job reads them all."""

    def put(self, item: RecurringExpense) -> None:
        """Store a new recurring expense; an id already stored keeps what it has (a retried call adds nothing)."""
        ...

    def for_sender(self, sender_id: str) -> list[RecurringExpense]: ...

    def all(self) -> list[RecurringExpense]: ...

    def remove(self, sender_id: str, recurring_id: str) -> None: ...


@dataclass(frozen=True)
class PendingNotice:
    """A recurring expense we could not tell its owner about on our own: it goes with their next reply."""

    sender_id: str
    notice_id: str
    when: date
    description: str
    category: str
    amount: Decimal


class NoticeStore(Protocol):
    """Notices waiting for the sender's next reply; each is delivered once, by the message that claims it."""

    def keep(self, notice: PendingNotice) -> bool:
        """Store it unless a notice with this id is already kept; True when it was stored now."""
        ...

    def claim(self, sender_id: str, claim_id: str) -> list[PendingNotice]:
        """Mark the sender's unclaimed notices as this message's, and return every notice this message holds."""
        ...

    def remove(self, sender_id: str, notice_ids: Sequence[str]) -> None:
        """Forget notices that went out (a missing one is no error: a retry may remove twice)."""
        ...


class MediaStore(Protocol):
    """Where a chart or an export is put so the channel can fetch it (a short-lived URL)."""

    def put(self, name: str, content: bytes, content_type: str) -> str: ...


class ChartMaker(Protocol):
    """Draws the month at a glance as an image the channel can send (the tools never import a drawing library)."""

    def bar_chart_png(self, title: str, bars: Sequence[tuple[str, Decimal]]) -> bytes: ...


class FileMaker(Protocol):
    """Writes the person's rows as a file they can take away (the tools never import a spreadsheet library)."""

    def xlsx_bytes(self, rows: Sequence[LedgerRow]) -> bytes: ...
