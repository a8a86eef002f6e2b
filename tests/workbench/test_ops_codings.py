"""Coding operations (apply, join, remove, resize, recode, memo, in-vivo, code all hits).

Each is done, undone and redone on a real project file; after each step the test looks at what
a researcher sees: the coded passages and their text. The audit log gets one row per step and
never the document text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.workbench.ops_support import (
    WARD_INTERVIEW,
    apply_coding,
    audit_text,
    new_code,
    round_trip,
    span_of,
)
from workbench.errors import OperationError
from workbench.ops.codings import (
    IN_VIVO_MAX,
    ApplyCoding,
    CodeSegments,
    InVivoCode,
    RemoveCoding,
    UpdateCoding,
)
from workbench.project import Coder, Project
from workbench.queries.codes import list_codes
from workbench.queries.search import search
from workbench.queries.segments import segments

if TYPE_CHECKING:
    from pathlib import Path


# ---------------------------------------------------------------- helpers
# ``doc`` (tests/workbench/conftest.py) is WARD_INTERVIEW, imported into ``project``.
def where(phrase: str) -> tuple[int, int]:
    """``[start, end)`` of a phrase in the transcript."""
    return span_of(WARD_INTERVIEW, phrase)


def apply(project: Project, doc: int, code: int, phrase: str, user_id: int | None = None) -> int:
    """Code the first occurrence of ``phrase``; the new coding's id."""
    return apply_coding(project, doc, code, where(phrase), user_id)


def coded(project: Project) -> list[tuple[str, str]]:
    """(code name, coded text) of every coding, in document order."""
    names = {c.id: c.name for c in list_codes(project)}
    return [(names[s.code_id], s.text) for s in segments(project, list(names))]


# ---------------------------------------------------------------- apply and join
def test_applying_a_code_puts_the_passage_under_it(project: Project, doc: int) -> None:
    late = new_code(project, "Late delivery")
    start, end = where("The tablets arrived late")
    command = ApplyCoding(document_id=doc, code_id=late, start=start, end=end, user_id=None)
    done = round_trip(project, command, lambda: coded(project))
    assert done == [("Late delivery", "The tablets arrived late")]
    assert [s.coding_id for s in segments(project, [late])] == [command.coding_id]
    assert command.label == "Apply code “Late delivery”"


def test_overlapping_codings_of_one_code_and_coder_join_into_one_segment(
    project: Project, doc: int
) -> None:
    training = new_code(project, "Training")
    first = apply(project, doc, training, "tablets arrived late")
    start, end = where("late and nobody")
    command = ApplyCoding(
        document_id=doc, code_id=training, start=start, end=end, user_id=project.user_id
    )
    done = round_trip(project, command, lambda: coded(project))
    assert done == [("Training", "tablets arrived late and nobody")]
    project.undo()
    assert [s.coding_id for s in segments(project, [training])] == [first]


def test_touching_codings_of_one_code_join_and_undo_splits_them_back(
    project: Project, doc: int
) -> None:
    training = new_code(project, "Training")
    apply(project, doc, training, "nobody trained us")
    apply(project, doc, training, " on the portal")
    assert coded(project) == [("Training", "nobody trained us on the portal")]
    project.undo()
    assert coded(project) == [("Training", "nobody trained us")]


def test_joined_codings_keep_the_memos_of_both(project: Project, doc: int) -> None:
    training = new_code(project, "Training")
    first = apply(project, doc, training, "nobody trained")
    project.execute(UpdateCoding(first, memo="Ask about induction"))
    start, end = where("trained us")
    second = ApplyCoding(
        document_id=doc, code_id=training, start=start, end=end, user_id=project.user_id
    )
    project.execute(second)
    assert [s.memo for s in segments(project, [training])] == ["Ask about induction"]
    assert [row["id"] for row in second.joined] == [first]


def test_codings_of_another_coder_or_another_code_are_not_joined(
    project: Project, doc: int
) -> None:
    training, portal = new_code(project, "Training"), new_code(project, "Portal")
    with project.transaction() as session:
        ben = project.user_for(session, Coder("Ben Coder", "BC"))
    apply(project, doc, training, "nobody trained us")
    apply(project, doc, training, "trained us on", user_id=ben)
    apply(project, doc, portal, "us on the portal")
    found = [(s.coder, s.text) for s in segments(project, [training, portal])]
    assert found == [
        ("Ana Researcher", "nobody trained us"),
        ("Ben Coder", "trained us on"),
        ("Ana Researcher", "us on the portal"),
    ]


