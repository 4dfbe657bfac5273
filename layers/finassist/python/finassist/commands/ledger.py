"""`finassist ledger show|export`: read a local Despesas workbook (.xlsx) the way the assistant does.
`finassist ledger init`: create a user's Despesas workbook in their OneDrive and register it on their row."""

from __future__ import annotations

import argparse
import calendar
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from finassist.domain.expense import LedgerRow, total, totals_by_category
from finassist.domain.money import format_brl
from finassist.errors import FinAssistError
from finassist.exports import csv_bytes


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("ledger", help="show or export a local ledger workbook")
    actions = parser.add_subparsers(dest="ledger_action", required=True)

    show = actions.add_parser("show", help="print the rows and the totals by category")
    _common(show)
    show.set_defaults(run=run_show)

    export = actions.add_parser("export", help="write the rows to a CSV (the format `load_csv` reads back)")
    _common(export)
    export.add_argument("--csv", type=Path, required=True, help="the CSV file to write")
    export.set_defaults(run=run_export)

    init = actions.add_parser(
        "init",
        help="create the Despesas workbook in a user's OneDrive and register it for them",
        description="Create a new workbook with the table Despesas in the signed-in person's OneDrive (run "
        "`finassist auth` first) and record it on the user's row. Personal accounts get file mode.",
    )
    init.add_argument("--stack", required=True, help="the stack name given to sam deploy")
    init.add_argument("--region", required=True, help="the stack's region (no default: say which)")
    init.add_argument("--sender", required=True, help="the user, as Twilio's From (whatsapp:+55...)")
    init.add_argument("--path", default="FinAssist/Despesas.xlsx", help="where in their OneDrive (default %(default)s)")
    init.add_argument("--profile", help="AWS profile (default: the usual credential chain)")
    init.set_defaults(run=run_init)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", type=Path, required=True, help="the .xlsx workbook with the table Despesas")
    parser.add_argument("--month", type=_month, help="only this calendar month, as YYYY-MM (e.g. 2026-11)")


def _month(text: str) -> tuple[date, date]:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM, got {text!r}") from exc


def _rows(args: argparse.Namespace) -> list[LedgerRow] | None:
    from finassist.adapters.xlsx_ledger import XlsxLedger

    if not args.file.is_file():
        print(f"finassist ledger: no workbook at {args.file}", file=sys.stderr)
        return None
    try:
        rows = XlsxLedger(args.file).rows()
    except FinAssistError as exc:
        print(f"finassist ledger: {exc}", file=sys.stderr)
        return None
    if args.month:
        start, end = args.month
        rows = [row for row in rows if start <= row.expense.date <= end]
    return sorted(rows, key=lambda row: row.expense.date)


def run_show(args: argparse.Namespace) -> int:
    rows = _rows(args)
    if rows is None:
        return 1
    period = f"{args.month[0]:%m/%Y}" if args.month else "todo o período"
    print(f"Despesas ({period}): {len(rows)} lançamento(s)")
    for row in rows:
        expense = row.expense
        notes = f" ({expense.notes})" if expense.notes else ""
        print(
            f"{expense.date:%d/%m/%Y}  {expense.category:<12}  {format_brl(expense.amount):>13}  "
            f"{expense.description}{notes}"
        )
    if rows:
        print()
        print("Totais por categoria:")
        for category, amount in totals_by_category(rows).items():
            print(f"  {category:<12}  {format_brl(amount):>13}")
    print(f"Total: {format_brl(total(rows))}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    rows = _rows(args)
    if rows is None:
        return 1
    args.csv.write_bytes(csv_bytes(rows))
    print(f"{len(rows)} linha(s) exportada(s) para {args.csv}")
    return 0


def run_init(args: argparse.Namespace) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return _init(args)
    except (FinAssistError, BotoCoreError, ClientError) as exc:
        print(f"finassist ledger init: {exc}", file=sys.stderr)
        return 1


def _init(args: argparse.Namespace) -> int:
    import boto3
    import requests

    from finassist import deployment
    from finassist.adapters import graph_drive
    from finassist.adapters.dynamo_users import DynamoUserDirectory
    from finassist.adapters.graph_auth import GraphTokenProvider, SsmTokenCache, authority_for
    from finassist.commands.users import sender_id
    from finassist.domain.expense import TABLE_NAME
    from finassist.redaction import mask_phone_numbers

    session = boto3.Session(profile_name=args.profile, region_name=args.region)
    ssm = session.client("ssm")
    stack = deployment.find(ssm, args.stack, args.region)
    directory = DynamoUserDirectory(session.resource("dynamodb").Table(stack.users_table))
    user = directory.get(sender_id(args.sender))
    if user is None:
        print(f"finassist ledger init: add the user first: finassist users add {args.sender} ...", file=sys.stderr)
        return 1
    parameter = user.workbook.get("token_parameter") or stack.token_cache_parameter()
    tokens = GraphTokenProvider(
        stack.graph_client_id, None, authority_for(stack.graph_tenant), SsmTokenCache(parameter, ssm)
    )
    item = graph_drive.create_workbook(requests.Session(), tokens, args.path, graph_drive.empty_ledger_workbook())
    # The Excel REST API does not serve personal OneDrive workbooks; file mode works for every account.
    mode = "file" if stack.graph_tenant == "consumers" else stack.graph_mode
    workbook = {"item_id": item.item_id, "table": TABLE_NAME, "mode": mode}
    if "token_parameter" in user.workbook:
        workbook["token_parameter"] = user.workbook["token_parameter"]
    directory.put(replace(user, workbook=workbook))
    print(f"Created {args.path} in OneDrive ({item.web_url or item.item_id}), table {TABLE_NAME}, {mode} mode.")
    print(f"Registered for {mask_phone_numbers(user.sender_id)}: their expenses go there from the next message.")
    return 0
