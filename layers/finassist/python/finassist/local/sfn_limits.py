"""The payload limit of AWS Step Functions, enforced on the embedded stack the way AWS enforces it.

AWS (developer guide, "Handling errors in Step Functions workflows" and "Step Functions service quotas"):
- a state's or task's input or output may be at most 262,144 bytes of UTF-8; over it the state fails with
  `States.DataLimitExceeded` (a connector's output, a state's output, or a state's input after `Parameters`);
- "The States.ALL error type must appear alone in a Catcher and can't catch the States.DataLimitExceeded terminal
  error or Runtime error types"; a `States.Runtime` error "isn't retriable, and will always cause the execution to
  fail".

moto's interpreter (LocalStack's, vendored) checks outputs against a slightly smaller limit (`< 262,144`), never
checks a task's input, and lets `States.ALL` catch and retry everything, so an execution that AWS would fail without
an apology ends in SendApology locally. The replacements below close those gaps; EmbeddedStack installs them for
its lifetime and restores moto's on stop. tests/unit/test_moto_hook_points.py fails if a hook point moves.
"""

from __future__ import annotations

import json
from typing import Any, Final

from moto.stepfunctions.parser.api import ExecutionFailedEventDetails, HistoryEventType, TaskFailedEventDetails
from moto.stepfunctions.parser.asl.component.common.error_name.error_equals_decl import ErrorEqualsDecl
from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
    FailureEvent,
    FailureEventException,
)
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import StatesErrorName
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import StatesErrorNameType
from moto.stepfunctions.parser.asl.component.state.exec.state_task.state_task_lambda import StateTaskLambda
from moto.stepfunctions.parser.asl.component.state.state import CommonStateField
from moto.stepfunctions.parser.asl.eval.environment import Environment
from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails

MAX_PAYLOAD_BYTES: Final = 262_144
"""'Maximum input or output size for a task, state, or execution: 262,144 bytes of data as a UTF-8 encoded string.'"""

DATA_LIMIT_EXCEEDED: Final = StatesErrorNameType.StatesStatesDataLimitExceeded
_NOT_CAUGHT_BY_ALL: Final = frozenset({DATA_LIMIT_EXCEEDED, StatesErrorNameType.StatesRuntime})
_ALL: Final = StatesErrorName(typ=StatesErrorNameType.StatesALL)
_TASK_FAILED: Final = StatesErrorName(typ=StatesErrorNameType.StatesTaskFailed)

Patch = tuple[Any, str, Any]


def payload_bytes(value: Any) -> int:
    """The size AWS counts: the value as compact JSON (as the execution history shows it), in UTF-8 bytes."""
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return len(text.encode("utf-8"))


def within_limit(value: Any) -> bool:
    return payload_bytes(value) <= MAX_PAYLOAD_BYTES


def _data_limit_exceeded(env: Environment, cause: str) -> FailureEventException:
    return FailureEventException(
        failure_event=FailureEvent(
            env=env,
            error_name=StatesErrorName(typ=DATA_LIMIT_EXCEEDED),
            event_type=HistoryEventType.TaskFailed,
            event_details=EventDetails(  # type: ignore[typeddict-item]  # moto's TypedDict lists every event kind
                taskFailedEventDetails=TaskFailedEventDetails(error=DATA_LIMIT_EXCEEDED.to_name(), cause=cause)
            ),
        )
    )


def _error_equals(self: ErrorEqualsDecl, env: Environment) -> None:
    """ErrorEqualsDecl._eval_body: States.ALL (and States.TaskFailed) no longer match the two terminal errors.

    States.Runtime is matched by nothing; States.DataLimitExceeded only by a Catch that names it.
    """
    error_name = env.stack.pop()
    typ = error_name.typ if isinstance(error_name, StatesErrorName) else None
    if typ == StatesErrorNameType.StatesRuntime:
        matched = False
    elif typ in _NOT_CAUGHT_BY_ALL:
        matched = error_name in self.error_names
    elif _ALL in self.error_names:
        matched = True
    elif _TASK_FAILED in self.error_names and typ is None:
        matched = True
    else:
        matched = error_name in self.error_names
    env.stack.append(matched)


def _state_output_within_limit(self: CommonStateField, env: Environment, value: Any) -> None:
    """CommonStateField._verify_size_quota: the state's output (after ResultPath/OutputPath), limit inclusive."""
    if within_limit(value):
        return
    cause = (
        f"The state/task '{self.name}' returned a result with a size exceeding the maximum number of bytes service "
        f"limit ({payload_bytes(value)} > {MAX_PAYLOAD_BYTES})."
    )
    raise FailureEventException(
        failure_event=FailureEvent(
            env=env,
            error_name=StatesErrorName(typ=DATA_LIMIT_EXCEEDED),
            event_type=HistoryEventType.TaskFailed,
            event_details=EventDetails(  # type: ignore[typeddict-item]  # moto's TypedDict lists every event kind
                executionFailedEventDetails=ExecutionFailedEventDetails(
                    error=DATA_LIMIT_EXCEEDED.to_name(), cause=cause
                )
            ),
        )
    )


def _lambda_result_within_limit(self: StateTaskLambda, env: Environment, value: Any) -> None:
    """StateTaskLambda._verify_size_quota: what the function returned (moto wraps it as {"Payload": ...})."""
    payload = value.get("Payload") if isinstance(value, dict) and "Payload" in value else value
    if within_limit(payload):
        return
    raise _data_limit_exceeded(
        env,
        f"The state/task '{self.resource.resource_arn}' returned a result with a size exceeding the maximum number "
        f"of bytes service limit ({payload_bytes(payload)} > {MAX_PAYLOAD_BYTES}).",
    )


def _lambda_parameters_checked(original: Any) -> Any:
    """StateTaskLambda._eval_parameters, then the input check AWS makes after Parameters, before invoking."""

    def _eval_parameters(self: StateTaskLambda, env: Environment) -> dict[str, Any]:
        parameters: dict[str, Any] = original(self, env)
        payload = parameters.get("Payload")
        if not within_limit(payload):
            raise _data_limit_exceeded(
                env,
                f"The state/task '{self.resource.resource_arn}' input after Parameters has a size exceeding the "
                f"maximum number of bytes service limit ({payload_bytes(payload)} > {MAX_PAYLOAD_BYTES}).",
            )
        return parameters

    return _eval_parameters


def patches() -> list[Patch]:
    """(owner, attribute, replacement) for EmbeddedStack._patch, which keeps the originals to restore."""
    return [
        (ErrorEqualsDecl, "_eval_body", _error_equals),
        (CommonStateField, "_verify_size_quota", _state_output_within_limit),
        (StateTaskLambda, "_verify_size_quota", _lambda_result_within_limit),
        (StateTaskLambda, "_eval_parameters", _lambda_parameters_checked(StateTaskLambda._eval_parameters)),
    ]
