"""What a cold start costs each function as deployed: its INIT (the handler's import, tracing on, from
benchmarks/import_time.py) plus what its first call loads (the libraries deferred to the call that needs them, which
are billed in that invocation's duration). Both are billed: Lambda bills the INIT phase of on-demand functions since
2025-08-01 (https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/).

Each library is measured alone, CPU ms in a fresh interpreter that has already imported what every handler imports
(and boto3, for the libraries built on it); libraries that share a dependency (twilio and MSAL both use requests)
are counted in full for each, a few tens of ms too many where a function loads both. The Lambda runtime's own start
before the handler's import is not measurable here and not counted. CPU ms on this machine's x86 cores: a 256 MB
arm64 function has a fraction of a vCPU (Lambda allocates CPU in proportion to memory, a full vCPU at 1,769 MB:
https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), so in AWS these are lower bounds.

The share of cold starts: a person writes in short sessions (an expense or two, a question), and Lambda reclaims an
idle execution environment after some minutes (AWS does not document how long). With about three messages a
session, the first message of a session finds every function on its path cold: COLD_SHARE = 1/3 of messages pay
every function's cold start once. Powertools Parameters caches credentials for 5 minutes per environment, so the
same share of messages reads them from Parameter Store (the warm share, 2/3, reads none).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from benchmarks import import_time
from benchmarks.common import grid
from benchmarks.deployed import functions

COLD_SHARE = 1 / 3
RUNS = 3

# key: (what it is, code that loads it as the first call does, libraries it is built on: loaded first, not timed)
LIBRARIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "boto3": ("boto3 and a DynamoDB resource", "import boto3\nboto3.resource('dynamodb').Table('t')", ()),
    "parameters": (
        "Powertools Parameters",
        "from aws_lambda_powertools.utilities import parameters\nparameters.SSMProvider()",
        ("import boto3",),
    ),
    "openai": ("the OpenAI SDK and a client", "import openai\nopenai.OpenAI(api_key='x')", ()),
    "twilio": ("the Twilio REST client", "from twilio.rest import Client\nClient('AC' + '0' * 32, 'x').messages", ()),
    "msal": ("MSAL and requests (Graph)", "import msal, requests", ()),
    "idempotency": (
        "Powertools Idempotency",
        "from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig",
        ("import boto3",),
    ),
    "tools": ("the tools' schemas (pydantic)", "import finassist.tools", ()),
}


@dataclass(frozen=True)
class ColdStart:
    function: str
    init_ms: float
    first_call_ms: float

    @property
    def total_ms(self) -> float:
        return self.init_ms + self.first_call_ms


def _load_ms(key: str) -> float:
    _, code, before = LIBRARIES[key]
    timed = (
        "import time, finassist.observability, finassist.wiring\n"
        + "".join(f"{line}\n" for line in before)
        + f"started = time.process_time()\n{code}\nprint((time.process_time() - started) * 1000)"
    )
    step = import_time.ROOT / "lambdas" / "parse_message"
    return statistics.median(float(import_time.run_python(step, True, ["-c", timed]).split()[-1]) for _ in range(RUNS))


@cache
def library_ms() -> dict[str, float]:
    return {key: _load_ms(key) for key in LIBRARIES}


def _code_dir(logical_id: str) -> str:
    """ParseMessageFunction -> parse_message (the one name through every layer, STYLE.md 4)."""
    name = logical_id.removesuffix("Function")
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


@cache
def cold_starts() -> dict[str, ColdStart]:
    """Per function logical id."""
    imports = {name: on[1] for name, on, _, _ in import_time.measure()}
    loads = library_ms()
    return {
        logical_id: ColdStart(
            logical_id,
            imports.get(_code_dir(logical_id), 0.0),
            sum(loads[key] for key in function.libraries),
        )
        for logical_id, function in functions().items()
    }


def cold_seconds(logical_ids: Iterable[str]) -> float:
    """What a message whose every function is cold pays on top of a warm one (each function once)."""
    starts = cold_starts()
    return sum(starts[name].total_ms for name in set(logical_ids)) / 1000


def run() -> str:
    loads = library_ms()
    rows = [[LIBRARIES[key][0], f"{ms:.0f} ms"] for key, ms in loads.items()]
    libraries = grid(
        "What a first call loads (CPU ms, fresh interpreter, median of 3)",
        ["library", "first-call load"],
        rows,
        "Loaded by the call that first needs it, so billed in that invocation's duration once per cold start.",
    )
    per_function = [
        [
            start.function,
            f"{start.init_ms:.0f} ms",
            ", ".join(functions()[start.function].libraries) or "nothing",
            f"{start.first_call_ms:.0f} ms",
            f"{start.total_ms:.0f} ms",
        ]
        for start in cold_starts().values()
    ]
    table = grid(
        "Cold start per function, as deployed",
        ["function", "INIT (handler import, tracing on)", "first call loads", "first-call ms", "cold start"],
        per_function,
        f"Priced for {COLD_SHARE:.0%} of messages (COLD_SHARE, benchmarks/cold_start.py explains the share); "
        "CPU ms on this machine, lower bounds for a 256 MB arm64 function.",
    )
    return libraries + "\n" + table


if __name__ == "__main__":
    print(run())