# ---------------------------------------------------------------- refusals
@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (9, 4), (0, len(WARD_INTERVIEW) + 1)])
def test_a_passage_outside_the_text_is_refused(
    project: Project, doc: int, start: int, end: int
) -> None:
    training = new_code(project, "Training")
    command = ApplyCoding(document_id=doc, code_id=training, start=start, end=end, user_id=None)
    with pytest.raises(OperationError, match="empty or outside the document"):
        project.execute(command)
    assert coded(project) == []
    assert project.undo_stack.history() == ["Create code “Training”"]


def test_coding_a_missing_document_is_refused(project: Project, doc: int) -> None:
    training = new_code(project, "Training")
    with pytest.raises(OperationError, match="does not exist"):
        project.execute(
            ApplyCoding(document_id=doc + 1, code_id=training, start=0, end=3, user_id=None)
        )


def test_a_codebook_heading_cannot_be_applied(project: Project, doc: int) -> None:
    heading = new_code(project, "NASSS", is_codable=False)
    with pytest.raises(OperationError, match="“NASSS” is a heading"):
        apply(project, doc, heading, "tablets")
    assert coded(project) == []


# ---------------------------------------------------------------- remove, resize, recode, memo
def test_removing_a_coding_takes_it_away_and_undo_restores_it_with_its_memo(
    project: Project, doc: int
) -> None:
    training = new_code(project, "Training")
    coding = apply(project, doc, training, "nobody trained us")
    project.execute(UpdateCoding(coding, memo="Induction gap"))

    def look() -> list[tuple[int, str, str]]:
        return [(s.coding_id, s.text, s.memo) for s in segments(project, [training])]

    assert round_trip(project, RemoveCoding(coding), look) == []


def test_resizing_a_coding_changes_the_coded_text(project: Project, doc: int) -> None:
    training = new_code(project, "Training")
    coding = apply(project, doc, training, "nobody trained")
    start, end = where("nobody trained us")
    command = UpdateCoding(coding, start=start, end=end)
    assert command.label == "Resize coding"
    assert round_trip(project, command, lambda: coded(project)) == [
        ("Training", "nobody trained us")
    ]


def test_resizing_past_the_end_of_the_text_is_refused(project: Project, doc: int) -> None:
    training = new_code(project, "Training")
    coding = apply(project, doc, training, "wifi drops")
    with pytest.raises(OperationError, match="outside the document"):
        project.execute(UpdateCoding(coding, end=len(WARD_INTERVIEW) + 5))
    assert coded(project) == [("Training", "wifi drops")]


def test_recoding_a_segment_moves_it_to_another_code(project: Project, doc: int) -> None:
    training, infra = new_code(project, "Training"), new_code(project, "Infrastructure")
    coding = apply(project, doc, training, "the wifi drops")
    command = UpdateCoding(coding, code_id=infra)
    assert command.label == "Recode segment"
    assert round_trip(project, command, lambda: coded(project)) == [
        ("Infrastructure", "the wifi drops")
    ]


def test_recoding_into_a_heading_is_refused(project: Project, doc: int) -> None:
    training = new_code(project, "Training")
    heading = new_code(project, "Themes", is_codable=False)
    coding = apply(project, doc, training, "the wifi drops")
    with pytest.raises(OperationError, match="heading"):
        project.execute(UpdateCoding(coding, code_id=heading))
    assert coded(project) == [("Training", "the wifi drops")]


def test_a_coding_memo_is_shown_with_the_segment_and_kept_out_of_the_audit_log(
    project: Project, doc: int
) -> None:
    training = new_code(project, "Training")
    coding = apply(project, doc, training, "nobody trained us")
    command = UpdateCoding(coding, memo="Compare with the night shift lead")
    assert command.label == "Edit coding memo"
    memos = round_trip(project, command, lambda: [s.memo for s in segments(project, [training])])
    assert memos == ["Compare with the night shift lead"]
    assert "night shift lead" not in audit_text(project)


