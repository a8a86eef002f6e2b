"""Case, attribute, speaker and memo operations: done, undone and redone on a real file.

After each step the test looks at what a researcher sees (the case list with its values and
documents, the speakers, the memos) and at the audit log (one row per step, no document text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from storage.models import Attribute, Speaker
from tests.workbench.ops_support import (
    apply_coding,
    audit_operations,
    audit_text,
    import_text,
    new_code,
)
from tests.workbench.ops_support import round_trip as checked_round_trip
from workbench.errors import OperationError
from workbench.ops.cases import (
    CreateAttribute,
    CreateCase,
    DeleteCase,
    LinkDocumentToCase,
    SetCaseValue,
    UpdateCase,
    UpdateSpeaker,
)
from workbench.ops.memos import MEMO_KINDS, CreateMemo, DeleteMemo, UpdateMemo
from workbench.queries.documents import list_cases, list_memos

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy.orm import Session

    from workbench.changes import Changes
    from workbench.commands import Command
    from workbench.project import Project

TRANSCRIPT = (
    "Interviewer: What changed when the remote monitoring started?\n"
    "P01: My daughter sends the readings because my eyesight is poor.\n"
)


# ---------------------------------------------------------------- helpers
@pytest.fixture
def doc(project: Project, tmp_path: Path) -> int:
    """This file's home visit, in place of the ward interview of tests/workbench/conftest.py."""
    return import_text(project, tmp_path, "home_visit", TRANSCRIPT)


def round_trip(project: Project, command: Command, look: Callable[[], object]) -> object:
    """The shared do, undo, redo check; and these phrases of the transcript are never logged."""
    done = checked_round_trip(project, command, look)
    logged = audit_text(project)
    assert "readings because" not in logged
    assert "remote monitoring" not in logged
    return done


def execute(project: Project, command: CreateCase | CreateAttribute) -> int:
    project.execute(command)
    made = command.case_id if isinstance(command, CreateCase) else command.attribute_id
    assert made is not None
    return made


def cases(project: Project) -> list[tuple[str, str, dict[str, str], tuple[int, ...]]]:
    return [(c.name, c.description, c.attributes, c.documents) for c in list_cases(project)]


def speakers(project: Project) -> list[tuple[str, str | None, bool]]:
    names = {c.id: c.name for c in list_cases(project)}
    with project.reading() as session:
        rows = session.execute(
            select(Speaker.name, Speaker.case_id, Speaker.is_interviewer).order_by(Speaker.id)
        ).all()
    return [(name, names.get(case) if case else None, flag) for name, case, flag in rows]


def speaker_id(project: Project, name: str) -> int:
    with project.reading() as session:
        found = session.scalar(select(Speaker.id).where(Speaker.name == name))
    assert found is not None
    return found


# ---------------------------------------------------------------- cases
def test_a_created_case_is_listed_and_undo_removes_it(project: Project) -> None:
    command = CreateCase(name=" Site  A ", description="Community trust")
    done = round_trip(project, command, lambda: cases(project))
    assert done == [("Site A", "Community trust", {}, ())]
    assert command.label == "Create case “Site  A”"


def test_a_case_without_a_name_is_refused(project: Project) -> None:
    with pytest.raises(OperationError, match="A case needs a name"):
        project.execute(CreateCase(name="  "))
    assert cases(project) == []


def test_a_second_case_of_the_same_name_is_refused(project: Project) -> None:
    execute(project, CreateCase(name="Site A"))
    with pytest.raises(OperationError) as refused:
        project.execute(CreateCase(name="site a"))
    assert str(refused.value) == "There is already a case called “site a”"
    assert [c[0] for c in cases(project)] == ["Site A"]


def test_renaming_a_case_shows_the_new_name(project: Project) -> None:
    site = execute(project, CreateCase(name="Site A"))
    command = UpdateCase(site, name="Northern site")
    assert command.label == "Rename case"
    assert round_trip(project, command, lambda: cases(project)) == [("Northern site", "", {}, ())]


