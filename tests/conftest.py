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
