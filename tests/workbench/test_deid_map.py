"""The pseudonym map and review answers change in undoable steps that never log a name."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from storage.models import DeidDecision, Pseudonym
from tests.workbench.ops_support import audit_text, import_text, round_trip, table_rows
from workbench.deid import (
    REJECTED,
    AddName,
    DecideDetections,
    Decision,
    RemoveName,
    SetReplacement,
    load_map,
)
from workbench.deid.pseudonym_map import letters
from workbench.errors import OperationError

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project


def rows(project: Project) -> list[tuple[str, str, str, str]]:
    with project.reading() as session:
        query = select(Pseudonym.original, Pseudonym.replacement, Pseudonym.label, Pseudonym.source)
        return [tuple(r) for r in session.execute(query.order_by(Pseudonym.id))]  # type: ignore[misc]


def test_added_names_get_the_next_replacement_for_what_they_look_like(project: Project) -> None:
    for name in ("Leeds General Infirmary", "Harehills Surgery", "Jane Smith", "Ward 7 Trust"):
        project.execute(AddName(name=name))
    project.execute(AddName(name="Tom Brown", label="person"))
    assert rows(project) == [
        ("Leeds General Infirmary", "[Hospital A]", "hospital", "user"),
        ("Harehills Surgery", "[Organisation A]", "organisation", "user"),
        ("Jane Smith", "[Name 1]", "name", "user"),
        ("Ward 7 Trust", "[Hospital B]", "hospital", "user"),
        ("Tom Brown", "[Person 1]", "person", "user"),
    ]


def test_adding_a_name_can_be_undone_and_redone(project: Project) -> None:
    command = AddName(name="Jane  Smith", replacement="[Participant 3]")
    done = round_trip(project, command, lambda: rows(project))
    assert done == [("Jane Smith", "[Participant 3]", "name", "user")]


def test_adding_a_name_already_in_the_map_makes_it_searched_everywhere(project: Project) -> None:
    project.execute(SetReplacement(original="Sarah Jones", replacement="[Person 4]"))
    with project.transaction() as session:  # as if an earlier apply had stored it as detected
        session.execute(Pseudonym.__table__.update().values(source="detected"))
    command = AddName(name="SARAH JONES", replacement="[Participant 1]")
    done = round_trip(project, command, lambda: rows(project))
    assert done == [("Sarah Jones", "[Participant 1]", "name", "user")]


def test_a_replacement_chosen_for_a_string_applies_to_every_spelling_of_it(
    project: Project,
) -> None:
    project.execute(AddName(name="Jane Smith"))
    round_trip(
        project,
        SetReplacement(original="jane smith", replacement="[Participant 3]"),
        lambda: rows(project),
    )
    pseudonyms = load_map(project)
    entry = pseudonyms.lookup("JANE\nSMITH")
    assert entry is not None
    assert entry.replacement == "[Participant 3]"


def test_a_name_can_be_removed_and_put_back_by_undo(project: Project) -> None:
    project.execute(AddName(name="Jane Smith", replacement="[P3]"))
    before = table_rows(project, Pseudonym)
    project.execute(RemoveName(original="jane smith"))
    assert rows(project) == []
    project.undo()
    assert table_rows(project, Pseudonym) == before


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (AddName(name="J"), "two letters"),
        (AddName(name="Jane", label="celebrity"), "not a label"),
        (AddName(name="Jane", replacement="JANE"), "differ"),
        (SetReplacement(original="Jane", replacement="  "), "cannot be empty"),
        (RemoveName(original="Nobody"), "not in the pseudonym map"),
    ],
)
def test_unusable_names_and_replacements_are_refused(
    project: Project, command: AddName | SetReplacement | RemoveName, message: str
) -> None:
    with pytest.raises(OperationError, match=message):
        project.execute(command)
    assert rows(project) == []


def test_the_audit_log_never_holds_a_name_or_its_replacement(project: Project) -> None:
    project.execute(AddName(name="Jane Smith", replacement="[Participant 3]"))
    project.execute(SetReplacement(original="Jane Smith", replacement="[Participant 4]"))
    project.execute(RemoveName(original="Jane Smith"))
    logged = audit_text(project)
    assert "Jane" not in logged
    assert "Participant" not in logged


def test_letters_run_on_past_z_like_spreadsheet_columns() -> None:
    assert [letters(n) for n in (1, 2, 26, 27, 52, 703)] == ["A", "B", "Z", "AA", "AZ", "AAA"]


def decisions(project: Project) -> list[tuple[int, int, str, str]]:
    with project.reading() as session:
        query = select(
            DeidDecision.start, DeidDecision.end, DeidDecision.verdict, DeidDecision.replacement
        ).order_by(DeidDecision.start)
        return [tuple(r) for r in session.execute(query)]  # type: ignore[misc]


def test_review_answers_are_stored_changed_and_undone_in_one_step(
    project: Project, tmp_path: Path
) -> None:
    doc = import_text(project, tmp_path, "p01", "P01: Dr Khan and Dr Patel were kind.\n")
    first = Decision(doc, 8, 12, REJECTED)
    project.execute(DecideDetections([first], user_id=project.user_id))
    both = [Decision(doc, 8, 12, "accepted", replacement="[Consultant]"), Decision(doc, 20, 25)]
    done = round_trip(
        project, DecideDetections(both, user_id=project.user_id), lambda: decisions(project)
    )
    assert done == [(8, 12, "accepted", "[Consultant]"), (20, 25, "accepted", "")]


def test_a_long_reject_all_is_one_step(project: Project, tmp_path: Path) -> None:
    doc = import_text(project, tmp_path, "long", "Will said yes. " * 1500)
    answers = [Decision(doc, i * 15, i * 15 + 4, REJECTED) for i in range(1500)]
    project.execute(DecideDetections(answers, user_id=project.user_id))
    assert len(decisions(project)) == 1500
    project.undo()
    assert decisions(project) == []


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (Decision(1, 5, 5), "empty or outside"),
        (Decision(1, 0, 999), "empty or outside"),
        (Decision(1, 0, 4, "maybe"), "not a verdict"),
        (Decision(1, 0, 4, label="celebrity"), "not a label"),
        (Decision(42, 0, 4), "does not exist"),
    ],
)
def test_answers_for_passages_that_cannot_be_are_refused(
    project: Project, tmp_path: Path, decision: Decision, message: str
) -> None:
    assert import_text(project, tmp_path, "p01", "P01: Dr Khan was kind.\n") == 1
    with pytest.raises(OperationError, match=message):
        project.execute(DecideDetections([decision], user_id=project.user_id))
    assert decisions(project) == []
