"""Review packs: a pseudonymised pack out, a reviewer's feedback in it, the feedback back."""

from __future__ import annotations

import argparse
import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import insert, select, update

from storage.models import (
    Attribute,
    AuditEntry,
    Case,
    CaseValue,
    Code,
    Coding,
    DocSpan,
    Document,
    Memo,
    ProjectInfo,
    Pseudonym,
    Review,
    Speaker,
    User,
)
from tests.workbench.ops_support import (
    apply_coding,
    import_texts,
    new_code,
    round_trip,
    span_of,
    table_rows,
)
from workbench import cli_review
from workbench.cli_support import UserError, fail
from workbench.errors import OperationError
from workbench.ops.cases import CreateAttribute, SetCaseValue
from workbench.ops.memos import CreateMemo
from workbench.project import Coder, Project, ProjectEncryptedError
from workbench.queries.documents import list_cases
from workbench.review.ops import ResolveReview, SaveReview
from workbench.review.pack_export import MUST_ENCRYPT, export_pack, pack_candidates
from workbench.review.pack_import import feedback_for_report, import_feedback, review_feedback
from workbench.review.pack_open import (
    is_review_pack,
    open_pack,
    pack_codes,
    pack_codings,
    pack_progress,
    read_pack_info,
)
from workbench.review.pseudonymise import Pseudonymiser

if TYPE_CHECKING:
    from pathlib import Path

INTERVIEW = (
    "Interviewer: Thank you for coming in, Margaret.\n"
    "Margaret Thornbury: At St Aldhelm's Hospital the nurse, Priya Venkataraman, showed me "
    "the tablet 😀.\n"
    "Interviewer: How did that go?\n"
    "Margaret Thornbury: Honestly, MARGARET THORNBURY is no good with gadgets, and "
    "Dr Okonkwo-Blake knew it.\n"
)
FOCUS_GROUP = (
    "Facilitator: What stopped the project?\n"
    "Desmond Achterberg: The funding at St Aldhelm's Hospital stopped after the pilot.\n"
    "Facilitator: And then?\n"
    "Desmond Achterberg: Nobody trained the new staff.\n"
)
PSEUDONYMS = {
    "Margaret Thornbury": "Participant A",
    "Margaret": "Anne",
    "Priya Venkataraman": "Nurse B",
    "Dr Okonkwo-Blake": "the consultant",
    "St Aldhelm's Hospital": "the hospital",
    "Desmond Achterberg": "Participant D",
}
# Every original, every surname on its own, and the second coder's name.
NEVER_IN_A_PACK = [*PSEUDONYMS, "Thornbury", "Venkataraman", "Okonkwo", "Aldhelm", "Bruno Costa"]