def test_renaming_a_case_onto_another_case_name_is_refused(project: Project) -> None:
    execute(project, CreateCase(name="Site A"))
    site_b = execute(project, CreateCase(name="Site B"))
    with pytest.raises(OperationError, match="already a case called"):
        project.execute(UpdateCase(site_b, name="SITE A"))
    assert [c[0] for c in cases(project)] == ["Site A", "Site B"]


def test_deleting_a_case_unlinks_its_documents_and_speakers_until_undone(
    project: Project, doc: int
) -> None:
    site = execute(project, CreateCase(name="Site A"))
    project.execute(LinkDocumentToCase(case_id=site, document_id=doc))
    project.execute(UpdateSpeaker(speaker_id(project, "Interviewer"), case_id=site))
    done = round_trip(project, DeleteCase(site), lambda: (cases(project), speakers(project)))
    assert done == (
        [("P01", "", {}, (doc,))],
        [("Interviewer", None, True), ("P01", "P01", False)],
    )
    project.undo()
    assert cases(project)[1] == ("Site A", "", {}, (doc,))
    assert speakers(project)[0] == ("Interviewer", "Site A", True)


def test_undoing_the_delete_of_a_participant_restores_values_and_speaker_link(
    project: Project, doc: int
) -> None:
    p01 = list_cases(project)[0].id
    age = execute(project, CreateAttribute(name="Age", kind="number"))
    project.execute(SetCaseValue(case_id=p01, attribute_id=age, value="82"))
    project.execute(DeleteCase(p01))
    assert (cases(project), speakers(project)[1]) == ([], ("P01", None, False))
    project.undo()
    assert cases(project) == [("P01", "", {"Age": "82"}, (doc,))]
    assert speakers(project)[1] == ("P01", "P01", False)


def test_deleting_a_case_that_no_longer_exists_is_refused(project: Project) -> None:
    with pytest.raises(OperationError, match="does not exist"):
        project.execute(DeleteCase(7))


# ---------------------------------------------------------------- attributes and values
def attributes(project: Project) -> list[tuple[str, str]]:
    with project.reading() as session:
        rows = session.execute(select(Attribute.name, Attribute.type).order_by(Attribute.position))
        return [(name, kind) for name, kind in rows]


@pytest.mark.parametrize("kind", ["text", "number", "date", "choice"])
def test_an_attribute_is_created_with_its_type(project: Project, kind: str) -> None:
    command = CreateAttribute(name="Role", kind=kind)
    assert round_trip(project, command, lambda: attributes(project)) == [("Role", kind)]


def test_an_unknown_attribute_type_is_refused(project: Project) -> None:
    with pytest.raises(OperationError, match="“colour” is not an attribute type"):
        CreateAttribute(name="Eyes", kind="colour")


def test_a_duplicate_attribute_name_is_refused(project: Project) -> None:
    execute(project, CreateAttribute(name="Age", kind="number"))
    with pytest.raises(OperationError, match="already an attribute called"):
        project.execute(CreateAttribute(name="AGE"))
    assert attributes(project) == [("Age", "number")]


def test_a_number_attribute_refuses_words_and_keeps_the_old_value(project: Project) -> None:
    site = execute(project, CreateCase(name="Site A"))
    beds = execute(project, CreateAttribute(name="Beds", kind="number"))
    project.execute(SetCaseValue(case_id=site, attribute_id=beds, value="24"))
    with pytest.raises(OperationError, match="“Beds” takes a number"):
        project.execute(SetCaseValue(case_id=site, attribute_id=beds, value="about twenty"))
    assert cases(project) == [("Site A", "", {"Beds": "24"}, ())]


