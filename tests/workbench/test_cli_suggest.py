"""``workbench suggest``: suggestions and their measured precision from the command line."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

import pytest

from tests.workbench.test_suggestions_study import PIPELINES, UNCODED_WARD, build_study
from workbench import cli_suggest
from workbench.demo import build_demo
from workbench.project import Coder, Project

if TYPE_CHECKING:
    from pathlib import Path


def run(argv: list[str]) -> int:
    """Parse as the ``workbench`` command does (its --coder option, our subcommand) and run."""
    parser = argparse.ArgumentParser(prog="workbench")
    parser.add_argument("--coder")
    cli_suggest.add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.run(args))


@pytest.fixture
def study_file(tmp_path: Path) -> Path:
    path = tmp_path / "study.qwb"
    with Project.create(path, coder=Coder("Ana Researcher", "AR")) as project:
        build_study(project, tmp_path)
    return path


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_suggestions_are_listed_with_code_document_offsets_score_and_reason(
    study_file: Path, pipeline: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["suggest", str(study_file), "--package", pipeline, "--json"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["training"]["trained"] is True
    wifi = [s for s in output["suggestions"] if s["match"] == "wifi"]
    assert [(s["code"], s["document"], s["source"], s["reason"]) for s in wifi] == [
        ("Connectivity", "ward_b", "keywords", wifi[0]["reason"])
    ]
    assert wifi[0]["reason"].startswith("keyword “wifi”")
    text = "\n".join(UNCODED_WARD)
    assert text[wifi[0]["start"] : wifi[0]["end"]] == UNCODED_WARD[3]
    assert wifi[0]["paragraph"] == 4
    sources = {s["source"] for s in output["suggestions"]}
    assert sources == {"keywords", "classifier"}


def test_text_output_shows_a_short_keyword_in_context(
    study_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["suggest", str(study_file), "--source", "keywords", "--package", "blank"]) == 0
    out = capsys.readouterr().out
    assert "ward_b ¶4" in out
    assert "Connectivity (keywords 1: keyword “wifi”)" in out
    assert "…The [wifi] password is on the board.…" in out
    assert "Learnt" not in out  # keywords only: nothing was trained


def test_limit_and_documents_narrow_the_list(
    study_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["suggest", str(study_file), "--package", "blank", "--json", "--documents", "WARD_B"]
    assert run([*argv, "--limit", "1"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert len(output["suggestions"]) == 1
    assert output["total"] > 1
    assert {s["document"] for s in output["suggestions"]} == {"ward_b"}


def test_an_unknown_document_or_a_bad_limit_is_a_clear_error(
    study_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["suggest", str(study_file), "--documents", "ward_z"]) == 1
    assert "No document is called “ward_z”" in capsys.readouterr().err
    assert run(["suggest", str(study_file), "--limit", "0"]) == 1
    assert "--limit" in capsys.readouterr().err


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_evaluate_prints_precision_per_code_and_precision_at_3(
    study_file: Path, pipeline: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["suggest", str(study_file), "--evaluate", "--json", "--package", pipeline]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["pipeline"] in {pipeline, "blank English"}
    assert output["training_sentences"] > output["held_out_sentences"] > 0
    classifier = output["classifier"]
    assert 0 <= classifier["precision_at_3"] <= 1
    assert {c["code_name"] for c in classifier["codes"]} == {"Connectivity", "Funding"}
    for code in classifier["codes"]:
        assert {"precision", "recall", "support"} <= code.keys()
    assert output["keywords"]["precision_at_3"] is not None
    assert [c["code_name"] for c in output["not_learnt"]] == ["Training"]


def test_evaluate_on_the_demo_project_says_how_little_it_rests_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = build_demo(tmp_path / "demo")
    assert run(["suggest", str(demo), "--evaluate", "--package", "blank"]) == 0
    out = capsys.readouterr().out
    assert "Classifier: precision at 3" in out
    assert "held-out coded sentences: rough figures" in out
    assert "Not learnt (fewer than 5 coded sentences)" in out
