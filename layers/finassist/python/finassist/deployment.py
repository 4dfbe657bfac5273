"""A deployed stack as the command line finds it: from its name and region alone, through the plain (no secret)
parameter the stack writes at /finassist/<stack>/deployment. The same names the functions use come from Settings,
so the command line and the functions cannot disagree on where a credential lives.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from finassist.errors import FinAssistError
from finassist.settings import Settings


class DeploymentNotFound(FinAssistError):
    """No FinAssist stack of that name in that region (or the caller may not read its parameter)."""


def parameter_prefix(stack: str) -> str:
    """Where a stack's parameters live; template.yaml writes the same path (PARAMETER_PREFIX)."""
    return f"/finassist/{stack}"


@dataclass(frozen=True)
class Deployment:
    stack: str
    region: str
    users_table: str
    graph_client_id: str
    graph_tenant: str
    graph_mode: str
    state_machine_arn: str = ""

    @property
    def settings(self) -> Settings:
        """The settings a function of this stack runs with, as far as the command line needs them."""
        return Settings(
            parameter_prefix=parameter_prefix(self.stack),
            users_table=self.users_table,
            graph_client_id=self.graph_client_id,
            graph_tenant=self.graph_tenant,
            graph_mode="rest" if self.graph_mode == "rest" else "file",
            state_machine_arn=self.state_machine_arn,
        )

    def token_cache_parameter(self, sender_id: str | None = None) -> str:
        """The stack's token cache, or one person's own (named by a hash: no phone number in a parameter name)."""
        base = self.settings.graph_token_cache_parameter
        if sender_id is None:
            return base
        return f"{base}/{hashlib.sha256(sender_id.encode()).hexdigest()[:16]}"


def find(ssm: Any, stack: str, region: str) -> Deployment:
    """The stack `stack` in `region`, read from its deployment parameter."""
    from botocore.exceptions import ClientError

    name = f"{parameter_prefix(stack)}/deployment"
    try:
        value = ssm.get_parameter(Name=name)["Parameter"]["Value"]
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        raise DeploymentNotFound(
            f"no FinAssist stack {stack!r} in {region} ({code} on {name}): check --stack and --region"
        ) from exc
    fields = json.loads(value)
    return Deployment(
        stack=stack,
        region=region,
        users_table=str(fields["users_table"]),
        graph_client_id=str(fields.get("graph_client_id", "")),
        graph_tenant=str(fields.get("graph_tenant", "consumers")),
        graph_mode=str(fields.get("graph_mode", "file")),
        state_machine_arn=str(fields.get("state_machine_arn", "")),
    )
