"""template.yaml as CloudFormation would create it (SAM-translated, Conditions evaluated): what it costs, what it
keeps, what it pages on, what its roles may do, and that a second stack fits beside it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from benchmarks import fixed_cost
from finassist.local.stack import project_root
from finassist.local.template import load
from scripts import gen_ops
from scripts.sam_translate import Deployed, deployed, physical_names, rule_failures

APP_ID = "2b7e9a4c-5d1f-4e8a-9c3b-7f6e5d4c3b2a"
EVERYTHING = {"DetailedAlarms": "true", "Dashboard": "true", "BudgetAlertEmail": "ops@example.com"}
USER_DATA = ("UsersTable", "ConversationsTable", "BudgetsTable", "RecurringTable")


def stack(name: str = "finassist", region: str = "sa-east-1", **parameters: str) -> Deployed:
    return deployed(name, region, {"GraphClientId": APP_ID, **parameters})


def functions(of: Deployed) -> list[str]:
    return sorted(of.of_type("AWS::Lambda::Function"))


# -- covered, one list -------------------------------------------------------------------------------------------


def test_every_function_logs_with_retention_and_has_detailed_alarms_and_dashboard_widgets() -> None:
    full = stack(**EVERYTHING)
    alarms = full.of_type("AWS::CloudWatch::Alarm").values()
    watched = {
        (alarm["Properties"]["Dimensions"][0]["Value"]["Ref"], alarm["Properties"]["MetricName"])
        for alarm in alarms
        if alarm["Properties"].get("Namespace") == "AWS/Lambda"
    }
    (dashboard,) = full.of_type("AWS::CloudWatch::Dashboard").values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    log_groups = full.of_type("AWS::Logs::LogGroup")

    assert len(functions(full)) >= 14
    for function in functions(full):
        logging = full.resources[function]["Properties"]["LoggingConfig"]
        assert log_groups[logging["LogGroup"]["Ref"]]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
        assert {(function, "Errors"), (function, "Throttles")} <= watched
        assert body.count("${" + function + "}") == 2, f"{function}: an errors and a duration line"


def test_the_committed_operations_block_is_what_the_generator_writes() -> None:
    text = (project_root() / "template.yaml").read_text(encoding="utf-8")

    assert gen_ops.render(text) == text, "run make ops"


def test_a_new_function_gets_its_alarms_and_widgets_from_the_generator() -> None:
    text = (project_root() / "template.yaml").read_text(encoding="utf-8")
    added = text.replace(
        "  ParseMessageFunction:\n",
        "  SplitBillFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      CodeUri: lambdas/split_bill/\n      Handler: app.handler\n      Policies: []\n\n"
        "  ParseMessageFunction:\n",
    )

    regenerated = gen_ops.render(added)

    assert regenerated != added, "make lint's --check fails until make ops runs"
    assert "SplitBillErrorsAlarm:" in regenerated and "SplitBillThrottlesAlarm:" in regenerated
    assert '"FunctionName", "${SplitBillFunction}"' in regenerated


def test_the_embedded_stack_reads_the_stack_scoped_parameter_prefix() -> None:
    template = load(project_root())

    assert {spec.environment["PARAMETER_PREFIX"] for spec in template.functions.values()} == {
        "/finassist/finassist-local"
    }


# -- cost ---------------------------------------------------------------------------------------------------------


def test_the_default_deployment_costs_at_most_a_dollar_a_month_and_the_options_say_what_they_add() -> None:
    default = fixed_cost.monthly(fixed_cost.stack_for({}))
    detailed = fixed_cost.monthly(fixed_cost.stack_for({"DetailedAlarms": "true"}))
    dashboard = fixed_cost.monthly(fixed_cost.stack_for({"Dashboard": "true"}))
    count = len(functions(stack()))

    assert default <= 1.00
    assert detailed - default == pytest.approx(0.10 * (2 * count + 1 + 2), abs=0.001), "2 per function, throttled, rate"
    assert dashboard - default == pytest.approx(3.00)


def test_a_metric_math_alarm_is_billed_for_each_metric_it_reads() -> None:
    alarm = stack().resources["MessageFailedOrApologisedAlarm"]

    assert fixed_cost.alarm_metrics(alarm) == 3


# -- paged when it matters -----------------------------------------------------------------------------------------


def metrics_of(alarm: dict[str, Any]) -> set[tuple[str, str]]:
    properties = alarm["Properties"]
    if "Metrics" not in properties:
        return {(properties["Namespace"], properties["MetricName"])}
    return {
        (m["MetricStat"]["Metric"]["Namespace"], m["MetricStat"]["Metric"]["MetricName"])
        for m in properties["Metrics"]
        if "MetricStat" in m
    }


def test_the_default_alarms_fire_on_the_first_failure_within_five_minutes() -> None:
    default = stack()
    alarms = default.of_type("AWS::CloudWatch::Alarm")
    read = set().union(*(metrics_of(alarm) for alarm in alarms.values()))

    assert {
        ("AWS/States", "ExecutionsFailed"),
        ("AWS/States", "ExecutionsTimedOut"),
        ("FinAssist", "ApologiesSent"),
        ("AWS/ApiGateway", "4XXError"),
        ("AWS/ApiGateway", "5XXError"),
    } <= read
    for alarm in alarms.values():
        properties = alarm["Properties"]
        periods = [m["MetricStat"]["Period"] for m in properties.get("Metrics", []) if "MetricStat" in m]
        assert set(periods or [properties["Period"]]) == {300}
        assert properties["Threshold"] == 1 and properties["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
        assert properties["EvaluationPeriods"] == 1
    recurring = default.value(alarms["RecurringRunFailedAlarm"]["Properties"]["Metrics"][0]["MetricStat"])
    assert ":stateMachine:finassist-RecurringExpensesStateMachine" in recurring["Metric"]["Dimensions"][0]["Value"]


def test_the_apology_metric_an_alarm_reads_is_this_stacks_own() -> None:
    default, staging = stack(), stack("finassist-staging")

    def apology_dimension(of: Deployed) -> Any:
        (metric,) = [
            m for m in of.resources["MessageFailedOrApologisedAlarm"]["Properties"]["Metrics"] if m["Id"] == "apologies"
        ]
        return of.value(metric["MetricStat"]["Metric"]["Dimensions"])

    assert apology_dimension(default) == [{"Name": "service", "Value": "finassist"}]
    assert apology_dimension(staging) == [{"Name": "service", "Value": "finassist-staging"}]
    env = default.resources["ReceiveWebhookFunction"]["Properties"]["Environment"]["Variables"]
    assert default.value(env["POWERTOOLS_SERVICE_NAME"]) == "finassist", "the metrics' service dimension"


# -- nothing lost with the stack ------------------------------------------------------------------------------------


def test_user_data_tables_are_retained_and_recoverable_to_a_point_in_time() -> None:
    tables = stack().of_type("AWS::DynamoDB::Table")

    for logical_id in USER_DATA:
        table = tables[logical_id]
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain", logical_id
        assert table["Properties"]["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


def test_every_secret_outlives_the_stack() -> None:
    full = stack(**EVERYTHING)
    secrets = full.of_type("AWS::SecretsManager::Secret")
    secure_parameters = [
        p for p in full.of_type("AWS::SSM::Parameter").values() if p["Properties"]["Type"] == "SecureString"
    ]

    assert all(s.get("DeletionPolicy") == s.get("UpdateReplacePolicy") == "Retain" for s in secrets.values())
    assert secure_parameters == [], "credentials are SecureStrings the command line writes: never stack resources"


# -- two stacks in one account --------------------------------------------------------------------------------------


def test_two_stacks_in_one_account_and_region_share_no_physical_name() -> None:
    first = physical_names(stack("finassist", **EVERYTHING))
    second = physical_names(stack("finassist-staging", **EVERYTHING))

    assert set(first.values()) & set(second.values()) == set()
    unscoped = {key: name for key, name in first.items() if "finassist" not in name}
    assert unscoped == {}, "every name carries the stack's name"


def test_every_iam_resource_a_function_reads_is_under_its_own_stack() -> None:
    default = stack("finassist-staging")
    resources = [
        str(default.value(statement["Resource"]))
        for role in default.of_type("AWS::IAM::Role").values()
        for policy in role["Properties"].get("Policies", [])
        for statement in policy["PolicyDocument"]["Statement"]
        if any(str(action).startswith(("ssm:", "secretsmanager:")) for action in _actions(statement))
    ]

    assert resources
    for resource in resources:
        assert "parameter/finassist/finassist-staging/" in resource, resource


# -- only what works can be deployed ---------------------------------------------------------------------------


def test_the_rules_refuse_a_local_ledger_and_a_graph_ledger_without_an_app_registration() -> None:
    assert rule_failures(stack()) == []
    (xlsx,) = rule_failures(stack(LedgerBackend="xlsx"))
    (no_app,) = rule_failures(deployed("finassist", "sa-east-1", {"GraphClientId": ""}))

    assert "local disk" in xlsx
    assert "GraphClientId" in no_app


def _actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else list(action)


def granted(of: Deployed) -> dict[str, set[str]]:
    """Every IAM action each role is allowed, by role logical id."""
    return {
        role_id: {
            action
            for policy in role["Properties"].get("Policies", [])
            for statement in policy["PolicyDocument"]["Statement"]
            for action in _actions(statement)
        }
        for role_id, role in of.of_type("AWS::IAM::Role").items()
    }


def test_roles_lose_what_nothing_calls() -> None:
    actions = granted(stack(**EVERYTHING))
    everything = set().union(*actions.values())

    assert not everything & {
        "s3:PutLifecycleConfiguration",
        "s3:DeleteObject",
        "dynamodb:BatchWriteItem",
        "dynamodb:BatchGetItem",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
    }
    assert {role for role, allowed in actions.items() if "dynamodb:Scan" in allowed} == {
        "ListDueRecurringFunctionRole"
    }, "only the daily job reads a whole table"
    assert {role for role, allowed in actions.items() if "ssm:PutParameter" in allowed} == {
        "RunToolFunctionRole",
        "AddRecurringExpenseFunctionRole",
        "SendApologyFunctionRole",
    }, "only the functions that open a ledger write the token cache back"


def test_no_statement_grants_a_wildcard_on_a_parameter_a_secret_or_a_table() -> None:
    default = stack()
    for role in default.of_type("AWS::IAM::Role").values():
        for policy in role["Properties"].get("Policies", []):
            for statement in policy["PolicyDocument"]["Statement"]:
                resources = default.value(statement["Resource"])
                for resource in resources if isinstance(resources, list) else [resources]:
                    if re.search(r":(ssm|secretsmanager|dynamodb):", str(resource)):
                        assert not str(resource).endswith("*") or str(resource).endswith("/graph-token-cache/*")


def test_the_import_files_describe_the_retained_tables_exactly_as_the_stack_does(tmp_path: Any) -> None:
    from scripts import adopt_tables

    code = adopt_tables.main(["--out", str(tmp_path), *(f"{lid}=old-{lid}-1A2B" for lid in USER_DATA)])

    template = json.loads((tmp_path / "tables.json").read_text(encoding="utf-8"))
    imports = json.loads((tmp_path / "import.json").read_text(encoding="utf-8"))
    deployed_tables = stack().of_type("AWS::DynamoDB::Table")
    assert code == 0
    assert set(template["Resources"]) == set(USER_DATA)
    for logical_id, table in template["Resources"].items():
        assert table["Properties"] == deployed_tables[logical_id]["Properties"], "same definition: no replacement"
        assert table["DeletionPolicy"] == "Retain"
    assert {item["LogicalResourceId"]: item["ResourceIdentifier"]["TableName"] for item in imports} == {
        lid: f"old-{lid}-1A2B" for lid in USER_DATA
    }
