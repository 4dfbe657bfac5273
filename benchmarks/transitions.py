"""State transitions per message type, counted from the execution histories of the end-to-end runs.

Step Functions Standard bills every state transition, retries included; a state entered (Task, Choice, Wait,
Map, the Map's RunTool) is one transition, and each extra attempt of a Task is one more.
"""

from __future__ import annotations

from typing import Any

from benchmarks import end_to_end
from benchmarks.common import Figure, table

TARGET_ONE_TOOL = 16


def transitions(history: list[dict[str, Any]]) -> int:
    entered = [event for event in history if event["type"].endswith("StateEntered")]
    tasks = sum(1 for event in entered if event["type"] == "TaskStateEntered")
    scheduled = sum(1 for event in history if event["type"] in ("LambdaFunctionScheduled", "TaskScheduled"))
    return len(entered) + max(0, scheduled - tasks)


def lambda_invocations(history: list[dict[str, Any]]) -> int:
    return sum(1 for event in history if event["type"] in ("LambdaFunctionScheduled", "TaskScheduled"))


def run() -> str:
    figures = []
    for kind in end_to_end.measure():
        counts = sorted({transitions(sample.history) for sample in kind.samples})
        invocations = sorted({lambda_invocations(sample.history) for sample in kind.samples})
        note = f"{'/'.join(map(str, invocations))} Lambda invocations (+1 ReceiveWebhook)"
        if "1 tool" in kind.name:
            verdict = "within" if max(counts) <= TARGET_ONE_TOOL else "OVER"
            note += f"; {verdict} the {TARGET_ONE_TOOL}-transition target"
        figures.append(Figure(kind.name, "/".join(map(str, counts)), note))
    return table("State transitions per message (from execution histories)", figures)


if __name__ == "__main__":
    print(run())
