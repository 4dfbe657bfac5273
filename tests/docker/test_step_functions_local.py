"""AWS Step Functions Local (the amazon/aws-stepfunctions-local image) accepts our ASL and walks the expense
path with each Lambda's result mocked from a real handler output: a parity check against AWS's own
interpreter for what the embedded stack (moto's) runs everywhere else."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3

from finassist.local.stack import project_root
from finassist.local.template import load

IMAGE = "amazon/aws-stepfunctions-local:latest"
SID = "SM0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e01"


def _mock_config() -> dict[str, Any]:
    run = {
        "run_id": "resp_1",
        "status": "tool_calls",
        "polls": 1,
        "tool_rounds": 0,
        "started_at": 1795950000.0,
        "tool_calls": [{"call_id": "call_1", "name": "add_expense", "arguments": "{}"}],
    }
    results = {
        "ParseMessage": {
            "kind": "text",
            "text": "almoço 45",
            "media_url": None,
            "media_type": None,
            "profile_name": "Ana",
        },
        "ResolveConversation": {"conversation_id": "conv_1"},
        "StartAssistantRun": {**run, "status": "in_progress", "polls": 0, "tool_calls": []},
        "CheckAssistantRun": run,
        "RunTool": {"call_id": "call_1", "output": '{"status": "success"}'},
        "SubmitToolOutputs": {**run, "status": "in_progress", "tool_rounds": 1, "tool_calls": []},
        "FetchReply": {"parts": ["Anotado!"], "media": []},
        "SendReply": {"sent": 1, "message_ids": ["SM1"]},
    }
    responses = {f"{name}Ok": {"0": {"Return": value}} for name, value in results.items()}
    # The second poll finds the run completed.
    responses["CheckAssistantRunTwice"] = {
        "0": {"Return": run},
        "1": {"Return": {**run, "status": "completed", "tool_calls": []}},
    }
    case = {name: f"{name}Ok" for name in results}
    case["CheckAssistantRun"] = "CheckAssistantRunTwice"
    return {"StateMachines": {"MessageFlow": {"TestCases": {"Expense": case}}}, "MockedResponses": responses}


def test_step_functions_local_runs_the_expense_path() -> None:
    from testcontainers.core.container import DockerContainer

    template = load(project_root())
    arns = {lid: f"arn:aws:lambda:us-east-1:123456789012:function:{lid}" for lid in template.functions}
    with tempfile.TemporaryDirectory() as tmp:
        mock_file = Path(tmp) / "MockConfigFile.json"
        mock_file.write_text(json.dumps(_mock_config()), encoding="utf-8")
        container = (
            DockerContainer(IMAGE)
            .with_exposed_ports(8083)
            .with_volume_mapping(tmp, "/home/StepFunctionsLocal/mock", "ro")
            .with_env("SFN_MOCK_CONFIG", "/home/StepFunctionsLocal/mock/MockConfigFile.json")
        )
        with container:
            endpoint = f"http://{container.get_container_host_ip()}:{container.get_exposed_port(8083)}"
            sfn = boto3.client(
                "stepfunctions",
                endpoint_url=endpoint,
                region_name="us-east-1",
                aws_access_key_id="local",
                aws_secret_access_key="local",
            )
            machine = sfn.create_state_machine(
                name="MessageFlow",
                definition=template.definition(arns),
                roleArn="arn:aws:iam::123456789012:role/DummyRole",
            )
            execution = sfn.start_execution(
                stateMachineArn=f"{machine['stateMachineArn']}#Expense",
                name=SID,
                input=json.dumps(
                    {
                        "message_sid": SID,
                        "sender": "whatsapp:+5511987654321",
                        "twilio": {},
                        "settings": {"poll_seconds": 0, "max_polls": 5, "max_tool_rounds": 2},
                        "tool_outputs": [],
                        "error": None,
                    }
                ),
            )
            for _ in range(100):
                status = sfn.describe_execution(executionArn=execution["executionArn"])["status"]
                if status != "RUNNING":
                    break
                time.sleep(0.2)
            history = sfn.get_execution_history(executionArn=execution["executionArn"])["events"]
            entered = [e["stateEnteredEventDetails"]["name"] for e in history if "stateEnteredEventDetails" in e]
            assert status == "SUCCEEDED"
            assert entered[-2:] == ["FetchReply", "SendReply"]
            assert "RunTool" in entered and "SubmitToolOutputs" in entered
