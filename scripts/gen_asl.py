"""Writes statemachine/message_flow.asl.json: the Retry/Catch blocks are the same on every Task, so they are
generated once here instead of being hand-copied twelve times. Run `make asl` after editing; a test checks
the committed file is what this script produces."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

LAMBDA_ERRORS = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
]


TIMEOUT_ERRORS = ["States.Timeout", "Sandbox.Timedout"]
"""A Task past its TimeoutSeconds, and a Lambda past its own timeout: every step is idempotent, so both retry."""

# Seconds each Task may take (its ASL TimeoutSeconds); each function's Lambda Timeout in template.yaml is below
# it, and each client's timeout times its attempts below that (docs/decisions.md, "Timeouts nest", has the table;
# tests/unit/test_timeouts_nest.py checks the three agree).
TASK_TIMEOUTS: dict[str, int] = {
    "ParseMessage": 15,
    "TranscribeVoiceNote": 170,
    "WaitForSenderTurn": 50,
    "ResolveConversation": 70,
    "StartAssistantRun": 140,
    "CheckAssistantRun": 90,
    "RunTool": 130,
    "SubmitToolOutputs": 140,
    "SendReply": 160,
    "CancelAssistantRun": 120,
    "AnswerOpenToolCalls": 120,
    "SendApology": 200,
    "ListDueRecurring": 70,
    "AddRecurringExpense": 130,
}


LOCKED_RETRY: dict[str, Any] = {
    "ErrorEquals": ["AssistantConversationLocked"],
    "IntervalSeconds": 2,
    "MaxAttempts": 6,
    "BackoffRate": 1.5,
    "MaxDelaySeconds": 10,
    "JitterStrategy": "FULL",
}
"""The service's "retry in a few seconds" refusal: about 40 s of back-off in all, then the Catch."""


def retry(
    *own: str, interval: int = 1, attempts: int = 3, max_delay: int = 0, locked: bool = False
) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [
        {
            "ErrorEquals": LAMBDA_ERRORS,
            "IntervalSeconds": 1,
            "MaxAttempts": 3,
            "BackoffRate": 2.0,
            "JitterStrategy": "FULL",
        },
        {"ErrorEquals": TIMEOUT_ERRORS, "IntervalSeconds": 2, "MaxAttempts": 1, "BackoffRate": 2.0},
    ]
    if own:
        rule: dict[str, Any] = {
            "ErrorEquals": list(own),
            "IntervalSeconds": interval,
            "MaxAttempts": attempts,
            "BackoffRate": 2.0,
            "JitterStrategy": "FULL",
        }
        if max_delay:
            rule["MaxDelaySeconds"] = max_delay
        rules.append(rule)
    if locked:
        rules.append(LOCKED_RETRY)
    return rules


def catch_to(state: str, result_path: str = "$.error") -> list[dict[str, Any]]:
    return [{"ErrorEquals": ["States.ALL"], "ResultPath": result_path, "Next": state}]


CATCH_TO_APOLOGY = catch_to("SendApology")
CATCH_TO_OPEN_CALLS = catch_to("AnswerOpenToolCalls")
"""Once a conversation may hold this message's function calls, a failure first answers them (see the state)."""

ASSISTANT_ERRORS = ("AssistantRateLimited", "AssistantUnavailable")


def task(
    name: str,
    parameters: dict[str, Any],
    next_state: str | None,
    result_path: str | None,
    own_errors: tuple[str, ...] = (),
    catch: list[dict[str, Any]] | None = None,
    comment: str = "",
    **retry_options: Any,
) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Task"}
    if comment:
        state["Comment"] = comment
    state.update(
        {
            "Resource": "${" + name + "FunctionArn}",
            "Parameters": parameters,
            "TimeoutSeconds": TASK_TIMEOUTS[name],
            "Retry": retry(*own_errors, **retry_options),
        }
    )
    if result_path:
        state["ResultPath"] = result_path
    if catch is None:
        state["Catch"] = CATCH_TO_APOLOGY
    elif catch:
        state["Catch"] = catch
    if next_state:
        state["Next"] = next_state
    else:
        state["End"] = True
    return state


SID = {"message_sid.$": "$.message_sid"}
USER = {"user_key.$": "$.user_key"}

