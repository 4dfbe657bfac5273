"""template.yaml as CloudFormation sees it: translated by the SAM translator (the library `sam deploy` uses), then
its Conditions evaluated for a set of parameter values and its physical names resolved for a stack name.

The cost table (benchmarks/fixed_cost.py) and the template tests read the deployed shape from here, so what they
count is what CloudFormation would create, not what the SAM shorthand suggests.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "template.yaml"
ACCOUNT_ID = "123456789012"


@cache
def _translated(text: str, region: str) -> dict[str, Any]:
    import boto3
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator
    from samtranslator.yaml_helper import yaml_parse

    document: dict[str, Any] = yaml_parse(text)
    for logical_id, resource in document.get("Resources", {}).items():
        properties = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri", "DefinitionUri"):
            if isinstance(properties.get(key), str):  # `sam package` uploads these; the translator wants S3
                properties[key] = f"s3://packaged-by-sam/{logical_id}"
    translator = Translator({}, Parser(), boto_session=boto3.Session(region_name=region))
    result: dict[str, Any] = translator.translate(document, {}, get_managed_policy_map=lambda: {})
    return result


@dataclass(frozen=True)
class Deployed:
    """One stack of the template: its parameters, its resources after Conditions, and a resolver for names."""

    stack_name: str
    region: str
    parameters: dict[str, str]
    template: dict[str, Any]

    @property
    def conditions(self) -> dict[str, bool]:
        raw = self.template.get("Conditions", {})
        results: dict[str, bool] = {}

        def evaluate(name: str) -> bool:
            if name not in results:
                results[name] = bool(self._condition(raw[name], evaluate))
            return results[name]

        for name in raw:
            evaluate(name)
        return results

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        """The resources CloudFormation would create with these parameters."""
        active = self.conditions
        return {
            logical_id: resource
            for logical_id, resource in self.template["Resources"].items()
            if "Condition" not in resource or active[resource["Condition"]]
        }

    def of_type(self, kind: str) -> dict[str, dict[str, Any]]:
        return {lid: res for lid, res in self.resources.items() if res["Type"] == kind}

    def physical_id(self, logical_id: str) -> str:
        """What a Ref to a resource returns; for a name CloudFormation generates, <stack>-<logical id>-<suffix>."""
        resource = self.template["Resources"][logical_id]
        properties = resource.get("Properties", {})
        for key in _NAME_PROPERTIES.get(resource["Type"], ()):
            if key in properties:
                return str(self.value(properties[key]))
        return f"{self.stack_name}-{logical_id}-GENERATED"

    def value(self, node: Any) -> Any:
        """A property with its intrinsics resolved (Ref, Fn::Sub, Fn::GetAtt, Fn::If, Fn::Join)."""
        if isinstance(node, list):
            return [self.value(item) for item in node]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, argument), *_ = node.items()
            if key == "Ref":
                return self._ref(str(argument))
            if key == "Fn::Sub":
                text, variables = (argument, {}) if isinstance(argument, str) else argument
                return self._sub(text, {k: self.value(v) for k, v in variables.items()})
            if key == "Fn::GetAtt":
                logical_id, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
                return f"{self.physical_id(logical_id)}.{attribute}"
            if key == "Fn::If":
                name, when_true, when_false = argument
                return self.value(when_true if self.conditions[name] else when_false)
            if key == "Fn::Join":
                separator, items = argument
                return separator.join(str(item) for item in self.value(items))
        return {key: self.value(item) for key, item in node.items()}

    def _ref(self, name: str) -> Any:
        pseudo = {
            "AWS::StackName": self.stack_name,
            "AWS::Region": self.region,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::NoValue": None,
        }
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if self.template["Resources"][name]["Type"] == "AWS::StepFunctions::StateMachine":
            return f"arn:aws:states:{self.region}:{ACCOUNT_ID}:stateMachine:{self.physical_id(name)}"
        return self.physical_id(name)

    def _sub(self, text: str, variables: Mapping[str, Any]) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in variables:
                return str(variables[name])
            if "." in name and not name.startswith("AWS::"):
                logical_id, attribute = name.split(".", 1)
                return f"{self.physical_id(logical_id)}.{attribute}"
            return str(self._ref(name))

        return re.sub(r"\$\{([^}!]+)\}", replace, text)

    def _condition(self, node: Any, evaluate: Any) -> Any:
        if isinstance(node, dict) and len(node) == 1:
            (key, argument), *_ = node.items()
            if key == "Fn::Equals":
                left, right = (self._condition(item, evaluate) for item in argument)
                return str(left) == str(right)
            if key == "Fn::Not":
                return not self._condition(argument[0], evaluate)
            if key == "Fn::And":
                return all(self._condition(item, evaluate) for item in argument)
            if key == "Fn::Or":
                return any(self._condition(item, evaluate) for item in argument)
            if key == "Condition":
                return evaluate(argument)
            return self.value(node)
        return node


# The properties that carry a resource's physical name, where the template may set one.
_NAME_PROPERTIES: dict[str, tuple[str, ...]] = {
    "AWS::DynamoDB::Table": ("TableName",),
    "AWS::Lambda::Function": ("FunctionName",),
    "AWS::Lambda::LayerVersion": ("LayerName",),
    "AWS::IAM::Role": ("RoleName",),
    "AWS::StepFunctions::StateMachine": ("StateMachineName",),
    "AWS::Logs::LogGroup": ("LogGroupName",),
    "AWS::CloudWatch::Alarm": ("AlarmName",),
    "AWS::CloudWatch::Dashboard": ("DashboardName",),
    "AWS::SSM::Parameter": ("Name",),
    "AWS::SecretsManager::Secret": ("Name",),
    "AWS::S3::Bucket": ("BucketName",),
    "AWS::Scheduler::Schedule": ("Name",),
    "AWS::ApiGateway::RestApi": ("Name",),
    "AWS::SNS::Topic": ("TopicName",),
    "AWS::SQS::Queue": ("QueueName",),
    "AWS::Events::Rule": ("Name",),
}


def deployed(
    stack_name: str = "finassist",
    region: str = "sa-east-1",
    parameters: Mapping[str, str] | None = None,
    template: Path = TEMPLATE,
) -> Deployed:
    """The template as CloudFormation would create it in `region` for `stack_name`, defaults overridden by
    `parameters`."""
    translated = copy.deepcopy(_translated(template.read_text(encoding="utf-8"), region))
    values = {name: str(spec.get("Default", "")) for name, spec in translated.get("Parameters", {}).items()}
    values.update(parameters or {})
    return Deployed(stack_name, region, values, translated)


def physical_names(stack: Deployed) -> dict[tuple[str, str], str]:
    """Every physical name the stack sets or makes CloudFormation generate, by (resource type, logical id)."""
    return {(res["Type"], lid): stack.physical_id(lid) for lid, res in stack.resources.items()}


def rule_failures(stack: Deployed) -> list[str]:
    """The AssertDescription of every template Rule these parameters break (what CloudFormation refuses with)."""
    failures = []
    for rule in stack.template.get("Rules", {}).values():
        if "RuleCondition" in rule and not stack._condition(rule["RuleCondition"], lambda name: False):
            continue
        for assertion in rule["Assertions"]:
            if not stack._condition(assertion["Assert"], lambda name: False):
                failures.append(str(assertion.get("AssertDescription", "")))
    return failures
