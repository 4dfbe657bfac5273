"""Reads template.yaml (with its CloudFormation tags) so the embedded stack is built from the same file
as AWS, and local and deployed resources cannot drift apart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MESSAGE_FLOW = "MessageFlowStateMachine"


class _Tag:
    """A CloudFormation intrinsic (!Ref, !GetAtt, !Sub ...) kept as data."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value


class _Loader(yaml.SafeLoader):
    pass


def _construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tag:
    if isinstance(node, yaml.ScalarNode):
        return _Tag(suffix, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tag(suffix, loader.construct_sequence(node, deep=True))
    return _Tag(suffix, loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _construct)


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    code_uri: Path
    handler: str
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def state_name(self) -> str:
        return self.logical_id.removesuffix("Function")


@dataclass(frozen=True)
class IndexSpec:
    name: str
    hash_key: str
    range_key: str | None = None


@dataclass(frozen=True)
class TableSpec:
    logical_id: str
    hash_key: str
    range_key: str | None = None
    indexes: tuple[IndexSpec, ...] = ()


@dataclass(frozen=True)
class StateMachineSpec:
    logical_id: str
    definition_uri: Path
    substitutions: dict[str, str]  # placeholder -> function logical id


@dataclass(frozen=True)
class Template:
    root: Path
    functions: dict[str, FunctionSpec]
    tables: dict[str, TableSpec]
    state_machines: dict[str, StateMachineSpec]
    layer_dirs: list[Path]

    @property
    def state_machine(self) -> StateMachineSpec:
        """The message flow: the machine every WhatsApp message runs through."""
        return self.state_machines[MESSAGE_FLOW]

    def definition(self, function_arns: dict[str, str], machine: StateMachineSpec | None = None) -> str:
        """The ASL with DefinitionSubstitutions resolved, as CloudFormation would."""
        machine = machine or self.state_machine
        text = machine.definition_uri.read_text(encoding="utf-8")
        for placeholder, logical_id in machine.substitutions.items():
            text = text.replace("${" + placeholder + "}", function_arns[logical_id])
        leftover = re.findall(r"\$\{[A-Za-z0-9]+\}", text)
        if leftover:
            raise ValueError(f"unresolved substitutions in the ASL: {leftover}")
        return text


LOCAL_STACK_NAME = "finassist-local"
"""The stack name the embedded stack stands for, wherever template.yaml says ${AWS::StackName}."""


def _resolve(value: Any, refs: dict[str, str]) -> str:
    """Resolve the few intrinsics our environment variables use: !Ref to parameters, tables and the stack name,
    and !Sub over those."""
    if isinstance(value, _Tag):
        if value.tag == "Ref":
            return refs.get(str(value.value), "")
        if value.tag == "Sub" and isinstance(value.value, str):
            return re.sub(r"\$\{([^}]+)\}", lambda match: refs.get(match.group(1), ""), value.value)
        return ""
    return str(value)


def _key(schema: list[dict[str, str]], kind: str) -> str | None:
    return next((k["AttributeName"] for k in schema if k["KeyType"] == kind), None)


def load(root: Path) -> Template:
    doc = yaml.load((root / "template.yaml").read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - our loader is SafeLoader
    resources: dict[str, Any] = doc["Resources"]
    refs: dict[str, str] = {name: str(spec.get("Default", "")) for name, spec in (doc.get("Parameters") or {}).items()}
    refs["AWS::StackName"] = LOCAL_STACK_NAME
    tables = {
        lid: TableSpec(
            lid,
            _key(res["Properties"]["KeySchema"], "HASH") or "",
            _key(res["Properties"]["KeySchema"], "RANGE"),
            tuple(
                IndexSpec(index["IndexName"], _key(index["KeySchema"], "HASH") or "", _key(index["KeySchema"], "RANGE"))
                for index in res["Properties"].get("GlobalSecondaryIndexes", [])
            ),
        )
        for lid, res in resources.items()
        if res["Type"] == "AWS::DynamoDB::Table"
    }
    refs.update({lid: lid for lid in tables})
    global_env = doc.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    functions: dict[str, FunctionSpec] = {}
    machines: dict[str, StateMachineSpec] = {}
    for lid, res in resources.items():
        props = res.get("Properties", {})
        if res["Type"] == "AWS::Serverless::Function":
            env = {
                k: _resolve(v, refs)
                for k, v in {**global_env, **props.get("Environment", {}).get("Variables", {})}.items()
            }
            functions[lid] = FunctionSpec(lid, root / props["CodeUri"], props["Handler"], env)
        elif res["Type"] == "AWS::Serverless::StateMachine":
            subs = {
                key: str(tag.value).split(".")[0] if isinstance(tag.value, str) else str(tag.value[0])
                for key, tag in props["DefinitionSubstitutions"].items()
            }
            machines[lid] = StateMachineSpec(lid, root / props["DefinitionUri"], subs)
    if MESSAGE_FLOW not in machines:
        raise ValueError(f"template.yaml has no {MESSAGE_FLOW}")
    layers = [
        root / res["Properties"]["ContentUri"] / "python"
        for res in resources.values()
        if res["Type"] == "AWS::Serverless::LayerVersion"
    ]
    return Template(root, functions, tables, machines, layers)
