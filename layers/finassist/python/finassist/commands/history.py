"""`finassist history`: the console's execution view in a terminal, read through the Step Functions API.

`list` shows recent executions (one per WhatsApp message, named after its MessageSid); `show` shows one as
the states it went through, in order, with durations, retries and error names. Against AWS it uses the
usual credentials (`--profile`, `--region`); `--demo` plays the demo's conversation on the embedded stack
first and reads that stack instead, so the command can be tried with no AWS account.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from finassist.history_path import StateVisit, state_path
from finassist.redaction import mask_phone_numbers

MACHINE_NAME_HINT = "MessageFlow"


class HistoryError(Exception):
    """Something the operator must fix (no state machine found, unknown execution): printed, exit code 1."""


@dataclass(frozen=True)
class ExecutionRow:
    """One line of `history list`."""

    name: str
    status: str
    started: datetime
    seconds: float | None
    sender: str


@dataclass(frozen=True)
class ExecutionDetail:
    """What `history show` prints: the execution and the path through its states."""

    arn: str
    name: str
    status: str
    started: datetime
    seconds: float | None
    sender: str
    path: list[StateVisit]
    error: str = ""
    cause: str = ""


# -- reading the API -----------------------------------------------------------------------------------------
def discover_state_machine(sfn: Any) -> str:
    """The one state machine whose name contains "MessageFlow" (SAM names it <stack>-MessageFlowStateMachine-…)."""
    found = [
        machine["stateMachineArn"]
        for page in sfn.get_paginator("list_state_machines").paginate()
        for machine in page["stateMachines"]
        if MACHINE_NAME_HINT in machine["name"]
    ]
    if not found:
        raise HistoryError(f"no state machine named *{MACHINE_NAME_HINT}* here; pass --state-machine-arn")
    if len(found) > 1:
        raise HistoryError("several message flows here; pass --state-machine-arn, one of:\n  " + "\n  ".join(found))
    return str(found[0])


def _seconds(described: dict[str, Any]) -> float | None:
    stopped = described.get("stopDate")
    return (stopped - described["startDate"]).total_seconds() if stopped else None


def _sender(described: dict[str, Any]) -> str:
    """Who sent it, as the execution knows them: the opaque user key (`finassist users list` maps it to a
    person); executions from before keys existed carried the number, shown masked."""
    try:
        execution_input = json.loads(described.get("input") or "{}")
        sender = execution_input.get("user_key") or mask_phone_numbers(str(execution_input.get("sender") or ""))
    except (ValueError, AttributeError):
        sender = ""
    return str(sender) or "?"


def recent_executions(sfn: Any, machine_arn: str, max_items: int = 20) -> list[ExecutionRow]:
    """The newest executions first, each described once for its sender (list_executions has no input)."""
    rows: list[ExecutionRow] = []
    pages = sfn.get_paginator("list_executions").paginate(stateMachineArn=machine_arn)
    for page in pages:
        for execution in page["executions"]:
            described = sfn.describe_execution(executionArn=execution["executionArn"])
            rows.append(
                ExecutionRow(
                    name=execution["name"],
                    status=execution["status"],
                    started=execution["startDate"],
                    seconds=_seconds(described),
                    sender=_sender(described),
                )
            )
    rows.sort(key=lambda row: row.started, reverse=True)
    return rows[:max_items]


def resolve_execution(sfn: Any, machine_arn: str, name_or_arn: str) -> str:
    """An execution ARN from an ARN, a MessageSid, or `latest` (the newest execution)."""
    if name_or_arn.startswith("arn:"):
        return name_or_arn
    if name_or_arn == "latest":
        executions = sfn.list_executions(stateMachineArn=machine_arn, maxResults=1000)["executions"]
        if not executions:
            raise HistoryError("no executions yet")
        newest = max(executions, key=lambda e: e["startDate"])
        return str(newest["executionArn"])
    return machine_arn.replace(":stateMachine:", ":execution:") + ":" + name_or_arn


def _events(sfn: Any, execution_arn: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for page in sfn.get_paginator("get_execution_history").paginate(executionArn=execution_arn):
        events.extend(page["events"])
    return events


def execution_detail(sfn: Any, execution_arn: str) -> ExecutionDetail:
    """DescribeExecution + GetExecutionHistory, turned into the path an operator reads."""
    try:
        described = sfn.describe_execution(executionArn=execution_arn)
    except sfn.exceptions.ExecutionDoesNotExist as exc:
        raise HistoryError(f"no execution {execution_arn}") from exc
    return ExecutionDetail(
        arn=execution_arn,
        name=described["name"],
        status=described["status"],
        started=described["startDate"],
        seconds=_seconds(described),
        sender=_sender(described),
        path=state_path(_events(sfn, execution_arn)),
        error=str(described.get("error", "")),
        cause=mask_phone_numbers(str(described.get("cause", ""))),
    )


# -- printing ------------------------------------------------------------------------------------------------
def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "running"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def format_list(rows: list[ExecutionRow]) -> str:
    if not rows:
        return "No executions yet."
    header = f"{'STARTED':<19}  {'NAME (MessageSid)':<34}  {'STATUS':<9}  {'DURATION':>9}  SENDER"
    lines = [header]
    for row in rows:
        started = row.started.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        lines.append(f"{started:<19}  {row.name:<34}  {row.status:<9}  {_duration(row.seconds):>9}  {row.sender}")
    return "\n".join(lines)


def format_detail(detail: ExecutionDetail) -> str:
    started = detail.started.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    lines = [
        f"{detail.name}  {detail.status}  {_duration(detail.seconds)}  from {detail.sender}  started {started}",
        f"  {detail.arn}",
    ]
    if detail.error:
        lines.append(f"  error: {detail.error}" + (f": {detail.cause}" if detail.cause else ""))
    lines.append("")
    width = max((len(v.name) for v in detail.path), default=5)
    lines.append(f"  {'#':>2}  {'STATE':<{width}}  {'TYPE':<6}  {'DURATION':>9}  RETRIES  ERROR")
    for number, visit in enumerate(detail.path, start=1):
        retries = str(visit.retries) if visit.retries else ""
        lines.append(
            f"  {number:>2}  {visit.name:<{width}}  {visit.kind:<6}  {_duration(visit.seconds):>9}  "
            f"{retries:>7}  {visit.error}".rstrip()
        )
    in_states = sum(v.seconds for v in detail.path if v.kind != "Map")
    lines.append(f"\n  {len(detail.path)} states, {in_states * 1000:.0f} ms in states")
    return "\n".join(lines)


# -- the command ---------------------------------------------------------------------------------------------
@contextmanager
def _client(args: argparse.Namespace) -> Iterator[tuple[Any, str]]:
    """A Step Functions client and the message flow's ARN: AWS's, or the demo's embedded stack's."""
    if args.demo:
        import boto3

        from finassist import demo
        from finassist.local.stack import REGION, EmbeddedStack

        with tempfile.TemporaryDirectory(prefix="finassist-history-") as data_dir:
            with EmbeddedStack(Path(data_dir), record_sleeps=False) as stack:
                demo.play(stack)
                yield boto3.client("stepfunctions", region_name=REGION), stack.state_machine_arn
        return
    import boto3

    session = boto3.Session(profile_name=args.profile, region_name=args.region)
    sfn = session.client("stepfunctions")
    if args.stack and not args.state_machine_arn:
        from finassist import deployment

        if not args.region:
            raise HistoryError("--stack needs --region (the stack's region)")
        yield sfn, deployment.find(session.client("ssm"), args.stack, args.region).state_machine_arn
        return
    yield sfn, args.state_machine_arn or discover_state_machine(sfn)


def _run_list(args: argparse.Namespace) -> int:
    with _client(args) as (sfn, machine_arn):
        print(format_list(recent_executions(sfn, machine_arn, args.max)))
    return 0


def _run_show(args: argparse.Namespace) -> int:
    with _client(args) as (sfn, machine_arn):
        print(format_detail(execution_detail(sfn, resolve_execution(sfn, machine_arn, args.execution))))
    return 0


def _guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def guarded(args: argparse.Namespace) -> int:
        from botocore.exceptions import BotoCoreError, ClientError

        from finassist.errors import FinAssistError

        try:
            return run(args)
        except (HistoryError, FinAssistError, BotoCoreError, ClientError) as exc:  # say so, no traceback
            print(f"finassist history: {exc}", file=sys.stderr)
            return 1

    return guarded


def register(subparsers: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--profile", help="AWS profile (default: the usual credential chain)")
    common.add_argument("--region", help="AWS region (default: the profile's)")
    common.add_argument("--stack", help="the stack name: reads that stack's message flow (needs --region)")
    common.add_argument("--state-machine-arn", help='default: the one state machine whose name has "MessageFlow"')
    common.add_argument(
        "--demo", action="store_true", help="play the demo's conversation on the embedded stack and read that instead"
    )
    parser = subparsers.add_parser(
        "history", help="recent executions and their paths (the console's view)", description=__doc__
    )
    actions = parser.add_subparsers(dest="history_command", required=True)
    listing = actions.add_parser("list", parents=[common], help="recent executions, newest first")
    listing.add_argument("--max", type=int, default=20, help="how many executions (default 20)")
    listing.set_defaults(run=_guarded(_run_list))
    show = actions.add_parser("show", parents=[common], help="one execution, state by state")
    show.add_argument("execution", metavar="NAME_OR_ARN", help="a MessageSid, an execution ARN, or `latest`")
    show.set_defaults(run=_guarded(_run_show))
