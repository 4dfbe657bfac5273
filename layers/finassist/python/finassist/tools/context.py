"""What one tool call may touch: the sender's ledger and stores, the call's entry id, today, and the makers of
charts and files (ports, so no tool imports a drawing or spreadsheet library)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from finassist.message_effects import EffectRecorder
from finassist.ports import BudgetStore, ChartMaker, EntryLog, FileMaker, Ledger, MediaStore, RecurringStore


@dataclass(frozen=True)
class ToolContext:
    """Everything a tool may touch for one call; RunTool's handler fills it from finassist.wiring."""

    ledger: Ledger
    entry_id: str
    today: date
    sender: str = ""
    budgets: BudgetStore | None = None
    recurring: RecurringStore | None = None
    media: MediaStore | None = None
    user_key: str = ""
    entries: EntryLog | None = None
    """The person's own entries, newest first: what "apaga o último" acts on (not the sheet's last row)."""
    effects: EffectRecorder | None = None
    """Where each ledger change is written down before and after it is made (the truthful apology reads it)."""
    charts: ChartMaker | None = None
    """Draws the month's bar chart; without it (or without media) a summary is text only."""
    files: FileMaker | None = None
    """Writes the export's .xlsx; without it (or without media) an export is declined."""
