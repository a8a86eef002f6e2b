"""Importing files into a project: batches, duplicates, bad files, surveys, cancel."""

from __future__ import annotations

import csv
import sqlite3
from typing import TYPE_CHECKING

import docx
import pytest

from workbench.importers.base import ImportFailure
from workbench.importing.service import ImportOptions, import_files
from workbench.importing.survey_store import SurveyColumns
from workbench.progress import Progress
from workbench.queries.codes import list_codes
from workbench.queries.documents import list_cases, list_documents, list_memos
from workbench.queries.search import search
from workbench.queries.segments import segments

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

INTERVIEW = (
    "Interviewer: How did the falls sensors work out?\n"
    "P07: Honestly the wifi in the east wing kept dropping.\n"
    "Interviewer: And the staff?\n"
    "P07: Training was rushed.\n"
)


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        names = [n for (n,) in connection.execute("SELECT name FROM sqlite_master "
                                                  "WHERE type = 'table'")]  # fmt: skip
        return {n: connection.execute(f'SELECT * FROM "{n}"').fetchall() for n in names}


def test_a_transcript_becomes_a_document_with_turns_speakers_and_a_case(
    project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "P07 interview.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    report = import_files(project, [source])
    assert report.failed == []
    [document] = list_documents(project)
    assert (document.name, document.kind, document.turns) == ("P07 interview", "transcript", 4)
    assert document.speakers == ("Interviewer", "P07")
    cases = list_cases(project)
    assert [c.name for c in cases] == ["P07"]  # the interviewer is not a case
    assert [h.document_id for h in search(project, "east wing")] == [document.id]


def test_a_bad_file_is_reported_and_the_rest_of_the_batch_is_imported(
    project: Project, project_path: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(INTERVIEW, encoding="utf-8")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a Word file")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    unknown = tmp_path / "picture.png"
    unknown.write_bytes(b"\x89PNG....")
    report = import_files(project, [broken, good, empty, unknown, tmp_path / "missing.txt"])
    assert [p.name for p, _ in report.imported] == ["good.txt"]
    reasons = {p.name: reason for p, reason in report.failed}
    assert "not a valid" in reasons["broken.docx"]
    assert "empty" in reasons["empty.txt"]
    assert "not a file type" in reasons["picture.png"]
    assert "does not exist" in reasons["missing.txt"]


def test_a_batch_where_every_file_fails_leaves_the_project_exactly_as_it_was(
    project: Project, project_path: Path, tmp_path: Path
) -> None:
    before = _tables(project_path)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    report = import_files(project, [broken])
    assert len(report.failed) == 1
    assert _tables(project_path) == before


def test_the_same_file_twice_is_skipped_as_a_duplicate(project: Project, tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text(INTERVIEW, encoding="utf-8")
    copy = tmp_path / "copy of a.txt"
    copy.write_text(INTERVIEW, encoding="utf-8")
    import_files(project, [first])
    report = import_files(project, [copy, first])
    assert report.imported == []
    assert len(report.skipped) == 2
    assert "already in the project" in report.skipped[0][1]
    assert len(list_documents(project)) == 1


def test_cancel_before_saving_leaves_the_project_unchanged(
    project: Project, project_path: Path, tmp_path: Path
) -> None:
    files = []
    for n in range(3):
        path = tmp_path / f"t{n}.txt"
        path.write_text(INTERVIEW.replace("P07", f"P0{n}"), encoding="utf-8")
        files.append(path)
    before = _tables(project_path)

    class CancelAfterFirst(Progress):
        def advance(self, amount: int = 1, label: str | None = None) -> None:
            super().advance(amount, label)
            if self.snapshot().done >= 2:
                self.cancel()

    report = import_files(project, files, progress=CancelAfterFirst())
    assert report.cancelled
    assert _tables(project_path) == before


def test_kind_can_be_set_and_speaker_cases_turned_off(project: Project, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    import_files(project, [source], ImportOptions(kind="notes", cases_from_speakers=False))
    assert list_documents(project)[0].kind == "notes"
    assert list_cases(project) == []
    with pytest.raises(ImportFailure, match="not a document kind"):
        import_files(project, [source], ImportOptions(kind="poem"))


def _write_survey(path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "role", "years", "What held you back?", "What would help?"])
        writer.writerow(["R1", "Engineer", "3", "No mentor,\nand no network.", "A mentor"])
        writer.writerow(["R2", "Nurse", "12", "Caring duties", ""])
        writer.writerow(["R3", "Analyst", "1", "", ""])


def test_a_survey_gives_cases_attributes_and_answers_coded_by_question(
    project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "careers.csv"
    _write_survey(source)
    columns = SurveyColumns("id", ("What held you back?", "What would help?"), ("role", "years"))
    report = import_files(project, [source], ImportOptions(survey=columns))
    assert report.failed == []
    cases = {c.name: c.attributes for c in list_cases(project)}
    assert cases == {
        "R1": {"role": "Engineer", "years": "3"},
        "R2": {"role": "Nurse", "years": "12"},
        "R3": {"role": "Analyst", "years": "1"},  # no answers, still a case
    }
    documents = list_documents(project)
    assert len(documents) == 2
    assert {d.kind for d in documents} == {"survey"}
    codes = {c.name: c for c in list_codes(project)}
    assert not codes["Survey: careers"].is_codable
    held_back = segments(project, [codes["What held you back?"].id])
    assert [(s.case, s.text) for s in held_back] == [
        ("R1", "No mentor,\nand no network."),
        ("R2", "Caring duties"),
    ]
    again = import_files(project, [source], ImportOptions(survey=columns))
    assert len(again.skipped) == 1


def test_a_survey_with_an_unknown_column_is_refused_with_the_columns_listed(
    project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "careers.csv"
    _write_survey(source)
    columns = SurveyColumns("id", ("What stopped you?",), ())
    report = import_files(project, [source], ImportOptions(survey=columns))
    assert "What stopped you?" in report.failed[0][1]
    assert list_documents(project) == []


def test_word_comments_become_document_memos_anchored_to_their_text(
    project: Project, samples_dir: Path
) -> None:
    report = import_files(project, [samples_dir / "edge" / "comments.docx"])
    assert report.failed == []
    memos = list_memos(project, kind="document")
    assert len(memos) == 2
    text = project.document_text(report.document_ids[0])
    for memo in memos:
        assert memo.anchor_start is not None
        assert memo.anchor_end is not None
        assert 0 <= memo.anchor_start <= memo.anchor_end <= len(text)
        assert memo.text


@pytest.mark.parametrize(
    ("sample", "speakers"),
    [
        ("transcripts/podcast_buzzsprout_example.srt", {"Travis", "Gilon", "Sarah"}),
        ("transcripts/podcast_buzzsprout_example_voice_tags.vtt", 2),
        ("transcripts/teams_short_timestamps_voice_tags.vtt", 2),
        ("transcripts/teams_transcript_export.docx", 2),
    ],
)
def test_real_transcripts_from_other_tools_import_with_their_speakers(
    project: Project, samples_dir: Path, sample: str, speakers: set[str] | int
) -> None:
    report = import_files(project, [samples_dir / sample])
    assert report.failed == []
    [document] = list_documents(project)
    assert document.kind == "transcript"
    found = set(document.speakers)
    assert found == speakers if isinstance(speakers, set) else len(found) == speakers


@pytest.mark.parametrize("sample", ["edge/encrypted_password.pdf", "edge/empty_0_bytes.txt"])
def test_real_bad_files_get_a_clear_reason(
    project: Project, samples_dir: Path, sample: str
) -> None:
    report = import_files(project, [samples_dir / sample])
    [(path, reason)] = report.failed
    assert path.name in sample
    assert reason
    assert "Traceback" not in reason
    assert list_documents(project) == []


def test_a_docx_transcript_table_and_headings_import(project: Project, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Interview 12", level=1)
    table = document.add_table(rows=0, cols=2)
    for speaker, said in [
        ("Interviewer", "Tell me about the pilot."),
        ("P12", "It stalled."),
        ("Interviewer", "Why?"),
        ("P12", "No budget for year two."),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = speaker, said
    path = tmp_path / "interview12.docx"
    document.save(str(path))
    report = import_files(project, [path])
    assert report.failed == []
    [info] = list_documents(project)
    assert info.speakers == ("Interviewer", "P12")
    assert info.turns == 4
    assert "No budget for year two." in project.document_text(info.id)


def test_files_can_carry_their_own_options_in_one_transaction(
    project: Project, project_path: Path, tmp_path: Path
) -> None:
    survey = tmp_path / "careers.csv"
    _write_survey(survey)
    interview = tmp_path / "p07.txt"
    interview.write_text(INTERVIEW, encoding="utf-8")
    columns = SurveyColumns("id", ("What held you back?",), ("role",))
    before = _tables(project_path)

    class CancelAtTheEnd(Progress):
        def advance(self, amount: int = 1, label: str | None = None) -> None:
            super().advance(amount, label)
            if self.snapshot().done >= 2:
                self.cancel()

    per_file = {survey: ImportOptions(survey=columns)}
    cancelled = import_files(project, [interview, survey], per_file=per_file,
                             progress=CancelAtTheEnd())  # fmt: skip
    assert cancelled.cancelled
    assert _tables(project_path) == before  # nothing of either file stayed
    report = import_files(project, [interview, survey], per_file=per_file)
    assert report.failed == []
    assert {d.kind for d in list_documents(project)} == {"transcript", "survey"}


def test_a_file_over_the_size_limit_is_refused_with_its_size_and_the_limit(
    project: Project, project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("workbench.importing.service.MAX_FILE_BYTES", 2 * 2**20)
    big = tmp_path / "huge.txt"
    big.write_bytes(b"P01: words words words\n" * 200_000)  # about 4.6 MB
    before = _tables(project_path)
    [(path, reason)] = import_files(project, [big]).failed
    assert path == big
    assert reason == "is too large to import (4 MB; the limit is 2 MB)"
    assert _tables(project_path) == before
