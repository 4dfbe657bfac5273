"""template.yaml's resources created in moto: the role, the tables with their indexes, the Twilio credentials,
one placeholder function per handler and the state machines wired to them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import boto3

from finassist import credentials, settings
from finassist.local.lambda_runtime import REGION, placeholder_zip
from finassist.local.template import Template
from finassist.local.twilio_webhook import LOCAL_ACCOUNT_SID

ROLE_NAME = "finassist-local-role"


def create(template: Template, function_env: Mapping[str, str], auth_token: str) -> dict[str, str]:
    """Everything in one go, in the order AWS would need it (the role before the functions, ARNs before the ASL);
    returns each state machine's ARN by its logical id."""
    role_arn = boto3.client("iam", region_name=REGION).create_role(
        RoleName=ROLE_NAME,
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]
    _create_tables(template)
    credentials.save(
        boto3.client("ssm", region_name=REGION),
        settings.from_environ(function_env).twilio_parameter,
        {"account_sid": LOCAL_ACCOUNT_SID, "auth_token": auth_token},
        "the embedded stack's Twilio credentials",
    )
    arns = {
        spec.logical_id: create_function(spec.logical_id, spec.handler, role_arn)
        for spec in template.functions.values()
    }
    sfn = boto3.client("stepfunctions", region_name=REGION)
    return {
        logical_id: sfn.create_state_machine(
            name=logical_id.removesuffix("StateMachine"),
            definition=template.definition(arns, machine),
            roleArn=role_arn,
            type="STANDARD",
        )["stateMachineArn"]
        for logical_id, machine in template.state_machines.items()
    }


def create_function(logical_id: str, handler: str, role_arn: str | None = None) -> str:
    """A Lambda function moto knows by name; what runs is the real handler, routed in-process by the stack."""
    role = role_arn or boto3.client("iam", region_name=REGION).get_role(RoleName=ROLE_NAME)["Role"]["Arn"]
    arn: str = boto3.client("lambda", region_name=REGION).create_function(
        FunctionName=logical_id,
        Runtime="python3.11",
        Role=role,
        Handler=handler,
        Code={"ZipFile": placeholder_zip()},
        Timeout=30,
    )["FunctionArn"]
    return arn


def _create_tables(template: Template) -> None:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    for table in template.tables.values():
        keys = _key_schema(table.hash_key, table.range_key)
        indexes: list[dict[str, Any]] = [
            {
                "IndexName": index.name,
                "KeySchema": _key_schema(index.hash_key, index.range_key),
                "Projection": {"ProjectionType": "ALL"},
            }
            for index in table.indexes
        ]
        names = {k["AttributeName"] for k in keys}
        names |= {k["AttributeName"] for index in table.indexes for k in _key_schema(index.hash_key, index.range_key)}
        dynamodb.create_table(
            TableName=table.logical_id,
            AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name in sorted(names)],
            KeySchema=keys,
            BillingMode="PAY_PER_REQUEST",
            **({"GlobalSecondaryIndexes": indexes} if indexes else {}),
        )


def _key_schema(hash_key: str, range_key: str | None) -> list[dict[str, str]]:
    return [{"AttributeName": hash_key, "KeyType": "HASH"}] + (
        [{"AttributeName": range_key, "KeyType": "RANGE"}] if range_key else []
    )
