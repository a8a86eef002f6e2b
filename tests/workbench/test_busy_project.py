"""Another writer holding the project: a change is refused in plain words, nothing is lost."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pytest

from workbench.errors import ProjectBusyError
from workbench.ops.codes import CreateCode
from workbench.project import Coder, Project
from workbench.queries.codes import list_codes

if TYPE_CHECKING:
    from pathlib import Path


def test_a_change_while_another_writer_holds_the_file_is_refused_and_can_be_retried(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.engine.BUSY_TIMEOUT_MS", 50)  # do not wait 10 s in a test
    with Project.create(project_path, coder=Coder("Ana Researcher", "AR")) as project:
        other = sqlite3.connect(project_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # what an import in another thread holds
        with pytest.raises(ProjectBusyError, match="busy storing another change"):
            project.execute(CreateCode(name="Trust"))
        assert project.undo_stack.undo_label == ""
        other.execute("ROLLBACK")
        other.close()
        project.execute(CreateCode(name="Trust"))
        assert [c.name for c in list_codes(project)] == ["Trust"]


def test_the_code_list_is_read_again_after_every_change_undo_and_redo(project: Project) -> None:
    assert list_codes(project) == []
    project.execute(CreateCode(name="Trust"))
    assert [c.name for c in list_codes(project)] == ["Trust"]
    project.undo()
    assert list_codes(project) == []
    project.redo()
    assert [c.name for c in list_codes(project)] == ["Trust"]
    first = list_codes(project)
    first.clear()  # a caller changing its copy does not change what others are given
    assert [c.name for c in list_codes(project)] == ["Trust"]
