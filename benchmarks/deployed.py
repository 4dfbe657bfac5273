"""Each function as CloudFormation would create it (the SAM-translated template.yaml): its memory, which credentials
it reads from Parameter Store, and which heavy libraries its first call loads (cold-start cost beyond the import).

The libraries a function loads are read from what its role allows, so a new function is covered without a list
here: any AWS action loads boto3 and a client; reading the `openai` or `twilio` SecureString loads Powertools
Parameters (credentials.py) and, for `openai`, the OpenAI SDK; the Graph token cache loads MSAL and requests; access
to the idempotency table loads Powertools Idempotency; a statement that sends through Twilio loads its REST client.
Only RunTool's tool schemas (pydantic) are named by the function, as no permission shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from benchmarks.fixed_cost import stack_for
from scripts.sam_translate import Deployed

SECURE_STRINGS = ("twilio", "openai", "graph-token-cache")


@dataclass(frozen=True)
class Function:
    logical_id: str
    memory_mb: int
    parameters: tuple[str, ...]
    """The SecureStrings it may GetParameter (names after the stack's prefix)."""
    libraries: tuple[str, ...]
    """What its first call loads, keys of cold_start.LIBRARIES."""


def _statements(stack: Deployed, role: dict[str, Any]) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = []
    for policy in role.get("Properties", {}).get("Policies", []):
        document = stack.value(policy["PolicyDocument"])
        statements.extend(document.get("Statement", []))
    return statements


def _as_list(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _parameters(statements: list[dict[str, Any]]) -> tuple[str, ...]:
    found = []
    for statement in statements:
        if "ssm:GetParameter" not in _as_list(statement.get("Action", [])):
            continue
        for resource in _as_list(statement.get("Resource", [])):
            name = resource.rsplit("/", 1)[-1]
            if name in SECURE_STRINGS and name not in found:
                found.append(name)
    return tuple(found)


def libraries_for(logical_id: str, statements: list[dict[str, Any]], parameters: tuple[str, ...]) -> tuple[str, ...]:
    actions = [action for statement in statements for action in _as_list(statement.get("Action", []))]
    resources = " ".join(resource for statement in statements for resource in _as_list(statement.get("Resource", [])))
    sids = " ".join(str(statement.get("Sid", "")) for statement in statements)
    loads = []
    if any(action.split(":")[0] in ("dynamodb", "ssm", "s3", "states") for action in actions):
        loads.append("boto3")
    if "openai" in parameters or "twilio" in parameters:
        loads.append("parameters")
    if "openai" in parameters:
        loads.append("openai")
    if "SendThroughTwilio" in sids:
        loads.append("twilio")
    if "graph-token-cache" in parameters:
        loads.append("msal")
    if "IdempotencyTable" in resources:
        loads.append("idempotency")
    if logical_id == "RunToolFunction":
        loads.append("tools")
    return tuple(loads)


@cache
def functions() -> dict[str, Function]:
    """Every function of the default deployment, by logical id."""
    stack = stack_for({})
    roles = stack.of_type("AWS::IAM::Role")
    result = {}
    for logical_id, resource in stack.of_type("AWS::Lambda::Function").items():
        properties = resource["Properties"]
        role_id = properties["Role"]["Fn::GetAtt"][0]
        statements = _statements(stack, roles[role_id])
        parameters = _parameters(statements)
        result[logical_id] = Function(
            logical_id,
            int(properties.get("MemorySize", 128)),  # Lambda's default when a template sets none
            parameters,
            libraries_for(logical_id, statements, parameters),
        )
    return result
