"""`finassist auth`: put a Microsoft Graph refresh token into the ledger's token cache in Secrets Manager, once.

The client secret comes from the environment (GRAPH_CLIENT_SECRET), never from a flag, so it stays out of shell
history; the refresh token comes from a file or is redeemed from an authorization code. Nothing printed here
contains a token.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from finassist.errors import FinAssistError

CLIENT_SECRET_ENV = "GRAPH_CLIENT_SECRET"  # noqa: S105 - the variable's name, not its value


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "auth",
        help="bootstrap the Graph token cache in Secrets Manager",
        description=f"Bootstrap the Microsoft Graph token cache. The client secret is read from ${CLIENT_SECRET_ENV}.",
    )
    parser.add_argument("--client-id", required=True, help="the app registration's application (client) id")
    parser.add_argument(
        "--tenant", required=True, help="tenant id or domain; 'consumers' for a personal OneDrive account"
    )
    parser.add_argument("--secret-name", required=True, help="the Secrets Manager secret holding the token cache")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--refresh-token-file", type=Path, help="a file holding a refresh token obtained elsewhere")
    source.add_argument("--auth-code", help="an authorization code from the sign-in redirect")
    parser.add_argument("--redirect-uri", help="the redirect URI the authorization code was issued for")
    parser.add_argument("--scope", action="append", dest="scopes", help="a Graph scope (default: Files.ReadWrite)")
    parser.add_argument("--profile", help="AWS profile for Secrets Manager")
    parser.add_argument("--region", help="AWS region for Secrets Manager")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import boto3

    from finassist.adapters.graph_auth import (
        DEFAULT_SCOPES,
        GraphTokenProvider,
        SecretsManagerTokenCache,
        authority_for,
    )

    client_secret = os.environ.get(CLIENT_SECRET_ENV, "")
    if not client_secret:
        print(f"finassist auth: set {CLIENT_SECRET_ENV} to the app registration's client secret", file=sys.stderr)
        return 2
    if args.auth_code and not args.redirect_uri:
        print("finassist auth: --auth-code needs --redirect-uri", file=sys.stderr)
        return 2
    session = boto3.Session(profile_name=args.profile, region_name=args.region)
    store = SecretsManagerTokenCache(args.secret_name, session.client("secretsmanager"))
    try:
        tokens = GraphTokenProvider(
            args.client_id, client_secret, authority_for(args.tenant), store, tuple(args.scopes or DEFAULT_SCOPES)
        )
        if args.refresh_token_file:
            refresh_token = args.refresh_token_file.read_text(encoding="utf-8").strip()
            username = tokens.bootstrap_from_refresh_token(refresh_token)
        else:
            username = tokens.bootstrap_from_auth_code(args.auth_code, args.redirect_uri)
    except (FinAssistError, ValueError, OSError) as exc:
        print(f"finassist auth: {exc}", file=sys.stderr)
        return 1
    print(f"Token cache for {username or 'the signed-in account'} saved in the secret {args.secret_name}.")
    return 0
