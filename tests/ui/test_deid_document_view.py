"""An open document follows de-identification: after applying it shows the new text with every
coding over the same words at its new offsets, and after undo the old text again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tests.ui.test_deid_review import P01, Study, apply, studied
from workbench.ops.codings import ApplyCoding

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from ui.document.view import DocumentView
    from workbench.project import Project


@pytest.fixture
def study(project: Project, tmp_path: Path, qtbot: Any) -> Iterator[Study]:
    yield from studied(project, tmp_path, qtbot)


def _covered(view: DocumentView, code: str) -> str:
    """The words the view shows the coding of ``code`` on, read from its drawn highlight."""
    assert view.content is not None
    coding = next(c for c in view.index.codings if c.code_name == code)
    pieces = [p for p, _colour in view.highlights if coding in p.codings]
    start, end = min(p.start for p in pieces), max(p.end for p in pieces)
    assert (start, end) == (coding.start, coding.end)
    return view.content.text[start:end]


def test_an_open_document_shows_its_new_text_and_moved_codings_after_apply_and_undo(
    study: Study, qtbot: Any
) -> None:
    window = study.window("blank")
    view = window.open_document(study.p01)
    qtbot.waitExposed(view)
    assert _covered(view, "Feelings") == "She was lovely."
    screen = study.review(window)
    report = apply(qtbot, screen)

    new = study.project.document_text(study.p01)
    assert new != P01
    assert view.content is not None
    assert view.content.text == new
    assert view.text.toPlainText() == new
    assert _covered(view, "Feelings") == "She was lovely."
    assert _covered(view, "Care") == "Dr [Person 1] at [Hospital A]"
    assert _covered(view, "Contact") == "[NHS number]"

    window.session.undo()
    assert view.content.text == P01
    assert _covered(view, "Care") == "Dr Sarah Jones at St Mary's Hospital"
    assert _covered(view, "Contact") == "943 476 5919"
    window.session.redo()
    assert view.content.text == new
    assert _covered(view, "Feelings") == "She was lovely."
    report.close()


def test_coding_in_an_open_document_still_updates_it_in_place(study: Study, qtbot: Any) -> None:
    window = study.window("blank")
    view = window.open_document(study.p01)
    assert view.content is not None
    shown, index = view.content, view.index
    care = next(c for c in view.index.codings if c.code_name == "Care")
    start = P01.index("Otley")
    command = ApplyCoding(document_id=study.p01, code_id=care.code_id, start=start,
                          end=start + 5, user_id=study.project.user_id)  # fmt: skip
    assert window.session.run(command)
    assert view.content is shown  # the text was not rebuilt
    assert view.index is index  # only the new coding was fetched
    assert any(c.id == command.coding_id for c in view.index.codings)
