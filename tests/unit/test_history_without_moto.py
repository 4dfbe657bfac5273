"""`finassist history` against AWS needs neither moto nor the embedded stack: in an interpreter where moto cannot
be imported at all, the CLI loads and an execution's history (botocore's Stubber, checked against the Step
Functions service model) becomes the path an operator reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json
    import sys
    from datetime import datetime, timedelta, timezone

    class NoMoto:
        '''An import hook: moto is not installed here.'''

        def find_spec(self, name, path=None, target=None):
            if name == "moto" or name.startswith("moto."):
                raise ModuleNotFoundError(f"No module named {name!r}")
            return None

    sys.meta_path.insert(0, NoMoto())

    import boto3
    from botocore.stub import Stubber

    from finassist.cli import build_parser
    from finassist.commands.history import execution_detail, format_detail

    MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:MessageFlow"
    EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:MessageFlow:SM" + "1" * 32
    T0 = datetime(2026, 11, 24, 13, 0, 0, tzinfo=timezone.utc)

    def at(ms):
        return T0 + timedelta(milliseconds=ms)

    def event(number, ms, kind, **details):
        return {"id": number, "previousEventId": number - 1, "timestamp": at(ms), "type": kind, **details}

    events = [
        event(1, 0, "ExecutionStarted", executionStartedEventDetails={"input": "{}", "roleArn": MACHINE}),
        event(2, 1, "TaskStateEntered", stateEnteredEventDetails={"name": "ParseMessage", "input": "{}"}),
        event(3, 2, "LambdaFunctionScheduled", lambdaFunctionScheduledEventDetails={"resource": "arn:aws:lambda:f"}),
        event(4, 30, "LambdaFunctionFailed", lambdaFunctionFailedEventDetails={"error": "Lambda.ServiceException"}),
        event(5, 1030, "LambdaFunctionScheduled", lambdaFunctionScheduledEventDetails={"resource": "arn:aws:lambda:f"}),
        event(6, 1100, "LambdaFunctionSucceeded", lambdaFunctionSucceededEventDetails={"output": "{}"}),
        event(7, 1101, "TaskStateExited", stateExitedEventDetails={"name": "ParseMessage", "output": "{}"}),
        event(8, 1102, "ExecutionSucceeded", executionSucceededEventDetails={"output": "{}"}),
    ]
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    with Stubber(sfn) as stub:
        stub.add_response(
            "describe_execution",
            {
                "executionArn": EXECUTION,
                "stateMachineArn": MACHINE,
                "name": "SM" + "1" * 32,
                "status": "SUCCEEDED",
                "startDate": at(0),
                "stopDate": at(1102),
                "input": json.dumps({"sender": "whatsapp:+5511987654321"}),
            },
            {"executionArn": EXECUTION},
        )
        stub.add_response("get_execution_history", {"events": events}, {"executionArn": EXECUTION})
        detail = execution_detail(sfn, EXECUTION)
    build_parser().parse_args(["history", "show", "latest", "--state-machine-arn", MACHINE])
    print(json.dumps({
        "path": [[v.name, v.kind, round(v.seconds, 3), v.retries] for v in detail.path],
        "printed": format_detail(detail),
        "loaded": sorted(m for m in sys.modules if m == "moto" or m.startswith(("moto.", "finassist.local"))),
    }))
    """
)


def test_the_history_command_reads_an_execution_with_moto_unimportable() -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    env.pop("AWS_PROFILE", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=False, timeout=120
    )

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["loaded"] == []
    assert seen["path"] == [["ParseMessage", "Task", 1.1, 1]]
    assert "ParseMessage" in seen["printed"] and "whatsapp:+***4321" in seen["printed"]
    assert "987654321" not in seen["printed"]


def test_the_history_module_and_the_embedded_stack_no_longer_import_each_other() -> None:
    import ast
    from pathlib import Path

    import finassist

    package = Path(finassist.__file__).parent
    imported = {
        node.module
        for node in ast.walk(ast.parse((package / "history_path.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not any(module.startswith(("finassist.local", "moto", "boto3")) for module in imported)
    assert not (package / "local" / "history.py").exists()
