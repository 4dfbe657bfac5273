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
BUSY_PEOPLE = tuple(f"whatsapp:+55119876543{n:02d}" for n in range(8))
"""The back-to-back webhooks come from several people: one person's messages run one at a time (WaitForSenderTurn),
so a long burst from one person measures the turn queue, not the webhook."""
NOW = "2026-11-24T10:00:00-03:00"
TARGET_P99 = 0.050


def _ack(stack: EmbeddedStack, fields: dict[str, str]) -> float:
    event = stack.webhook_event(fields)
    started = time.perf_counter()
    response = stack.post_webhook(event)
    elapsed = time.perf_counter() - started
    assert response["statusCode"] == 200, response
    return elapsed


def measure(quiet: int = 100, busy: int = 40) -> dict[str, list[float]]:
    """Ack times: alone (each execution drained before the next webhook, as in its own Lambda), back to back
    (executions of earlier messages of several people running on the same two cores), and for strangers (the
    refusal path)."""
    samples: dict[str, list[float]] = {"quiet": [], "busy": [], "stranger": []}
    with tempfile.TemporaryDirectory() as tmp, EmbeddedStack(Path(tmp) / "data", env={"FINASSIST_NOW": NOW}) as stack:
        stack.add_user(SENDER, "Ana")
        for person in BUSY_PEOPLE:
            stack.add_user(person, "Bia")
        warm = twilio_fields(SENDER, "oi")
        _ack(stack, warm)  # imports and clients warm, as in a warm Lambda
        stack.wait(stack.execution_arn(warm["MessageSid"]))
        for n in range(quiet):
            fields = twilio_fields(SENDER, f"Gastei R$ {n % 90 + 1} em almoço hoje")
            samples["quiet"].append(_ack(stack, fields))
            stack.wait(stack.execution_arn(fields["MessageSid"]), timeout=60)
        sids = []
        for n in range(busy):
            fields = twilio_fields(BUSY_PEOPLE[n % len(BUSY_PEOPLE)], f"Gastei R$ {n % 90 + 1} em almoço hoje")
            samples["busy"].append(_ack(stack, fields))
            sids.append(fields["MessageSid"])
        for _ in range(busy // 2):
            samples["stranger"].append(
                _ack(stack, twilio_fields(f"whatsapp:+5521{uuid.uuid4().int % 10**9:09d}", "oi"))
            )
        for sid in sids:  # every execution must end before the mock goes away
            assert stack.wait(stack.execution_arn(sid), timeout=300)["status"] in TERMINAL
    return samples


def run() -> str:
    samples = measure()
    quiet, busy, stranger = samples["quiet"], samples["busy"], samples["stranger"]
    p99 = percentile(quiet, 0.99)
    verdict = "meets" if p99 < TARGET_P99 else "MISSES"
    return table(
        "Webhook acknowledgement (ReceiveWebhook in-process, embedded stack)",
        [
            Figure("known sender, alone: p50", ms(percentile(quiet, 0.5)), f"{len(quiet)} signed webhooks"),
            Figure("known sender, alone: p99", ms(p99), f"{verdict} the 50 ms target (as in its own warm Lambda)"),
            Figure(
                "known senders, back to back: p50 / p99",
                f"{ms(percentile(busy, 0.5))} / {ms(percentile(busy, 0.99))}",
                f"{len(busy)} webhooks from {len(BUSY_PEOPLE)} people while earlier executions run (same 2 cores)",
            ),
            Figure(
                "stranger (refusal, once a day): p50 / p99",
                f"{ms(percentile(stranger, 0.5))} / {ms(percentile(stranger, 0.99))}",
                f"{len(stranger)} webhooks",
            ),
        ],
    )


if __name__ == "__main__":
    print(run())