@dataclass
class Study:
    project: Project
    interview: int
    focus_group: int
    technology: int
    learning: int
    judged: int
    funding: int
    nurse: int  # codings: "the nurse, Priya Venkataraman, showed me the tablet 😀"
    gadgets: int  # "MARGARET THORNBURY is no good with gadgets" (by the second coder)
    question: int  # "How did that go?"


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    sources = tmp_path / "sources"
    sources.mkdir()
    docs = import_texts(project, sources, {"interview_margaret_thornbury": INTERVIEW,
                                           "focus_group": FOCUS_GROUP})  # fmt: skip
    interview, focus = docs["interview_margaret_thornbury"], docs["focus_group"]
    technology = new_code(project, "Technology", definition="Anything about devices.")
    learning = new_code(project, "Learning the technology", technology,
                        definition="How people learn to use new devices.\n\nMargaret "
                        "Thornbury's story is the typical case.")  # fmt: skip
    judged = new_code(project, "Feeling judged", example="When Priya Venkataraman said I was old")
    funding = new_code(project, "Funding")
    with project.transaction() as session:
        session.execute(insert(Pseudonym), [{"original": o, "replacement": r}
                                            for o, r in PSEUDONYMS.items()])  # fmt: skip
        second = project.user_for(session, Coder("Bruno Costa", "BC"))
    text = project.document_text(interview)
    nurse_words = "the nurse, Priya Venkataraman, showed me the tablet 😀"
    nurse = apply_coding(project, interview, learning, _span(text, nurse_words))
    gadget_words = "MARGARET THORNBURY is no good with gadgets"
    gadgets = apply_coding(project, interview, judged, _span(text, gadget_words), second)
    question = apply_coding(project, interview, learning, _span(text, "How did that go?"))
    apply_coding(project, interview, funding, _span(text, "Dr Okonkwo-Blake knew it"))
    focus_text = project.document_text(focus)
    apply_coding(project, focus, learning, _span(focus_text, "Nobody trained the new staff"))
    apply_coding(project, focus, funding, _span(focus_text, "The funding at St Aldhelm's"))
    project.execute(
        CreateMemo(kind="code", target_id=learning, text="Margaret Thornbury said most")
    )
    attribute = CreateAttribute(name="Ward")
    project.execute(attribute)
    assert attribute.attribute_id is not None
    case = next(c.id for c in list_cases(project) if c.name == "Margaret Thornbury")
    project.execute(SetCaseValue(case_id=case, attribute_id=attribute.attribute_id,
                                 value="Okonkwo unit"))  # fmt: skip
    return Study(project, interview, focus, technology, learning, judged, funding, nurse,
                 gadgets, question)  # fmt: skip


