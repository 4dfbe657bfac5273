"""Powertools Logger and Metrics, shared by every handler through one decorator.

Log records are JSON, correlated by MessageSid, and pass through `finassist.redaction` on the way out:
phone numbers keep only their last 4 digits and what people wrote (text, body, transcript, reply, parts)
is replaced by its size, whichever logger or `extra=` put it there.

Tracing is Lambda's own active tracing (and the state machine's), without the X-Ray SDK in the code: the SDK
cost about 0.4 s of every cold start and added little the execution history does not show (docs/decisions.md).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

from finassist.redaction import redact

# A step that records no metric is normal here (most steps only log); the warning would be noise.
warnings.filterwarnings("ignore", message="No application metrics to publish")


class RedactingFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON formatter, with every record redacted just before it is serialised."""

    def serialize(self, log: dict[str, Any]) -> str:  # type: ignore[override]
        return super().serialize(redact(log))


Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

logger = Logger(service="finassist", logger_formatter=RedactingFormatter())
# The metrics' `service` dimension is the stack's name (POWERTOOLS_SERVICE_NAME, set by template.yaml), so two
# stacks in one account raise their own alarms and not each other's.
metrics = Metrics(namespace="FinAssist")


def step_handler(handler: Handler) -> Handler:
    """Wrap a state's handler: JSON logs correlated by MessageSid, metrics flushed."""
    with_logs = logger.inject_lambda_context(correlation_id_path="message_sid", clear_state=True)(handler)
    return metrics.log_metrics(with_logs)


def record_run(run: dict[str, Any]) -> dict[str, Any]:
    """Count how long the assistant took, once its reply is known (the step that saw it settle passes it)."""
    if run.get("status") == "completed":
        metrics.add_metric(name="AssistantRunSeconds", unit="Seconds", value=float(run.get("assistant_seconds", 0)))
    return run