STATES: dict[str, Any] = {
    "ParseMessage": task(
        "ParseMessage",
        {"inbound.$": "$.inbound", **SID},
        "IsVoiceNote",
        "$.message",
        comment="Twilio's message fields -> text or voice note; anything else is UnsupportedMessage.",
    ),
    "IsVoiceNote": {
        "Type": "Choice",
        "Choices": [{"Variable": "$.message.kind", "StringEquals": "voice_note", "Next": "TranscribeVoiceNote"}],
        "Default": "WaitForSenderTurn",
    },
    "TranscribeVoiceNote": task(
        "TranscribeVoiceNote",
        {"message.$": "$.message", **SID},
        "WaitForSenderTurn",
        "$.message",
        own_errors=("AssistantRateLimited", "AssistantUnavailable", "ChannelUnavailable"),
        interval=2,
    ),
    "WaitForSenderTurn": task(
        "WaitForSenderTurn",
        {**USER, **SID},
        "ResolveConversation",
        "$.turn",
        own_errors=("SenderTurnBusy",),
        interval=1,
        attempts=45,
        max_delay=5,
        comment="One message of a person at a time, in the order the webhook accepted them; waits here.",
    ),
    "ResolveConversation": task(
        "ResolveConversation",
        {**USER, **SID},
        "StartAssistantRun",
        "$.conversation",
        own_errors=ASSISTANT_ERRORS,
        interval=2,
    ),
    "StartAssistantRun": task(
        "StartAssistantRun",
        {"conversation.$": "$.conversation", "text.$": "$.message.text", **USER, **SID},
        "RunStatus",
        "$.run",
        own_errors=ASSISTANT_ERRORS,
        interval=2,
        locked=True,
        catch=CATCH_TO_OPEN_CALLS,
        comment="Starts the background response and follows it for a bounded time, so it usually settles here.",
    ),
    "RunStatus": {
        "Type": "Choice",
        "Choices": [
            {
                "And": [
                    {"Variable": "$.run.status", "StringEquals": "in_progress"},
                    {
                        "Variable": "$.run.assistant_seconds",
                        "NumericGreaterThanEqualsPath": "$.settings.max_assistant_seconds",
                    },
                ],
                "Next": "PollBudgetSpent",
            },
            {"Variable": "$.run.status", "StringEquals": "in_progress", "Next": "WaitForAssistant"},
            {
                "And": [
                    {"Variable": "$.run.status", "StringEquals": "tool_calls"},
                    {"Variable": "$.run.tool_rounds", "NumericGreaterThanEqualsPath": "$.settings.max_tool_rounds"},
                ],
                "Next": "ToolBudgetSpent",
            },
            {"Variable": "$.run.status", "StringEquals": "tool_calls", "Next": "RunToolCalls"},
            {"Variable": "$.run.status", "StringEquals": "completed", "Next": "SendReply"},
        ],
        "Default": "AnswerOpenToolCalls",
    },
    "WaitForAssistant": {"Type": "Wait", "SecondsPath": "$.settings.poll_seconds", "Next": "CheckAssistantRun"},
    "CheckAssistantRun": task(
        "CheckAssistantRun",
        {"run.$": "$.run", "tool_outputs.$": "$.tool_outputs", **USER, **SID},
        "RunStatus",
        "$.run",
        own_errors=ASSISTANT_ERRORS,
        interval=2,
        catch=CATCH_TO_OPEN_CALLS,
        comment="Follows a response that outlasted the step that started it, for a bounded time.",
    ),
    "RunToolCalls": {
        "Type": "Map",
        "Comment": "One RunTool per function call, one at a time: a workbook takes one write at a time.",
        "ItemsPath": "$.run.tool_calls",
        "ItemSelector": {
            "call.$": "$$.Map.Item.Value",
            "index.$": "$$.Map.Item.Index",
            "round.$": "$.run.tool_rounds",
            **USER,
            **SID,
        },
        "MaxConcurrency": 1,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": "RunTool",
            "States": {
                "RunTool": task(
                    "RunTool",
                    {
                        "call.$": "$.call",
                        "index.$": "$.index",
                        "round.$": "$.round",
                        **USER,
                        **SID,
                    },
                    None,
                    None,
                    own_errors=("LedgerThrottled", "IdempotencyAlreadyInProgressError"),
                    interval=2,
                    attempts=4,
                    catch=[],
                    comment="Its errors are caught by RunToolCalls, which answers the open calls and apologises.",
                ),
            },
        },
        "ResultPath": "$.tool_outputs",
        "Next": "SubmitToolOutputs",
        "Catch": CATCH_TO_OPEN_CALLS,
    },
    "SubmitToolOutputs": task(
        "SubmitToolOutputs",
        {"run.$": "$.run", "outputs.$": "$.tool_outputs", **USER, **SID},
        "RunStatus",
        "$.run",
        own_errors=ASSISTANT_ERRORS,
        interval=2,
        locked=True,
        catch=CATCH_TO_OPEN_CALLS,
        comment="Answers every function call of the round as the next response, and follows it like StartAssistantRun.",
    ),
    "SendReply": task(
        "SendReply",
        {"reply.$": "$.run.reply", **USER, **SID},
        None,
        "$.delivery",
        own_errors=("ChannelUnavailable", "IdempotencyAlreadyInProgressError"),
        interval=2,
        attempts=4,
        comment="Sends each part once, then passes the person's turn to their next message.",
    ),
    "PollBudgetSpent": {
        "Type": "Pass",
        "Result": {"Error": "PollBudgetSpent", "Cause": "the assistant did not finish within its time budget"},
        "ResultPath": "$.error",
        "Next": "CancelAssistantRun",
    },
    "CancelAssistantRun": task(
        "CancelAssistantRun",
        {"run_id.$": "$.run.run_id", **USER, **SID},
        "AnswerOpenToolCalls",
        "$.cancelled",
        own_errors=("AssistantRateLimited", "AssistantUnavailable"),
        catch=catch_to("AnswerOpenToolCalls", "$.cancel_error"),
    ),
    "ToolBudgetSpent": {
        "Type": "Pass",
        "Result": {"Error": "ToolBudgetSpent", "Cause": "the assistant asked for more tool rounds than allowed"},
        "ResultPath": "$.error",
        "Next": "AnswerOpenToolCalls",
    },
    "AnswerOpenToolCalls": task(
        "AnswerOpenToolCalls",
        {"conversation.$": "$.conversation", "run.$": "$.run", "error.$": "$.error", **USER, **SID},
        "SendApology",
        "$.answered",
        own_errors=ASSISTANT_ERRORS,
        interval=2,
        locked=True,
        catch=catch_to("SendApology", "$.answer_error"),
        comment="No function call is left without an output, or the service refuses the person's next message.",
    ),
    "SendApology": task(
        "SendApology",
        {"error.$": "$.error", "run.$": "$.run", **USER, **SID},
        None,
        "$.delivery",
        own_errors=("ChannelUnavailable", "IdempotencyAlreadyInProgressError"),
        interval=2,
        attempts=4,
        catch=catch_to("ApologyUndelivered", "$.apology_error"),
        comment="Says what this message already did (from the effects journal), unless its reply went out.",
    ),
    "ApologyUndelivered": {
        "Type": "Fail",
        "Error": "ApologyUndelivered",
        "Cause": "The apology could not be sent: the user got no answer. See the runbook.",
    },
}

