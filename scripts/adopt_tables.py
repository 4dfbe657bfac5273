"""The two files a CloudFormation resource import needs to attach retained (or restored) user-data tables to a stack:
a template holding only those tables, defined exactly as template.yaml defines them, and the list that names the
existing table behind each logical id. docs/runbook.md ("Re-attach retained tables to a new stack") uses them:

    python scripts/adopt_tables.py --out adopt UsersTable=finassist-UsersTable-1A2B3C ...

writes adopt/tables.json and adopt/import.json. The tables keep DeletionPolicy Retain, as an import requires.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
USER_DATA = ("UsersTable", "ConversationsTable", "BudgetsTable", "RecurringTable")


class _Loader(yaml.SafeLoader):
    """Reads CloudFormation's short tags as plain values: the tables' definitions use none."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def tables_template(template_text: str, logical_ids: list[str]) -> dict[str, Any]:
    document: dict[str, Any] = yaml.load(template_text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    resources = {logical_id: document["Resources"][logical_id] for logical_id in logical_ids}
    for logical_id, resource in resources.items():
        if resource.get("DeletionPolicy") != "Retain":
            raise ValueError(f"{logical_id} is not retained in template.yaml: an import needs DeletionPolicy Retain")
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "FinAssist: user-data tables imported into this stack (scripts/adopt_tables.py)",
        "Resources": resources,
    }


def resources_to_import(tables: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "ResourceType": "AWS::DynamoDB::Table",
            "LogicalResourceId": logical_id,
            "ResourceIdentifier": {"TableName": table_name},
        }
        for logical_id, table_name in tables.items()
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tables", nargs="+", metavar="LOGICAL_ID=TABLE_NAME", help=f"one of {', '.join(USER_DATA)}")
    parser.add_argument("--out", type=Path, default=Path("adopt"), help="folder for tables.json and import.json")
    args = parser.parse_args(argv)
    tables = dict(pair.split("=", 1) for pair in args.tables)
    unknown = sorted(set(tables) - set(USER_DATA))
    if unknown:
        parser.error(f"not a user-data table: {', '.join(unknown)}")
    template = tables_template((ROOT / "template.yaml").read_text(encoding="utf-8"), list(tables))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "tables.json").write_text(json.dumps(template, indent=2) + "\n", encoding="utf-8")
    (args.out / "import.json").write_text(json.dumps(resources_to_import(tables), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'tables.json'} and {args.out / 'import.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
