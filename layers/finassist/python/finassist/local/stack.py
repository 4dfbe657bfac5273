"""EmbeddedStack: template.yaml's tables, secrets, functions and state machine, created in moto, with
moto's Step Functions interpreter running the real ASL and every Lambda invocation routed to the real
handler in this process. Facts and traps: docs/local-stack.md.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws
from moto.awslambda.models import LambdaFunction
from moto.dynamodb.responses import DynamoHandler
from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl
from moto.stepfunctions.parser.asl.component.state.wait.wait_function.wait_function import WaitFunction

from finassist import wiring
from finassist.history_path import StateVisit, state_path
from finassist.local import resources, sfn_limits
from finassist.local.lambda_runtime import REGION, LambdaContext, error_payload, load_handler
from finassist.local.moto_dynamodb import one_request_at_a_time
from finassist.local.resources import ROLE_NAME
from finassist.local.template import MESSAGE_FLOW, FunctionSpec, Template, load
from finassist.local.twilio_webhook import (
    LOCAL_ACCOUNT_SID,
    LOCAL_AUTH_TOKEN,
    LOCAL_WEBHOOK_URL,
    signed_sender,
    twilio_fields,
    webhook_event,
)
from finassist.ports import User

__all__ = [
    "LOCAL_ACCOUNT_SID",
    "LOCAL_AUTH_TOKEN",
    "LOCAL_WEBHOOK_URL",
    "REGION",
    "ROLE_NAME",
    "TERMINAL",
    "EmbeddedStack",
    "LambdaContext",
    "Outcome",
    "project_root",
    "twilio_fields",
]
"""The embedded stack's public face: what tests, benchmarks and scripts import, wherever it is defined."""

TERMINAL = ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")


