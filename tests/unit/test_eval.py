"""The eval command scores cases through the real flow and fails when an expectation is not met."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finassist import eval as corpus_eval


def write_corpus(directory: Path, cases: list[dict[str, object]]) -> Path:
    (directory / "seed.csv").write_text(
        "Data,Categoria,Descrição,Valor,Observações\n2026-11-03,Transporte,Ônibus,4.40,\n2026-11-13,Transporte,Uber,35.20,\n",
        encoding="utf-8",
    )
    corpus = directory / "cases.jsonl"
    corpus.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n", encoding="utf-8")
    return corpus


NOW = "2026-11-24T10:00:00-03:00"
ADD = {
    "id": "a1",
    "now": NOW,
    "ledger": "empty",
    "text": "táxi 32 ontem",
    "expect": {
        "add": {
            "date": "2026-11-23",
            "amount": 32.0,
            "category_any": ["Transporte"],
            "description_contains_any": ["taxi"],
        }
    },
}
ASK = {
    "id": "q1",
    "now": NOW,
    "ledger": "seed.csv",
    "text": "quanto gastei com transporte este mês?",
    "expect": {"answer": {"total": 39.60}},
}


def test_cases_that_meet_their_expectations_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert corpus_eval.main([str(write_corpus(tmp_path, [ADD, ASK]))]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("a1\tpass") and lines[1].startswith("q1\tpass")
    assert json.loads(lines[-1]) | {"passed": 2, "failed": 0, "total": 2} == json.loads(lines[-1])


def test_a_wrong_expectation_fails_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrong_total = {**ASK, "id": "q2", "expect": {"answer": {"total": 40.0}}}
    wrong_date = {**ADD, "id": "a2", "expect": {"add": {**ADD["expect"]["add"], "date": "2026-11-24"}}}  # type: ignore[dict-item]
    assert corpus_eval.main([str(write_corpus(tmp_path, [wrong_total, wrong_date]))]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("q2\tFAIL") and "R$ 40,00" in lines[0]
    assert lines[1].startswith("a2\tFAIL") and "date 2026-11-23 != 2026-11-24" in lines[1]
    assert json.loads(lines[-1]) | {"passed": 0, "failed": 2, "total": 2} == json.loads(lines[-1])


def test_scores_are_printed_per_kind_and_new_expectations_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    several = {
        "id": "s1",
        "kind": "several_expenses",
        "now": NOW,
        "ledger": "empty",
        "text": "pizza 60 e refri 12",
        "expect": {
            "adds": [
                {"date": "2026-11-24", "amount": 12.0, "category_any": ["Alimentação"]},
                {"date": "2026-11-24", "amount": 60.0, "category_any": ["Alimentação"]},
            ]
        },
    }
    asked = {
        "id": "r1",
        "kind": "red_team",
        "now": NOW,
        "ledger": "empty",
        "text": "US$ 20 uber",
        "expect": {"asks": True},
    }
    wrongly_quiet = {**asked, "id": "r2", "text": "uber 20"}
    greeting = {
        "id": "g1",
        "kind": "small_talk",
        "now": NOW,
        "ledger": "empty",
        "text": "oi",
        "expect": {"reply_lacks": ["não entendi"]},
    }

    assert corpus_eval.main([str(write_corpus(tmp_path, [several, asked, wrongly_quiet, greeting]))]) == 1

    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("s1\tpass") and lines[1].startswith("r1\tpass") and lines[3].startswith("g1\tpass")
    assert lines[2].startswith("r2\tFAIL") and "question back must not change the ledger" in lines[2]
    table = {line.split()[0]: line.split()[1:] for line in lines[4:-3]}
    assert table["several_expenses"] == ["1", "1", "100%"]
    assert table["red_team"] == ["1", "2", "50%"]
    # Offline-first would claim "pizza 60 e refri 12" and "uber 20" (sure of both), not the dollar amount or the
    # greeting; the claimed "uber 20" fails its case, so it counts against the claims' accuracy.
    assert json.loads(lines[-1]) == {
        "passed": 3,
        "failed": 1,
        "total": 4,
        "expense_messages": 1,
        "expense_claimed": 1,
        "claims": 2,
        "claims_right": 1,
    }
    assert lines[-3].startswith("offline-first claims 1 of 1 expense messages")
