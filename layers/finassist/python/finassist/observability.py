"""Powertools Logger, Tracer and Metrics, shared by every handler through one decorator."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer

# A step that records no metric is normal here (most steps only log); the warning would be noise.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger(service="finassist")
tracer = Tracer(service="finassist")
metrics = Metrics(namespace="FinAssist", service="finassist")

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def step_handler(handler: Handler) -> Handler:
    """Wrap a state's handler: JSON logs correlated by MessageSid, an X-Ray segment, metrics flushed."""
    with_logs = logger.inject_lambda_context(correlation_id_path="message_sid", clear_state=True)(handler)
    return metrics.log_metrics(tracer.capture_lambda_handler(with_logs))  # type: ignore[no-any-return]
