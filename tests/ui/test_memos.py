"""Memos and the journal: Markdown with a preview, saved as undoable steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from tests.ui.a11y import unnamed_interactive_widgets
from ui.memos import MemosDock
from ui.session import ProjectSession
from workbench.queries.documents import list_memos

if TYPE_CHECKING:
    from workbench.project import Project


def test_a_journal_entry_is_written_previewed_saved_and_undone(
    qtbot, project: Project, monkeypatch
) -> None:
    session = ProjectSession(project)
    dock = MemosDock(session)
    qtbot.addWidget(dock)
    assert unnamed_interactive_widgets(dock) == []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Research journal", True))
    dock.new_entry()
    assert dock.list.count() == 1
    dock.title.setText("Day one")
    dock.editor.setPlainText("# Thoughts\n\nTrust came up **three** times.")
    assert "three" in dock.preview.toPlainText()
    assert "**" not in dock.preview.toPlainText()  # rendered, not raw Markdown
    dock.save()
    [memo] = list_memos(project)
    assert (memo.kind, memo.title) == ("journal", "Day one")
    assert memo.text.startswith("# Thoughts")
    session.undo()  # the edit
    assert list_memos(project)[0].text == ""
    session.undo()  # the entry itself
    assert list_memos(project) == []
    assert dock.list.count() == 0


def test_the_kind_filter_shows_only_that_kind(qtbot, project: Project, monkeypatch) -> None:
    session = ProjectSession(project)
    dock = MemosDock(session)
    qtbot.addWidget(dock)
    for label in ("Research journal", "Project memo"):
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, label=label, **k: (label, True))
        dock.new_entry()
    assert dock.list.count() == 2
    dock.kind.setCurrentIndex(dock.kind.findData("project"))
    assert dock.list.count() == 1
    assert "Project memo" in dock.list.item(0).text()
