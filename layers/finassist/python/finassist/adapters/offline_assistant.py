"""The offline assistant: the pt-BR understanding engine behind the same background-run protocol as OpenAI.

Runs (responses) and conversations are JSON documents under a data directory, so a run started by one Lambda
invocation is found by the next (as a background response is, on OpenAI's side). The state machine
therefore walks the same path: start (queued, as a background create answers), poll (completed with
function_call items), tool outputs (a new run), poll (completed with a message). The engine has its answer
when it is asked, so a response is stored completed at once: no second write per response (in AWS these are
FlowState items, paid per write).

Several messages of one sender can reach the same conversation at once (a burst on WhatsApp), so each change
to a conversation is one read-modify-write under its lock (finassist.adapters.json_documents), and tool
outputs find the run that asked for them by call id, not by "the conversation's last run". A conversation
that cannot be read (cut short by a crash, edited by hand) is set aside and the message starts a fresh one
under the same id: the person loses the context of earlier turns, never the answer to this one.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from finassist.adapters.json_documents import Document, DocumentMissing, Documents, JsonDocuments, Recover
from finassist.adapters.offline_replies import describe_round as _describe_round
from finassist.adapters.offline_replies import message as _message
from finassist.adapters.offline_replies import respond as _respond
from finassist.domain.understanding import Clarification, Intent, asked, follow_up
from finassist.domain.understanding.several import MAX_PARTS
from finassist.errors import (
    AssistantRunFailed,
    AssistantUnavailable,
    ConversationHasOpenToolCalls,
    DocumentBusy,
    DocumentUnreadable,
)
from finassist.ports import Run, RunContext, ToolCall, ToolOutput

TERMINAL = ("completed", "failed", "cancelled", "incomplete")
MAX_ITEMS = MAX_PARTS + 2
"""The conversation's recent items kept: the newest round's calls (ten at most, the several-expenses cap) and
the last thing said, where an unanswered call and the message are found; older turns are never read. In AWS
the document is a FlowState item rewritten every turn at 1 WRU per KB: 120 whole items made it ~23 KB and the
offline-first path cost more than the model's (docs/benchmarks.md); 12 kept items (`_kept`) are about 1 KB."""
log = logging.getLogger(__name__)


def _kept(item: dict[str, Any]) -> dict[str, Any]:
    """What the conversation keeps of an item: what is read back (a call's id and name, whether it was answered,
    what the person said). The arguments, outputs and replies live in the response documents; keeping them here
    too made every turn's write several KB larger (1 WRU per KB in DynamoDB)."""
    if item["type"] == "function_call":
        return {"type": "function_call", "call_id": item["call_id"], "name": item["name"]}
    if item["type"] == "function_call_output":
        return {"type": "function_call_output", "call_id": item["call_id"]}
    if item.get("role") == "assistant":
        return {"type": "message", "role": "assistant"}
    return item


def _new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def _fresh(conversation_id: str) -> Document:
    return {"id": conversation_id, "items": [], "pending": {}}


def _open_calls(items: list[dict[str, Any]]) -> list[str]:
    """Function calls of the conversation that no function_call_output answers yet, oldest first."""
    answered = {item["call_id"] for item in items if item.get("type") == "function_call_output"}
    return [i["call_id"] for i in items if i.get("type") == "function_call" and i["call_id"] not in answered]