def _export(study: Study, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "pack.qwbr"
    export_pack(study.project, path, document_ids=[study.interview],
                code_ids=[study.learning, study.judged], made_by="Ana Researcher")  # fmt: skip
    return path


def _read_pack(path: Path) -> Project:
    return Project.open(path, read_only=True, coder=Coder("test"))


# ---------------------------------------------------------------------- what goes in
def test_no_original_name_is_anywhere_in_the_pack_files_bytes(study: Study, tmp_path: Path) -> None:
    path = _export(study, tmp_path / "out")
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    for original in NEVER_IN_A_PACK:
        for form in {original, original.upper(), original.lower()}:
            assert form.encode() not in data, original
    assert sorted(p.name for p in path.parent.iterdir()) == ["pack.qwbr"]  # no temporary file


def test_codings_in_the_pack_cover_the_same_words_under_their_pseudonyms(
    study: Study, tmp_path: Path
) -> None:
    path = _export(study, tmp_path / "out")
    names = Pseudonymiser(PSEUDONYMS)
    lead_text = study.project.document_text(study.interview)
    with study.project.reading() as session:
        lead = {g: (s, e) for g, s, e in session.execute(select(Coding.guid, Coding.start,
                                                                Coding.end))}  # fmt: skip
    with _read_pack(path) as pack, pack.reading() as session:
        rows = session.execute(select(Coding.guid, Coding.document_id, Coding.start, Coding.end))
        found = {guid: pack.document_text(doc)[start:end] for guid, doc, start, end in rows}
    assert len(found) == 3
    for guid, text in found.items():
        start, end = lead[guid]
        assert text == names.text(lead_text[start:end])
    assert sorted(found.values()) == [
        "How did that go?",
        "Participant A is no good with gadgets",
        "the nurse, Nurse B, showed me the tablet 😀",
    ]


def test_the_documents_structure_moves_with_its_words(study: Study, tmp_path: Path) -> None:
    path = _export(study, tmp_path / "out")
    names = Pseudonymiser(PSEUDONYMS)
    lead_text = study.project.document_text(study.interview)
    query = select(DocSpan.kind, DocSpan.start, DocSpan.end, Speaker.name).outerjoin(
        Speaker, Speaker.id == DocSpan.speaker_id).order_by(DocSpan.start, DocSpan.id)  # fmt: skip
    with study.project.reading() as session:
        lead = session.execute(query.where(DocSpan.document_id == study.interview)).all()
    with _read_pack(path) as pack, pack.reading() as session:
        text = pack.document_text(session.scalars(select(Document.id)).one())
        spans = session.execute(query).all()
    assert [k for k, *_ in spans] == [k for k, *_ in lead]
    for new, old in zip(spans, lead, strict=True):
        (_, start, end, speaker), (_, old_start, old_end, old_speaker) = new, old
        assert text[start:end] == names.text(lead_text[old_start:old_end])
        assert speaker == (None if old_speaker is None else names.text(old_speaker))


def test_the_pack_holds_only_the_chosen_documents_and_codes_and_nothing_private(
    study: Study, tmp_path: Path
) -> None:
    path = _export(study, tmp_path / "out")
    with study.project.reading() as session:
        lead_guid = session.scalar(select(ProjectInfo.guid))
    assert is_review_pack(path)
    assert not is_review_pack(study.project.path)
    assert not is_review_pack(tmp_path / "sources" / "focus_group.txt")
    assert not is_review_pack(tmp_path / "sources")
    with _read_pack(path) as pack:
        info = read_pack_info(pack)
        assert info is not None
        assert (info.source_guid, info.made_by, info.title) == (
            lead_guid,
            "Ana Researcher",
            "Review pack: Test study",
        )
        empty = table_rows(pack, Pseudonym, Memo, Attribute, CaseValue, AuditEntry, Review)
        assert empty == [[], [], [], [], [], []]
        with pack.reading() as session:
            documents = session.execute(
                select(
                    Document.name, Document.sha256, Document.original_blob, Document.import_options
                )
            )
            assert [tuple(r) for r in documents] == [("interview_Participant A", None, None, "{}")]
            codes = session.execute(select(Code.name, Code.definition).order_by(Code.id))
            assert [tuple(r) for r in codes] == [
                ("Technology", "Anything about devices."),
                ("Learning the technology", "How people learn to use new devices."),
                ("Feeling judged", "When Nurse B said I was old"),
            ]
            users = session.execute(select(User.name, User.role).order_by(User.name))
            assert users.all() == [("AR", "researcher"), ("BC", "researcher")]
            assert list(session.scalars(select(Case.name))) == ["Participant A"]
            assert list(session.scalars(select(Case.description))) == [""]
    assert read_pack_info(study.project) is None


def test_codes_and_their_passages_keep_their_guids(study: Study, tmp_path: Path) -> None:
    path = _export(study, tmp_path / "out")
    wanted = {study.learning, study.judged, study.technology}
    with study.project.reading() as session:
        codes = set(session.scalars(select(Code.guid).where(Code.id.in_(wanted))))
        codings = set(session.scalars(select(Coding.guid).where(
            Coding.id.in_([study.nurse, study.gadgets, study.question]))))  # fmt: skip
    with _read_pack(path) as pack, pack.reading() as session:
        assert set(session.scalars(select(Code.guid))) == codes
        assert set(session.scalars(select(Coding.guid))) == codings


def test_export_refuses_in_plain_words_and_writes_nothing(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    pack = out / "pack.qwbr"
    attempts = [
        ({"document_ids": [], "code_ids": [study.learning]}, "at least one document"),
        ({"document_ids": [study.interview], "code_ids": []}, "at least one code"),
        ({"document_ids": [study.interview], "code_ids": [study.technology]}, "nothing to review"),
        ({"document_ids": [999], "code_ids": [study.learning]}, "Document 999 does not exist"),
    ]
    for chosen, message in attempts:
        with pytest.raises(OperationError, match=message):
            export_pack(study.project, pack, made_by="Ana", **chosen)  # type: ignore[arg-type]
    with pytest.raises(OperationError, match=r"ends in \.qwbr"):
        export_pack(study.project, out / "pack.qwb", document_ids=[study.interview],
                    code_ids=[study.learning], made_by="Ana")  # fmt: skip
    assert list(out.iterdir()) == []


def test_an_identifiable_original_is_refused_and_left_out_by_default(
    study: Study, tmp_path: Path
) -> None:
    with study.project.transaction() as session:  # the focus group is a pseudonymised copy
        session.execute(update(Document).where(Document.id == study.focus_group)
                        .values(pseudonymised_from=study.interview))  # fmt: skip
    with pytest.raises(OperationError, match="identifiable original"):
        _export(study, tmp_path / "out")
    documents, codes = pack_candidates(study.project)
    assert documents == [study.focus_group]
    assert codes == sorted([study.learning, study.funding])


def test_the_summary_warns_of_unused_codes_and_names_not_in_the_map(
    project: Project, tmp_path: Path
) -> None:
    docs = import_texts(project, tmp_path, {"focus_group": FOCUS_GROUP})
    trained = new_code(project, "Training")
    unused = new_code(project, "Unused")
    text = project.document_text(docs["focus_group"])
    apply_coding(project, docs["focus_group"], trained, _span(text, "Nobody trained"))
    summary = export_pack(project, tmp_path / "pack.qwbr", document_ids=[docs["focus_group"]],
                          code_ids=[trained, unused], made_by="Ana")  # fmt: skip
    assert summary.no_pseudonym_map
    assert summary.unmapped_names == ("Desmond Achterberg",)  # the facilitator is not named
    assert summary.codes_without_codings == ("Unused",)
    assert (summary.documents, summary.codes, summary.codings) == (1, 2, 1)


# ---------------------------------------------------------------------- Reviewer mode
def _review(path: Path, reviewer: str, verdicts: dict[str, tuple[str, str, str]]) -> None:
    """Give ``verdicts`` (passage text or code name -> verdict, comment, suggested code)."""
    with open_pack(path, reviewer=reviewer) as pack:
        assert pack.user_id is not None
        targets = {c.text: ("coding", c.coding_id) for c in pack_codings(pack, pack.user_id)}
        targets |= {c.name: ("code", c.code_id) for c in pack_codes(pack, pack.user_id)}
        for key, (verdict, comment, suggested) in verdicts.items():
            kind, target = targets[key]
            pack.execute(SaveReview(reviewer_id=pack.user_id, target_kind=kind,
                                    target_id=target, verdict=verdict, comment=comment,
                                    suggested_code=suggested))  # fmt: skip


VERDICTS = {
    "the nurse, Nurse B, showed me the tablet 😀": ("agree", "Yes, that is learning.", ""),
    "How did that go?": ("unsure", "", ""),
    "Participant A is no good with gadgets": ("disagree", "", "Feeling rushed"),
    "Feeling judged": ("agree", "A good name for it.", ""),
}


def test_reviewer_mode_shows_each_passage_with_its_description_and_progress(
    study: Study, tmp_path: Path
) -> None:
    path = _export(study, tmp_path / "out")
    with pytest.raises(OperationError, match="not a review pack"):
        open_pack(study.project.path, reviewer="Sam")
    with open_pack(path, reviewer="AR") as pack:  # the same name as a coder's initials
        with pack.reading() as session:
            assert session.scalar(select(User.role).where(User.id == pack.user_id)) == "reviewer"
        passages = pack_codings(pack, pack.user_id)
        assert [(p.code_name, p.description, p.speaker) for p in passages] == [
            ("Learning the technology", "How people learn to use new devices.", "Participant A"),
            ("Learning the technology", "How people learn to use new devices.", "Interviewer"),
            ("Feeling judged", "When Nurse B said I was old", "Participant A"),
        ]
        assert pack_progress(pack, pack.user_id).text == "0 of 3 reviewed"
        first = passages[0]
        reviewer = pack.user_id or 0
        command = SaveReview(
            reviewer_id=reviewer,
            target_kind="coding",
            target_id=first.coding_id,
            verdict="agree",
            comment="Clear",
        )
        round_trip(pack, command, lambda: table_rows(pack, Review))
        assert pack_progress(pack, pack.user_id).text == "1 of 3 reviewed"
        again = SaveReview(reviewer_id=pack.user_id or 0, target_kind="coding",
                           target_id=first.coding_id, verdict="disagree")  # fmt: skip
        pack.execute(again)
        feedback = pack_codings(pack, pack.user_id)[0].feedback
        assert feedback is not None
        assert (feedback.verdict, feedback.comment) == ("disagree", "")
        assert len(table_rows(pack, Review)[0]) == 1  # one verdict per reviewer and passage
        pack.undo()
        feedback = pack_codings(pack, pack.user_id)[0].feedback
        assert feedback is not None
        assert (feedback.verdict, feedback.comment) == ("agree", "Clear")


# ---------------------------------------------------------------------- feedback back
def test_verdicts_come_back_onto_the_right_codings_and_codes(study: Study, tmp_path: Path) -> None:
    path = _export(study, tmp_path / "out")
    _review(path, "Sam Patel", VERDICTS)
    report = import_feedback(study.project, path)
    assert (report.in_pack, report.added, report.unchanged, report.left_out) == (4, 4, 0, 0)
    assert report.reviewers == ("Sam Patel",)
    items = {(i.target_kind, i.target_id): i for i in review_feedback(study.project)}
    nurse = items[("coding", study.nurse)]
    assert (nurse.agree, nurse.comments, nurse.resolved, nurse.code_id) == (
        1, 1, False, study.learning)  # fmt: skip
    assert nurse.reviews[0].comment == "Yes, that is learning."
    assert items[("coding", study.question)].unsure == 1
    gadgets = items[("coding", study.gadgets)]
    assert (gadgets.disagree, gadgets.suggestions) == (1, ("Feeling rushed",))
    assert items[("code", study.judged)].agree == 1
    with study.project.reading() as session:
        roles = session.execute(select(User.role).join(Review, Review.reviewer_id == User.id))
        assert set(roles.scalars()) == {"reviewer"}


def test_importing_the_same_pack_twice_adds_nothing(study: Study, tmp_path: Path) -> None:
    path = _export(study, tmp_path / "out")
    _review(path, "Sam Patel", VERDICTS)
    import_feedback(study.project, path)
    before = table_rows(study.project, Review, User)
    undo_steps = study.project.undo_stack.history()
    report = import_feedback(study.project, path)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 4)
    assert table_rows(study.project, Review, User) == before
    assert study.project.undo_stack.history() == undo_steps


def test_a_reviewers_later_verdict_replaces_the_one_imported_before(
    study: Study, tmp_path: Path
) -> None:
    path = _export(study, tmp_path / "out")
    _review(path, "Sam Patel", VERDICTS)
    import_feedback(study.project, path)
    _review(path, "Sam Patel", {"How did that go?": ("agree", "Now I see it", "")})
    report = import_feedback(study.project, path)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 3)
    question = next(i for i in review_feedback(study.project) if i.target_id == study.question)
    assert [(r.verdict, r.comment) for r in question.reviews] == [("agree", "Now I see it")]


