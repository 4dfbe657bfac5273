"""The tools' schemas meet the Responses API's strict mode: every property required, nothing extra; and being derived
from the argument models, they say exactly what the models accept and what the model was shown before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from finassist.tools.arguments import ARGUMENTS, ToolArguments
from finassist.tools.dispatch import TOOLS
from finassist.tools.schemas import TOOL_SCHEMAS, strict_property, strict_tool

BEFORE_DERIVATION = Path(__file__).parent / "data" / "tool_schemas.json"
"""The hand-written schemas of the last version that wrote them by hand, as sent to the model."""


@pytest.mark.parametrize("schema", TOOL_SCHEMAS, ids=[s["name"] for s in TOOL_SCHEMAS])
def test_every_tool_is_strict_with_all_properties_required(schema: dict) -> None:
    parameters = schema["parameters"]
    assert schema["strict"] is True and schema["type"] == "function"
    assert parameters["additionalProperties"] is False
    assert sorted(parameters["required"]) == sorted(parameters["properties"])


def test_every_schema_has_an_action_and_every_action_a_schema() -> None:
    assert sorted(s["name"] for s in TOOL_SCHEMAS) == sorted(TOOLS)


def test_the_derived_schemas_are_the_ones_the_model_was_shown_when_they_were_written_by_hand() -> None:
    before = json.loads(BEFORE_DERIVATION.read_text(encoding="utf-8"))

    assert json.dumps(TOOL_SCHEMAS, ensure_ascii=False, indent=1) == json.dumps(before, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("name", list(ARGUMENTS))
def test_a_property_is_nullable_exactly_when_its_argument_may_be_left_out(name: str) -> None:
    model = ARGUMENTS[name]
    (schema,) = [s for s in TOOL_SCHEMAS if s["name"] == name]
    properties: dict[str, Any] = schema["parameters"]["properties"]

    assert list(properties) == list(model.model_fields)
    for field, info in model.model_fields.items():
        types = properties[field]["type"]
        assert ("null" in types) is (not info.is_required()), field
        if "enum" in properties[field]:
            assert (None in properties[field]["enum"]) is (not info.is_required()), field


@pytest.mark.parametrize("name", list(ARGUMENTS))
def test_only_keywords_strict_mode_supports_reach_the_model(name: str) -> None:
    (schema,) = [s for s in TOOL_SCHEMAS if s["name"] == name]

    for field, prop in schema["parameters"]["properties"].items():
        assert set(prop) <= {"type", "description", "enum"}, field


def test_an_argument_whose_shape_strict_mode_cannot_say_is_refused_not_guessed() -> None:
    class Inner(BaseModel):
        x: int

    class Nested(ToolArguments):
        inner: Inner

    class Either(ToolArguments):
        value: int | str

    with pytest.raises(ValueError, match="no strict shape"):
        strict_tool("nested", "", Nested)
    with pytest.raises(ValueError, match="only a union of one type with null"):
        strict_tool("either", "", Either)
    with pytest.raises(ValueError, match="no strict shape"):
        strict_property("x", {"type": "string", "const": "a"})
