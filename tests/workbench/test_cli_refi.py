"""REFI-QDA from the command line: export, make a project from the export, import other tools."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from workbench.cli import main
from workbench.demo import build_demo

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def _stats(capsys: pytest.CaptureFixture[str], project: Path) -> dict[str, object]:
    capsys.readouterr()
    assert main(["stats", str(project), "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_a_project_made_from_our_export_has_the_same_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = build_demo(tmp_path / "demo")
    qdpx = tmp_path / "demo.qdpx"
    assert main(["export", str(demo), str(qdpx)]) == 0
    copy = tmp_path / "copy.qwb"
    assert main(["new", str(copy), "--from", str(qdpx)]) == 0
    assert "Brought in from “demo.qdpx”" in capsys.readouterr().out
    ours, theirs = _stats(capsys, demo), _stats(capsys, copy)
    for key in ("codes", "codings", "words"):
        assert theirs[key] == ours[key], key
    assert len(theirs["documents"]) == len(ours["documents"])  # type: ignore[arg-type]


def test_an_nvivo_project_imports_with_its_utf16_positions_converted(
    tmp_path: Path, samples_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "study.qwb"
    assert main(["new", str(project)]) == 0
    sample = samples_dir / "refi" / "nvivo12mac_oltas_17june.qdpx"
    assert main(["import", str(project), str(sample)]) == 0
    out = capsys.readouterr().out
    assert "2 documents, 152 codes, 297 codings" in out
    assert "UTF-16" in out
    assert main(["import", str(project), str(sample)]) == 0  # again: nothing new
    assert _stats(capsys, project)["codings"] == 297


def test_a_broken_qdpx_is_refused_and_the_project_is_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "study.qwb"
    assert main(["new", str(project)]) == 0
    before = project.read_bytes()
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", str(project), str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.qdpx" in err
    assert "Traceback" not in err
    assert project.read_bytes() == before
