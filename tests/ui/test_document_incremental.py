"""The document view takes a change of a few codings in place (apply, remove, recode, resize,
join, memo, undo, redo) and then shows exactly what a freshly opened view of the document shows:
the same codings, stripe columns, highlights and brackets, at the top and at the bottom."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QRect

from ui.document import DocumentView
from ui.document.columns import StripeColumns, sort_key
from ui.session import ProjectSession
from workbench.commands import Macro
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode, UpdateCode
from workbench.ops.codings import ApplyCoding, CodeSegments, RemoveCoding, UpdateCoding
from workbench.queries.codings import DocumentCoding

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.commands import Command
    from workbench.project import Project

SIZE = (760, 360)


def _transcript() -> str:
    lines = ["Interviewer: How did the rollout of the tablets go on your ward? 😀"]
    for week in range(60):
        lines.append(f"Interviewer: What happened in week {week}?")
        lines.append(f"P01: In week {week} the wifi 👍🏽 dropped again, so we printed the rota.")
    return "\n".join(lines) + "\n"


class Study:
    """A coded transcript shown in a view, changed through the session as the app does."""

    def __init__(self, project: Project, tmp_path: Path, qtbot: Any) -> None:
        source = tmp_path / "interview_p01.txt"
        source.write_text(_transcript(), encoding="utf-8")
        self.document_id = import_files(project, [source]).document_ids[0]
        self.project, self.qtbot = project, qtbot
        self.text = project.document_text(self.document_id)
        self.session = ProjectSession(project)
        self.training = self._code("Training", "#E69F00")
        self.wifi = self._code("Wifi", "#56B4E9")
        self.rota = self._code("Rota", "#009E73")
        self.view = self._open()

    def _code(self, name: str, colour: str) -> int:
        command = CreateCode(name=name, colour=colour)
        assert self.session.run(command)
        assert command.code_id is not None
        return command.code_id

    def _open(self) -> DocumentView:
        view = DocumentView(self.session)
        self.qtbot.addWidget(view)
        view.resize(*SIZE)
        view.show()
        self.qtbot.waitExposed(view)
        view.show_document(self.document_id)
        return view

    def span(self, fragment: str, occurrence: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(occurrence + 1):
            start = self.text.index(fragment, start + 1)
        return start, start + len(fragment)

    def run(self, command: Command) -> None:
        assert self.session.run(command)

    def apply(self, code_id: int, fragment: str, occurrence: int = 0) -> int:
        start, end = self.span(fragment, occurrence)
        command = ApplyCoding(
            document_id=self.document_id,
            code_id=code_id,
            start=start,
            end=end,
            user_id=self.project.user_id,
        )
        self.run(command)
        assert command.coding_id is not None
        return command.coding_id

    def assert_like_a_fresh_view(self) -> None:
        """Codings, columns, highlights and brackets equal a new view's, top and bottom."""
        fresh = self._open()
        view = self.view
        assert view.index.codings == fresh.index.codings
        assert view.index.by_id == fresh.index.by_id
        assert dict(view.columns) == dict(fresh.columns)
        assert view.columns.depth == fresh.columns.depth
        assert view.stripes.stripe_geometry() == fresh.stripes.stripe_geometry()
        assert view.stripes.accessibleDescription() == fresh.stripes.accessibleDescription()
        for place in ("top", "bottom"):
            for shown in (view, fresh):
                bar = shown.text.verticalScrollBar()
                bar.setValue(0 if place == "top" else bar.maximum())
            assert view.highlights == fresh.highlights, place
            assert view.text.highlights == fresh.text.highlights, place
            assert view.stripes.brackets() == fresh.stripes.brackets(), place
        view.text.verticalScrollBar().setValue(0)
        fresh.close()


@pytest.fixture
def study(project: Project, tmp_path: Path, qtbot: Any) -> Study:
    built = Study(project, tmp_path, qtbot)
    built.apply(built.training, "How did the rollout of the tablets go")
    built.apply(built.wifi, "the wifi 👍🏽 dropped again", 0)
    built.apply(built.rota, "dropped again, so we printed the rota", 0)
    built.apply(built.wifi, "In week 1 the wifi")
    built.apply(built.training, "week 59 the wifi")
    built.view.show_document(built.document_id)
    return built


