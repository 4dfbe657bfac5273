"""Secret values, fetched at run time from Secrets Manager through Powertools Parameters (cached 5 min).

Only names live in settings; values never enter the environment, logs or state machine payloads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from finassist.settings import Settings

CACHE_SECONDS = 300


@dataclass(frozen=True)
class TwilioCredentials:
    account_sid: str
    auth_token: str

    def __repr__(self) -> str:  # keep the token out of tracebacks and logs
        return f"TwilioCredentials(account_sid={self.account_sid[:6]}…, auth_token=***)"


def _secret_json(name: str) -> dict[str, Any]:
    # Imported here: Parameters brings boto3, which a step that reads no secret should not load at cold start.
    from aws_lambda_powertools.utilities import parameters

    value = parameters.get_secret(name, transform="json", max_age=CACHE_SECONDS)
    if not isinstance(value, dict):
        raise ValueError(f"secret {name} must be a JSON object")
    return value


def twilio_credentials(settings: Settings) -> TwilioCredentials:
    """Account SID and Auth Token: they sign webhooks, send messages and download media."""
    value = _secret_json(settings.twilio_secret_name)
    return TwilioCredentials(account_sid=str(value["account_sid"]), auth_token=str(value["auth_token"]))


def openai_api_key(settings: Settings) -> str:
    """The OpenAI key: from Secrets Manager in AWS, or the developer's own OPENAI_API_KEY locally."""
    if settings.openai_secret_name:
        return str(_secret_json(settings.openai_secret_name)["api_key"])
    return os.environ.get(settings.openai_api_key_env or "OPENAI_API_KEY", "")


def graph_client_secret(settings: Settings) -> str:
    """The Entra ID app's client secret, for MSAL's confidential client."""
    return str(_secret_json(settings.graph_client_secret_name)["client_secret"])
