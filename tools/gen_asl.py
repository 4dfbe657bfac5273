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


def retry(*own: str, interval: int = 1, attempts: int = 3) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [
        {
            "ErrorEquals": LAMBDA_ERRORS,
            "IntervalSeconds": 1,
            "MaxAttempts": 3,
            "BackoffRate": 2.0,
            "JitterStrategy": "FULL",
        }
    ]
    if own:
        rules.append(
            {
                "ErrorEquals": list(own),
                "IntervalSeconds": interval,
                "MaxAttempts": attempts,
                "BackoffRate": 2.0,
                "JitterStrategy": "FULL",
            }
        )
    return rules


CATCH_TO_APOLOGY = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "SendApology"}]


def task(
    name: str,
    parameters: dict[str, Any],
    next_state: str | None,
    result_path: str | None,
    own_errors: tuple[str, ...] = (),
    catch: list[dict[str, Any]] | None = None,
    comment: str = "",
    **retry_options: int,
) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Task"}
    if comment:
        state["Comment"] = comment
    state.update(
        {
            "Resource": "${" + name + "FunctionArn}",
            "Parameters": parameters,
            "TimeoutSeconds": 60,
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

STATES: dict[str, Any] = {
    "ParseMessage": task(
        "ParseMessage",
        {"twilio.$": "$.twilio", **SID},
        "IsVoiceNote",
        "$.message",
        comment="Twilio form fields -> text or voice note; anything else is UnsupportedMessage.",
    ),
    "IsVoiceNote": {
        "Type": "Choice",
        "Choices": [{"Variable": "$.message.kind", "StringEquals": "voice_note", "Next": "TranscribeVoiceNote"}],
        "Default": "ResolveConversation",
    },
    "TranscribeVoiceNote": task(
        "TranscribeVoiceNote",
        {"message.$": "$.message", **SID},
        "ResolveConversation",
        "$.message",
        own_errors=("AssistantRateLimited", "AssistantUnavailable", "ChannelUnavailable"),
        interval=2,
    ),
    "ResolveConversation": task(
        "ResolveConversation",
        {"sender.$": "$.sender", **SID},
        "StartAssistantRun",
        "$.conversation",
        own_errors=("AssistantRateLimited", "AssistantUnavailable"),
        interval=2,
    ),
    "StartAssistantRun": task(
        "StartAssistantRun",
        {
            "conversation_id.$": "$.conversation.conversation_id",
            "text.$": "$.message.text",
            "profile_name.$": "$.message.profile_name",
            **SID,
        },
        "WaitForAssistant",
        "$.run",
        own_errors=("AssistantRateLimited", "AssistantUnavailable"),
        interval=2,
    ),
    "WaitForAssistant": {"Type": "Wait", "SecondsPath": "$.settings.poll_seconds", "Next": "CheckAssistantRun"},
    "CheckAssistantRun": task(
        "CheckAssistantRun",
        {"run.$": "$.run", **SID},
        "RunStatus",
        "$.run",
        own_errors=("AssistantRateLimited", "AssistantUnavailable"),
        interval=2,
    ),
    "RunStatus": {
        "Type": "Choice",
        "Choices": [
            {
                "And": [
                    {"Variable": "$.run.status", "StringEquals": "in_progress"},
                    {"Variable": "$.run.polls", "NumericGreaterThanEqualsPath": "$.settings.max_polls"},
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
            {"Variable": "$.run.status", "StringEquals": "completed", "Next": "FetchReply"},
        ],
        "Default": "SendApology",
    },
    "RunToolCalls": {
        "Type": "Map",
        "Comment": "One RunTool per function call, one at a time: a workbook takes one write at a time.",
        "ItemsPath": "$.run.tool_calls",
        "ItemSelector": {"call.$": "$$.Map.Item.Value", "sender.$": "$.sender", "message_sid.$": "$.message_sid"},
        "MaxConcurrency": 1,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": "RunTool",
            "States": {
                "RunTool": task(
                    "RunTool",
                    {"call.$": "$.call", "sender.$": "$.sender", **SID},
                    None,
                    None,
                    own_errors=("LedgerThrottled", "IdempotencyAlreadyInProgressError"),
                    interval=2,
                    attempts=4,
                    catch=[],
                    comment="Its errors are caught by RunToolCalls, which apologises.",
                ),
            },
        },
        "ResultPath": "$.tool_outputs",
        "Next": "SubmitToolOutputs",
        "Catch": CATCH_TO_APOLOGY,
    },
    "SubmitToolOutputs": task(
        "SubmitToolOutputs",
        {"conversation_id.$": "$.conversation.conversation_id", "outputs.$": "$.tool_outputs", "run.$": "$.run", **SID},
        "WaitForAssistant",
        "$.run",
        own_errors=("AssistantRateLimited", "AssistantUnavailable"),
        interval=2,
    ),
    "FetchReply": task(
        "FetchReply",
        {
            "run_id.$": "$.run.run_id",
            "run_started_at.$": "$.run.started_at",
            "tool_outputs.$": "$.tool_outputs",
            **SID,
        },
        "SendReply",
        "$.reply",
        own_errors=("AssistantRateLimited", "AssistantUnavailable"),
        interval=2,
    ),
    "SendReply": task(
        "SendReply",
        {"to.$": "$.sender", "parts.$": "$.reply.parts", "media.$": "$.reply.media", **SID},
        None,
        "$.delivery",
        own_errors=("ChannelUnavailable", "IdempotencyAlreadyInProgressError"),
        interval=2,
        attempts=4,
    ),
    "PollBudgetSpent": {
        "Type": "Pass",
        "Result": {"Error": "PollBudgetSpent", "Cause": "the assistant did not finish within the poll budget"},
        "ResultPath": "$.error",
        "Next": "CancelAssistantRun",
    },
    "CancelAssistantRun": task(
        "CancelAssistantRun",
        {"run_id.$": "$.run.run_id", **SID},
        "SendApology",
        "$.cancelled",
        own_errors=("AssistantRateLimited", "AssistantUnavailable"),
        catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.cancel_error", "Next": "SendApology"}],
    ),
    "ToolBudgetSpent": {
        "Type": "Pass",
        "Result": {"Error": "ToolBudgetSpent", "Cause": "the assistant asked for more tool rounds than allowed"},
        "ResultPath": "$.error",
        "Next": "SendApology",
    },
    "SendApology": task(
        "SendApology",
        {"to.$": "$.sender", "error.$": "$.error", "tool_outputs.$": "$.tool_outputs", **SID},
        None,
        "$.delivery",
        own_errors=("ChannelUnavailable", "IdempotencyAlreadyInProgressError"),
        interval=2,
        attempts=4,
        catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.apology_error", "Next": "ApologyUndelivered"}],
    ),
    "ApologyUndelivered": {
        "Type": "Fail",
        "Error": "ApologyUndelivered",
        "Cause": "The apology could not be sent: the user got no answer. See the runbook.",
    },
}

DEFINITION = {
    "Comment": "FinAssist: one WhatsApp message in, one reply (or an apology) out.",
    "StartAt": "ParseMessage",
    "TimeoutSeconds": 900,
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
            "Comment": "One at a time: each user's workbook takes one write at a time.",
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
                        catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "RecurringItemFailed"}],
                    ),
                    "RecurringItemFailed": {
                        "Type": "Pass",
                        "Comment": "One user's failure must not stop the others; the error stays in the history.",
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
