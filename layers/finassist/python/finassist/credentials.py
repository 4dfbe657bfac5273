"""Credentials, read at run time from SSM Parameter Store SecureStrings through Powertools Parameters (cached 5 min).

Only where they live is a setting (the stack's parameter prefix, /finassist/<stack>); values never enter the
environment, logs or state machine payloads. `finassist credentials set` writes them. CloudFormation cannot create
a SecureString, so they are never stack resources: deleting or replacing the stack leaves them where they are.
Why Parameter Store and not Secrets Manager: docs/decisions.md ("One place for credentials").
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from finassist.errors import CredentialsMissing
from finassist.settings import Settings

CACHE_SECONDS = 300
STANDARD_TIER_LIMIT = 4096
"""Characters a standard (free) parameter holds; an advanced one costs $0.05 a month."""


@dataclass(frozen=True)
class TwilioCredentials:
    account_sid: str
    auth_token: str

    def __repr__(self) -> str:  # keep the token out of tracebacks and logs
        return f"TwilioCredentials(account_sid={self.account_sid[:6]}…, auth_token=***)"


def _parameter_json(name: str, *keys: str) -> dict[str, Any]:
    from aws_lambda_powertools.utilities import parameters

    try:
        value = parameters.get_parameter(name, decrypt=True, transform="json", max_age=CACHE_SECONDS)
    except parameters.GetParameterError as exc:
        raise CredentialsMissing(f"cannot read {name}: run finassist credentials set ({type(exc).__name__})") from exc
    except parameters.TransformParameterError as exc:
        raise CredentialsMissing(f"{name} is not JSON: run finassist credentials set") from exc
    if not isinstance(value, dict) or any(not value.get(key) for key in keys):
        raise CredentialsMissing(f"{name} must hold {', '.join(keys)}: run finassist credentials set")
    return value


def twilio_credentials(settings: Settings) -> TwilioCredentials:
    """Account SID and Auth Token: they sign webhooks, send messages and download media."""
    value = _parameter_json(settings.twilio_parameter, "account_sid", "auth_token")
    return TwilioCredentials(account_sid=str(value["account_sid"]), auth_token=str(value["auth_token"]))


def openai_api_key(settings: Settings) -> str:
    """The OpenAI key: from its parameter in AWS, or the developer's own OPENAI_API_KEY locally."""
    if settings.openai_api_key_env:
        return os.environ.get(settings.openai_api_key_env, "")
    return str(_parameter_json(settings.openai_parameter, "api_key")["api_key"])


def save(ssm: Any, name: str, value: Mapping[str, str], description: str) -> int:
    """Write one credential as a standard-tier SecureString (the AWS managed key aws/ssm); returns its version."""
    text = json.dumps(dict(value), separators=(",", ":"))
    if len(text) > STANDARD_TIER_LIMIT:
        raise CredentialsMissing(f"{name} would be over {STANDARD_TIER_LIMIT} characters")
    response = ssm.put_parameter(
        Name=name, Value=text, Type="SecureString", Overwrite=True, Tier="Standard", Description=description
    )
    return int(response.get("Version", 0))