def _undo_and_redo_like_a_fresh_view(study: Study) -> None:
    study.session.undo()
    study.assert_like_a_fresh_view()
    study.session.redo()
    study.assert_like_a_fresh_view()


def test_applying_a_code_updates_the_view_in_place_like_a_fresh_view(study: Study) -> None:
    index = study.view.index
    coding = study.apply(study.rota, "What happened in week 0")
    assert study.view.index is index  # only the new coding was fetched
    assert coding in study.view.index.by_id
    study.assert_like_a_fresh_view()
    _undo_and_redo_like_a_fresh_view(study)


def test_removing_a_coding_updates_the_view_like_a_fresh_view(study: Study) -> None:
    index = study.view.index
    [coding] = [c for c in index.codings if c.code_id == study.rota]
    study.run(RemoveCoding(coding.id))
    assert study.view.index is index
    assert coding.id not in index.by_id
    study.assert_like_a_fresh_view()
    _undo_and_redo_like_a_fresh_view(study)


def test_recoding_updates_the_view_like_a_fresh_view(study: Study) -> None:
    [coding] = [c for c in study.view.index.codings if c.code_id == study.rota]
    study.run(UpdateCoding(coding.id, code_id=study.training))
    assert study.view.index.by_id[coding.id].code_name == "Training"
    assert study.rota not in study.view.index.code_ids
    study.assert_like_a_fresh_view()
    _undo_and_redo_like_a_fresh_view(study)


def test_resizing_a_coding_updates_the_view_like_a_fresh_view(study: Study) -> None:
    [coding] = [c for c in study.view.index.codings if c.code_id == study.rota]
    start, end = study.span("we printed the rota", 3)
    study.run(UpdateCoding(coding.id, start=start - 40, end=end))
    assert (study.view.index.by_id[coding.id].start, study.view.index.by_id[coding.id].end) == (
        start - 40,
        end,
    )
    study.assert_like_a_fresh_view()
    _undo_and_redo_like_a_fresh_view(study)


def test_joining_overlapping_codings_shows_one_segment_like_a_fresh_view(study: Study) -> None:
    study.apply(study.wifi, "week 2 the wifi")
    study.apply(study.wifi, "dropped again, so we", 2)
    start, _ = study.span("week 2 the wifi")
    _, end = study.span("dropped again, so we", 2)
    joined = study.apply(study.wifi, "the wifi 👍🏽 dropped", 2)  # overlaps both: one segment
    in_week_2 = [c for c in study.view.index.codings if start <= c.start < end]
    assert [(c.id, c.start, c.end) for c in in_week_2] == [(joined, start, end)]
    study.assert_like_a_fresh_view()
    _undo_and_redo_like_a_fresh_view(study)


def test_a_coding_memo_shows_at_once_like_a_fresh_view(study: Study) -> None:
    [coding] = [c for c in study.view.index.codings if c.code_id == study.rota]
    study.run(UpdateCoding(coding.id, memo="Printing is the workaround."))
    assert study.view.index.by_id[coding.id].memo == "Printing is the workaround."
    study.assert_like_a_fresh_view()
    _undo_and_redo_like_a_fresh_view(study)


