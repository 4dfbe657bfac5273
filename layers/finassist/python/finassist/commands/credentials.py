"""`finassist credentials`: put the Twilio and OpenAI credentials where a stack's functions read them.

Each is a SecureString parameter under /finassist/<stack>/ (the AWS managed key aws/ssm, standard tier: free).
Values come from TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and OPENAI_API_KEY when set, otherwise from a prompt that
does not echo the secrets; they never go on the command line (shell history) and are never printed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from typing import Any

from finassist.errors import FinAssistError

_ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
_AUTH_TOKEN = re.compile(r"^[0-9a-fA-F]{32}$")
KINDS = ("twilio", "openai")


class CredentialsError(FinAssistError):
    """A value that cannot be right (say, an Account SID that does not start with AC)."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "credentials",
        help="set or check a stack's Twilio and OpenAI credentials (SSM SecureStrings)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="credentials_command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--stack", required=True, help="the stack name given to sam deploy")
    common.add_argument("--region", required=True, help="the stack's region (no default: say which)")
    common.add_argument("--profile", help="AWS profile (default: the usual credential chain)")

    put = actions.add_parser("set", parents=[common], help="write the credentials (prompts for what is not set)")
    put.add_argument("--only", choices=KINDS, help="write just this one (e.g. after rotating the Twilio token)")
    put.set_defaults(run=_run, action=_set)

    show = actions.add_parser("show", parents=[common], help="which credentials are set, and when (no values)")
    show.set_defaults(run=_run, action=_show)


def _run(args: argparse.Namespace) -> int:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        ssm = boto3.Session(profile_name=args.profile, region_name=args.region).client("ssm")
        result: int = args.action(args, ssm)
    except (FinAssistError, BotoCoreError, ClientError) as exc:
        print(f"finassist credentials: {exc}", file=sys.stderr)
        return 1
    return result


def _value(variable: str, prompt: str, *, secret: bool) -> str:
    value = os.environ.get(variable, "").strip()
    if value:
        return value
    return (getpass.getpass(prompt) if secret else input(prompt)).strip()


def twilio_value() -> dict[str, str]:
    account_sid = _value("TWILIO_ACCOUNT_SID", "Twilio Account SID (AC...): ", secret=False)
    auth_token = _value("TWILIO_AUTH_TOKEN", "Twilio Auth Token (not shown): ", secret=True)
    if not _ACCOUNT_SID.match(account_sid):
        raise CredentialsError("a Twilio Account SID is AC followed by 32 hexadecimal characters")
    if not _AUTH_TOKEN.match(auth_token):
        raise CredentialsError("a Twilio Auth Token is 32 hexadecimal characters (Console -> Account info)")
    return {"account_sid": account_sid, "auth_token": auth_token}


def openai_value() -> dict[str, str]:
    api_key = _value("OPENAI_API_KEY", "OpenAI API key (sk-..., not shown): ", secret=True)
    if not api_key.startswith("sk-"):
        raise CredentialsError("an OpenAI API key starts with sk-")
    return {"api_key": api_key}


def _set(args: argparse.Namespace, ssm: Any) -> int:
    from finassist import credentials, deployment

    stack = deployment.find(ssm, args.stack, args.region)
    settings = stack.settings
    targets = {
        "twilio": (settings.twilio_parameter, twilio_value, "FinAssist: Twilio account_sid and auth_token"),
        "openai": (settings.openai_parameter, openai_value, "FinAssist: OpenAI api_key"),
    }
    for kind in (args.only,) if args.only else KINDS:
        name, read, description = targets[kind]
        version = credentials.save(ssm, name, read(), description)
        print(f"{kind}: saved in {name} (version {version}, {args.region}); functions read it within 5 minutes")
    return 0


def _show(args: argparse.Namespace, ssm: Any) -> int:
    from botocore.exceptions import ClientError

    from finassist import deployment

    stack = deployment.find(ssm, args.stack, args.region)
    settings = stack.settings
    needed = {
        settings.twilio_parameter: "finassist credentials set",
        settings.openai_parameter: "finassist credentials set",
        settings.graph_token_cache_parameter: "",  # people may have their own (finassist auth --sender)
    }
    missing = 0
    for name, remedy in needed.items():
        try:
            found = ssm.get_parameter(Name=name)["Parameter"]  # not decrypted: only the metadata is printed
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "ParameterNotFound":
                raise
            print(
                f"{name}: missing"
                + (f" (run {remedy})" if remedy else " (fine if each user ran finassist auth --sender)")
            )
            missing += bool(remedy)
            continue
        changed = found["LastModifiedDate"]
        print(f"{name}: {found['Type']}, version {found['Version']}, changed {changed:%Y-%m-%d %H:%M}")
    return 1 if missing else 0
