"""Shared fixtures. Qt runs offscreen and never touches the user's real settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = REPO_ROOT.parent / "shared" / "samples"


@pytest.fixture
def samples_dir() -> Path:
    """Real files made by other tools, read in place from ../shared/samples (never copied)."""
    assert SAMPLES.is_dir(), f"shared samples not found at {SAMPLES}"
    return SAMPLES


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "study.qwb"


@pytest.fixture
def project(project_path: Path):  # type: ignore[no-untyped-def]
    """A new, empty project on disk, opened for writing by the coder 'Ana Researcher'."""
    from workbench.project import Coder, Project

    opened = Project.create(project_path, title="Test study", coder=Coder("Ana Researcher", "AR"))
    yield opened
    opened.close()
