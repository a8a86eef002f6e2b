"""Code tree operations (create, edit, move, merge, delete) and the undo stack, on a real file.

Every operation is done, undone and redone; what the user sees (the tree, the codings) is
checked after each step, and so is the audit log (one row per step, never document text).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from storage.models import AuditEntry, Code, Coding, Memo
from tests.workbench.ops_support import (
    apply_coding,
    audit_rows,
    new_code,
    round_trip,
    table_rows,
    tree,
)
from workbench.commands import Macro
from workbench.errors import OperationError
from workbench.ops.codes import CreateCode, DeleteCode, MergeCodes, MoveCode, UpdateCode
from workbench.ops.memos import CreateMemo
from workbench.queries.codes import code_paths, list_codes

if TYPE_CHECKING:
    from workbench.project import Project


# ---------------------------------------------------------------- helpers
# ``doc`` (tests/workbench/conftest.py) is the ward interview, imported into ``project``.
def code_id(project: Project, path: str) -> int:
    codes = list_codes(project)
    return next(i for i, p in code_paths(codes).items() if p == path)


def create(project: Project, name: str, parent: str | None = None, **fields: Any) -> int:
    return new_code(project, name, code_id(project, parent) if parent else None, **fields)


def codings(project: Project) -> list[tuple[int, str, int, int]]:
    paths = code_paths(list_codes(project))
    with project.reading() as session:
        found = session.execute(select(Coding.id, Coding.code_id, Coding.start, Coding.end))
        return sorted((i, paths[c], s, e) for i, c, s, e in found)


# ---------------------------------------------------------------- create
def test_created_code_appears_in_the_tree_and_undo_redo_keeps_its_id(project: Project) -> None:
    create(project, "Barriers")
    command = CreateCode(name="  Staff   training ", parent_id=code_id(project, "Barriers"))
    done = round_trip(project, command, lambda: tree(project))
    assert done == ["Barriers", "Barriers/Staff training"]
    assert code_id(project, "Barriers/Staff training") == command.code_id


def test_a_code_without_a_name_or_under_a_missing_parent_is_refused(project: Project) -> None:
    with pytest.raises(OperationError, match="A code needs a name"):
        project.execute(CreateCode(name="   "))
    with pytest.raises(OperationError, match="Code 999 does not exist"):
        project.execute(CreateCode(name="Orphan", parent_id=999))
    assert tree(project) == []
    assert not project.undo_stack.can_undo


def test_a_duplicate_sibling_name_is_refused_in_words_a_person_understands(
    project: Project,
) -> None:
    create(project, "Training")
    with pytest.raises(OperationError) as refused:
        project.execute(CreateCode(name="training"))
    assert str(refused.value) == "There is already a code called “training” at that level"
    assert tree(project) == ["Training"]


def test_the_same_name_is_allowed_under_a_different_parent(project: Project) -> None:
    create(project, "Staff")
    create(project, "Patients")
    create(project, "Training", "Staff")
    create(project, "Training", "Patients")
    assert tree(project) == ["Staff", "Staff/Training", "Patients", "Patients/Training"]


# ---------------------------------------------------------------- edit
def test_renaming_a_code_shows_the_new_name_and_undo_brings_the_old_one_back(
    project: Project,
) -> None:
    training = create(project, "Training")
    command = UpdateCode(training, name="Staff training")
    assert command.label == "Rename code"
    assert round_trip(project, command, lambda: tree(project)) == ["Staff training"]


def test_renaming_onto_a_sibling_name_is_refused(project: Project) -> None:
    create(project, "Training")
    cost = create(project, "Cost")
    with pytest.raises(OperationError, match="already a code called"):
        project.execute(UpdateCode(cost, name="TRAINING"))
    assert tree(project) == ["Training", "Cost"]


def test_recolouring_a_code_stores_the_colour_in_upper_case(project: Project) -> None:
    training = create(project, "Training", colour="#0072B2")
    command = UpdateCode(training, colour="#cc79a7")
    assert round_trip(project, command, lambda: list_codes(project)[0].colour) == "#CC79A7"


@pytest.mark.parametrize(
    "bad", ["red", "#12345", "#12345G", "0072B2ff", "#-12345", "#12_345", "# 12345"]
)
def test_a_bad_colour_is_refused_and_the_code_keeps_its_colour(project: Project, bad: str) -> None:
    training = create(project, "Training", colour="#0072B2")
    with pytest.raises(OperationError, match="#RRGGBB"):
        project.execute(UpdateCode(training, colour=bad))
    assert list_codes(project)[0].colour == "#0072B2"
    with pytest.raises(OperationError, match="#RRGGBB"):
        project.execute(CreateCode(name="Cost", colour=bad))


def test_describing_a_code_sets_definition_inclusion_exclusion_and_example(
    project: Project,
) -> None:
    training = create(project, "Training")
    described = {
        "definition": "Preparing staff to use the system.",
        "inclusion": "Formal courses and informal coaching.",
        "exclusion": "Patient education: use Patient support.",
        "example": "Nobody showed us the portal.",
    }

    def description() -> dict[str, str]:
        code = list_codes(project)[0]
        return {key: getattr(code, key) for key in described}

    assert round_trip(project, UpdateCode(training, **described), description) == described


# ---------------------------------------------------------------- move
def test_moving_a_code_reorders_it_among_its_siblings(project: Project) -> None:
    for name in ("Alpha", "Beta", "Gamma"):
        create(project, name)
    command = MoveCode(code_id(project, "Gamma"), parent_id=None, position=0)
    assert round_trip(project, command, lambda: tree(project)) == ["Gamma", "Alpha", "Beta"]


def test_moving_a_code_under_another_parent_takes_its_sub_codes_along(project: Project) -> None:
    create(project, "Staff")
    create(project, "Training")
    create(project, "Portal course", "Training")
    create(project, "Workload")
    command = MoveCode(code_id(project, "Training"), parent_id=code_id(project, "Staff"))
    done = round_trip(project, command, lambda: tree(project))
    assert done == ["Staff", "Staff/Training", "Staff/Training/Portal course", "Workload"]
    assert [c.position for c in list_codes(project) if c.parent_id is None] == [0, 1]


@pytest.mark.parametrize("target", ["Training", "Training/Portal course"])
def test_a_code_cannot_be_moved_inside_itself(project: Project, target: str) -> None:
    create(project, "Training")
    create(project, "Portal course", "Training")
    command = MoveCode(code_id(project, "Training"), parent_id=code_id(project, target))
    with pytest.raises(OperationError, match="cannot be moved inside itself"):
        project.execute(command)
    assert tree(project) == ["Training", "Training/Portal course"]
    assert not [op for op, _, _ in audit_rows(project) if op.startswith("MoveCode")]


def test_moving_next_to_a_code_of_the_same_name_is_refused(project: Project) -> None:
    create(project, "Training")
    create(project, "Staff")
    create(project, "Training", "Staff")
    with pytest.raises(OperationError, match="already a code called"):
        project.execute(MoveCode(code_id(project, "Staff/Training"), parent_id=None))


# ---------------------------------------------------------------- merge
def test_merging_moves_codings_and_sub_codes_and_drops_identical_duplicates(
    project: Project, doc: int
) -> None:
    create(project, "Training")
    create(project, "Learning")
    create(project, "Portal course", "Learning")
    first = apply_coding(project, doc, code_id(project, "Training"), (70, 90))
    apply_coding(project, doc, code_id(project, "Learning"), (70, 90))  # same passage, same coder
    kept = apply_coding(project, doc, code_id(project, "Learning"), (140, 160))
    command = MergeCodes(code_id(project, "Learning"), code_id(project, "Training"))
    done = round_trip(project, command, lambda: (tree(project), codings(project)))
    assert done == (
        ["Training", "Training/Portal course"],
        [(first, "Training", 70, 90), (kept, "Training", 140, 160)],
    )


def test_undoing_a_merge_restores_every_code_and_coding_exactly(project: Project, doc: int) -> None:
    create(project, "Training")
    learning = create(project, "Learning")
    create(project, "Portal course", "Learning")
    create(project, "Shadowing", "Learning")
    apply_coding(project, doc, code_id(project, "Training"), (70, 90))
    apply_coding(project, doc, learning, (70, 90))
    apply_coding(project, doc, learning, (140, 160))
    project.execute(CreateMemo(kind="code", target_id=learning, text="Merge candidate"))
    before = table_rows(project, Code, Coding, Memo)
    project.execute(MergeCodes(learning, code_id(project, "Training")))
    project.undo()
    assert table_rows(project, Code, Coding, Memo) == before


def test_a_code_cannot_be_merged_into_itself_or_its_own_sub_code(project: Project) -> None:
    training = create(project, "Training")
    course = create(project, "Portal course", "Training")
    with pytest.raises(OperationError, match="into itself"):
        MergeCodes(training, training)
    with pytest.raises(OperationError, match="its own sub-codes"):
        project.execute(MergeCodes(training, course))
    assert tree(project) == ["Training", "Training/Portal course"]


# ---------------------------------------------------------------- delete
def test_deleting_a_code_removes_its_sub_codes_and_their_codings(
    project: Project, doc: int
) -> None:
    create(project, "Training")
    create(project, "Portal course", "Training")
    create(project, "Workload")
    apply_coding(project, doc, code_id(project, "Training"), (70, 90))
    apply_coding(project, doc, code_id(project, "Training/Portal course"), (100, 130))
    workload = apply_coding(project, doc, code_id(project, "Workload"), (140, 160))
    command = DeleteCode(code_id(project, "Training"))
    done = round_trip(project, command, lambda: (tree(project), codings(project)))
    assert done == (["Workload"], [(workload, "Workload", 140, 160)])


def test_undoing_a_delete_brings_back_the_same_ids_codings_and_memos(
    project: Project, doc: int
) -> None:
    training = create(project, "Training", definition="Preparing staff")
    course = create(project, "Portal course", "Training")
    apply_coding(project, doc, training, (70, 90))
    apply_coding(project, doc, course, (100, 130))
    project.execute(CreateMemo(kind="code", target_id=course, text="Ask the ward manager"))
    before = table_rows(project, Code, Coding, Memo)
    project.execute(DeleteCode(training))
    assert table_rows(project, Memo) == [[]]
    project.undo()
    assert table_rows(project, Code, Coding, Memo) == before


def test_deleting_a_code_that_no_longer_exists_is_refused(project: Project) -> None:
    with pytest.raises(OperationError, match="does not exist"):
        project.execute(DeleteCode(42))


# ---------------------------------------------------------------- the undo stack
def test_undo_and_redo_labels_name_the_step_a_person_would_undo(project: Project) -> None:
    stack = project.undo_stack
    assert (stack.can_undo, stack.undo_label, stack.redo_label) == (False, "", "")
    training = create(project, "Training")
    project.execute(UpdateCode(training, name="Staff training"))
    assert stack.undo_label == "Rename code"
    assert stack.history() == ["Create code “Training”", "Rename code"]
    project.undo()
    assert (stack.undo_label, stack.redo_label) == ("Create code “Training”", "Rename code")
    assert stack.history() == ["Create code “Training”"]


def test_a_new_command_clears_what_could_be_redone(project: Project) -> None:
    assert (project.undo(), project.redo(), audit_rows(project)) == (None, None, [])
    create(project, "Training")
    project.undo()
    assert project.undo_stack.can_redo
    create(project, "Cost")
    assert (project.undo_stack.can_redo, project.redo()) == (False, None)
    assert tree(project) == ["Cost"]


def test_the_stack_tells_its_listeners_about_every_change(project: Project) -> None:
    heard: list[str] = []
    project.undo_stack.subscribe(lambda: heard.append(project.undo_stack.undo_label))
    create(project, "Training")
    project.undo()
    project.redo()
    assert heard == ["Create code “Training”", "", "Create code “Training”"]


def test_a_refused_operation_rolls_back_and_is_not_put_on_the_stack(project: Project) -> None:
    create(project, "Training")
    before = table_rows(project, Code)
    audit_before = audit_rows(project)
    # The first step writes "Cost", the second is refused: the whole macro is rolled back.
    macro = Macro("Add codes", [CreateCode(name="Cost"), CreateCode(name="training")])
    with pytest.raises(OperationError, match="already a code called"):
        project.execute(macro)
    assert table_rows(project, Code) == before
    assert audit_rows(project) == audit_before
    assert project.undo_stack.history() == ["Create code “Training”"]


def test_a_macro_is_done_and_undone_as_one_step(project: Project) -> None:
    macro = Macro("Add codes", [CreateCode(name="Cost"), CreateCode(name="Training")])
    assert round_trip(project, macro, lambda: tree(project)) == ["Cost", "Training"]
    assert project.undo_stack.history() == ["Add codes"]
    assert json.loads(audit_rows(project)[-1][2]) == {"steps": ["CreateCode", "CreateCode"]}


def test_the_audit_log_records_who_did_what_to_which_object(project: Project, doc: int) -> None:
    training = create(project, "Training")
    coding = apply_coding(project, doc, training, (70, 90))
    with project.reading() as session:
        entries = session.execute(
            select(AuditEntry.operation, AuditEntry.user_id, AuditEntry.object_kind,
                   AuditEntry.object_id).order_by(AuditEntry.id)
        ).all()  # fmt: skip
    assert [tuple(e) for e in entries][1:] == [
        ("CreateCode", project.user_id, "code", training),
        ("ApplyCoding", project.user_id, "coding", coding),
    ]
