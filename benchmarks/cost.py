"""AWS cost per 1,000 messages, per message type, from benchmarks/prices.json and the end-to-end histories.

Counted, not guessed: state transitions and Lambda invocations come from the execution histories; each Lambda's
billed duration is its in-process run time from the history (rounded up to 1 ms; the model's latency is inside
it, as the Lambda waits on OpenAI). DynamoDB request units are counted from the code paths (noted below), since
moto does not report consumed capacity. Not included: OpenAI, Twilio and Microsoft Graph (not AWS), CloudWatch
Logs, X-Ray and Parameter Store (standard parameters and throughput are free; values cached five minutes per warm
Lambda). What a stack costs before any message is benchmarks/fixed_cost.py's table.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from benchmarks import end_to_end
from benchmarks.common import Figure, table
from benchmarks.transitions import lambda_invocations, transitions

PRICES = Path(__file__).with_name("prices.json")
REGIONS = ("us-east-1", "sa-east-1")
MEMORY_GB = 256 / 1024
WEBHOOK_MS = 50  # ReceiveWebhook's own run, taken at the ack target (its median in-process is far below)
# Request units per message, from the code: the webhook reads Users (0.5 RRU, eventually consistent),
# ResolveConversation reads and touches Conversations (0.5 RRU + 1 WRU), RunTool reads Users (0.5 RRU per call),
# and each reply part is an idempotency record written twice (in progress, then done: 2 WRU).
BASE_RRU, BASE_WRU, RRU_PER_TOOL, WRU_PER_PART = 1.0, 1.0, 0.5, 2.0


def _billed_ms(history: list[dict[str, Any]]) -> float:
    started: dict[int, Any] = {
        event["id"]: event["timestamp"] for event in history if event["type"] == "LambdaFunctionStarted"
    }
    total = 0.0
    for event in history:
        if event["type"] in ("LambdaFunctionSucceeded", "LambdaFunctionFailed"):
            begin = started.get(event["previousEventId"])
            if begin is not None:
                total += math.ceil((event["timestamp"] - begin).total_seconds() * 1000)
    return total


def _price(prices: dict[str, Any], key: str, region: str) -> tuple[float, bool]:
    entry = prices["prices"][key]
    value = entry.get(region)
    return (float(value), True) if value is not None else (float(entry["us-east-1"]), False)


def per_thousand(region: str) -> list[tuple[str, float, list[str]]]:
    prices = json.loads(PRICES.read_text(encoding="utf-8"))
    results = []
    for kind in end_to_end.measure():
        sample = kind.samples[-1]
        tools = 0 if "no tool" in kind.name else 1
        usage = {
            "step_functions_standard_transition": transitions(sample.history),
            "lambda_request": lambda_invocations(sample.history) + 1,
            "lambda_arm64_gb_second": (_billed_ms(sample.history) + WEBHOOK_MS) / 1000 * MEMORY_GB,
            "api_gateway_rest_request": 1,
            "dynamodb_on_demand_read_request_unit": BASE_RRU + RRU_PER_TOOL * tools,
            "dynamodb_on_demand_write_request_unit": BASE_WRU + WRU_PER_PART,
        }
        cost = 0.0
        borrowed = []
        for key, amount in usage.items():
            price, cited = _price(prices, key, region)
            cost += price * amount
            if not cited:
                borrowed.append(key)
        results.append((kind.name, cost * 1000, borrowed))
    return results


def run() -> str:
    figures = []
    for region in REGIONS:
        for name, cost, borrowed in per_thousand(region):
            note = "us-east-1 price used for " + ", ".join(borrowed) if borrowed else "every price cited"
            figures.append(Figure(f"{region}: {name}", f"${cost:.4f}", note))
    return table("AWS cost per 1,000 messages (prices in benchmarks/prices.json, with sources)", figures)


if __name__ == "__main__":
    print(run())
