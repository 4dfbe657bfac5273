"""The small ports the domain and the handlers talk to; adapters implement them at the edge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol

from finassist.domain.expense import EntryKind, Expense, LedgerRow

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

    def submit_tool_outputs(self, conversation_id: str, outputs: Sequence[ToolOutput], context: RunContext) -> Run: ...

    def cancel_run(self, run_id: str) -> Run: ...


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
        """The most recently added row that FinAssist wrote (a non-empty ID), for "apaga o último"."""
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

    def send(self, to: str, text: str, media_urls: Sequence[str] = ()) -> str:
        """Send one message (<= 1600 chars), with media fetched from the URLs; returns the provider's id."""
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

    @property
    def active(self) -> bool:
        return self.status == "active"


class UserDirectory(Protocol):
    """The Users table."""

    def get(self, sender_id: str) -> User | None: ...

    def put(self, user: User) -> None: ...


class ConversationStore(Protocol):
    """The Conversations table: sender -> assistant conversation id."""

    def find(self, sender_id: str) -> str | None: ...

    def save(self, sender_id: str, conversation_id: str) -> None: ...

    def touch(self, sender_id: str) -> None: ...


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

    def put(self, item: RecurringExpense) -> None: ...

    def for_sender(self, sender_id: str) -> list[RecurringExpense]: ...

    def all(self) -> list[RecurringExpense]: ...


class MediaStore(Protocol):
    """Where a chart or an export is put so the channel can fetch it (a short-lived URL)."""

    def put(self, name: str, content: bytes, content_type: str) -> str: ...