class OfflineAssistant:
    """Assistant port without a model: understands the message itself and drives the same tool loop."""

    def __init__(
        self,
        data_dir: Path,
        *,
        conversations: Documents | None = None,
        responses: Documents | None = None,
        keep_items: int = MAX_ITEMS,
    ):
        root = data_dir / "offline_assistant"
        self.conversations: Documents = conversations or JsonDocuments(root / "conversations")
        self.responses: Documents = responses or JsonDocuments(root / "responses")
        self.keep_items = keep_items

    # -- storage -------------------------------------------------------------------------------------
    def _response(self, run_id: str) -> Document:
        try:
            return self.responses.read(_checked(run_id))
        except DocumentMissing as exc:
            raise AssistantRunFailed(f"no response found with id '{run_id}'") from exc
        except DocumentUnreadable as exc:
            raise AssistantRunFailed(f"response {run_id} is unreadable: {exc}") from exc

    def _respond_in(self, conversation: Document, output: list[dict[str, Any]], meta: dict[str, Any]) -> Run:
        """A new queued run in the conversation (called inside the conversation's lock)."""
        response_id = _new_id("resp")
        record = {"id": response_id, "status": "completed", "conversation": conversation["id"], "output": output}
        self.responses.write(response_id, {**record, "meta": meta})
        conversation["items"].extend(_kept(item) for item in output)
        del conversation["items"][: -self.keep_items]  # a document stays small (MAX_ITEMS says why)
        pending = conversation.setdefault("pending", {})
        pending.update({item["call_id"]: response_id for item in output if item["type"] == "function_call"})
        return Run(run_id=response_id, status="queued")

    # -- the port ------------------------------------------------------------------------------------
    def create_conversation(self, sender_id: str) -> str:
        conversation_id = _new_id("conv")
        self.conversations.write(conversation_id, _fresh(conversation_id))
        return conversation_id

    def start_run(self, conversation_id: str, user_text: str, context: RunContext) -> Run:
        run = self.start_if_sure(conversation_id, user_text, context, sure=None)
        assert run is not None  # with no gate, every message is answered here
        return run

    def start_if_sure(
        self, conversation_id: str, user_text: str, context: RunContext, sure: Callable[[Intent], bool] | None
    ) -> Run | None:
        """Start a run for the message, or, when `sure` says the engine is not sure of what it read, return None
        and forget what the conversation was waiting for (the model answers that message, with its own context).
        """
        replace_unreadable = _replacing(_checked(conversation_id))
        try:
            with self.conversations.update(conversation_id, recover=replace_unreadable) as conversation:
                open_calls = _open_calls(conversation["items"])
                if open_calls:
                    # What the Responses API answers (HTTP 400) for a conversation holding an unanswered call.
                    raise ConversationHasOpenToolCalls(
                        f"No tool output found for function call {open_calls[0]}.", tuple(open_calls)
                    )
                suggestion = conversation.pop("suggestion", None)
                intent = follow_up(
                    conversation.pop("asked_back", None),
                    user_text,
                    context.today,
                    awaiting_confirmation=bool(suggestion),
                    last_question=conversation.get("last_question"),
                )
                if sure is not None and not sure(intent):
                    conversation.pop("last_question", None)
                    return None
                conversation["items"].append({"type": "message", "role": "user", "content": user_text})
                if isinstance(intent, Clarification):
                    # Remember what we asked about, so "45" in the next message completes "almoço".
                    conversation["asked_back"] = user_text
                if asked(intent) is not None:
                    # And what was asked, so "e no mês passado?" keeps its category.
                    conversation["last_question"] = asked(intent)
                output, meta = _respond(intent, suggestion)
                return self._respond_in(conversation, output, meta)
        except DocumentBusy as exc:
            raise AssistantUnavailable(str(exc)) from exc

    def last_user_text(self, conversation_id: str) -> str:
        """What the person said last in this conversation (for the model's copy of an offline turn)."""
        items = self.conversations.read(_checked(conversation_id)).get("items", [])
        said = [str(i["content"]) for i in items if i.get("type") == "message" and i.get("role") == "user"]
        return said[-1] if said else ""

    def get_run(self, run_id: str) -> Run:
        response = self._response(run_id)
        if response["status"] not in TERMINAL:
            with self.responses.update(run_id) as latest:
                if latest["status"] not in TERMINAL:
                    latest["status"] = "completed"  # stored queued by an earlier version: done by the first poll
                response = latest
        calls = tuple(
            ToolCall(call_id=item["call_id"], name=item["name"], arguments=item["arguments"])
            for item in response["output"]
            if item["type"] == "function_call"
        )
        text = "\n".join(item["content"] for item in response["output"] if item["type"] == "message")
        return Run(run_id=run_id, status=response["status"], tool_calls=calls, reply_text=text)

    def submit_tool_outputs(self, conversation_id: str, outputs: Sequence[ToolOutput], context: RunContext) -> Run:
        try:
            with self.conversations.update(_checked(conversation_id)) as conversation:
                previous = self._answered_run(conversation, outputs)
                conversation["items"].extend(
                    _kept({"type": "function_call_output", "call_id": o.call_id}) for o in outputs
                )
                for output in outputs:
                    conversation["pending"].pop(output.call_id, None)
                results = [(previous["calls"][o.call_id], json.loads(o.output)) for o in outputs]
                suggest = previous["meta"].get("suggest")
                if suggest and all(result.get("status") == "success" for _, result in results):
                    conversation["suggestion"] = suggest  # a "sim" next moves the entry there
                text = _describe_round(results, previous["meta"])
                return self._respond_in(conversation, [_message(text)], {})
        except DocumentBusy as exc:
            raise AssistantUnavailable(str(exc)) from exc
        except DocumentUnreadable as exc:
            # The run that asked for these outputs is lost with the conversation: start the person afresh and
            # let this message end in an apology (the next one is answered normally).
            with self.conversations.update(conversation_id, recover=_replacing(conversation_id)):
                pass
            raise AssistantRunFailed(f"conversation {conversation_id} was unreadable and was replaced: {exc}") from exc

    def _answered_run(self, conversation: Document, outputs: Sequence[ToolOutput]) -> dict[str, Any]:
        """The one run whose function calls these outputs answer, all of them (the Responses API's 400s)."""
        pending: dict[str, str] = conversation.setdefault("pending", {})
        for output in outputs:
            if output.call_id not in pending:
                raise AssistantRunFailed(f"No tool call found for function call output with call_id {output.call_id}.")
        run_ids = {pending[output.call_id] for output in outputs}
        if not run_ids and pending:
            raise AssistantRunFailed(f"No tool output found for function call {sorted(pending)[0]}.")
        if len(run_ids) != 1:
            raise AssistantRunFailed("function call outputs answer calls of different responses")
        response = self._response(run_ids.pop())
        calls = {item["call_id"]: item["name"] for item in response["output"] if item["type"] == "function_call"}
        missing = set(calls) - {output.call_id for output in outputs}
        if missing:
            raise AssistantRunFailed(f"No tool output found for function call {sorted(missing)[0]}.")
        return {"calls": calls, "meta": response["meta"]}

    def wait_for_run(self, run_id: str, max_seconds: float) -> Run:
        """The offline "model" has its answer as soon as it is asked: nothing to wait for."""
        return self.get_run(run_id)

    def close_open_calls(self, conversation_id: str, note: str) -> list[str]:
        """The calls are marked answered; the note is for a model to read, and the offline engine reads none."""
        try:
            with self.conversations.update(_checked(conversation_id)) as conversation:
                open_calls = _open_calls(conversation["items"])
                conversation["items"].extend(
                    _kept({"type": "function_call_output", "call_id": call_id}) for call_id in open_calls
                )
                for call_id in open_calls:
                    conversation.setdefault("pending", {}).pop(call_id, None)
                return open_calls
        except DocumentBusy as exc:
            raise AssistantUnavailable(str(exc)) from exc

    def cancel_run(self, run_id: str) -> Run:
        response = self._response(run_id)
        if response["status"] not in TERMINAL:
            with self.responses.update(run_id) as latest:
                if latest["status"] not in TERMINAL:
                    latest["status"] = "cancelled"
                response = latest
        return Run(run_id=run_id, status=response["status"])


def _replacing(conversation_id: str) -> Recover:
    """What an unreadable conversation becomes: a fresh one under the same id, saying why."""

    def fresh_instead(problem: DocumentUnreadable) -> Document:
        log.warning("conversation %s replaced with a fresh one: %s", conversation_id, problem)
        fresh = _fresh(conversation_id)
        fresh["replaced"] = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "problem": str(problem)}
        return fresh

    return fresh_instead


def _checked(ident: str) -> str:
    """Ids come back from the state machine's input: one that could name another file is a failed run."""
    if not ident.replace("_", "").isalnum():
        raise AssistantRunFailed(f"malformed id: {ident[:40]}")
    return ident