def test_setting_a_value_shows_it_on_the_case(project: Project) -> None:
    site = execute(project, CreateCase(name="Site A"))
    beds = execute(project, CreateAttribute(name="Beds", kind="number"))
    command = SetCaseValue(case_id=site, attribute_id=beds, value="24.5")
    assert round_trip(project, command, lambda: cases(project)) == [
        ("Site A", "", {"Beds": "24.5"}, ())
    ]


def test_changing_a_value_and_undo_brings_back_the_old_one(project: Project) -> None:
    site = execute(project, CreateCase(name="Site A"))
    region = execute(project, CreateAttribute(name="Region"))
    project.execute(SetCaseValue(case_id=site, attribute_id=region, value="North"))
    command = SetCaseValue(case_id=site, attribute_id=region, value="North East")
    assert round_trip(project, command, lambda: cases(project)) == [
        ("Site A", "", {"Region": "North East"}, ())
    ]


def test_clearing_a_value_removes_it_from_the_case(project: Project) -> None:
    site = execute(project, CreateCase(name="Site A"))
    region = execute(project, CreateAttribute(name="Region"))
    project.execute(SetCaseValue(case_id=site, attribute_id=region, value="North"))
    command = SetCaseValue(case_id=site, attribute_id=region, value=None)
    assert round_trip(project, command, lambda: cases(project)) == [("Site A", "", {}, ())]


def test_a_value_for_a_missing_case_is_refused(project: Project) -> None:
    region = execute(project, CreateAttribute(name="Region"))
    with pytest.raises(OperationError, match="no longer exists"):
        project.execute(SetCaseValue(case_id=99, attribute_id=region, value="North"))


# ---------------------------------------------------------------- documents and speakers
def test_linking_a_document_to_a_case_lists_it_under_the_case(project: Project, doc: int) -> None:
    site = execute(project, CreateCase(name="Site A"))
    command = LinkDocumentToCase(case_id=site, document_id=doc)
    assert round_trip(project, command, lambda: cases(project)) == [
        ("P01", "", {}, (doc,)),
        ("Site A", "", {}, (doc,)),
    ]


def test_a_speaker_can_be_linked_to_another_case(project: Project, doc: int) -> None:
    carer = execute(project, CreateCase(name="Carer 01"))
    command = UpdateSpeaker(speaker_id(project, "P01"), case_id=carer)
    assert round_trip(project, command, lambda: speakers(project)) == [
        ("Interviewer", None, True),
        ("P01", "Carer 01", False),
    ]
    assert cases(project) == [("Carer 01", "", {}, (doc,)), ("P01", "", {}, ())]


def test_a_speaker_can_be_marked_as_the_interviewer(project: Project, doc: int) -> None:
    command = UpdateSpeaker(speaker_id(project, "P01"), is_interviewer=True, case_id=None)
    assert round_trip(project, command, lambda: speakers(project)) == [
        ("Interviewer", None, True),
        ("P01", None, True),
    ]


def test_editing_a_missing_speaker_is_refused(project: Project) -> None:
    with pytest.raises(OperationError, match="does not exist"):
        project.execute(UpdateSpeaker(404, is_interviewer=True))


# ---------------------------------------------------------------- memos
def memos(project: Project) -> list[tuple[str, str, str, int | None, str | None]]:
    return [(m.kind, m.title, m.text, m.target_id, m.author) for m in list_memos(project)]


def memo_target(project: Project, doc: int, kind: str) -> int | None:
    """An object of the right kind for a memo to belong to (None for free-standing memos)."""
    if kind in ("project", "journal", "recommendation"):
        return None
    if kind == "document":
        return doc
    if kind == "case":
        return list_cases(project)[0].id
    code = new_code(project, "Carers")
    return code if kind == "code" else apply_coding(project, doc, code, (0, 5))


