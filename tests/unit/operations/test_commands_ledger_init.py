"""`finassist ledger init`: a new Despesas workbook in the person's OneDrive (Graph faked at HTTP level), registered on
their row, and then written to in file mode the way the functions write (a personal account)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from finassist.adapters.dynamo_users import DynamoUserDirectory
from finassist.adapters.graph_auth import GraphTokenProvider, SsmTokenCache, authority_for
from finassist.adapters.graph_ledger import graph_ledger
from finassist.cli import main
from finassist.domain.expense import COLUMNS, Expense
from tests.fakes.deployed_stack import DeployedStack
from tests.fakes.graph_api import FakeGraph, serve_new_files
from tests.fakes.microsoft_identity import FakeMicrosoftIdentity

ANA = "whatsapp:+5511987654321"
WHERE = ["--stack", "finassist", "--region", "sa-east-1"]


@pytest.fixture
def signed_in(stack: DeployedStack, identity: FakeMicrosoftIdentity) -> DeployedStack:
    """Ana is a user and has signed in to Microsoft (finassist users add, then finassist auth)."""
    assert main(["users", "add", ANA, "--name", "Ana", *WHERE]) == 0
    identity.user_signs_in()
    assert main(["auth", *WHERE]) == 0
    return stack


def test_init_creates_the_workbook_registers_it_and_the_ledger_writes_to_it(
    signed_in: DeployedStack, identity: FakeMicrosoftIdentity, graph: FakeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    files = serve_new_files(graph)

    code = main(["ledger", "init", "--sender", ANA, *WHERE])

    assert code == 0, capsys.readouterr().err
    assert files.created == ["FinAssist/Despesas.xlsx"]
    upload = graph.requests_to("create_file")[0]
    assert upload.query == {"@microsoft.graph.conflictBehavior": "fail"}
    assert upload.headers["Authorization"] == f"Bearer {identity.issued_access_tokens[-1]}"
    user = DynamoUserDirectory(signed_in.users()).get(ANA)
    assert user is not None
    assert user.workbook == {"item_id": graph.item_id, "table": "Despesas", "mode": "file"}
    assert graph.file_ledger().rows() == [], "a new, empty Despesas table"
    tokens = GraphTokenProvider(
        identity.client_id,
        None,
        authority_for(identity.tenant),
        SsmTokenCache("/finassist/finassist/graph-token-cache", signed_in.ssm()),
    )
    ledger = graph_ledger(tokens, user.workbook["item_id"], table=user.workbook["table"], mode="file")
    lunch = Expense(date=date(2026, 11, 24), category="Alimentação", description="almoço", amount=Decimal("45"))
    assert ledger.append(lunch, "SMa#call1")
    rows = graph.file_ledger().rows()
    assert [(row.expense.amount, row.entry_id) for row in rows] == [(Decimal("45"), "SMa#call1")]
    assert "Registered for whatsapp:+***4321" in capsys.readouterr().out


def test_the_new_workbook_has_the_despesas_table_with_our_columns(signed_in: DeployedStack, graph: FakeGraph) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    serve_new_files(graph)
    main(["ledger", "init", "--sender", ANA, *WHERE])

    sheet = load_workbook(BytesIO(graph.file_bytes))["Despesas"]
    assert list(sheet.tables) == ["Despesas"]
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)


def test_init_never_overwrites_a_file_already_there(
    signed_in: DeployedStack, graph: FakeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_new_files(graph, existing=["FinAssist/Despesas.xlsx"])

    code = main(["ledger", "init", "--sender", ANA, *WHERE])

    assert code == 1
    assert "already has FinAssist/Despesas.xlsx" in capsys.readouterr().err
    user = DynamoUserDirectory(signed_in.users()).get(ANA)
    assert user is not None and user.workbook == {}


def test_init_for_someone_not_yet_added_says_so(
    stack: DeployedStack, graph: FakeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_new_files(graph)

    assert main(["ledger", "init", "--sender", ANA, *WHERE]) == 1
    assert "finassist users add" in capsys.readouterr().err
    assert graph.requests_to("create_file") == []
