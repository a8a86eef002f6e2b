"""The ``workbench`` command line contract: commands, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import docx
import openpyxl
import pytest

from workbench.cli import main

if TYPE_CHECKING:
    from pathlib import Path

INTERVIEW = (
    "Interviewer: What made the rollout hard?\n"
    "P01: The funding stopped after the pilot, and the wifi was patchy.\n"
    "Interviewer: Anything else?\n"
    "P01: Funding again, honestly. And training.\n"
)


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.qwb"
    assert main(["--coder", "Ana Researcher", "new", str(path), "--title", "Rollout"]) == 0
    source = tmp_path / "p01.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    assert main(["import", str(path), str(source)]) == 0
    return path


def _stats(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["stats", str(path), "--json"]) == 0
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def test_stats_json_describes_documents_speakers_and_counts(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stats = _stats(study, capsys)
    assert stats["documents"] == [
        {"name": "p01", "kind": "transcript", "words": 27, "speakers": ["Interviewer", "P01"],
         "turns": 4, "codings": 0}
    ]  # fmt: skip
    for key in ("cases", "speakers", "codes", "codings", "memos"):
        assert key in stats
    assert (stats["cases"], stats["speakers"], stats["codings"]) == (1, 2, 0)


def test_import_exits_1_and_names_each_failed_file_but_keeps_the_good_ones(
    study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "notes.md"
    good.write_text("# Workshop\n\nFunding came up twice.\n", encoding="utf-8")
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip at all")
    capsys.readouterr()
    assert main(["import", str(study), str(bad), str(good)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"error: {bad}: ")
    assert "Traceback" not in err[0]
    assert len(_stats(study, capsys)["documents"]) == 2  # type: ignore[arg-type]


def test_codebook_add_twice_adds_nothing_the_second_time(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["codebook", str(study), "add", "nasss"]) == 0
    assert "codes added" in capsys.readouterr().out
    assert main(["codebook", str(study), "add", "nasss"]) == 0
    assert "Nothing to add" in capsys.readouterr().out
    assert main(["codebook", str(study), "list"]) == 0
    listing = capsys.readouterr().out
    assert "Patient" in listing
    assert "[NASSS:4B]" in listing
    assert main(["codebook", str(study), "add", "no-such-book"]) == 1
    assert "no codebook template called" in capsys.readouterr().err


def test_code_all_hits_of_text_and_regex(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", str(study), "--code", "Funding", "--text", "funding", "--create"]) == 0
    assert "2 hits; 2 new codings" in capsys.readouterr().out
    assert main(["code", str(study), "--code", "Funding", "--pattern", r"fund\w+"]) == 0
    assert "0 new codings" in capsys.readouterr().out  # already coded
    assert main(["code", str(study), "--code", "Missing", "--text", "wifi"]) == 1
    assert "There is no code" in capsys.readouterr().err
    assert main(["code", str(study), "--code", "Funding", "--pattern", "("]) == 1
    assert "not a valid regular expression" in capsys.readouterr().err
    assert _stats(study, capsys)["codings"] == 2


def test_export_writes_a_word_report_and_segment_tables(
    study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    coder = ["--coder", "Ana Researcher"]
    main([*coder, "code", str(study), "--code", "Funding", "--text", "funding", "--create"])
    report = tmp_path / "report.docx"
    assert main(["export", str(study), str(report)]) == 0
    document = docx.Document(str(report))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Rollout"
    assert "Coders: Ana Researcher" in texts  # only people who coded something
    styles = [p.style.name if p.style else "" for p in document.paragraphs]
    themes = list(zip(styles, texts, strict=True)).index(("Heading 1", "Themes"))
    heading = styles.index("Heading 2", themes)
    assert texts[heading] == "Funding"
    assert texts[heading + 3 : heading + 7] == [
        "[1] “funding”", "P01 · p01, paragraph 2", "[2] “Funding”", "P01 · p01, paragraph 4",
    ]  # fmt: skip
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"segments{suffix}"
        assert main(["export", str(study), str(out)]) == 0
    rows = list(openpyxl.load_workbook(tmp_path / "segments.xlsx").active.values)
    assert rows[0] == ("code", "document", "case", "speaker", "start", "end", "coder",
                       "coded text")  # fmt: skip
    assert rows[1][:4] == ("Funding", "p01", "P01", "P01")
    assert rows[1][6:] == ("Ana Researcher", "funding")
    csv_text = (tmp_path / "segments.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[1].startswith("Funding,p01,P01,P01,")
    assert main(["export", str(study), str(tmp_path / "out.pdf")]) == 1
    assert "export writes .docx, .csv, .xlsx, .qdpx or .qdc" in capsys.readouterr().err


def test_user_errors_exit_1_with_one_line_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.qwb"
    assert main(["stats", str(missing)]) == 1
    assert capsys.readouterr().err == "error: nope.qwb does not exist\n"
    not_project = tmp_path / "notes.qwb"
    not_project.write_text("hello", encoding="utf-8")
    assert main(["import", str(not_project), str(not_project)]) == 1
    assert "not a Qualitative Workbench project" in capsys.readouterr().err
    existing = tmp_path / "study.qwb"
    assert main(["new", str(existing)]) == 0
    assert main(["new", str(existing)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "import"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_demo_builds_a_partly_coded_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", str(tmp_path / "demo")]) == 0
    stats = _stats(tmp_path / "demo" / "demo.qwb", capsys)
    kinds = {d["kind"] for d in stats["documents"]}  # type: ignore[attr-defined,index]
    assert kinds == {"transcript", "notes", "survey"}
    assert stats["codings"] > 60  # type: ignore[operator]
    assert stats["codes_by_framework"]["NASSS"] > 25  # type: ignore[index]
    assert main(["demo", str(tmp_path / "demo")]) == 0
    assert "already exists" in capsys.readouterr().out


def test_nlp_info_says_which_language_pipeline_is_active(
    capsys: pytest.CaptureFixture[str],
) -> None:

    assert main(["nlp-info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert "sentences" in info["features"]
    assert main(["nlp-info", "--package", "blank"]) == 0
    assert "blank English" in capsys.readouterr().out


def test_search_with_lemmas_finds_other_forms_of_the_word(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:

    capsys.readouterr()
    assert main(["search", str(study), "fund", "--lemma", "--json"]) == 0
    lemma_hits = json.loads(capsys.readouterr().out)["hits"]
    assert main(["search", str(study), "fund", "--whole-words", "--json"]) == 0
    exact_hits = json.loads(capsys.readouterr().out)["hits"]
    assert {h["match"].lower() for h in lemma_hits} >= {"funding"}
    assert all(h["match"].lower() == "fund" for h in exact_hits)
