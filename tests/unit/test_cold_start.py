"""Cold starts as deployed: importing a handler (tracing on, in Lambda's environment) loads none of the heavy
libraries; each step loads what it needs on its first call (benchmarks/import_time.py measures both)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from finassist.local.stack import project_root

ROOT = project_root()
HEAVY = (
    "aws_xray_sdk",
    "boto3",
    "botocore.session",
    "aws_lambda_powertools.utilities.idempotency",
    "aws_lambda_powertools.utilities.parameters",
    "pydantic",
    "openai",
    "twilio.rest",
    "requests",
    "msal",
    "openpyxl",
    "PIL",
)

SCRIPT = textwrap.dedent(
    """
    import importlib.util, json, sys
    from pathlib import Path

    heavy, loaded_by = json.loads(sys.argv[1]), {}
    for app in sorted(Path(sys.argv[2]).glob("*/app.py")):
        spec = importlib.util.spec_from_file_location(f"handler_{app.parent.name}", app)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
        for name in heavy:
            if name in sys.modules and name not in loaded_by:
                loaded_by[name] = app.parent.name  # modules only accumulate: the first handler to load it
    print(json.dumps(loaded_by))
    """
)


def test_no_handler_loads_a_heavy_library_at_import_with_tracing_on() -> None:
    env = {
        **os.environ,
        "AWS_LAMBDA_FUNCTION_NAME": "FinAssist-Step",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.11",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    env.pop("POWERTOOLS_TRACE_DISABLED", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT, json.dumps(HEAVY), str(ROOT / "lambdas")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}
