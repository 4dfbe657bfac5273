"""The docs say what the code does: the diagram is the ASL's, every parameter and alarm is documented."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest
import yaml

from finassist.local.stack import project_root
from finassist.local.template import _Loader
from scripts import asl_to_mermaid

ROOT = project_root()


def _template() -> dict[str, Any]:
    document: dict[str, Any] = yaml.load((ROOT / "template.yaml").read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - SafeLoader with CloudFormation tags
    return document


def test_the_architecture_diagram_is_exactly_the_one_drawn_from_the_asl() -> None:
    document = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")

    block = asl_to_mermaid.generated_block()

    assert "```mermaid\nstateDiagram-v2\n    [*] --> ParseMessage\n" in block
    assert block in document, "the diagram is stale: run python scripts/asl_to_mermaid.py --write"
    assert asl_to_mermaid.with_block(document) == document


def test_every_state_of_the_asl_appears_in_the_diagram() -> None:
    asl = json.loads((ROOT / "statemachine" / "message_flow.asl.json").read_text(encoding="utf-8"))
    names = set(asl["States"])
    for state in asl["States"].values():
        if state["Type"] == "Map":
            names |= set(state["ItemProcessor"]["States"])

    diagram = asl_to_mermaid.diagram(asl)

    assert all(re.search(rf"\b{name}\b", diagram) for name in names)


@pytest.mark.parametrize("parameter", sorted(_template()["Parameters"]))
def test_every_template_parameter_is_explained_in_the_deploy_guide(parameter: str) -> None:
    assert f"`{parameter}`" in (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, spaces to dashes, punctuation dropped."""
    return re.sub(r"[^a-z0-9 -]", "", heading.strip().lower()).replace(" ", "-")


def _alarms() -> dict[str, Any]:
    resources: dict[str, Any] = _template()["Resources"]
    return {lid: res for lid, res in resources.items() if res["Type"] == "AWS::CloudWatch::Alarm"}


def test_every_alarm_points_at_a_section_of_the_runbook_that_exists() -> None:
    runbook = (ROOT / "docs" / "runbook.md").read_text(encoding="utf-8")
    anchors = {_slug(line.lstrip("#")) for line in runbook.splitlines() if line.startswith("#")}

    missing = {}
    for logical_id, alarm in _alarms().items():
        description = alarm["Properties"]["AlarmDescription"]
        text = description if isinstance(description, str) else str(description.value)
        link = re.search(r"docs/runbook\.md#([a-z0-9-]+)", text)
        if link is None or link.group(1) not in anchors:
            missing[logical_id] = link.group(1) if link else "(no runbook link)"

    assert missing == {}


def test_every_function_has_an_errors_and_a_throttles_alarm() -> None:
    resources: dict[str, Any] = _template()["Resources"]
    functions = [lid for lid, res in resources.items() if res["Type"] == "AWS::Serverless::Function"]
    watched = {
        (alarm["Properties"]["Dimensions"][0]["Value"].value, alarm["Properties"]["MetricName"])
        for alarm in _alarms().values()
        if alarm["Properties"].get("Namespace") == "AWS/Lambda"
    }

    assert len(functions) >= 12
    assert {(f, m) for f in functions for m in ("Errors", "Throttles")} <= watched


def test_the_recurring_template_text_to_submit_is_the_one_the_product_fills() -> None:
    from finassist.domain.notices import RECURRING_TEMPLATE_BODY

    assert f"\n   {RECURRING_TEMPLATE_BODY}\n" in (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Layout\n", 1)[1].split("```", 2)[1]


def test_the_readme_layout_names_every_module_of_the_layer() -> None:
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", _layout()))
    package = ROOT / "layers" / "finassist" / "python" / "finassist"

    modules = {path.stem for path in package.rglob("*.py") if path.stem != "__init__"}

    assert len(modules) > 100
    assert modules - words == set()


def test_the_readme_layout_names_every_entry_at_the_top_of_the_repository_and_no_file_that_is_gone() -> None:
    git = ["git", "ls-files"]  # from PATH, on our own checkout
    listed = subprocess.run(git, cwd=ROOT, capture_output=True, text=True, check=True, timeout=60).stdout.split()  # noqa: S603
    layout = _layout()
    at_top = {path.split("/")[0] for path in listed if not path.endswith(".md")}
    starts = {line.split()[0].split("/")[0] for line in layout.splitlines() if line and not line[0].isspace()}
    names = {path.rsplit("/", 1)[-1] for path in listed}
    named_files = {name.rsplit("/", 1)[-1] for name in re.findall(r"[\w./-]+\.(?:py|sh|toml|txt|yaml|json)\b", layout)}

    assert at_top - starts == set()
    assert named_files - names == set()
