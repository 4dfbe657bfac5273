"""What `sam deploy` leaves in an account, created in moto from template.yaml itself: the stack's DynamoDB tables
under the names CloudFormation would give them, its plain SSM parameters with their values resolved for the
stack's name, region and parameters, and its state machines under their names (with a stand-in definition).
The command line's tests find the stack the way an operator's shell does. Call inside `mock_aws()`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import boto3

from scripts.sam_translate import Deployed, deployed

MICROSOFT_APP_ID = "2b7e9a4c-5d1f-4e8a-9c3b-7f6e5d4c3b2a"  # tests/fakes/microsoft_identity.PUBLIC_CLIENT_ID


@dataclass(frozen=True)
class DeployedStack:
    stack: Deployed

    @property
    def name(self) -> str:
        return self.stack.stack_name

    @property
    def region(self) -> str:
        return self.stack.region

    @property
    def users_table(self) -> str:
        return self.stack.physical_id("UsersTable")

    def ssm(self) -> Any:
        return boto3.client("ssm", region_name=self.region)

    def users(self) -> Any:
        return boto3.resource("dynamodb", region_name=self.region).Table(self.users_table)


def deploy(
    name: str = "finassist", region: str = "sa-east-1", parameters: Mapping[str, str] | None = None
) -> DeployedStack:
    stack = deployed(name, region, {"GraphClientId": MICROSOFT_APP_ID, **(parameters or {})})
    dynamodb = boto3.client("dynamodb", region_name=region)
    ssm = boto3.client("ssm", region_name=region)
    for logical_id, resource in stack.of_type("AWS::DynamoDB::Table").items():
        properties = resource["Properties"]
        indexes = (
            {"GlobalSecondaryIndexes": properties["GlobalSecondaryIndexes"]}
            if "GlobalSecondaryIndexes" in properties
            else {}
        )
        dynamodb.create_table(
            TableName=stack.physical_id(logical_id),
            AttributeDefinitions=properties["AttributeDefinitions"],
            KeySchema=properties["KeySchema"],
            BillingMode=properties["BillingMode"],
            **indexes,
        )
    for logical_id, resource in stack.of_type("AWS::SSM::Parameter").items():
        properties = resource["Properties"]
        ssm.put_parameter(
            Name=stack.physical_id(logical_id),
            Value=str(stack.value(properties["Value"])),
            Type=properties["Type"],
            Tier=properties.get("Tier", "Standard"),
        )
    sfn = boto3.client("stepfunctions", region_name=region)
    role = boto3.client("iam", region_name=region).create_role(
        RoleName=f"{name}-states", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []})
    )["Role"]["Arn"]
    for logical_id in stack.of_type("AWS::StepFunctions::StateMachine"):
        sfn.create_state_machine(
            name=stack.physical_id(logical_id), definition=json.dumps(_PASS), roleArn=role, type="STANDARD"
        )
    return DeployedStack(stack)


_PASS = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}
