"""What the built layer holds of our package (the layer Makefile's own `package-code` target, without the
wheels): no embedded stack and no developer entry points, and every module it does ship imports without them
and without moto; every handler imports against it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from finassist.local.stack import project_root

ROOT = project_root()
DEV_ONLY = ("finassist/local/", "finassist/demo.py", "finassist/chat.py", "finassist/eval.py")

IMPORT_ALL = textwrap.dedent(
    """
    import importlib, importlib.util, json, pkgutil, sys
    from pathlib import Path

    class Missing:
        '''Import hook: moto, the X-Ray SDK and the developer-only modules are not in the layer.'''

        def find_spec(self, name, path=None, target=None):
            dev_only = ("finassist.demo", "finassist.chat", "finassist.eval")
            if name.split(".")[0] in ("moto", "aws_xray_sdk") or name in dev_only:
                raise ModuleNotFoundError(f"No module named {name!r}")
            return None

    sys.meta_path.insert(0, Missing())
    layer, lambdas = Path(sys.argv[1]), Path(sys.argv[2])
    sys.path.insert(0, str(layer))
    import finassist

    shipped = [m.name for m in pkgutil.walk_packages(finassist.__path__, "finassist.")]
    for name in shipped:
        importlib.import_module(name)
    for app in sorted(lambdas.glob("*/app.py")):
        spec = importlib.util.spec_from_file_location(f"handler_{app.parent.name}", app)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    print(json.dumps({
        "package": finassist.__file__,
        "modules": shipped,
        "outside": sorted(n for n, m in sys.modules.items() if n.startswith("finassist")
                          and getattr(m, "__file__", None) and not m.__file__.startswith(str(layer))),
    }))
    """
)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed: the layer's Makefile cannot be run here")
    artifacts = tmp_path_factory.mktemp("layer")
    subprocess.run(  # noqa: S603 - the repo's own Makefile
        [make, "--no-print-directory", "-C", str(ROOT / "layers" / "finassist"), "package-code"],
        env={**os.environ, "ARTIFACTS_DIR": str(artifacts)},
        check=True,
        capture_output=True,
    )
    return artifacts / "python"


def test_the_layer_leaves_out_the_embedded_stack_and_the_developer_entry_points(shipped: Path) -> None:
    files = sorted(str(p.relative_to(shipped)) for p in shipped.rglob("*") if p.is_file())

    assert "finassist/wiring.py" in files and "finassist/history_path.py" in files
    assert "finassist/data/categories_ptbr.json" in files
    assert [f for f in files if f.startswith(DEV_ONLY) or "__pycache__" in f] == []


def test_every_shipped_module_and_every_handler_imports_without_moto_the_xray_sdk_or_the_dev_modules(
    shipped: Path,
) -> None:
    env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "POWERTOOLS_TRACE_DISABLED": "true"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", IMPORT_ALL, str(shipped), str(ROOT / "lambdas")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["package"].startswith(str(shipped))
    assert seen["outside"] == []
    assert "finassist.commands.history" in seen["modules"] and "finassist.adapters.offline_assistant" in seen["modules"]
