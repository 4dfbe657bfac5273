"""What Step Functions Standard bills and what Lambda invokes, counted from one execution's history.

AWS bills a state transition for every state entered — Task, Choice, Wait, Pass, Map, and each state inside every Map
iteration — and "each retry is charged as an additional state transition"
(https://aws.amazon.com/step-functions/pricing/). In a history a retried Task is one `TaskStateEntered` followed by
several `LambdaFunctionScheduled` events, so the extra schedulings of a Task are its retries.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

SCHEDULED = ("LambdaFunctionScheduled", "TaskScheduled")


def states_entered(history: list[dict[str, Any]]) -> list[str]:
    """The names of the states entered, in order (Map iterations' states included)."""
    return [
        str(event.get("stateEnteredEventDetails", {}).get("name", ""))
        for event in history
        if event["type"].endswith("StateEntered")
    ]


def retries(history: list[dict[str, Any]]) -> int:
    """Extra attempts of Task states: schedulings beyond the first of each Task entered."""
    tasks = sum(1 for event in history if event["type"] == "TaskStateEntered")
    scheduled = sum(1 for event in history if event["type"] in SCHEDULED)
    return max(0, scheduled - tasks)


def transitions(history: list[dict[str, Any]]) -> int:
    """Billed state transitions: every state entered, plus every retry."""
    return len(states_entered(history)) + retries(history)


def lambda_invocations(history: list[dict[str, Any]]) -> int:
    """Lambda invocations the execution made (each retry is one more); ReceiveWebhook is not in the history."""
    return sum(1 for event in history if event["type"] in SCHEDULED)


def state_counts(history: list[dict[str, Any]]) -> Counter[str]:
    """How often each state was entered: a loop shows as a state entered more than once."""
    return Counter(states_entered(history))
