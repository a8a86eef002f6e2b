"""The codebook dock: the code tree, drag to nest, inline rename, filter, editor, quick code."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from tests.ui.a11y import unnamed_interactive_widgets
from ui.codebook.dock import CodebookDock
from ui.codebook.mime import selection_mime_data
from ui.codebook.model import CODE_ID_ROLE, CODINGS, DOCUMENTS, NAME, CodeTreeModel
from ui.codebook.quick_code import QuickCodeBox
from ui.session import ProjectSession
from workbench.codebooks import LoadCodebook
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding
from workbench.project import Project
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

INTERVIEW = (
    "Interviewer: How do you find the blood pressure kit?\n"
    "P01: I'm meant to send my readings every morning, but some days I just can't face it.\n"
    "P01: My daughter sets the tablet up for me when she visits.\n"
)
NOTES = "Interviewer: And the carers?\nP02: The carers help with the readings at weekends.\n"


def _key(project: Project, key: str) -> int:
    return next(c.id for c in list_codes(project) if c.framework_key == key)


@pytest.fixture
def session(project: Project, tmp_path: Path) -> ProjectSession:
    """A project with the NASSS codebook, two interviews and a few codings, as users see it."""
    paths = []
    for name, text in (("p01_interview", INTERVIEW), ("p02_interview", NOTES)):
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    documents = import_files(project, paths).document_ids
    project.execute(LoadCodebook("nasss", user_id=project.user_id))
    patient, carers = _key(project, "4B"), _key(project, "4C")
    for document, code, start, end in (
        (documents[0], patient, 54, 100),
        (documents[0], patient, 150, 180),
        (documents[0], carers, 150, 180),
        (documents[1], carers, 40, 70),
    ):
        project.execute(ApplyCoding(document_id=document, code_id=code, start=start, end=end,
                                    user_id=project.user_id))  # fmt: skip
    project.execute(CreateCode(name="Workload"))
    return ProjectSession(project)


@pytest.fixture
def dock(qtbot: QtBot, session: ProjectSession) -> CodebookDock:
    widget = CodebookDock(session)
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    widget.show()
    return widget


def _row(model: CodeTreeModel, code_id: int) -> dict[str, object]:
    index = model.index_of(code_id)
    return {
        "text": index.data(),
        "name": index.data(Qt.ItemDataRole.EditRole),
        "codings": index.siblingAtColumn(CODINGS).data(),
        "documents": index.siblingAtColumn(DOCUMENTS).data(),
    }


def _settle(qtbot: QtBot, model: CodeTreeModel) -> None:
    """Wait for the counts and names the model re-reads just after a change."""
    qtbot.waitUntil(lambda: not model.refresh_pending)


def _names_under(model: CodeTreeModel, parent: int | None) -> list[str]:
    return [model.code(i).name for i in model.children_of(parent)]  # type: ignore[union-attr]


# ---------------------------------------------------------------- the tree
def test_the_tree_shows_the_nasss_codebook_with_keys_colours_and_counts(
    qtbot: QtBot, session: ProjectSession
) -> None:
    model = CodeTreeModel(session)
    project = session.project
    roots = [model.index(row, NAME).data() for row in range(model.rowCount())]
    assert roots == ["NASSS framework", "Workload"]
    nasss = model.index(0, NAME)
    domains = [model.index(row, NAME, nasss).data() for row in range(model.rowCount(nasss))]
    assert domains[3] == "4  Adopter system"
    assert len(domains) == 7
    assert _row(model, _key(project, "4B")) == {
        "text": "4B  Patient (and immediate caregiver)",
        "name": "Patient (and immediate caregiver)",
        "codings": 2,
        "documents": 1,
    }
    assert _row(model, _key(project, "4C"))["documents"] == 2
    assert model.index_of(_key(project, "4B")).data(CODE_ID_ROLE) == _key(project, "4B")
    assert isinstance(model.index_of(_key(project, "4B")).data(Qt.ItemDataRole.DecorationRole),
                      QIcon)  # fmt: skip
    heading_font = nasss.data(Qt.ItemDataRole.FontRole)
    assert isinstance(heading_font, QFont)
    assert heading_font.italic()
    assert model.index_of(_key(project, "4B")).data(Qt.ItemDataRole.FontRole) is None
    assert nasss.siblingAtColumn(CODINGS).data() is None  # a heading has no count of its own
    assert "Adopter system" in str(model.index_of(_key(project, "4B")).data(
        Qt.ItemDataRole.ToolTipRole))  # fmt: skip


def test_the_model_stays_consistent_through_reloads(
    qtbot: QtBot, qtmodeltester, session: ProjectSession
) -> None:
    model = CodeTreeModel(session)
    qtmodeltester.check(model)
    assert session.run(LoadCodebook("comb", user_id=session.user_id))
    qtmodeltester.check(model)
    workload = next(c.id for c in model.codes() if c.name == "Workload")
    assert session.run(CreateCode(name="Night shifts", parent_id=workload))
    assert model.setData(model.index_of(workload), "Staff workload")
    qtmodeltester.check(model)
    data = model.mimeData([model.index_of(workload)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.index(0, NAME))
    qtmodeltester.check(model)
    for _step in range(3):
        session.undo()
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.code(workload).name == "Workload"  # type: ignore[union-attr]


def test_coding_a_passage_updates_the_counts_without_reloading_the_tree(
    qtbot: QtBot, session: ProjectSession
) -> None:
    model = CodeTreeModel(session)
    workload = next(c.id for c in model.codes() if c.name == "Workload")
    document = list_documents(session.project)[0].id
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged) as sig:
        assert session.run(ApplyCoding(document_id=document, code_id=workload, start=0, end=12,
                                       user_id=session.user_id))  # fmt: skip
    assert sig.args[0].data(CODE_ID_ROLE) == workload
    assert _row(model, workload)["codings"] == 1


# ---------------------------------------------------------------- rename
def test_renaming_a_code_inline_renames_it_and_undo_restores_the_name(
    qtbot: QtBot, session: ProjectSession
) -> None:
    model = CodeTreeModel(session)
    patient = _key(session.project, "4B")
    with qtbot.assertNotEmitted(model.modelReset):
        assert model.setData(model.index_of(patient), "Patient and family carer")
        _settle(qtbot, model)
    assert model.index_of(patient).data() == "4B  Patient and family carer"
    assert session.undo_label == "Rename code"
    session.undo()
    _settle(qtbot, model)
    assert model.index_of(patient).data(Qt.ItemDataRole.EditRole) == (
        "Patient (and immediate caregiver)"
    )


def test_a_duplicate_name_is_refused_and_the_old_name_stays(
    qtbot: QtBot, session: ProjectSession
) -> None:
    model = CodeTreeModel(session)
    patient = _key(session.project, "4B")
    with qtbot.waitSignal(session.failed) as failed:
        assert not model.setData(model.index_of(patient), "lay carers (WIDER network)")
    assert "already a code called" in failed.args[0]
    assert model.index_of(patient).data(Qt.ItemDataRole.EditRole) == (
        "Patient (and immediate caregiver)"
    )


def test_f2_renames_the_current_code_in_place(qtbot: QtBot, dock: CodebookDock) -> None:
    with qtbot.waitActive(dock):
        dock.activateWindow()
    patient = _key(dock.session.project, "4B")
    dock.select_code(patient)
    dock.view.setFocus()
    qtbot.keyClick(dock.view, Qt.Key.Key_F2)
    assert dock.view.state() == dock.view.State.EditingState
    name_editor = QApplication.focusWidget()
    assert isinstance(name_editor, QLineEdit)
    assert name_editor.text() == "Patient (and immediate caregiver)"  # the name, not the key
    name_editor.selectAll()
    qtbot.keyClicks(name_editor, "Patient")
    qtbot.keyClick(name_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dock.view.state() != dock.view.State.EditingState)  # queued commit
    _settle(qtbot, dock.model)
    assert dock.model.code(patient).name == "Patient"  # type: ignore[union-attr]
    assert dock.current_code_id == patient


# ---------------------------------------------------------------- drag and drop
def test_dragging_a_code_onto_another_nests_it_and_undo_moves_it_back(
    qtbot: QtBot, session: ProjectSession
) -> None:
    model = CodeTreeModel(session)
    workload = next(c.id for c in model.codes() if c.name == "Workload")
    staff = _key(session.project, "4A")
    data = model.mimeData([model.index_of(workload)])
    action = Qt.DropAction.MoveAction
    assert model.canDropMimeData(data, action, -1, 0, model.index_of(staff))
    assert model.dropMimeData(data, action, -1, 0, model.index_of(staff))
    assert _names_under(model, staff) == ["Workload"]
    assert model.rowCount() == 1
    session.undo()
    assert _names_under(model, None) == ["NASSS framework", "Workload"]


def test_dropping_between_codes_reorders_them(qtbot: QtBot, session: ProjectSession) -> None:
    model = CodeTreeModel(session)
    adopters = _key(session.project, "4")
    staff, patient, carers = model.children_of(adopters)
    data = model.mimeData([model.index_of(staff)])
    parent = model.index_of(adopters)
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, parent)  # after the last
    assert model.children_of(adopters) == [patient, carers, staff]
    data = model.mimeData([model.index_of(carers), model.index_of(staff)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, parent)  # both to the top
    assert model.children_of(adopters) == [carers, staff, patient]
    session.undo()  # two codes moved in one step
    assert model.children_of(adopters) == [patient, carers, staff]


def test_a_code_cannot_be_dropped_inside_itself(qtbot: QtBot, session: ProjectSession) -> None:
    model = CodeTreeModel(session)
    adopters, patient = _key(session.project, "4"), _key(session.project, "4B")
    data = model.mimeData([model.index_of(adopters)])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0,
                                     model.index_of(patient))  # fmt: skip
    with qtbot.waitSignal(session.failed) as failed:
        assert not model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0,
                                      model.index_of(patient))  # fmt: skip
    assert "inside itself" in failed.args[0]
    assert model.children_of(patient) == []


def test_dropping_a_passage_on_a_code_codes_it(qtbot: QtBot, session: ProjectSession) -> None:
    model = CodeTreeModel(session)
    workload = next(c.id for c in model.codes() if c.name == "Workload")
    data = selection_mime_data(list_documents(session.project)[0].id, 0, 12, "Interviewer:")
    heading = model.index(0, NAME)
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, heading)
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0,
                                 model.index_of(workload))  # fmt: skip
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, model.index_of(workload))
    _settle(qtbot, model)
    assert _row(model, workload)["codings"] == 1
    assert session.undo_label == "Apply code “Workload”"


# ---------------------------------------------------------------- the dock
def test_the_filter_shows_matching_codes_with_their_parents(
    qtbot: QtBot, dock: CodebookDock
) -> None:
    qtbot.keyClicks(dock.filter, "PATIENT")
    proxy = dock.proxy
    shown = []

    def walk(parent: QModelIndex) -> None:
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, NAME, parent)
            shown.append(index.data())
            walk(index)

    walk(QModelIndex())
    assert shown == [
        "NASSS framework",
        "3  Value proposition",
        "3B  Demand-side value (to the patient and purchaser)",
        "4  Adopter system",
        "4B  Patient (and immediate caregiver)",
    ]
    assert dock.view.isExpanded(proxy.index(0, NAME))
    dock.filter.clear()
    assert proxy.rowCount() == 2
    assert dock.filter.placeholderText() == "Filter codes"


def test_expanded_codes_and_the_current_code_survive_a_reload(
    qtbot: QtBot, dock: CodebookDock
) -> None:
    patient = _key(dock.session.project, "4B")
    dock.select_code(patient)
    adopters = _key(dock.session.project, "4")
    assert adopters in dock.expanded_codes()
    assert dock.session.run(CreateCode(name="Carer strain", parent_id=adopters))
    assert dock.current_code_id == patient
    assert dock.view.currentIndex().data(CODE_ID_ROLE) == patient
    assert dock.view.isExpanded(dock.proxy.mapFromSource(dock.model.index_of(adopters)))


def test_add_codebook_lists_every_template_and_loads_the_chosen_one(
    qtbot: QtBot, dock: CodebookDock
) -> None:
    from coding.codebook import load_template, template_keys

    dock.commands.codebook_menu.aboutToShow.emit()
    actions = dock.commands.codebook_menu.actions()
    assert [a.text() for a in actions] == [load_template(k).name for k in template_keys()]
    tdf = next(a for a in actions if a.data() == "tdf")
    tdf.trigger()
    roots = [dock.model.index(row, NAME).data() for row in range(dock.model.rowCount())]
    assert "Theoretical Domains Framework (TDF v2)" in roots
    assert dock.model.code(dock.current_code_id or -1).name == tdf.text()  # type: ignore[union-attr]
    assert dock.view.isExpanded(dock.view.currentIndex())
    assert dock.session.undo_label.startswith("Add codebook")


def test_new_code_is_created_under_the_selected_code(
    qtbot: QtBot, dock: CodebookDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = []

    def answer(parent: object, title: str, label: str, *args: object) -> tuple[str, bool]:
        asked.append(label)
        return "  Carer   strain ", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    adopters = _key(dock.session.project, "4")
    dock.select_code(adopters)
    dock.commands.new_code.trigger()
    assert "under “Adopter system”" in asked[0]
    assert _names_under(dock.model, adopters)[-1] == "Carer strain"
    assert dock.model.code(dock.current_code_id or -1).name == "Carer strain"  # type: ignore[union-attr]
    assert dock.editor.code_id == dock.current_code_id


def test_a_new_code_hidden_by_the_filter_is_shown_and_selected(
    qtbot: QtBot, dock: CodebookDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args: ("Night shifts", True))
    dock.filter.setText("adopter")
    dock.select_code(_key(dock.session.project, "4"))
    new = dock.commands.create_code()
    assert dock.filter.text() == ""
    assert dock.current_code_id == new
    assert dock.view.currentIndex().data() == "Night shifts"


def test_delete_code_asks_first_and_undo_brings_it_back(
    qtbot: QtBot, dock: CodebookDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = []
    replies = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args: questions.append(args[2]) or replies.pop(0)
    )
    adopters = _key(dock.session.project, "4")
    dock.select_code(adopters)
    dock.commands.delete_code.trigger()  # answered No
    assert dock.model.code(adopters) is not None
    assert "3 sub-codes and 4 codings" in questions[0]
    with qtbot.waitActive(dock):
        dock.activateWindow()
    dock.view.setFocus()
    with qtbot.waitSignal(dock.current_code_changed) as changed:
        qtbot.keyClick(dock.view, Qt.Key.Key_Delete)
    assert dock.model.code(adopters) is None
    assert changed.args[0] == next(c.id for c in dock.model.codes() if c.framework_key == "")
    dock.session.undo()
    assert _names_under(dock.model, adopters) == [
        "Staff (role, practice and identity)",
        "Patient (and immediate caregiver)",
        "Lay carers (wider network)",
    ]


def test_double_click_or_enter_on_a_code_asks_to_apply_it(qtbot: QtBot, dock: CodebookDock) -> None:
    patient = _key(dock.session.project, "4B")
    dock.select_code(patient)
    dock.view.setFocus()
    with qtbot.waitSignal(dock.code_activated) as activated:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert activated.args == [patient]
    centre = dock.view.visualRect(dock.view.currentIndex()).center()
    with qtbot.waitSignal(dock.code_activated) as activated:
        qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert activated.args == [patient]
    dock.select_code(next(c.id for c in dock.model.codes() if c.name == "NASSS framework"))
    with qtbot.assertNotEmitted(dock.code_activated):
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)  # a heading is not applied


def test_a_code_is_found_and_applied_from_the_keyboard_alone(
    qtbot: QtBot, dock: CodebookDock
) -> None:
    with qtbot.waitActive(dock):
        dock.activateWindow()
    dock.filter.setFocus()
    qtbot.keyClicks(dock.filter, "4b")
    qtbot.keyClick(dock.filter, Qt.Key.Key_Return)  # on to the first match
    assert dock.view.hasFocus()
    patient = _key(dock.session.project, "4B")
    assert dock.current_code_id == patient
    with qtbot.waitSignal(dock.code_activated) as activated:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert activated.args == [patient]
    qtbot.keyClick(dock.view, Qt.Key.Key_Up)
    assert dock.current_code_id == _key(dock.session.project, "4")


def test_the_description_can_be_hidden_to_give_the_tree_more_room(
    qtbot: QtBot, dock: CodebookDock
) -> None:
    assert dock.editor.isVisible()
    dock.description_button.click()
    assert not dock.editor.isVisible()
    assert dock.description_button.accessibleName() == "Show the code description"


def test_codes_pinned_to_keys_are_remembered_until_deleted(
    qtbot: QtBot, dock: CodebookDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient, carers = _key(dock.session.project, "4B"), _key(dock.session.project, "4C")
    menu = dock.commands.context_menu(patient)
    pin_menu = next(a.menu() for a in menu.actions() if a.menu() and a.text() == "&Pin to key")
    with qtbot.waitSignal(dock.pins_changed):
        next(a for a in pin_menu.actions() if a.objectName() == "pin_key_1").trigger()
    dock.pin(2, carers)
    assert dock.pinned == {1: patient, 2: carers}
    dock.pin(3, patient)  # a code sits on one key only
    assert dock.pinned == {2: carers, 3: patient}
    assert len(dock.pin_codes()) == 9
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dock.select_code(carers)
    with qtbot.waitSignal(dock.pins_changed):
        dock.commands.delete_code.trigger()
    assert dock.pinned == {3: patient}


def test_every_control_of_the_dock_has_an_accessible_name(qtbot: QtBot, dock: CodebookDock) -> None:
    assert dock.objectName() == "codebook_dock"
    assert unnamed_interactive_widgets(dock) == []


# ---------------------------------------------------------------- the editor
def test_the_editor_saves_a_changed_definition_as_one_undoable_step(
    qtbot: QtBot, dock: CodebookDock
) -> None:
    patient = _key(dock.session.project, "4B")
    dock.select_code(patient)
    editor = dock.editor
    assert editor.isEnabled()
    assert "Greenhalgh" in editor.source.text()
    assert "NASSS 4B" in editor.source.text()
    assert "self-monitoring" in editor.fields["keywords"].toPlainText()
    assert not editor.save_button.isEnabled()
    editor.fields["definition"].setPlainText("What the kit asks of the patient.")
    assert editor.changed_fields() == {"definition": "What the kit asks of the patient."}
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, dock.model)
    assert dock.model.code(patient).definition == "What the kit asks of the patient."  # type: ignore[union-attr]
    assert "What the kit asks" in str(dock.model.index_of(patient).data(
        Qt.ItemDataRole.ToolTipRole))  # fmt: skip
    assert not editor.save_button.isEnabled()
    assert dock.session.undo_label == "Edit code description"
    dock.session.undo()
    _settle(qtbot, dock.model)
    assert editor.fields["definition"].toPlainText().startswith("What the technology asks")


def test_edited_keywords_are_the_projects_own_and_undo_brings_back_the_templates(
    qtbot: QtBot, dock: CodebookDock
) -> None:
    patient = _key(dock.session.project, "4B")
    dock.select_code(patient)
    editor = dock.editor
    editor.fields["keywords"].setPlainText("glucose diary\nself-testing")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, dock.model)
    stored = dock.model.code(patient)
    assert stored is not None
    assert stored.keywords == "glucose diary\nself-testing"
    dock.select_code(_key(dock.session.project, "4C"))
    dock.select_code(patient)
    assert editor.fields["keywords"].toPlainText() == "glucose diary\nself-testing"
    dock.session.undo()
    _settle(qtbot, dock.model)
    assert "self-monitoring" in editor.fields["keywords"].toPlainText()


def test_moving_to_another_code_keeps_unsaved_edits(qtbot: QtBot, dock: CodebookDock) -> None:
    patient, carers = _key(dock.session.project, "4B"), _key(dock.session.project, "4C")
    dock.select_code(patient)
    dock.editor.fields["example"].setPlainText("I do my readings after breakfast.")
    dock.select_code(carers)
    _settle(qtbot, dock.model)
    assert dock.model.code(patient).example == "I do my readings after breakfast."  # type: ignore[union-attr]
    assert dock.editor.code_id == carers


def test_the_editor_is_off_without_a_code_and_read_only_in_a_read_only_project(
    qtbot: QtBot, session: ProjectSession, project_path: Path
) -> None:
    dock = CodebookDock(session)
    qtbot.addWidget(dock)
    assert not dock.editor.isEnabled()
    with Project.open(project_path, read_only=True) as reader:
        viewer = CodebookDock(ProjectSession(reader))
        qtbot.addWidget(viewer)
        viewer.select_code(_key(reader, "4B"))
        assert viewer.editor.fields["definition"].isReadOnly()
        assert not viewer.editor.save_button.isEnabled()
        assert not viewer.commands.new_code.isEnabled()
        assert not viewer.model.flags(viewer.model.index_of(_key(reader, "4B"))) & (
            Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
        )


# ---------------------------------------------------------------- quick code
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # the popup
def test_quick_code_completes_framework_keys_and_plain_names(
    qtbot: QtBot, session: ProjectSession
) -> None:
    box = QuickCodeBox(session)
    qtbot.addWidget(box)
    assert box.accessibleName() == "Quick code"
    patient = _key(session.project, "4B")
    path = code_paths(list_codes(session.project))[patient]
    assert path == "NASSS framework/Adopter system/Patient (and immediate caregiver)"
    box.show()
    box.setFocus()  # the codes are read when the box is first used, not at start-up
    assert len(box.completions()) == 31  # the 30 NASSS codes and Workload; no headings
    completer = box.completer()
    for typed in ("4b", "nasss:4B", "immediate CAREGIVER"):
        completer.setCompletionPrefix(typed)
        assert completer.completionCount() == 1, typed
        assert completer.currentCompletion() == f"{path}  (NASSS:4B)"
    completer.setCompletionPrefix("adopter")
    assert completer.completionCount() == 4
    workload = next(c.id for c in list_codes(session.project) if c.name == "Workload")
    for typed, expected in (("NASSS:4B", patient), ("workload", workload), ("4b", patient)):
        with qtbot.waitSignal(box.code_chosen) as chosen:
            qtbot.keyClicks(box, typed)
            qtbot.keyClick(box, Qt.Key.Key_Return)
        assert chosen.args == [expected]
        assert box.text() == ""
    qtbot.keyClicks(box, "adopter")  # pick from the list with the arrow keys
    popup = box.completer().popup()
    assert popup.isVisible()
    with qtbot.waitSignal(box.code_chosen) as chosen:
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert chosen.args == [_key(session.project, "4A")]
    assert box.text() == ""
    assert box.resolve("carers") == [_key(session.project, "4C")]
    assert len(box.resolve("adopter")) == 4  # several: nothing is applied


def test_an_unknown_name_in_quick_code_offers_a_new_code(
    qtbot: QtBot, session: ProjectSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = QuickCodeBox(session)
    qtbot.addWidget(box)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    box.create_requested.connect(box.create_code)
    with qtbot.waitSignal(box.create_requested) as requested, qtbot.waitSignal(box.code_chosen):
        box.setText("Digital  exclusion")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert requested.args == ["Digital exclusion"]
    assert any(c.name == "Digital exclusion" for c in list_codes(session.project))
    assert "Digital exclusion" in box.completions()
