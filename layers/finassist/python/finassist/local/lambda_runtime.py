"""What the Lambda Python runtime does around a handler, done in-process for the embedded stack: import
lambdas/<step>/app.py, hand it a context, and turn an exception into the runtime's error payload."""

from __future__ import annotations

import importlib.util
import io
import sys
import threading
import traceback
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from finassist.local.template import FunctionSpec

REGION = "us-east-1"


@dataclass
class LambdaContext:
    """The attributes of the Lambda runtime's context object that Powertools reads."""

    function_name: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    timeout_ms: int = 30_000

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:123456789012:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return self.timeout_ms


_IMPORT_LOCK = threading.RLock()


def load_handler(spec: FunctionSpec) -> Callable[[dict[str, Any], Any], Any]:
    """Import lambdas/<step>/app.py under a unique module name (every handler file is called app.py)."""
    module_name, attr = spec.handler.rsplit(".", 1)
    path = spec.code_uri / f"{module_name}.py"
    unique = f"finassist_lambda_{spec.code_uri.name}"
    with _IMPORT_LOCK:  # concurrent executions must not see a half-imported module in sys.modules
        module = sys.modules.get(unique)
        if module is None:
            loader_spec = importlib.util.spec_from_file_location(unique, path)
            if loader_spec is None or loader_spec.loader is None:
                raise ImportError(f"cannot import {path}")
            module = importlib.util.module_from_spec(loader_spec)
            sys.modules[unique] = module
            try:
                loader_spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[unique]
                raise
    handler: Callable[[dict[str, Any], Any], Any] = getattr(module, attr)
    return handler


def error_payload(exc: BaseException, request_id: str) -> dict[str, Any]:
    """The AWS Python runtime's error shape: errorType is the bare class name Retry/Catch match."""
    return {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_tb(exc.__traceback__),
    }


def placeholder_zip() -> bytes:
    """moto wants a code package; the code that runs is the real handler, imported by the hook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    raise RuntimeError('run in-process')\n")
    return buffer.getvalue()
