"""`make invoke STEP=<step>`: one handler on its sample event from events/, on the embedded stack.

Steps that act on earlier results (a conversation, a run, a tool call) get them made first by running the
earlier steps' handlers on their own sample events, so the sample ids are replaced by live ones.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from finassist.local.stack import EmbeddedStack, project_root

SAMPLE_SENDER = "whatsapp:+5511987654321"
SAMPLE_USER_KEY = "u0a1b2c3d4e5f6a7b8c9d0"
"""The opaque key the sample events carry: the sample user is added under it."""

_NEED_USER = (
    "receive_webhook",
    "wait_for_sender_turn",
    "resolve_conversation",
    "start_assistant_run",
    "check_assistant_run",
    "cancel_assistant_run",
    "run_tool",
    "submit_tool_outputs",
    "answer_open_tool_calls",
    "send_reply",
    "send_apology",
    "add_recurring_expense",
)
_NEED_RUN = (
    "start_assistant_run",
    "check_assistant_run",
    "cancel_assistant_run",
    "submit_tool_outputs",
    "answer_open_tool_calls",
)


def sample_event(step: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((project_root() / "events" / f"{step}.json").read_text(encoding="utf-8"))
    return event


def prepare(stack: EmbeddedStack, step: str) -> dict[str, Any]:
    """The sample event of `step`, with ids that exist on this stack."""
    event = sample_event(step)
    if step in _NEED_USER:
        stack.add_user(SAMPLE_SENDER, "Ana", user_key=SAMPLE_USER_KEY)
    if step == "transcribe_voice_note":
        event["message"]["media_url"] = (project_root() / "events" / "voice_notes" / "almoco.ogg").as_uri()
    if step not in _NEED_RUN:
        return event
    conversation = stack.call("resolve_conversation", sample_event("resolve_conversation"))
    start = {**sample_event("start_assistant_run"), "conversation": conversation}
    if step == "start_assistant_run":
        return start
    run = stack.call("start_assistant_run", start)
    if step == "check_assistant_run":
        return {**event, "run": run}
    if step == "cancel_assistant_run":
        return {**event, "run_id": run["run_id"]}
    if step == "answer_open_tool_calls":
        return {**event, "conversation": conversation, "run": run}
    outputs = [
        stack.call("run_tool", {**sample_event("run_tool"), "call": call, "index": index})
        for index, call in enumerate(run["tool_calls"])
    ]
    return {**event, "run": run, "outputs": outputs}


def main(argv: list[str]) -> int:
    step = argv[0] if argv else "parse_message"
    with tempfile.TemporaryDirectory() as data_dir, EmbeddedStack(Path(data_dir)) as stack:
        event = prepare(stack, step)
        print(f"event ({step}):\n{json.dumps(event, ensure_ascii=False, indent=2)}\n")
        try:
            result = stack.call(step, event)
        except Exception as exc:  # noqa: BLE001 - show the error as Step Functions would see it
            print(f"error: {type(exc).__name__}: {exc}")
            return 1
        print(f"result:\n{json.dumps(result, ensure_ascii=False, indent=2)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