DEFINITION = {
    "Comment": "FinAssist: one WhatsApp message in, one reply (or an apology) out, one message of a person at a time.",
    "StartAt": "ParseMessage",
    "TimeoutSeconds": 1800,
    "States": STATES,
}

RECURRING = {
    "Comment": "FinAssist, daily: add this month's rows of the recurring expenses that are due, and tell their owners.",
    "StartAt": "ListDueRecurring",
    "TimeoutSeconds": 3600,
    "States": {
        "ListDueRecurring": task("ListDueRecurring", {"source": "schedule"}, "AddDueRecurring", "$.due", catch=[]),
        "AddDueRecurring": {
            "Type": "Map",
            "Comment": "One at a time: each user's workbook takes one write at a time. Each item's result is a few "
            "bytes ({added, told}), so thousands of items stay far below the 256 KiB state limit.",
            "ItemsPath": "$.due.items",
            "ItemSelector": {"item.$": "$$.Map.Item.Value"},
            "MaxConcurrency": 1,
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "AddRecurringExpense",
                "States": {
                    "AddRecurringExpense": task(
                        "AddRecurringExpense",
                        {"item.$": "$.item", "message_sid.$": "$.item.recurring_id"},
                        None,
                        None,
                        own_errors=("LedgerThrottled", "ChannelUnavailable", "IdempotencyAlreadyInProgressError"),
                        interval=2,
                        attempts=4,
                        catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": None, "Next": "RecurringItemFailed"}],
                    ),
                    "RecurringItemFailed": {
                        "Type": "Pass",
                        "Comment": "One user's failure must not stop the others; the error stays in the history.",
                        "Result": {"added": False, "failed": True},
                        "End": True,
                    },
                },
            },
            "ResultPath": "$.results",
            "End": True,
        },
    },
}

FOLDER = Path(__file__).resolve().parent.parent / "statemachine"
OUTPUTS = {FOLDER / "message_flow.asl.json": DEFINITION, FOLDER / "recurring_expenses.asl.json": RECURRING}


def render(definition: dict[str, Any]) -> str:
    return json.dumps(definition, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    if "--check" in sys.argv:
        stale = [path for path, definition in OUTPUTS.items() if path.read_text(encoding="utf-8") != render(definition)]
        sys.exit(1 if stale else 0)
    for path, definition in OUTPUTS.items():
        path.write_text(render(definition), encoding="utf-8")
        print(f"wrote {path}")