def test_an_import_is_one_undoable_step(study: Study, tmp_path: Path) -> None:
    path = _export(study, tmp_path / "out")
    _review(path, "Sam Patel", VERDICTS)
    before = table_rows(study.project, Review, User)
    import_feedback(study.project, path)
    after = table_rows(study.project, Review, User)
    study.project.undo()
    assert table_rows(study.project, Review, User) == before
    study.project.redo()
    assert table_rows(study.project, Review, User) == after


def test_the_lead_marks_feedback_resolved_undoably(study: Study, tmp_path: Path) -> None:
    path = _export(study, tmp_path / "out")
    _review(path, "Sam Patel", VERDICTS)
    import_feedback(study.project, path)
    nurse = next(i for i in review_feedback(study.project) if i.target_id == study.nurse)
    command = ResolveReview(nurse.reviews[0].id, True, user_id=study.project.user_id)
    round_trip(study.project, command, lambda: table_rows(study.project, Review))
    nurse = next(i for i in review_feedback(study.project) if i.target_id == study.nurse)
    assert nurse.resolved
    assert nurse.reviews[0].resolved_by == "Ana Researcher"
    study.project.execute(ResolveReview(nurse.reviews[0].id, False, user_id=None))
    assert not next(
        i for i in review_feedback(study.project) if i.target_id == study.nurse
    ).resolved


