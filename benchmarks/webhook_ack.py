"""ReceiveWebhook's answer time in-process: signature check, Users lookup, StartExecution (moto), TwiML.

This is the part of the 15 s Twilio allows that we control; the executions it starts run in background
threads meanwhile, as they would in AWS (there on other machines, here on the same two cores).
"""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.common import Figure, ms, percentile, table
from finassist.local.stack import TERMINAL, EmbeddedStack, twilio_fields

SENDER = "whatsapp:+5511987654321"
NOW = "2026-11-24T10:00:00-03:00"
TARGET_P99 = 0.050


def measure(count: int = 300) -> tuple[list[float], list[float]]:
    """Ack times for `count` known-sender messages and `count` // 3 strangers (the refusal path)."""
    with tempfile.TemporaryDirectory() as tmp, EmbeddedStack(Path(tmp) / "data", env={"FINASSIST_NOW": NOW}) as stack:
        stack.add_user(SENDER, "Ana")
        stack.post_webhook(stack.webhook_event(twilio_fields(SENDER, "oi")))  # imports and clients warm
        known: list[float] = []
        sids: list[str] = []
        for n in range(count):
            fields = twilio_fields(SENDER, f"Gastei R$ {n % 90 + 1} em almoço hoje")
            event = stack.webhook_event(fields)
            started = time.perf_counter()
            response = stack.post_webhook(event)
            known.append(time.perf_counter() - started)
            assert response["statusCode"] == 200, response
            sids.append(fields["MessageSid"])
        strangers: list[float] = []
        for _ in range(count // 3):
            event = stack.webhook_event(twilio_fields(f"whatsapp:+5521{uuid.uuid4().int % 10**9:09d}", "oi"))
            started = time.perf_counter()
            stack.post_webhook(event)
            strangers.append(time.perf_counter() - started)
        for sid in sids:  # every execution must end before the mock goes away
            assert stack.wait(stack.execution_arn(sid), timeout=300)["status"] in TERMINAL
    return known, strangers


def run() -> str:
    known, strangers = measure()
    p99 = percentile(known, 0.99)
    verdict = "meets" if p99 < TARGET_P99 else "MISSES"
    return table(
        "Webhook acknowledgement (ReceiveWebhook in-process, embedded stack)",
        [
            Figure("known sender: p50", ms(percentile(known, 0.5)), f"{len(known)} signed webhooks, one after another"),
            Figure("known sender: p99", ms(p99), f"{verdict} the 50 ms target; executions run meanwhile"),
            Figure("stranger (refusal once a day): p50", ms(percentile(strangers, 0.5)), f"{len(strangers)} webhooks"),
            Figure("stranger: p99", ms(percentile(strangers, 0.99))),
        ],
    )


if __name__ == "__main__":
    print(run())
