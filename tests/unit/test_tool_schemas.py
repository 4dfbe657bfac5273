"""The tools' schemas meet the Responses API's strict mode: every property required, nothing extra."""

from __future__ import annotations

import pytest

from finassist.tools import TOOL_SCHEMAS, TOOLS


@pytest.mark.parametrize("schema", TOOL_SCHEMAS, ids=[s["name"] for s in TOOL_SCHEMAS])
def test_every_tool_is_strict_with_all_properties_required(schema: dict) -> None:
    parameters = schema["parameters"]
    assert schema["strict"] is True and schema["type"] == "function"
    assert parameters["additionalProperties"] is False
    assert sorted(parameters["required"]) == sorted(parameters["properties"])


def test_every_schema_has_an_action_and_every_action_a_schema() -> None:
    assert sorted(s["name"] for s in TOOL_SCHEMAS) == sorted(TOOLS)