def test_the_report_counts_feedback_per_code(study: Study, tmp_path: Path) -> None:
    path = _export(study, tmp_path / "out")
    _review(path, "Sam Patel", VERDICTS)
    import_feedback(study.project, path)
    rows = {r.path: r for r in feedback_for_report(study.project)}
    learning = rows["Technology/Learning the technology"]
    assert (learning.passages, learning.agree, learning.unsure, learning.disagree) == (2, 1, 1, 0)
    assert (learning.comments, learning.resolved, learning.unresolved) == (1, 0, 2)
    judged = rows["Feeling judged"]
    assert (judged.passages, judged.agree, judged.disagree) == (1, 1, 1)
    assert (judged.suggestions, judged.reviewers) == ((("Feeling rushed", 1),), 1)
    # The Word report has a "Reviewer feedback" part with the same counts, and no names.
    import docx

    from workbench.exporters.report_docx import write_report
    from workbench.reports.model import build_report

    write_report(build_report(study.project), tmp_path / "report.docx")
    document = docx.Document(str(tmp_path / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert "Reviewer feedback" in headings
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Code"
                 and t.rows[0].cells[-1].text == "Resolved")  # fmt: skip
    row = next(r for r in table.rows if r.cells[0].text == "Feeling judged")
    assert [c.text for c in row.cells[1:]] == ["1", "1", "1", "0", "Feeling rushed (1)", "0 of 2"]
    everything = " ".join(p.text for p in document.paragraphs)
    assert "Sam Patel" not in everything


def test_a_pack_from_another_project_is_refused_and_nothing_changes(
    study: Study, tmp_path: Path
) -> None:
    other_path = tmp_path / "other.qwb"
    with Project.create(other_path, title="Other study", coder=Coder("Olu", "OO")) as other:
        docs = import_texts(other, tmp_path, {"other_interview": INTERVIEW})
        code = new_code(other, "Learning the technology")
        text = other.document_text(docs["other_interview"])
        apply_coding(other, docs["other_interview"], code, _span(text, "How did that go?"))
        foreign = tmp_path / "foreign.qwbr"
        export_pack(other, foreign, document_ids=list(docs.values()), code_ids=[code],
                    made_by="Olu")  # fmt: skip
    _review(foreign, "Sam Patel", {"How did that go?": ("agree", "", "")})
    before = table_rows(study.project, Review, User, AuditEntry)
    with pytest.raises(OperationError, match="made from another project"):
        import_feedback(study.project, foreign)
    with study.project.reading() as session:  # a pack claiming to be ours, about none of it
        lead_guid = session.scalar(select(ProjectInfo.guid))
    with _read_pack(foreign) as pack:
        info = read_pack_info(pack)
    assert info is not None
    connection = sqlite3.connect(foreign)
    with connection:
        connection.execute("UPDATE project_info SET method_notes = replace(method_notes, ?, ?)",
                           (info.source_guid, lead_guid))  # fmt: skip
    connection.close()
    with pytest.raises(OperationError, match="None of the feedback"):
        import_feedback(study.project, foreign)
    with pytest.raises(OperationError, match="not a review pack"):
        import_feedback(study.project, other_path)
    assert table_rows(study.project, Review, User, AuditEntry) == before


# ---------------------------------------------------------------------- the command line
def _cli(argv: list[str]) -> int:
    """``workbench`` with the review commands, as cli.main runs them."""
    parser = argparse.ArgumentParser(prog="workbench")
    parser.add_argument("--coder")
    cli_review.add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UserError as exc:
        return fail(str(exc))


def test_review_round_trip_from_the_command_line(
    study: Study, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study.project.close()  # the command line opens the project itself
    project, pack = str(study.project.path), str(tmp_path / "pack.qwbr")
    lead = ["--coder", "Ana Researcher", "review"]
    assert _cli([*lead, "export", project, pack, "--pack-passphrase-env", "PACK_KEY"]) == 1
    assert "PACK_KEY is not set" in capsys.readouterr().err
    assert not (tmp_path / "pack.qwbr").exists()
    chosen = ["--documents", "interview_margaret_thornbury",
              "--codes", "Technology/Learning the technology", "Feeling judged"]  # fmt: skip
    assert _cli([*lead, "export", project, pack, *chosen]) == 0
    out = capsys.readouterr().out
    assert "1 document, 2 codes, 3 coded passages" in out
    assert "Thornbury" not in out
    assert _cli([*lead, "export", project, pack, *chosen]) == 1
    assert "already exists" in capsys.readouterr().err
    _review(tmp_path / "pack.qwbr", "Sam Patel", VERDICTS)
    assert _cli([*lead, "import", project, pack]) == 0
    assert "Imported 4 new, 0 updated" in capsys.readouterr().out
    assert _cli([*lead, "list", project, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["feedback"]
    assert [(f["about"], f["code"]) for f in listed] == [
        ("coding", "Technology/Learning the technology"),
        ("coding", "Technology/Learning the technology"),
        ("code", "Feeling judged"),
        ("coding", "Feeling judged"),
    ]
    ids = [str(r["id"]) for f in listed for r in f["reviews"]]
    assert _cli([*lead, "resolve", project, *ids]) == 0
    capsys.readouterr()
    assert _cli([*lead, "list", project, "--unresolved"]) == 0
    assert capsys.readouterr().out == "No feedback left to resolve.\n"
    assert _cli([*lead, "list", project]) == 0
    text = capsys.readouterr().out
    assert "1 agree, 0 disagree, 0 not sure; resolved" in text
    assert "Thornbury" not in text  # no document words are printed
    assert "Priya" not in text


def test_export_from_the_command_line_takes_everything_coded_by_default(
    study: Study, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study.project.close()
    pack = tmp_path / "all.qwbr"
    assert _cli(["review", "export", str(study.project.path), str(pack)]) == 0
    assert "2 documents, 3 codes, 6 coded passages" in capsys.readouterr().out
    assert _cli(["review", "export", str(study.project.path), str(pack), "--replace",
                 "--documents", "focus_group"]) == 0  # fmt: skip
    assert "1 document, 2 codes, 2 coded passages" in capsys.readouterr().out
    assert _cli(["review", "export", str(study.project.path), str(pack), "--replace",
                 "--documents", "no such thing"]) == 1  # fmt: skip
    assert "no document called" in capsys.readouterr().err


def test_a_pack_of_an_encrypted_project_must_be_encrypted_and_holds_nothing_readable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "secret.qwb"
    with Project.create(path, coder=Coder("Ana"), passphrase="moorland wind farm") as project:
        folder = tmp_path / "in"
        folder.mkdir()
        doc = import_texts(project, folder, {"p01": "P01: the telecare hub in Glenrothes failed"})
        code = new_code(project, "Failures")
        apply_coding(project, doc["p01"], code, span_of(project.document_text(1), "telecare hub"))
        pack = tmp_path / "pack.qwbr"
        with pytest.raises(OperationError, match="encrypted, so its review packs must be"):
            export_pack(project, pack, document_ids=[1], code_ids=[code], made_by="Ana")
        assert MUST_ENCRYPT.startswith("This project is encrypted")
        export_pack(project, pack, document_ids=[1], code_ids=[code], made_by="Ana",
                    passphrase="pack passphrase 42")  # fmt: skip
    assert b"telecare" not in pack.read_bytes()
    assert b"Glenrothes" not in pack.read_bytes()
    with pytest.raises(ProjectEncryptedError):
        open_pack(pack, reviewer="Rita")
    with open_pack(pack, reviewer="Rita", passphrase="pack passphrase 42") as opened:
        assert "telecare hub" in opened.document_text(1)
