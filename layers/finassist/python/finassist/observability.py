"""Powertools Logger, Tracer and Metrics, shared by every handler through one decorator.

Log records are JSON, correlated by MessageSid, and pass through `finassist.redaction` on the way out:
phone numbers keep only their last 4 digits and what people wrote (text, body, transcript, reply, parts)
is replaced by its size, whichever logger or `extra=` put it there.
"""

from __future__ import annotations

import os
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


def tracing_enabled() -> bool:
    """Powertools' own switch. The X-Ray SDK builds its clients at import (about 0.4 s of a cold start on a
    small machine), so where tracing is off (the embedded stack, tests) it is not imported at all."""
    return os.environ.get("POWERTOOLS_TRACE_DISABLED", "").strip().lower() not in ("true", "1")


def _traced(handler: Handler) -> Handler:
    if not tracing_enabled():
        return handler
    from aws_lambda_powertools import Tracer

    return Tracer(service="finassist").capture_lambda_handler(handler)


def step_handler(handler: Handler) -> Handler:
    """Wrap a state's handler: JSON logs correlated by MessageSid, an X-Ray segment, metrics flushed."""
    with_logs = logger.inject_lambda_context(correlation_id_path="message_sid", clear_state=True)(handler)
    return metrics.log_metrics(_traced(with_logs))
