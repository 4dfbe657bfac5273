"""What a stack costs each month before its first message, counted in template.yaml as CloudFormation would create it
(SAM-translated, Conditions evaluated) and priced from benchmarks/prices.json's "fixed" section.

Counted: alarm metrics (a metric-math alarm pays for each metric it reads), dashboards, Secrets Manager secrets,
SSM parameters by tier (the stack's own and the SecureStrings `finassist credentials set` and `finassist auth`
write), budgets and customer-managed KMS keys. Not fixed, so not here: DynamoDB, S3 and log storage and
point-in-time recovery (priced by the GB stored: cents for one person's rows), custom metrics (billed by the hour
they receive data), requests of any kind (benchmarks/cost.py prices those per 1,000 messages).

`python -m benchmarks.fixed_cost --template OTHER.yaml` prices another version of the template (say, main's).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, table
from scripts.sam_translate import TEMPLATE, Deployed, deployed

PRICES = Path(__file__).with_name("prices.json")
SAMPLE_CLIENT_ID = "00000000-0000-0000-0000-000000000000"  # the Rules want one; it changes no cost
BUDGET = 1.00

# The SecureString parameters the command line writes beside the stack (finassist.credentials): Twilio, OpenAI
# and one Microsoft token cache per person who signs in (one for a one-person deployment).
CLI_SECURE_STRINGS = ("twilio", "openai", "graph-token-cache")

CONFIGURATIONS: dict[str, dict[str, str]] = {
    "default parameters": {},
    "DetailedAlarms=true": {"DetailedAlarms": "true"},
    "Dashboard=true": {"Dashboard": "true"},
    "DetailedAlarms=true, Dashboard=true": {"DetailedAlarms": "true", "Dashboard": "true"},
}


@dataclass(frozen=True)
class Line:
    item: str
    count: int
    unit_usd: float
    note: str = ""

    @property
    def usd(self) -> float:
        return self.count * self.unit_usd


def _prices() -> dict[str, Any]:
    fixed: dict[str, Any] = json.loads(PRICES.read_text(encoding="utf-8"))["fixed"]
    return fixed


def alarm_metrics(alarm: dict[str, Any]) -> int:
    """Metrics an alarm is billed for: one, or each MetricStat of a metric-math alarm."""
    metrics = alarm["Properties"].get("Metrics")
    if metrics is None:
        return 1
    return sum(1 for metric in metrics if "MetricStat" in metric)


def lines(stack: Deployed) -> list[Line]:
    prices = _prices()
    alarms = stack.of_type("AWS::CloudWatch::Alarm")
    parameters = stack.of_type("AWS::SSM::Parameter").values()
    advanced = sum(1 for p in parameters if p["Properties"].get("Tier") in ("Advanced", "Intelligent-Tiering"))
    standard = len(stack.of_type("AWS::SSM::Parameter")) - advanced
    uses_cli_secrets = "PARAMETER_PREFIX" in json.dumps(stack.template.get("Resources", {}))
    return [
        Line(
            f"alarm metrics ({len(alarms)} alarms)",
            sum(alarm_metrics(alarm) for alarm in alarms.values()),
            prices["cloudwatch_alarm_metric_standard"]["usd"],
        ),
        Line(
            "dashboards",
            len(stack.of_type("AWS::CloudWatch::Dashboard")),
            prices["cloudwatch_dashboard"]["usd"],
            "list price; an account's first 3 are in the free tier",
        ),
        Line(
            "Secrets Manager secrets",
            len(stack.of_type("AWS::SecretsManager::Secret")),
            prices["secrets_manager_secret"]["usd"],
        ),
        Line("SSM parameters, standard (stack)", standard, prices["ssm_parameter_standard"]["usd"]),
        Line("SSM parameters, advanced (stack)", advanced, prices["ssm_parameter_advanced"]["usd"]),
        Line(
            "SSM SecureStrings, standard (finassist credentials/auth)",
            len(CLI_SECURE_STRINGS) if uses_cli_secrets else 0,
            prices["ssm_parameter_standard"]["usd"],
            "one more token cache per extra person",
        ),
        Line(
            "budgets",
            len(stack.of_type("AWS::Budgets::Budget")),
            prices["budget"]["usd"],
            "an account's first two are free, then $0.02 a day",
        ),
        Line(
            "customer-managed KMS keys", len(stack.of_type("AWS::KMS::Key")), prices["kms_customer_managed_key"]["usd"]
        ),
    ]


def monthly(stack: Deployed) -> float:
    return round(sum(line.usd for line in lines(stack)), 2)


def stack_for(parameters: dict[str, str], template: Path = TEMPLATE) -> Deployed:
    return deployed(parameters={"GraphClientId": SAMPLE_CLIENT_ID, **parameters}, template=template)


def run(template: Path = TEMPLATE) -> str:
    figures = []
    default = monthly(stack_for({}, template))
    for name, parameters in CONFIGURATIONS.items():
        stack = stack_for(parameters, template)
        total = monthly(stack)
        parts = ", ".join(f"{line.count} {line.item} ${line.usd:.2f}" for line in lines(stack) if line.count)
        added = f"; +${total - default:.2f} over the default" if parameters else ""
        figures.append(Figure(f"fixed monthly cost, {name}", f"${total:.2f}", parts + added))
    verdict = "within" if default <= BUDGET else "OVER"
    figures.append(Figure("one-person budget", f"${BUDGET:.2f}", f"default parameters are {verdict} it"))
    return table("AWS fixed cost per month, before the first message (SAM-translated template.yaml)", figures)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--template", type=Path, default=TEMPLATE, help="the template to price (default: ours)")
    args = parser.parse_args(argv)
    print(run(args.template))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
