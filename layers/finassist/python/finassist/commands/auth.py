"""`finassist auth`: sign a person in to Microsoft with a device code and keep their token cache for the stack.

The stack is found from its name and the region given (never the profile's default region, so a cache cannot land
quietly where no function reads it): its deployment parameter names the app registration (GraphClientId,
GraphTenant) and where the cache goes. Open the link it prints, type the code, sign in with the account whose
OneDrive holds the workbook. Nothing printed here contains a token.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from finassist.errors import FinAssistError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "auth",
        help="sign in to Microsoft (device code) and save the token cache for a stack",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--stack", required=True, help="the stack name given to sam deploy")
    parser.add_argument("--region", required=True, help="the stack's region (no default: say which)")
    parser.add_argument(
        "--sender",
        help="sign in for this user only (their own OneDrive; recorded on their row): Twilio's From, e.g. "
        "whatsapp:+5511987654321. Without it, the stack's shared token cache.",
    )
    parser.add_argument("--profile", help="AWS profile (default: the usual credential chain)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return _sign_in(args)
    except (FinAssistError, BotoCoreError, ClientError, ValueError) as exc:
        print(f"finassist auth: {exc}", file=sys.stderr)
        return 1


def _sign_in(args: argparse.Namespace) -> int:
    import boto3

    from finassist import deployment
    from finassist.adapters.dynamo_users import DynamoUserDirectory
    from finassist.adapters.graph_auth import GraphTokenProvider, SsmTokenCache, authority_for
    from finassist.commands.users import sender_id
    from finassist.redaction import mask_phone_numbers

    session = boto3.Session(profile_name=args.profile, region_name=args.region)
    ssm = session.client("ssm")
    stack = deployment.find(ssm, args.stack, args.region)
    if not stack.graph_client_id:
        print(f"finassist auth: stack {args.stack} has no GraphClientId (docs/deploy.md, step 2)", file=sys.stderr)
        return 2
    user, directory, parameter = None, None, stack.token_cache_parameter()
    if args.sender:
        directory = DynamoUserDirectory(session.resource("dynamodb").Table(stack.users_table))
        user = directory.get(sender_id(args.sender))
        if user is None:
            print(f"finassist auth: add the user first: finassist users add {args.sender} ...", file=sys.stderr)
            return 1
        parameter = user.workbook.get("token_parameter") or stack.token_cache_parameter(user.sender_id)
    tokens = GraphTokenProvider(
        stack.graph_client_id, None, authority_for(stack.graph_tenant), SsmTokenCache(parameter, ssm)
    )
    username = tokens.bootstrap_from_device_flow(lambda message: print(message, flush=True))
    if user is not None and directory is not None and user.workbook.get("token_parameter") != parameter:
        directory.put(replace(user, workbook={**user.workbook, "token_parameter": parameter}))
    who = f" for {mask_phone_numbers(user.sender_id)}" if user else ""
    print(f"Signed in as {username or 'the account'}{who}. Token cache saved in {parameter} ({args.region}).")
    print("Running functions read it at their next ledger call; no redeploy is needed.")
    return 0
