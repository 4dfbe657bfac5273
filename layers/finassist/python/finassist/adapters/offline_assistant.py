"""The offline assistant: the pt-BR understanding engine behind the same background-run protocol as OpenAI.

Runs, conversations and their items are JSON files under a data directory, so a run started by one Lambda
invocation is found by the next (as a background response is, on OpenAI's side). The state machine
therefore walks the same path: start (queued), poll (completed with function_call items), tool outputs
(a new run), poll (completed with a message).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from finassist.adapters.offline_replies import describe_round as _describe_round
from finassist.adapters.offline_replies import message as _message
from finassist.adapters.offline_replies import respond as _respond
from finassist.domain.understanding import Clarification, asked, follow_up
from finassist.errors import AssistantRunFailed
from finassist.ports import Run, RunContext, ToolCall, ToolOutput

TERMINAL = ("completed", "failed", "cancelled", "incomplete")


def _new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


class OfflineAssistant:
    """Assistant port without a model: understands the message itself and drives the same tool loop."""

    def __init__(self, data_dir: Path) -> None:
        self._root = data_dir / "offline_assistant"

    # -- storage -------------------------------------------------------------------------------------
    def _path(self, kind: str, ident: str) -> Path:
        if not ident.replace("_", "").isalnum():
            raise AssistantRunFailed(f"malformed id: {ident[:40]}")
        return self._root / kind / f"{ident}.json"

    def _load(self, kind: str, ident: str) -> dict[str, Any]:
        path = self._path(kind, ident)
        if not path.exists():
            raise AssistantRunFailed(f"no {kind[:-1]} found with id '{ident}'")
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def _save(self, kind: str, ident: str, data: dict[str, Any]) -> None:
        path = self._path(kind, ident)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    def _new_response(self, conversation_id: str, output: list[dict[str, Any]], meta: dict[str, Any]) -> Run:
        response_id = _new_id("resp")
        self._save(
            "responses",
            response_id,
            {
                "id": response_id,
                "status": "queued",
                "conversation": conversation_id,
                "output": output,
                "meta": meta,
            },
        )
        conversation = self._load("conversations", conversation_id)
        conversation["items"].extend(output)
        conversation["last_response"] = response_id
        self._save("conversations", conversation_id, conversation)
        return Run(run_id=response_id, status="queued")

    # -- the port ------------------------------------------------------------------------------------
    def create_conversation(self, sender_id: str) -> str:
        conversation_id = _new_id("conv")
        self._save("conversations", conversation_id, {"id": conversation_id, "items": []})
        return conversation_id

    def start_run(self, conversation_id: str, user_text: str, context: RunContext) -> Run:
        conversation = self._load("conversations", conversation_id)
        conversation["items"].append({"type": "message", "role": "user", "content": user_text})
        suggestion = conversation.pop("suggestion", None)
        intent = follow_up(
            conversation.pop("asked_back", None),
            user_text,
            context.today,
            awaiting_confirmation=bool(suggestion),
            last_question=conversation.get("last_question"),
        )
        if isinstance(intent, Clarification):
            # Remember what we asked about, so "45" in the next message completes "almoço".
            conversation["asked_back"] = user_text
        if asked(intent) is not None:
            # And what was asked, so "e no mês passado?" keeps its category.
            conversation["last_question"] = asked(intent)
        self._save("conversations", conversation_id, conversation)
        output, meta = _respond(intent, suggestion)
        return self._new_response(conversation_id, output, meta)

    def get_run(self, run_id: str) -> Run:
        response = self._load("responses", run_id)
        if response["status"] not in TERMINAL:
            response["status"] = "completed"  # the offline "model" finishes by the first poll
            self._save("responses", run_id, response)
        calls = tuple(
            ToolCall(call_id=item["call_id"], name=item["name"], arguments=item["arguments"])
            for item in response["output"]
            if item["type"] == "function_call"
        )
        text = "\n".join(item["content"] for item in response["output"] if item["type"] == "message")
        return Run(run_id=run_id, status=response["status"], tool_calls=calls, reply_text=text)

    def submit_tool_outputs(self, conversation_id: str, outputs: Sequence[ToolOutput], context: RunContext) -> Run:
        conversation = self._load("conversations", conversation_id)
        previous = self._load("responses", conversation["last_response"])
        pending = {item["call_id"]: item for item in previous["output"] if item["type"] == "function_call"}
        for output in outputs:
            if output.call_id not in pending:
                # What the Responses API answers with a 400 for an unknown call_id.
                raise AssistantRunFailed(f"No tool call found for function call output with call_id {output.call_id}.")
        missing = set(pending) - {output.call_id for output in outputs}
        if missing:
            raise AssistantRunFailed(f"No tool output found for function call {sorted(missing)[0]}.")
        conversation["items"].extend(
            {"type": "function_call_output", "call_id": o.call_id, "output": o.output} for o in outputs
        )
        results = [(pending[o.call_id]["name"], json.loads(o.output)) for o in outputs]
        if previous["meta"].get("suggest") and all(result.get("status") == "success" for _, result in results):
            conversation["suggestion"] = previous["meta"]["suggest"]  # a "sim" next moves the entry there
        self._save("conversations", conversation_id, conversation)
        text = _describe_round(results, previous["meta"])
        return self._new_response(conversation_id, [_message(text)], {})

    def cancel_run(self, run_id: str) -> Run:
        response = self._load("responses", run_id)
        if response["status"] not in TERMINAL:
            response["status"] = "cancelled"
            self._save("responses", run_id, response)
        return Run(run_id=run_id, status=response["status"])