def test_coding_hits_in_several_documents_shows_only_this_documents(
    study: Study, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("P02: The wifi was fine at home.\n", encoding="utf-8")
    other_id = import_files(study.project, [other]).document_ids[0]
    hits = [(other_id, 9, 13), (study.document_id, *study.span("wifi", 30))]
    study.run(CodeSegments(code_id=study.rota, segments=hits, user_id=study.project.user_id))
    assert [c.start for c in study.view.index.codings if c.code_id == study.rota] == [
        study.span("dropped again, so we printed the rota")[0],
        study.span("wifi", 30)[0],
    ]
    study.assert_like_a_fresh_view()
    _undo_and_redo_like_a_fresh_view(study)


def test_recolouring_a_code_in_the_same_step_as_a_removal_repaints_its_codings(
    study: Study,
) -> None:
    [rota] = [c for c in study.view.index.codings if c.code_id == study.rota]
    study.run(Macro("Tidy", [UpdateCode(study.wifi, colour="#CC79A7"), RemoveCoding(rota.id)]))
    assert {c.colour for c in study.view.index.codings if c.code_id == study.wifi} == {"#CC79A7"}
    study.assert_like_a_fresh_view()
    _undo_and_redo_like_a_fresh_view(study)


def test_many_changes_in_a_row_leave_the_view_like_a_fresh_view(study: Study) -> None:
    """Dense overlapping codings, changed one by one: the stripe columns of later codings
    follow every change exactly."""
    rng = random.Random(7)
    length = len(study.text)
    codes = [study.training, study.wifi, study.rota]
    segments = []
    for _ in range(40):
        start = rng.randrange(0, length // 3)
        segments.append((study.document_id, start, min(length, start + rng.randrange(5, 400))))
    study.run(CodeSegments(code_id=study.rota, segments=segments, user_id=None))
    study.assert_like_a_fresh_view()
    for step in range(12):
        codings = study.view.index.codings
        chosen = rng.choice(codings)
        if step % 3 == 0:
            start = rng.randrange(0, length // 3)
            end = start + rng.randrange(5, 300)
            study.run(
                ApplyCoding(
                    document_id=study.document_id,
                    code_id=rng.choice(codes),
                    start=start,
                    end=end,
                    user_id=None,
                )
            )
        elif step % 3 == 1:
            study.run(UpdateCoding(chosen.id, start=chosen.start, end=chosen.end + 150))
        else:
            study.run(RemoveCoding(chosen.id))
        study.assert_like_a_fresh_view()
    study.session.undo()
    study.session.undo()
    study.assert_like_a_fresh_view()


def _coding(coding_id: int, start: int, length: int) -> DocumentCoding:
    return DocumentCoding(coding_id, 1, "Code", "#000000", start, start + length, None, "")


def test_stripe_columns_after_random_changes_equal_columns_worked_out_afresh() -> None:
    rng = random.Random(3)
    codings = sorted(
        (_coding(n, rng.randrange(0, 20_000), rng.randrange(1, 600)) for n in range(400)),
        key=sort_key,
    )
    columns = StripeColumns(codings)
    for new_id in range(1000, 1400):
        victim = rng.choice(codings)
        change = rng.randrange(3)
        gone = [victim] if change else []
        made = [_coding(new_id, rng.randrange(0, 20_000), rng.randrange(1, 600))]
        if change == 1:
            made = []
        elif change == 2:
            made = [_coding(victim.id, victim.start + rng.randrange(-40, 40), victim.end)]
        kept = [c for c in codings if c not in gone]
        codings = sorted(kept + made, key=sort_key)
        columns.update(codings, gone + made)
        afresh = StripeColumns(codings)
        assert dict(columns) == dict(afresh)
        assert columns.depth == afresh.depth


def test_changing_one_highlight_repaints_only_the_lines_it_tints(study: Study) -> None:
    layer = study.view.text.tints
    visible = study.view.text.visible_text()
    shown = list(layer.highlights)
    unchanged = layer.set(shown, visible)
    assert unchanged is not None
    assert unchanged.isEmpty()
    start, end, colour, _ = shown[0]
    region = layer.set([(start, end, colour.darker(), True), *shown[1:]], visible)
    assert region is not None
    expected = QRect()
    for line in visible.rects(start, end):
        expected = expected.united(line.toAlignedRect().adjusted(-1, -1, 1, 1))
    assert region.boundingRect() == expected
    assert expected.height() < study.view.text.viewport().height() / 2
    study.view.text.verticalScrollBar().setValue(30)  # the view measures them again there
    assert layer.set(shown, visible) is None  # measured elsewhere: repaint all
