"""docs/deploy.md, run: every command in its shell blocks that can run offline runs here, in the order a first-time
operator types them, against an account where template.yaml is deployed (moto) and Microsoft and Graph faked at
the HTTP boundary. The commands that need the network or a real account are listed by program, so a new kind of
command in the guide fails here until someone says which it is."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from finassist.cli import main
from finassist.local.stack import project_root
from tests.fakes.deployed_stack import deploy
from tests.fakes.graph_api import FakeGraph, serve_new_files
from tests.fakes.microsoft_identity import FakeMicrosoftIdentity

GUIDE = project_root() / "docs" / "deploy.md"
SAM = project_root() / ".venv-sam" / "bin" / "sam"
NEEDS_AN_ACCOUNT_OR_THE_NETWORK = ("make install", "python3.11 -m venv", "source ", "sam build", "sam deploy", "aws ")


def commands() -> list[str]:
    """Each command of each ```sh block, continuation lines joined, trailing comments dropped."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            command = re.split(r"\s{2,}#", line)[0].strip()
            if command:
                found.append(command)
    return found


def kind(command: str) -> str:
    if command.startswith("finassist "):
        return "finassist"
    if command.startswith("sam validate"):
        return "sam validate"
    if command.startswith(NEEDS_AN_ACCOUNT_OR_THE_NETWORK):
        return "needs an account or the network"
    return "unclassified"


def test_every_command_in_the_guide_is_either_run_here_or_named_as_needing_an_account() -> None:
    unclassified = [command for command in commands() if kind(command) == "unclassified"]

    assert len(commands()) >= 15
    assert unclassified == []


def test_the_finassist_commands_of_the_guide_work_in_order_on_a_deployed_stack(
    account: None,
    identity: FakeMicrosoftIdentity,
    graph: FakeGraph,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from aws_lambda_powertools.utilities.parameters import clear_caches

    guided = [shlex.split(command)[1:] for command in commands() if kind(command) == "finassist"]
    for stack in sorted({args[args.index("--stack") + 1] for args in guided if "--stack" in args}):
        deploy(stack, "sa-east-1")  # what `sam deploy --guided` (section 5 and 12) left in the account
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0a" * 16)  # instead of typing at the prompts
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "5c" * 16)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-guide-test")
    identity.user_signs_in(after_seconds=20)  # the operator opens the link and types the code
    serve_new_files(graph)

    ran = []
    for args in guided:
        if args == ["--help"]:
            with pytest.raises(SystemExit) as exited:
                main(args)
            code = exited.value.code
        else:
            code = main(args)
        output = capsys.readouterr()
        assert code == 0, f"finassist {' '.join(args)}\n{output.out}\n{output.err}"
        ran.append(args[0])
    clear_caches()

    assert {"credentials", "users", "auth", "ledger", "history"} <= set(ran)


@pytest.mark.skipif(not SAM.exists(), reason="SAM CLI is not in .venv-sam yet (make build installs it)")
def test_the_guides_sam_validate_passes() -> None:
    (command,) = [c for c in commands() if kind(c) == "sam validate"]
    env = {**os.environ, "SAM_CLI_TELEMETRY": "0", "AWS_DEFAULT_REGION": "sa-east-1"}

    result = subprocess.run(  # noqa: S603 - the guide's own command, run with the repo's SAM CLI
        [str(SAM), *shlex.split(command)[1:]], cwd=project_root(), env=env, capture_output=True, text=True, timeout=300
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


def test_the_guide_tells_the_exact_permission_and_the_public_client_switch() -> None:
    text = GUIDE.read_text(encoding="utf-8")

    for needed in ("Files.ReadWrite", "Allow public client flows", "Supported account types", "Personal Microsoft"):
        assert needed in text
    assert Path(project_root() / "docs" / "runbook.md").read_text(encoding="utf-8").lower().count("re-attach") >= 1
