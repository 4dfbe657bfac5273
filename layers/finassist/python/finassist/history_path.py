"""Execution history -> the path an operator reads: states in order entered, with durations, retries, errors.

It knows only the Step Functions history format (GetExecutionHistory's events), so `finassist history`
against AWS and the embedded stack share it without either importing the other (nor moto).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StateVisit:
    """One state of an execution as the console shows it."""

    name: str
    kind: str
    seconds: float
    error: str = ""
    retries: int = 0


_ENTERED = "StateEntered"
_EXITED = "StateExited"


def state_path(events: list[dict[str, Any]]) -> list[StateVisit]:
    """Pair each *StateEntered with its *StateExited (Map iterations nest, so match the latest open one)."""
    entered: list[dict[str, Any]] = []
    open_indexes: list[int] = []
    for event in events:
        kind: str = event["type"]
        if kind.endswith(_ENTERED):
            details = event.get("stateEnteredEventDetails", {})
            entered.append(
                {
                    "name": details.get("name", "?"),
                    "kind": kind[: -len(_ENTERED)],
                    "start": event["timestamp"],
                    "end": event["timestamp"],
                    "error": "",
                    "scheduled": 0,
                }
            )
            open_indexes.append(len(entered) - 1)
        elif not open_indexes:
            continue
        elif kind in ("LambdaFunctionScheduled", "TaskScheduled"):
            entered[open_indexes[-1]]["scheduled"] += 1
        elif kind.endswith("Failed") and kind != "ExecutionFailed":
            details = next((v for k, v in event.items() if k.endswith("EventDetails")), None)
            if isinstance(details, dict) and details.get("error"):
                entered[open_indexes[-1]]["error"] = details["error"]
        elif kind.endswith(_EXITED):
            name = event.get("stateExitedEventDetails", {}).get("name")
            match = next((i for i in reversed(open_indexes) if entered[i]["name"] == name), open_indexes[-1])
            open_indexes.remove(match)
            entered[match]["end"] = event["timestamp"]
    return [
        StateVisit(
            name=state["name"],
            kind=state["kind"],
            seconds=(state["end"] - state["start"]).total_seconds(),
            error=state["error"],
            retries=max(0, state["scheduled"] - 1),
        )
        for state in entered
    ]
