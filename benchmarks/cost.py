"""AWS cost per 1,000 messages, us-east-1, no free tier, everything a message uses, priced from
benchmarks/prices.json (each price with its source).

Counted per message from its run on the embedded stack (benchmarks/flows.py), averaged over the samples:
- Step Functions: state transitions from the execution history (every state entered, Map iterations' states and
  retries included);
- Lambda: one request per invocation, ReceiveWebhook's included; GB-s from each invocation's in-process time rounded
  up to 1 ms times its function's MemorySize (template.yaml, SAM-translated); cold starts (INIT and the first call's
  loads, benchmarks/cold_start.py) for COLD_SHARE of the messages, each function on the path once;
- API Gateway: one REST request (Twilio's POST);
- DynamoDB: request units of every request, metered where the embedded DynamoDB answers (benchmarks/dynamodb_meter.py:
  the turn, the effects journal, idempotency records, Users lookups, conversations, the offline engine's documents);
- X-Ray: one trace recorded per message. Tracing is on in API Gateway, every function and the state machine, with
  the default sampling rule (the first request each second and 5% of the rest: at one person's pace every message);
  ReceiveWebhook's StartExecution carries the trace header (botocore adds Lambda's `_X_AMZN_TRACE_ID`), so the
  execution and its functions continue the API Gateway trace. Nothing in the stack retrieves or scans traces; an
  operator's look costs $0.50 per million traces scanned (prices.json), not counted per message;
- CloudWatch Logs: bytes logged per message at the deployed level (benchmarks/log_meter.py), GB = 10^9 bytes;
- Parameter Store and KMS: each function on the path reads its SecureStrings (the ones its role allows, as deployed:
  OpenAI, Twilio, the Graph token cache) once per cold environment, as Powertools caches them 5 minutes (the warm
  share reads none); each read decrypts with aws/ssm (one KMS request); RunTool's cold start also refreshes the
  Graph token and writes the cache back (one write, one KMS request). GetParameter at standard throughput is free.
Not AWS, so not here: OpenAI, Twilio, Microsoft Graph. What a deployment costs before any message: fixed_cost.py.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from benchmarks import flows
from benchmarks.cold_start import COLD_SHARE, cold_starts
from benchmarks.common import Target, grid
from benchmarks.deployed import Function, functions
from benchmarks.dynamodb_meter import total
from benchmarks.log_meter import billed_bytes, platform_bytes

PRICES = Path(__file__).with_name("prices.json")
REGION = "us-east-1"
GB = 10**9
ONE_TOOL_TARGET = 0.40
OFFLINE_FIRST_TARGET = 0.32


@dataclass(frozen=True)
class Usage:
    """What one message uses of each priced item."""

    transitions: float
    lambda_requests: float
    gb_seconds: float
    cold_gb_seconds: float
    api_requests: float
    read_units: float
    write_units: float
    traces: float
    log_gb: float
    ssm_calls: float
    kms_requests: float


PRICED = {
    "transitions": "step_functions_standard_transition",
    "lambda_requests": "lambda_request",
    "gb_seconds": "lambda_arm64_gb_second",
    "cold_gb_seconds": "lambda_arm64_gb_second",
    "api_requests": "api_gateway_rest_request",
    "read_units": "dynamodb_on_demand_read_request_unit",
    "write_units": "dynamodb_on_demand_write_request_unit",
    "traces": "xray_trace_recorded",
    "log_gb": "cloudwatch_logs_ingested_gb",
    "ssm_calls": "ssm_get_parameter_standard_throughput",
    "kms_requests": "kms_request",
}


def prices() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(PRICES.read_text(encoding="utf-8"))["prices"]
    return loaded


def per_thousand(usage: Usage, price_list: dict[str, Any]) -> dict[str, float]:
    """Dollars per 1,000 messages, per item of Usage."""
    return {name: getattr(usage, name) * float(price_list[key][REGION]) * 1000 for name, key in PRICED.items()}


def secure_string_calls(function: Function) -> int:
    """Parameter Store calls (and KMS requests) a cold environment of this function makes for its credentials."""
    refresh = 1 if "graph-token-cache" in function.parameters else 0  # MSAL refreshes and writes the cache back
    return len(function.parameters) + refresh


def usage_of(sample: flows.Sample) -> Usage:
    deployed = functions()
    names = sample.functions
    timings = [sample.webhook, *sample.invocations]
    cold = sum(cold_starts()[name].total_ms / 1000 * deployed[name].memory_mb / 1024 for name in set(names))
    platform = sum(platform_bytes(t.seconds * 1000, deployed[t.logical_id].memory_mb) for t in timings)
    dynamodb = total(sample.dynamodb)
    secure = sum(secure_string_calls(deployed[name]) for name in set(names))
    return Usage(
        transitions=sample.transitions,
        lambda_requests=sample.lambda_requests,
        gb_seconds=flows.gb_seconds(sample, lambda name: deployed[name].memory_mb),
        cold_gb_seconds=COLD_SHARE * cold,
        api_requests=1,
        read_units=dynamodb.read_units,
        write_units=dynamodb.write_units,
        traces=1,
        log_gb=(billed_bytes(sample.log_bytes, sample.log_events) + platform) / GB,
        ssm_calls=COLD_SHARE * secure,
        kms_requests=COLD_SHARE * secure,
    )


def mean_usage(samples: list[flows.Sample]) -> Usage:
    usages = [usage_of(sample) for sample in samples]
    return Usage(**{f.name: statistics.mean(getattr(u, f.name) for u in usages) for f in fields(Usage)})


def configurations() -> list[tuple[str, list[flows.Sample]]]:
    """The messages priced: every type on both paths at the reference speed (3 s per response), and the one-tool
    text message at the other speeds."""
    reference = flows.REFERENCE_GENERATION
    found = []
    for kind in flows.MESSAGE_TYPES:
        found.append((f"model path, {kind.key}, {reference:g} s", flows.model_path().of(kind, reference)))
    for generation in (g for g in flows.GENERATIONS if g != reference):
        kind = flows.MESSAGE_TYPES[0]
        found.append((f"model path, {kind.key}, {generation:g} s", flows.model_path().of(kind, generation)))
    for kind in flows.MESSAGE_TYPES:
        samples = flows.offline_first_path().of(kind, flows.OFFLINE_FIRST_GENERATION)
        answered = "/".join(sorted({x.path for x in samples}))
        found.append((f"offline-first, {kind.key} ({answered})", samples))
    return found


def _money(value: float) -> str:
    return f"${value:.4f}"


def run() -> str:
    price_list = prices()
    cost_rows = []
    usage_rows = []
    for label, samples in configurations():
        usage = mean_usage(samples)
        dollars = per_thousand(usage, price_list)
        cost_rows.append(
            [
                label,
                _money(dollars["transitions"]),
                _money(dollars["lambda_requests"] + dollars["gb_seconds"]),
                _money(dollars["cold_gb_seconds"]),
                _money(dollars["api_requests"]),
                _money(dollars["read_units"] + dollars["write_units"]),
                _money(dollars["traces"]),
                _money(dollars["log_gb"]),
                _money(dollars["ssm_calls"] + dollars["kms_requests"]),
                f"**{_money(sum(dollars.values()))}**",
            ]
        )
        dynamodb = [total(x.dynamodb) for x in samples]
        usage_rows.append(
            [
                label,
                f"{usage.transitions:g}",
                f"{usage.lambda_requests:g}",
                f"{usage.gb_seconds:.3f} + {usage.cold_gb_seconds:.3f}",
                f"{statistics.mean(d.requests for d in dynamodb):.0f}",
                f"{usage.read_units:.1f} / {usage.write_units:.1f}",
                f"{usage.log_gb * GB:,.0f}",
                f"{usage.ssm_calls:.2f}",
            ]
        )
    costs = grid(
        "AWS cost per 1,000 messages, us-east-1, no free tier (prices and sources in benchmarks/prices.json)",
        [
            "message",
            "Step Functions",
            "Lambda requests + GB-s",
            f"Lambda cold starts ({COLD_SHARE:.0%})",
            "API Gateway",
            "DynamoDB",
            "X-Ray",
            "CloudWatch Logs",
            "SSM + KMS",
            "all-in",
        ],
        cost_rows,
        f"Targets: <= ${ONE_TOOL_TARGET:.2f} per 1,000 one-tool messages at 3 s per response (model path), "
        f"<= ${OFFLINE_FIRST_TARGET:.2f} on the offline-first path. What each column counts: benchmarks/cost.py.",
    )
    uses = grid(
        "What one message uses (mean of its samples)",
        [
            "message",
            "transitions",
            "Lambda requests",
            "GB-s warm + cold share",
            "DynamoDB requests",
            "DynamoDB RRU / WRU",
            "log bytes",
            "SecureString reads + writes",
        ],
        usage_rows,
    )
    return costs + "\n" + uses


def run_dynamodb() -> str:
    """Where a text expense's DynamoDB units go, per table, on both paths; and how large the kept items grow."""
    price_list = prices()
    read = float(price_list["dynamodb_on_demand_read_request_unit"][REGION])
    write = float(price_list["dynamodb_on_demand_write_request_unit"][REGION])
    rows = []
    paths = (
        (f"model path, {flows.REFERENCE_GENERATION:g} s", flows.model_path(), flows.REFERENCE_GENERATION),
        ("offline-first", flows.offline_first_path(), flows.OFFLINE_FIRST_GENERATION),
    )
    for label, run, generation in paths:
        samples = run.of(flows.MESSAGE_TYPES[0], generation)
        for table in sorted({name for x in samples for name in x.dynamodb}):
            uses = [x.dynamodb.get(table) for x in samples]
            requests = statistics.mean(u.requests if u else 0 for u in uses)
            rru = statistics.mean(u.read_units if u else 0.0 for u in uses)
            wru = statistics.mean(u.write_units if u else 0.0 for u in uses)
            dollars = (rru * read + wru * write) * 1000
            rows.append([label, table, f"{requests:.0f}", f"{rru:.1f}", f"{wru:.1f}", _money(dollars)])
    per_table = grid(
        "DynamoDB per text expense, by table (mean of its samples)",
        ["path", "table", "requests", "RRU", "WRU", "per 1,000 messages"],
        rows,
    )
    sizes = [
        [label, kind, f"{size:,} bytes"]
        for label, run, _ in paths
        for kind, size in sorted(run.largest.items(), key=lambda pair: -pair[1])[:5]
    ]
    largest = grid(
        f"Largest items kept per person after {flows.PRIOR_MESSAGES} earlier messages and the measured ones",
        ["path", "table and item", "size"],
        sizes,
        "A write costs 1 WRU per KB of the item written (the whole item), a strongly consistent read 1 RRU per 4 KB.",
    )
    return per_table + "\n" + largest


def all_in(samples: list[flows.Sample]) -> float:
    return sum(per_thousand(mean_usage(samples), prices()).values())


def targets() -> list[Target]:
    one_tool = all_in(flows.model_path().of(flows.MESSAGE_TYPES[0], flows.REFERENCE_GENERATION))
    offline = all_in(flows.offline_first_path().of(flows.MESSAGE_TYPES[0], flows.OFFLINE_FIRST_GENERATION))
    return [
        Target(
            "AWS all-in per 1,000 one-tool text messages, model path, 3 s",
            f"<= ${ONE_TOOL_TARGET:.2f}",
            _money(one_tool),
            one_tool <= ONE_TOOL_TARGET,
        ),
        Target(
            "AWS all-in per 1,000 text expenses, offline-first path",
            f"<= ${OFFLINE_FIRST_TARGET:.2f}",
            _money(offline),
            offline <= OFFLINE_FIRST_TARGET,
        ),
    ]


if __name__ == "__main__":
    print(run())
