"""Fixtures for the workbench tests: a real transcript imported into the test project."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.workbench.ops_support import WARD_INTERVIEW, import_text

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project


@pytest.fixture
def doc(project: Project, tmp_path: Path) -> int:
    """The ward interview (``WARD_INTERVIEW``) imported as ward_interview.txt; its document id.

    A test module with its own transcript overrides this fixture with its own ``doc``.
    """
    return import_text(project, tmp_path, "ward_interview", WARD_INTERVIEW)
