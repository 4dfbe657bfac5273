"""How the demo and the chat print one message's outcome: the reply and the execution's path."""

from __future__ import annotations

from finassist.history_path import StateVisit
from finassist.local.stack import Outcome


def _visit(visit: StateVisit) -> str:
    extra = f" ✗{visit.error}" if visit.error else ""
    extra += f" ↻{visit.retries}" if visit.retries else ""
    return f"{visit.name} {visit.seconds * 1000:.0f}ms{extra}"


def path_line(path: list[StateVisit]) -> str:
    return " → ".join(_visit(v) for v in path)


def outcome_lines(outcome: Outcome) -> list[str]:
    lines = [f"  ◀ FinAssist: {reply}".replace("\n", "\n               ") for reply in outcome.replies]
    if not outcome.replies:
        lines.append("  ◀ (no reply)")
    lines.extend(f"  📎 {url}" for url in outcome.media)
    if outcome.execution_arn:
        total = sum(v.seconds for v in outcome.path if v.kind != "Map")
        lines.append(f"  ⤷ {outcome.status}: {path_line(outcome.path)}")
        lines.append(f"    ({len(outcome.path)} states, {total * 1000:.0f} ms in states)")
    else:
        lines.append(f"  ⤷ webhook answered HTTP {outcome.webhook_status}; no execution started")
    return lines