def project_root() -> Path:
    """The repository root: the folder holding template.yaml above this package."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "template.yaml").is_file():
            return parent
    raise FileNotFoundError("template.yaml not found above " + str(here))


@dataclass(frozen=True)
class _Fault:
    """An invocation failure planned by EmbeddedStack.inject_fault."""

    exception: Exception | type[Exception]
    after: bool


@dataclass(frozen=True)
class InvocationTiming:
    """One in-process Lambda invocation as the stack ran it: what a benchmark bills and puts on its clock."""

    state_name: str
    logical_id: str
    started: float
    """time.perf_counter() when the handler was called."""
    seconds: float
    """Wall-clock seconds the handler took (its import included on a process's first call)."""
    errored: bool


@dataclass(frozen=True)
class Outcome:
    """What one WhatsApp message produced: the webhook's answer, the execution (if any) and the replies."""

    webhook_status: int
    execution_arn: str | None
    status: str
    path: list[StateVisit]
    replies: list[str]
    output: dict[str, Any] | None = None
    media: list[str] = field(default_factory=list)

    @property
    def state_names(self) -> list[str]:
        return [visit.name for visit in self.path]


class EmbeddedStack:
    """The whole application offline. Use as a context manager; everything is gone when it closes."""

    def __init__(
        self,
        data_dir: Path,
        *,
        root: Path | None = None,
        env: Mapping[str, str] | None = None,
        record_sleeps: bool = True,
    ) -> None:
        self.root = root or project_root()
        self.data_dir = data_dir
        self.template: Template = load(self.root)
        self.extra_env = dict(env or {})
        self.record_sleeps = record_sleeps
        self.sleeps: list[float] = []
        self.invocations: list[str] = []
        self.timings: list[InvocationTiming] = []
        self.auth_token = LOCAL_AUTH_TOKEN
        self._handlers: dict[str, FunctionSpec] = {}
        self._mock: Any = None
        self._saved_env: dict[str, str | None] = {}
        self._patches: list[tuple[Any, str, Any]] = []
        self._lock = threading.Lock()
        self._faults: dict[str, deque[_Fault]] = {}
        self.state_machine_arn = ""
        self.state_machine_arns: dict[str, str] = {}

    # -- lifecycle -----------------------------------------------------------------------------------
    def __enter__(self) -> EmbeddedStack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        for path in map(str, self.template.layer_dirs):
            if path not in sys.path:
                sys.path.insert(0, path)
        self._set_env(
            {
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_SESSION_TOKEN": "testing",
                "AWS_DEFAULT_REGION": REGION,
                "AWS_REGION": REGION,
            }
        )
        self._mock = mock_aws(config={"stepfunctions": {"execute_state_machine": True}})
        self._mock.start()
        self._patch(LambdaFunction, "_invoke_lambda", self._invoke_hook())
        self._patch(DynamoHandler, "call_action", one_request_at_a_time(DynamoHandler.call_action))
        for owner, name, replacement in sfn_limits.patches():  # 256 KiB payloads and States.ALL, as in AWS
            self._patch(owner, name, replacement)
        if self.record_sleeps:
            self._patch(WaitFunction, "_wait_interval", self._record_wait)
            self._patch(retrier_decl, "time", _RecordingTime(self.sleeps))
        self._create_resources()
        wiring.reset()

    def stop(self) -> None:
        for owner, name, original in reversed(self._patches):
            setattr(owner, name, original)
        self._patches.clear()
        if self._mock is not None:
            self._mock.stop()
            self._mock = None
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env.clear()
        wiring.reset()

    def _patch(self, owner: Any, name: str, replacement: Any) -> None:
        self._patches.append((owner, name, getattr(owner, name)))
        setattr(owner, name, replacement)

    def _set_env(self, values: Mapping[str, str]) -> None:
        for key, value in values.items():
            self._saved_env.setdefault(key, os.environ.get(key))
            os.environ[key] = value

    def configure(self, **values: str) -> None:
        """Change settings for the handlers (e.g. FINASSIST_NOW) and drop cached adapters."""
        self._set_env(values)
        wiring.reset()

    def _record_wait(self, env: Any, wait_seconds: int) -> None:
        """Replaces WaitFunction._wait_interval (stored on the class, so it is called without the Wait)."""
        self.sleeps.append(float(wait_seconds))

    def clock(self) -> float:
        """A monotonic clock on which recorded Waits and Retry back-offs have passed: time.monotonic() plus
        every sleep recorded so far (equal to time.monotonic() with record_sleeps=False).

        Give it to a fake whose service keeps working while the state machine waits (the fake OpenAI's
        `clock`), so that a skipped 1 s Wait is 1 s of the model's generation, as in AWS. One clock for the
        whole stack: meant for one message at a time (benchmarks), not for concurrent executions.
        """
        return time.monotonic() + sum(self.sleeps)

    # -- resources -----------------------------------------------------------------------------------
    def _create_resources(self) -> None:
        env = self._function_env()
        self.state_machine_arns = resources.create(self.template, env, self.auth_token)
        self._handlers.update({spec.logical_id: spec for spec in self.template.functions.values()})
        self.state_machine_arn = self.state_machine_arns[MESSAGE_FLOW]
        self._set_env({**env, "STATE_MACHINE_ARN": self.state_machine_arn})

    def _function_env(self) -> dict[str, str]:
        """template.yaml's environment, with the embedded stack's adapters chosen instead of AWS ones."""
        env: dict[str, str] = {}
        for spec in self.template.functions.values():
            env.update(spec.environment)
        offline = not os.environ.get("OPENAI_API_KEY")
        env.update(
            {
                "ASSISTANT_ENGINE": "offline" if offline else "openai",
                "OPENAI_SECRET_NAME": "",
                "CHANNEL": "console",
                "LEDGER": "xlsx",
                "OFFLINE_STORE": "files",  # on a laptop the offline engine's documents are files (json_documents)
                "FINASSIST_DATA_DIR": str(self.data_dir),
                "POLL_SECONDS": "0" if offline else "1",
                "WEBHOOK_PUBLIC_URL": LOCAL_WEBHOOK_URL,
                "POWERTOOLS_TRACE_DISABLED": "true",
                "POWERTOOLS_METRICS_DISABLED": "true",
                "POWERTOOLS_LOG_LEVEL": os.environ.get("FINASSIST_LOG_LEVEL", "CRITICAL"),
            }
        )
        env.update(self.extra_env)
        return env

    # -- the Lambda hook -----------------------------------------------------------------------------
    def _invoke_hook(self) -> Callable[..., tuple[str, bool, str]]:
        stack = self

        def _invoke_lambda(function: LambdaFunction, event: Any = None) -> tuple[str, bool, str]:
            return stack.invoke(function.function_name, event if event is not None else {})

        return _invoke_lambda

    def inject_fault(
        self, state_name: str, exception: Exception | type[Exception], *, times: int = 1, after: bool = False
    ) -> None:
        """Test hook: the next `times` invocations of the state's function fail with `exception`.

        This is a Lambda crash at the invocation boundary (a runtime or service failure, an unhandled error):
        the error payload names the exception's class, so a class named "Lambda.ServiceException" is what the
        ASL's Lambda-service Retry matches. With after=True the handler runs first and its side effects land,
        then the invocation fails anyway (a lost response). Nothing outside this stack sees the hook.
        """
        with self._lock:
            queue = self._faults.setdefault(state_name, deque())
            queue.extend(_Fault(exception, after) for _ in range(times))

    def _next_fault(self, state_name: str) -> _Fault | None:
        with self._lock:
            queue = self._faults.get(state_name)
            return queue.popleft() if queue else None

    def invoke(self, logical_id: str, event: Any) -> tuple[str, bool, str]:
        """Run one handler in-process; returns moto's (payload, errored, logs) triple."""
        spec = self._handlers[logical_id]
        context = LambdaContext(function_name=logical_id)
        with self._lock:
            self.invocations.append(spec.state_name)
        payload = json.loads(event) if isinstance(event, (str, bytes)) else event
        fault = self._next_fault(spec.state_name)
        started = time.perf_counter()
        try:
            if fault is not None and not fault.after:
                raise fault.exception
            result = load_handler(spec)(payload, context)
            if fault is not None and fault.after:
                raise fault.exception
        except Exception as exc:  # noqa: BLE001 - every handler error becomes the runtime's error payload
            self._timed(spec, started, errored=True)
            return json.dumps(error_payload(exc, context.aws_request_id)), True, ""
        self._timed(spec, started, errored=False)
        return json.dumps(result, ensure_ascii=False), False, ""

    def _timed(self, spec: FunctionSpec, started: float, *, errored: bool) -> None:
        timing = InvocationTiming(spec.state_name, spec.logical_id, started, time.perf_counter() - started, errored)
        with self._lock:
            self.timings.append(timing)

    def register_function(self, logical_id: str, code_dir: Path, handler: str = "app.handler") -> str:
        """Test hook: one more Lambda function, run in-process like the template's; returns its ARN.

        For tests of the stack itself (a state machine fragment around a handler of the test's own).
        """
        spec = FunctionSpec(logical_id, code_dir, handler)
        arn = resources.create_function(logical_id, handler)
        self._handlers[logical_id] = spec
        return arn

    def call(self, step: str, event: dict[str, Any]) -> Any:
        """Run the handler of lambdas/<step> directly, letting its exceptions through (for unit tests)."""
        spec = next(s for s in self._handlers.values() if s.code_uri.name == step)
        return load_handler(spec)(event, LambdaContext(function_name=spec.logical_id))

    # -- driving it ----------------------------------------------------------------------------------
    def add_user(self, sender: str, display_name: str = "", *, user_key: str = "", **workbook: str) -> None:
        wiring.users().put(
            User(sender_id=sender, display_name=display_name, workbook=dict(workbook), user_key=user_key)
        )

    def turn_queue(self, sender: str) -> tuple[str, ...]:
        """The MessageSids of the person still waiting for or holding their turn (empty when all answered)."""
        return wiring.turns().read(self.user_key(sender)).queue

    def user_key(self, sender: str) -> str:
        user = wiring.users().get(sender)
        return user.user_key if user else ""

    def webhook_event(self, fields: Mapping[str, str], *, signature: str | None = None) -> dict[str, Any]:
        """The API Gateway proxy event Twilio's POST becomes, signed with this stack's auth token."""
        return webhook_event(fields, self.auth_token, signature)

    def record_inbound(self, sender: str, at: datetime | None = None) -> None:
        """Twilio received a message from `sender` (now, by the product's clock): its 24-hour window opens."""
        from finassist import clock
        from finassist.adapters.console_channel import InboundLog

        InboundLog(self.data_dir).record(sender, at or clock.now(wiring.settings()))

    def post_webhook(self, event: Mapping[str, Any]) -> dict[str, Any]:
        """What API Gateway does with Twilio's POST: call ReceiveWebhook synchronously.

        A genuinely signed POST is a message Twilio received, so the sender's window is recorded first (the
        webhook may answer at once, as it does to an unknown sender); a forged one opens nothing.
        """
        sender = signed_sender(event, self.auth_token)
        if sender:
            self.record_inbound(sender)
        payload, errored, _ = self.invoke("ReceiveWebhookFunction", dict(event))
        if errored:
            return {"statusCode": 502, "body": payload}
        result: dict[str, Any] = json.loads(payload)
        return result

    def wait(self, execution_arn: str, timeout: float = 60.0) -> dict[str, Any]:
        sfn = boto3.client("stepfunctions", region_name=REGION)
        deadline = time.monotonic() + timeout
        while True:
            described: dict[str, Any] = sfn.describe_execution(executionArn=execution_arn)
            if described["status"] in TERMINAL:
                return described
            if time.monotonic() > deadline:
                raise TimeoutError(f"{execution_arn} still {described['status']} after {timeout}s")
            time.sleep(0.002)

    def execution_arn(self, message_sid: str) -> str:
        return self.state_machine_arn.replace(":stateMachine:", ":execution:") + ":" + message_sid

    def has_execution(self, message_sid: str) -> bool:
        sfn = boto3.client("stepfunctions", region_name=REGION)
        try:
            sfn.describe_execution(executionArn=self.execution_arn(message_sid))
        except sfn.exceptions.ExecutionDoesNotExist:
            return False
        return True

    def history(self, execution_arn: str) -> list[dict[str, Any]]:
        sfn = boto3.client("stepfunctions", region_name=REGION)
        events: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"executionArn": execution_arn, "maxResults": 1000}
        while True:
            page = sfn.get_execution_history(**kwargs)
            events.extend(page["events"])
            if not page.get("nextToken"):
                return events
            kwargs["nextToken"] = page["nextToken"]

    def path(self, execution_arn: str) -> list[StateVisit]:
        return state_path(self.history(execution_arn))

    def run_daily_recurring(self, timeout: float = 60.0) -> Outcome:
        """What EventBridge Scheduler does every morning: one execution of RecurringExpenses, to its end."""
        sfn = boto3.client("stepfunctions", region_name=REGION)
        arn = sfn.start_execution(
            stateMachineArn=self.state_machine_arns["RecurringExpensesStateMachine"],
            name=f"daily-{uuid.uuid4().hex[:12]}",
            input=json.dumps({"source": "schedule"}),
        )["executionArn"]
        described = self.wait(arn, timeout)
        output = json.loads(described["output"]) if described.get("output") else None
        return Outcome(200, arn, described["status"], self.path(arn), [], output)

    def messages_to(self, sender: str) -> list[dict[str, Any]]:
        """Everything the console channel was asked to send to this sender, each with its status (delivered or
        failed, as Twilio would report it): text, and media URLs when there were any."""
        from finassist.adapters.console_channel import ConsoleChannel

        return [m for m in ConsoleChannel(self.data_dir).sent() if m["to"] == sender]

    def replies_to(self, sender: str) -> list[str]:
        """What the sender actually read: the texts of the messages that were delivered."""
        return [str(m["text"]) for m in self.messages_to(sender) if m.get("status") == "delivered"]

    def send(self, fields: Mapping[str, str], *, signature: str | None = None, timeout: float = 60.0) -> Outcome:
        """One WhatsApp message end to end: webhook, execution to its end, replies."""
        sender = fields.get("From", "")
        before = len(self.messages_to(sender))
        response = self.post_webhook(self.webhook_event(fields, signature=signature))
        sid = fields.get("MessageSid", "")
        started = response.get("statusCode") == 200 and sid and self.has_execution(sid)
        arn = self.execution_arn(sid) if started else None
        described = self.wait(arn, timeout) if arn else {"status": "NOT_STARTED"}
        sent = [m for m in self.messages_to(sender)[before:] if m.get("status") == "delivered"]
        return Outcome(
            webhook_status=int(response.get("statusCode", 0)),
            execution_arn=arn,
            status=str(described["status"]),
            path=self.path(arn) if arn else [],
            replies=[str(m["text"]) for m in sent],
            output=json.loads(described["output"]) if described.get("output") else None,
            media=[str(url) for m in sent for url in m.get("media", [])],
        )


class _RecordingTime:
    """Stands in for the `time` module inside moto's retrier: records back-off instead of sleeping."""

    def __init__(self, record: list[float]) -> None:
        self._record = record

    def sleep(self, seconds: float) -> None:
        self._record.append(float(seconds))

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)