# ---------------------------------------------------------------- in-vivo
def test_in_vivo_names_the_code_from_the_trimmed_selection_and_codes_it(
    project: Project, doc: int
) -> None:
    start, end = where(" nobody trained us on the portal.")
    command = InVivoCode(
        document_id=doc,
        start=start,
        end=end,
        text=WARD_INTERVIEW[start:end],
        user_id=project.user_id,
    )
    done = round_trip(project, command, lambda: coded(project))
    assert done == [("nobody trained us on the portal", " nobody trained us on the portal.")]
    assert [c.id for c in list_codes(project)] == [command.create.code_id]


def test_one_undo_removes_both_the_in_vivo_code_and_its_coding(project: Project, doc: int) -> None:
    start, end = where("wifi drops")
    project.execute(
        InVivoCode(document_id=doc, start=start, end=end, text="wifi drops", user_id=None)
    )
    assert project.undo_stack.history() == ["In-vivo code “wifi drops”"]
    project.undo()
    assert (list_codes(project), coded(project)) == ([], [])


def test_a_long_in_vivo_selection_gives_a_short_code_name(project: Project, doc: int) -> None:
    start, end = where("P01: The tablets arrived late and nobody trained us on the portal.")
    project.execute(
        InVivoCode(
            document_id=doc, start=start, end=end, text=WARD_INTERVIEW[start:end], user_id=None
        )
    )
    name = list_codes(project)[0].name
    assert len(name) <= IN_VIVO_MAX
    assert name == "P01: The tablets arrived late and nobody trained us on the…"


# ---------------------------------------------------------------- code all hits
def test_coding_all_hits_of_a_search_is_one_undoable_step(project: Project, doc: int) -> None:
    tablets = new_code(project, "Tablets")
    hits = search(project, "TABLETS")
    command = CodeSegments(
        code_id=tablets,
        segments=[(h.document_id, h.start, h.end) for h in hits],
        user_id=project.user_id,
    )
    done = round_trip(project, command, lambda: coded(project))
    assert done == [("Tablets", "tablets"), ("Tablets", "tablets")]
    assert project.undo_stack.history()[-1] == "Code all hits"
    project.undo()
    assert coded(project) == []


def test_coding_all_hits_of_a_regular_expression(project: Project, doc: int) -> None:
    tech = new_code(project, "Technology")
    hits = search(project, r"wi-?fi|portal", regex=True)
    segments_ = [(h.document_id, h.start, h.end) for h in hits]
    project.execute(CodeSegments(code_id=tech, segments=segments_, user_id=project.user_id))
    assert coded(project) == [("Technology", "portal"), ("Technology", "wifi")]


def test_hits_already_coded_with_the_code_are_skipped(project: Project, doc: int) -> None:
    tablets = new_code(project, "Tablets")
    apply(project, doc, tablets, "The tablets arrived late")
    hits = [(h.document_id, h.start, h.end) for h in search(project, "tablets")]
    command = CodeSegments(code_id=tablets, segments=hits, user_id=project.user_id)
    project.execute(command)
    assert len(command.created) == 1
    assert coded(project) == [("Tablets", "tablets"), ("Tablets", "The tablets arrived late")]


def test_coding_hits_outside_a_document_is_refused_and_codes_nothing(
    project: Project, doc: int
) -> None:
    tablets = new_code(project, "Tablets")
    segments_ = [(doc, 0, 5), (doc, 10, len(WARD_INTERVIEW) + 1)]
    with pytest.raises(OperationError, match="outside document"):
        project.execute(CodeSegments(code_id=tablets, segments=segments_, user_id=None))
    assert coded(project) == []


def test_codings_and_undone_steps_are_on_disk_when_the_project_is_reopened(
    project: Project, doc: int, project_path: Path
) -> None:
    training = new_code(project, "Training")
    apply(project, doc, training, "nobody trained us")
    apply(project, doc, training, "wifi drops")
    project.undo()
    project.close()
    with Project.open(project_path, coder=Coder("Ana Researcher")) as reopened:
        assert coded(reopened) == [("Training", "nobody trained us")]
        assert not reopened.undo_stack.can_undo  # undo history belongs to one session
