"""Reading the audit log: who did what and when, filtered, paged and exported to .csv."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from tests.workbench.ops_support import WARD_INTERVIEW, apply_coding, new_code, span_of
from workbench.exporters.audit_csv import HEADER, write_audit_csv
from workbench.ops.codes import UpdateCode
from workbench.progress import Cancelled, Progress
from workbench.project import Coder
from workbench.queries.audit import (
    AuditFilter,
    audit_count,
    audit_entries,
    audit_operations,
    audit_page,
    audit_users,
    change_summary,
    iter_audit_entries,
    operation_label,
)

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project


def _as(project: Project, name: str) -> int:
    """Work as ``name`` from now on (a second coder on the same laptop); their user id."""
    with project.transaction() as session:
        user_id = project.user_for(session, Coder(name, name[:2].upper()))
    project.user_id = user_id
    return user_id


def test_a_rename_reads_as_who_renamed_what_from_and_to(project: Project) -> None:
    code = new_code(project, "Trust")
    project.execute(UpdateCode(code, name="Trust in data"))
    newest = audit_entries(project, limit=1)[0]
    assert newest.user == "Ana Researcher"
    assert newest.operation == "UpdateCode"
    assert newest.action == "Update code"
    assert (newest.object_kind, newest.object_id) == ("code", code)
    assert newest.summary == "name: Trust → Trust in data"
    assert newest.at.tzinfo is not None


def test_entries_come_newest_first_and_undo_is_named_as_such(project: Project) -> None:
    code = new_code(project, "Trust")
    project.execute(UpdateCode(code, colour="#D55E00"))
    project.undo()
    actions = [row.action for row in audit_entries(project)]
    assert actions[:3] == ["Update code (undone)", "Update code", "Create code"]


def test_filtering_by_person_shows_only_their_work(project: Project) -> None:
    ana = project.user_id
    new_code(project, "Trust")
    ben = _as(project, "Ben Coder")
    new_code(project, "Access")
    new_code(project, "Cost")
    assert [u.name for u in audit_users(project)] == ["Ana Researcher", "Ben Coder"]
    assert {row.user for row in audit_entries(project, user=ben)} == {"Ben Coder"}
    assert len(audit_entries(project, user=ben)) == 2
    assert [row.summary for row in audit_entries(project, user=ana)] == ["name: Trust"]


def test_filtering_by_operation_and_listing_the_operations(project: Project, doc: int) -> None:
    code = new_code(project, "Connectivity")
    apply_coding(project, doc, code, span_of(WARD_INTERVIEW, "the wifi drops"))
    apply_coding(project, doc, code, span_of(WARD_INTERVIEW, "nobody trained us"))
    assert {"ApplyCoding", "CreateCode", "ImportFiles"} <= set(audit_operations(project))
    codings = audit_entries(project, operation="ApplyCoding")
    assert [row.object_kind for row in codings] == ["coding", "coding"]
    assert audit_count(project, AuditFilter(operation="ApplyCoding")) == 2


def test_filtering_by_date_keeps_entries_inside_the_range(project: Project) -> None:
    new_code(project, "Trust")
    today = datetime.now(UTC)
    assert audit_entries(project, since=today - timedelta(days=1))
    assert audit_entries(project, until=today + timedelta(days=1))
    assert audit_entries(project, since=today + timedelta(days=1)) == []
    assert audit_entries(project, until=today - timedelta(days=1)) == []
    local_yesterday = datetime.now().astimezone() - timedelta(days=1)  # any timezone will do
    assert audit_entries(project, since=local_yesterday)


def test_pages_follow_each_other_without_gaps_or_repeats(project: Project) -> None:
    for number in range(25):
        new_code(project, f"Code {number}")
    everything = audit_entries(project)
    first = audit_page(project, AuditFilter(), limit=10)
    second = audit_page(project, AuditFilter(), older_than=first[-1].id, limit=10)
    third = audit_page(project, AuditFilter(), older_than=second[-1].id, limit=10)
    assert [r.id for r in [*first, *second, *third]] == [r.id for r in everything]
    assert list(iter_audit_entries(project, AuditFilter())) == everything


def test_the_log_of_a_coding_never_holds_transcript_words(project: Project, doc: int) -> None:
    code = new_code(project, "Connectivity")
    apply_coding(project, doc, code, span_of(WARD_INTERVIEW, "the wifi drops"))
    shown = " ".join(row.summary for row in audit_entries(project))
    assert "wifi" not in shown
    assert f"code id: {code}" in shown


@pytest.mark.parametrize(
    ("before", "after", "summary"),
    [
        ('{"name": "Trust"}', '{"name": "Trust in data"}', "name: Trust → Trust in data"),
        ('{"codes": ["A", "B"], "codings": 3}', "{}", "codes: A, B → —; codings: 3 → —"),
        ("{}", '{"name": "Trust", "parent_id": null}', "name: Trust"),
        ("{}", '{"documents": [1, 2, 3, 4, 5, 6]}', "documents: 1, 2, 3, 4 … (+2)"),
        ('{"value": "x"}', '{"value": "x"}', ""),
        ("not json", "{}", "value: not json → —"),
    ],
)
def test_a_change_is_summed_up_in_one_line(before: str, after: str, summary: str) -> None:
    assert change_summary(before, after) == summary


def test_operations_read_as_words() -> None:
    assert operation_label("MergeCodes:redo") == "Merge codes (redone)"
    assert operation_label("ImportFiles") == "Import files"


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_export_writes_a_csv_excel_reads_with_formulas_kept_as_text(
    project: Project, tmp_path: Path
) -> None:
    _as(project, "=HYPERLINK(“http://x”)")
    code = new_code(project, "Trust")
    project.execute(UpdateCode(code, name="Trust in data"))
    target = tmp_path / "audit.csv"
    assert write_audit_csv(audit_entries(project), target) == 2
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    header, newest, _created = _read_csv(target)
    assert tuple(header) == HEADER
    assert newest[1].startswith("'=HYPERLINK")
    assert newest[2:5] == ["UpdateCode", "Update code", "code"]
    assert newest[6] == "name: Trust → Trust in data"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []


def test_a_cancelled_export_leaves_the_old_file_untouched(project: Project, tmp_path: Path) -> None:
    for number in range(600):
        new_code(project, f"Code {number}")
    target = tmp_path / "audit.csv"
    target.write_text("earlier export\n", encoding="utf-8")
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        write_audit_csv(iter_audit_entries(project, AuditFilter()), target, progress=progress)
    assert target.read_text(encoding="utf-8") == "earlier export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []
