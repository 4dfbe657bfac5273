"""`finassist users`: who may talk to FinAssist, and where each person's workbook is (the Users table).

A sender not in the table, or disabled, gets one polite refusal and costs no model call. The sender id is
Twilio's `From` exactly (`whatsapp:+5511987654321`), never a number parsed out of it. `--stack` and `--region` find
the table from the stack's name (or give the `UsersTableName` output as `--table`).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from finassist.adapters.dynamo_users import DynamoUserDirectory
from finassist.ports import User
from finassist.redaction import mask_phone_numbers

_BARE_E164 = re.compile(r"^\+\d{8,15}$")


class UsersError(Exception):
    """Something the operator must fix: printed, exit code 1."""


def sender_id(raw: str) -> str:
    """Twilio's `From` for a WhatsApp sender: a bare +E.164 number gets the `whatsapp:` prefix Twilio sends."""
    value = raw.strip()
    if _BARE_E164.match(value):
        return "whatsapp:" + value
    if not value or any(ch.isspace() for ch in value):
        raise UsersError(f"not a sender id: {raw!r} (expected e.g. whatsapp:+5511987654321)")
    return value


def workbook_for(
    item_id: str | None,
    table_name: str,
    mode: str | None = None,
    file: str | None = None,
    token_parameter: str | None = None,
) -> dict[str, str]:
    """The `workbook` map wiring.ledger_for reads: a Graph item (item_id, table, and mode and token_parameter when
    they differ from the deployment's GraphMode and its shared token cache) or a local file."""
    if file and (item_id or mode or token_parameter):
        raise UsersError("give either --item-id (OneDrive workbook) or --file (local .xlsx), not both")
    if file:
        return {"file": file}
    if not item_id:
        if mode or token_parameter:
            raise UsersError("--mode and --token-parameter describe a OneDrive workbook: give its --item-id too")
        return {}
    workbook = {"item_id": item_id, "table": table_name}
    if mode:
        workbook["mode"] = mode
    if token_parameter:
        workbook["token_parameter"] = token_parameter
    return workbook


def add_user(directory: DynamoUserDirectory, sender: str, name: str, workbook: dict[str, str]) -> tuple[User, bool]:
    """Let a sender in (or update and re-enable them, keeping their workbook when none is given); returns the
    user and whether they were new."""
    return directory.enroll(sender, name, workbook or None)


def disable_user(directory: DynamoUserDirectory, sender: str) -> User:
    """Keep the row (and the workbook it points to) but refuse the sender's messages from now on."""
    user = directory.disable(sender)
    if user is None:
        raise UsersError(f"no user {sender}")
    return user


def _describe_workbook(workbook: dict[str, str]) -> str:
    if "file" in workbook:
        return f"file {workbook['file']}"
    if "item_id" in workbook:
        described = f"OneDrive item {workbook['item_id']} table {workbook.get('table', '?')}"
        described += f" ({workbook.get('mode', 'GraphMode')})"
        return described + (f" tokens {workbook['token_parameter']}" if "token_parameter" in workbook else "")
    return "(none yet)"


def format_users(users: list[User], *, show_numbers: bool = False) -> str:
    if not users:
        return "No users yet: add one with `finassist users add whatsapp:+55... --name NAME`."
    shown = [(u.sender_id if show_numbers else mask_phone_numbers(u.sender_id), u) for u in users]
    width = max(len(s) for s, _ in shown)
    # KEY is what executions carry instead of the number (`finassist history` shows it): the way back to a person.
    lines = [f"{'SENDER':<{width}}  {'NAME':<20}  {'STATUS':<8}  {'KEY':<21}  WORKBOOK"]
    for sender, user in sorted(shown, key=lambda pair: (pair[1].status, pair[1].display_name, pair[0])):
        workbook = _describe_workbook(user.workbook)
        lines.append(f"{sender:<{width}}  {user.display_name:<20}  {user.status:<8}  {user.user_key:<21}  {workbook}")
    return "\n".join(lines)


def directory_for(args: argparse.Namespace) -> DynamoUserDirectory:
    import boto3

    session = boto3.Session(profile_name=args.profile, region_name=args.region)
    table = args.table
    if args.stack:
        from finassist import deployment

        if not args.region:
            raise UsersError("--stack needs --region (the stack's region)")
        table = deployment.find(session.client("ssm"), args.stack, args.region).users_table
    if not table:
        raise UsersError("say which stack: --stack NAME --region REGION (or --table UsersTableName)")
    return DynamoUserDirectory(session.resource("dynamodb").Table(table))


def _run_add(args: argparse.Namespace) -> int:
    sender = sender_id(args.sender)
    workbook = workbook_for(args.item_id, args.table_name, args.mode, args.file, args.token_parameter)
    user, created = add_user(directory_for(args), sender, args.name, workbook)
    verb = "added" if created else "updated (active)"
    print(f"{mask_phone_numbers(user.sender_id)} {verb}: {user.display_name}, {_describe_workbook(user.workbook)}")
    return 0


def _run_list(args: argparse.Namespace) -> int:
    print(format_users(directory_for(args).all(), show_numbers=args.show_numbers))
    return 0


def _run_disable(args: argparse.Namespace) -> int:
    user = disable_user(directory_for(args), sender_id(args.sender))
    print(f"{mask_phone_numbers(user.sender_id)} disabled: their messages now get the polite refusal")
    return 0


def _run(args: argparse.Namespace) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    from finassist.errors import FinAssistError

    try:
        result: int = args.action(args)
    except (UsersError, FinAssistError, BotoCoreError, ClientError) as exc:  # say so, no traceback
        print(f"finassist users: {exc}", file=sys.stderr)
        return 1
    return result


def register(subparsers: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--stack", help="the stack name given to sam deploy (finds its Users table; needs --region)")
    common.add_argument("--table", help="or the Users table itself (the stack's UsersTableName output)")
    common.add_argument("--profile", help="AWS profile (default: the usual credential chain)")
    common.add_argument("--region", help="AWS region (default: the profile's)")
    parser = subparsers.add_parser("users", help="allow, list and disable WhatsApp senders", description=__doc__)
    actions = parser.add_subparsers(dest="users_command", required=True)

    add = actions.add_parser("add", parents=[common], help="let a sender in and say where their workbook is")
    add.add_argument("sender", metavar="SENDER", help="Twilio's From, e.g. whatsapp:+5511987654321")
    add.add_argument("--name", required=True, help="how FinAssist calls them")
    add.add_argument("--item-id", help="the workbook's OneDrive drive item id (Microsoft Graph)")
    add.add_argument("--table-name", default="Despesas", help="the Excel table in the workbook (default Despesas)")
    add.add_argument(
        "--mode",
        choices=["rest", "file"],
        help="rest: Excel REST API (business OneDrive); file: .xlsx download/upload (default: the GraphMode parameter)",
    )
    add.add_argument(
        "--token-parameter",
        help="this user's own token cache parameter (finassist auth --sender records it; default: the stack's)",
    )
    add.add_argument("--file", help="a local .xlsx instead of OneDrive (the embedded stack's ledger)")
    add.set_defaults(run=_run, action=_run_add)

    listing = actions.add_parser("list", parents=[common], help="every sender, active first")
    listing.add_argument("--show-numbers", action="store_true", help="print sender ids in full (masked by default)")
    listing.set_defaults(run=_run, action=_run_list)

    disable = actions.add_parser("disable", parents=[common], help="refuse a sender's messages from now on")
    disable.add_argument("sender", metavar="SENDER")
    disable.set_defaults(run=_run, action=_run_disable)
