"""One name travels through the layers: state, folder, function resource, sample event, unit test."""

from __future__ import annotations

import json

import pytest

from finassist.local.stack import project_root
from finassist.local.template import load

ROOT = project_root()
TEMPLATE = load(ROOT)


def _task_states() -> set[str]:
    names: set[str] = set()
    for machine in TEMPLATE.state_machines.values():
        definition = json.loads(machine.definition_uri.read_text(encoding="utf-8"))
        states = dict(definition["States"])
        for state in list(states.values()):
            if state["Type"] == "Map":
                states.update(state["ItemProcessor"]["States"])
        names |= {name for name, state in states.items() if state["Type"] == "Task"}
    return names


@pytest.mark.parametrize("spec", TEMPLATE.functions.values(), ids=lambda spec: spec.logical_id)
def test_each_function_has_its_sample_event_and_its_unit_test(spec) -> None:  # type: ignore[no-untyped-def]
    step = spec.code_uri.name
    assert (ROOT / "events" / f"{step}.json").is_file()
    assert (ROOT / "tests" / "unit" / "lambdas" / f"test_{step}.py").is_file()
    assert (spec.code_uri / "app.py").is_file()


def test_every_task_state_is_a_function_of_the_same_name() -> None:
    functions = {spec.state_name for spec in TEMPLATE.functions.values()}
    assert _task_states() <= functions
    assert functions - _task_states() == {"ReceiveWebhook"}  # the API's function, before any execution