@pytest.mark.parametrize("kind", MEMO_KINDS)
def test_a_memo_of_every_kind_can_be_written(project: Project, doc: int, kind: str) -> None:
    target = memo_target(project, doc, kind)
    command = CreateMemo(
        kind=kind, title="Thoughts", text="Family as *proxy* users", target_id=target,
        author_id=project.user_id,
    )  # fmt: skip
    assert command.label == f"Add {kind} memo"
    assert round_trip(project, command, lambda: memos(project)) == [
        (kind, "Thoughts", "Family as *proxy* users", target, "Ana Researcher")
    ]
    assert "proxy" not in audit_text(project)


@pytest.mark.parametrize("kind", ["document", "code", "case", "coding"])
def test_a_memo_that_must_belong_to_something_is_refused_without_a_target(kind: str) -> None:
    with pytest.raises(OperationError, match=f"A {kind} memo must belong to a {kind}"):
        CreateMemo(kind=kind, text="Orphan")


def test_an_unknown_kind_of_memo_is_refused() -> None:
    with pytest.raises(OperationError, match="is not a kind of memo"):
        CreateMemo(kind="diary")


def test_editing_a_memo_shows_the_new_title_and_text(project: Project) -> None:
    create = CreateMemo(kind="journal", title="Day 1", text="First visit")
    project.execute(create)
    assert create.memo_id is not None
    command = UpdateMemo(create.memo_id, title="Day 1 (site A)", text="First visit, rainy")
    assert round_trip(project, command, lambda: memos(project)) == [
        ("journal", "Day 1 (site A)", "First visit, rainy", None, None)
    ]


def test_deleting_a_memo_removes_it_and_undo_restores_it(project: Project) -> None:
    create = CreateMemo(kind="project", title="Aims", text="Understand abandonment")
    project.execute(create)
    assert create.memo_id is not None
    assert round_trip(project, DeleteMemo(create.memo_id), lambda: list_memos(project)) == []
    project.undo()
    assert memos(project) == [("project", "Aims", "Understand abandonment", None, None)]


def test_editing_or_deleting_a_missing_memo_is_refused(project: Project) -> None:
    with pytest.raises(OperationError, match="does not exist"):
        project.execute(UpdateMemo(5, text="x"))
    with pytest.raises(OperationError, match="does not exist"):
        project.execute(DeleteMemo(5))


# ---------------------------------------------------------------- a step that fails half-way
class _FlakyCreateCase(CreateCase):
    """A real command whose undo, or redo, fails once after writing (as a full disk would)."""

    def __init__(self, *, name: str, fail: str) -> None:
        super().__init__(name=name)
        self.fail, self.runs = fail, 0

    def do(self, session: Session) -> Changes:
        changes = super().do(session)
        self.runs += 1
        if self.fail == "redo" and self.runs == 2:
            raise OperationError("The disk is full")
        return changes

    def undo(self, session: Session) -> Changes:
        changes = super().undo(session)
        if self.fail == "undo":
            self.fail = ""
            raise OperationError("The disk is full")
        return changes


def test_a_failing_undo_changes_nothing_and_leaves_the_step_undoable(project: Project) -> None:
    project.execute(_FlakyCreateCase(name="P01", fail="undo"))
    with pytest.raises(OperationError, match="disk is full"):
        project.undo()
    assert [c.name for c in list_cases(project)] == ["P01"]
    stack = project.undo_stack
    assert (stack.undo_label, stack.can_redo) == ("Create case “P01”", False)
    assert audit_operations(project) == ["_FlakyCreateCase"]
    project.undo()
    assert list_cases(project) == []


def test_a_failing_redo_changes_nothing_and_leaves_the_step_redoable(project: Project) -> None:
    project.execute(_FlakyCreateCase(name="P01", fail="redo"))
    project.undo()
    with pytest.raises(OperationError, match="disk is full"):
        project.redo()
    assert list_cases(project) == []
    stack = project.undo_stack
    assert (stack.redo_label, stack.can_undo) == ("Create case “P01”", False)
    project.redo()
    assert [c.name for c in list_cases(project)] == ["P01"]
