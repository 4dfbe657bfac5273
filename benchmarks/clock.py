"""Time to reply in AWS terms: a virtual clock over one message's run on the embedded stack.

The embedded stack records Wait and Retry sleeps instead of sleeping, and its clock (`EmbeddedStack.clock`) moves
on by them, so the fake model keeps generating through a skipped Wait as it would in AWS. What moto's interpreter
itself takes between states is not AWS's and is left out; in its place each state gets a dispatch overhead. So a
reply's time is, from Twilio's POST to the end of SendReply:

    API Gateway + ReceiveWebhook (measured) + execution start
    + every Lambda invocation of the execution (measured, in-process, warm: the model's time is inside them,
      as a step waits on the response it follows)
    + every Wait and Retry back-off (recorded)
    + a dispatch overhead per Lambda invocation and per other state entered.

The overheads are assumptions, not measurements: AWS publishes no latency for a state transition or for
Step Functions invoking a warm Lambda. They are set at what X-Ray timelines of Standard workflows commonly show and
printed beside each figure, so a reader can see how much of a reply's time they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.transitions import lambda_invocations, states_entered

API_GATEWAY_SECONDS = 0.020
"""API Gateway REST in front of ReceiveWebhook (its integration overhead)."""
EXECUTION_START_SECONDS = 0.050
"""From StartExecution to the first state entered."""
TASK_DISPATCH_SECONDS = 0.040
"""A Task state invoking a warm Lambda and taking its result: per invocation, retries included."""
STATE_SECONDS = 0.010
"""Any other state entered (Choice, Map, Pass, a Wait's own transition)."""


@dataclass(frozen=True)
class ReplyTime:
    """One message's time to reply and what it is made of (seconds)."""

    webhook: float
    lambdas: float
    waits: float
    dispatch: float

    @property
    def total(self) -> float:
        return self.webhook + self.lambdas + self.waits + self.dispatch


def dispatch_seconds(history: list[dict[str, Any]]) -> float:
    """The assumed overheads of one execution, API Gateway's included."""
    invocations = lambda_invocations(history)
    tasks = sum(1 for event in history if event["type"] == "TaskStateEntered")
    others = len(states_entered(history)) - tasks
    return API_GATEWAY_SECONDS + EXECUTION_START_SECONDS + invocations * TASK_DISPATCH_SECONDS + others * STATE_SECONDS


def reply_time(
    history: list[dict[str, Any]], webhook_seconds: float, lambda_seconds: Sequence[float], sleeps: Sequence[float]
) -> ReplyTime:
    """The virtual clock's time from Twilio's POST to the end of the execution (SendReply is its last state)."""
    return ReplyTime(webhook_seconds, sum(lambda_seconds), sum(sleeps), dispatch_seconds(history))
