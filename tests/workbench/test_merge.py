"""Merging another coder's project: preview, one undoable step, nothing twice.

Two real project files are built with the import service and the operations: Ana's (the
``project`` fixture) and Bea's, made separately from the same transcript files, so documents
share their sha256 but codes have different guids and must match by name and place.
"""

from __future__ import annotations

import argparse
import shutil
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from storage import fts
from storage.models import (
    Attribute,
    Case,
    CaseMember,
    CaseValue,
    Code,
    Coding,
    DocSpan,
    Document,
    Memo,
    Speaker,
    User,
)
from tests.workbench.ops_support import (
    WARD_INTERVIEW,
    apply_coding,
    assert_audit_free_of_text,
    audit_operations,
    import_texts,
    new_code,
    span_of,
    table_rows,
    tree,
)
from workbench.cli_merge import add_parsers
from workbench.errors import OperationError
from workbench.merge.bundle import Bundle, BundleCode, BundleCoding, BundleDocument, BundleMemo
from workbench.merge.from_project import bundle_from_file, bundle_from_project
from workbench.merge.ops import MergeBundle, preview_merge
from workbench.ops.cases import CreateAttribute, SetCaseValue
from workbench.ops.codes import MoveCode, UpdateCode
from workbench.ops.codings import UpdateCoding
from workbench.ops.memos import CreateMemo
from workbench.project import Coder, Project
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.documents import document_spans, list_cases, list_documents, list_memos
from workbench.queries.segments import segments

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.merge.plan_state import MergePlan

TABLES = (User, Document, Speaker, DocSpan, Case, Attribute, CaseValue, CaseMember, Code, Coding,
          Memo)  # fmt: skip
WARD_2 = (
    "Interviewer: What helped most?\n"
    "P02: The ward clerk showed us shortcuts on the portal.\n"
    "P02: Training on nights never happened.\n"
)
WARD_2_BEA = (  # another interview that Bea's file also calls ward_2
    "Interviewer: Tell me about the discharge letters.\n"
    "P04: Letters go out a week late since the new system.\n"
)
CLINIC = (
    "Interviewer: How does the pharmacy use the tablets?\n"
    "P03: The pharmacy scans every prescription now.\n"
    "\n"
    "P03: Nobody trained the locum pharmacists.\n"
)


# ---------------------------------------------------------------- the two coders' files
def folder(tmp_path: Path, name: str) -> Path:
    """A folder of source files; both coders import the same bytes from ``transcripts``."""
    path = tmp_path / name
    path.mkdir(exist_ok=True)
    return path


def set_value(project: Project, case: str, attribute: str, value: str) -> None:
    ids = {c.name: c.id for c in list_cases(project)}
    with project.reading() as session:
        attr = session.scalar(select(Attribute.id).where(Attribute.name == attribute))
    if attr is None:
        command = CreateAttribute(name=attribute)
        project.execute(command)
        attr = command.attribute_id
    assert attr is not None
    project.execute(SetCaseValue(case_id=ids[case], attribute_id=attr, value=value))


def code_id(project: Project, path: str) -> int:
    codes = list_codes(project)
    return {p: i for i, p in code_paths(codes).items()}[path]


@pytest.fixture
def ana(project: Project, tmp_path: Path) -> Project:
    """Ana's project: ward_1 and ward_2 coded under Barriers/Training and Barriers/Wifi."""
    docs = import_texts(project, folder(tmp_path, "transcripts"), {"ward_1": WARD_INTERVIEW,
                                                           "ward_2": WARD_2})  # fmt: skip
    barriers = new_code(project, "Barriers")
    training = new_code(project, "Training", barriers)
    wifi = new_code(project, "Wifi", barriers)
    apply_coding(project, docs["ward_1"], training,
                 span_of(WARD_INTERVIEW, "nobody trained us on the portal"))  # fmt: skip
    apply_coding(project, docs["ward_1"], wifi, span_of(WARD_INTERVIEW, "the wifi drops"))
    apply_coding(project, docs["ward_2"], training, span_of(WARD_2, "Training on nights"))
    set_value(project, "P01", "Role", "Nurse")
    return project


@pytest.fixture
def bea_path(tmp_path: Path) -> Path:
    """Bea's project, made on its own from the same ward_1 file plus two of her own."""
    path = tmp_path / "bea.qwb"
    with Project.create(path, coder=Coder("Bea Coder", "BC")) as bea:
        docs = import_texts(bea, folder(tmp_path, "transcripts"), {"ward_1": WARD_INTERVIEW})
        docs |= import_texts(bea, folder(tmp_path, "bea_only"), {"ward_2": WARD_2_BEA,
                                                          "clinic": CLINIC})  # fmt: skip
        barriers = new_code(bea, "barriers")  # another letter case: still the same code
        training = new_code(bea, "Training", barriers)
        workarounds = new_code(bea, "Workarounds", barriers)
        wifi = new_code(bea, "Wifi")  # top level here, under Barriers in Ana's: another code
        ward_1 = docs["ward_1"]
        apply_coding(bea, ward_1, training, span_of(WARD_INTERVIEW, "nobody trained us"))
        apply_coding(bea, ward_1, workarounds,
                     span_of(WARD_INTERVIEW, "Night staff still print everything"))  # fmt: skip
        apply_coding(bea, ward_1, wifi, span_of(WARD_INTERVIEW, "wifi drops"))
        apply_coding(bea, docs["clinic"], training,
                     span_of(CLINIC, "Nobody trained the locum pharmacists"))  # fmt: skip
        with bea.transaction() as session:  # Ana once coded in Bea's file: the same passage
            ana_here = bea.user_for(session, Coder("Ana Researcher", "AR"))
        portal = span_of(WARD_INTERVIEW, "nobody trained us on the portal")
        apply_coding(bea, ward_1, training, portal, ana_here)
        set_value(bea, "P01", "Role", "Doctor")
        set_value(bea, "P03", "Role", "Pharmacist")
        set_value(bea, "P01", "Site", "North")
        bea.execute(CreateMemo(kind="code", title="Workarounds", text="Paper copies.",
                               target_id=workarounds, author_id=bea.user_id))  # fmt: skip
        bea.execute(CreateMemo(kind="project", title="Bea's notes", text="Second pass done.",
                               author_id=bea.user_id))  # fmt: skip
    return path


def coded(project: Project) -> list[tuple[str, str, str | None, str]]:
    """(code path, coded text, coder, document) of every coding, sorted."""
    paths = code_paths(list_codes(project))
    return sorted(
        (paths[s.code_id], s.text, s.coder, s.document_name) for s in segments(project, list(paths))
    )


def merge(project: Project, path: Path) -> MergePlan:
    command = MergeBundle(bundle_from_project(path), user_id=project.user_id)
    project.execute(command)
    assert command.plan is not None
    return command.plan


# ---------------------------------------------------------------- preview
def test_preview_lists_what_is_added_matched_and_in_conflict(ana: Project, bea_path: Path) -> None:
    before = table_rows(ana, *TABLES)
    plan = preview_merge(ana, bundle_from_project(bea_path))
    assert table_rows(ana, *TABLES) == before  # a preview changes nothing
    counts = plan.counts()
    assert counts["added"] == {
        "case": 2, "attribute": 1, "value": 2, "document": 2, "code": 2, "coding": 4,
        "memo": 2, "user": 1,
    }  # fmt: skip
    assert counts["matched"] == {
        "case": 1, "attribute": 1, "document": 1, "code": 2, "coding": 1,
    }  # fmt: skip
    matched = {(i.kind, i.name): i.how for i in plan.matched}
    assert matched[("document", "ward_1")] == "sha256"
    assert matched[("code", "barriers")] == "name+place"
    assert matched[("code", "barriers/Training")] == "name+place"
    assert matched[("coding", "Ana Researcher")] == "same passage"
    added = {(i.kind, i.name) for i in plan.added}
    assert {("code", "barriers/Workarounds"), ("code", "Wifi"), ("user", "Bea Coder")} <= added
    assert {("document", "clinic"), ("document", "ward_2 (bea)")} <= added
    conflicts = {(i.kind, i.name): i.note for i in plan.conflicts}
    assert "added as “ward_2 (bea)”" in conflicts[("document", "ward_2")]
    assert "“Nurse” here, “Doctor” in the file" in conflicts[("value", "P01 · Role")]
    assert ("code", "barriers") not in conflicts  # another letter case is no conflict


# ---------------------------------------------------------------- the merge
def test_merge_brings_in_the_other_coders_codings_with_their_coder(
    ana: Project, bea_path: Path
) -> None:
    merge(ana, bea_path)
    found = coded(ana)
    assert ("Barriers/Workarounds", "Night staff still print everything", "Bea Coder",
            "ward_1") in found  # fmt: skip
    assert ("Wifi", "wifi drops", "Bea Coder", "ward_1") in found
    assert ("Barriers/Training", "Nobody trained the locum pharmacists", "Bea Coder",
            "clinic") in found  # fmt: skip
    # Ana's own passage, coded in both files, is there once.
    mine = ("Barriers/Training", "nobody trained us on the portal", "Ana Researcher", "ward_1")
    assert found.count(mine) == 1
    assert tree(ana) == ["Barriers", "Barriers/Training", "Barriers/Wifi",
                         "Barriers/Workarounds", "Wifi"]  # fmt: skip


def test_documents_only_in_the_other_project_come_with_text_and_structure(
    ana: Project, bea_path: Path
) -> None:
    with Project.open(bea_path, read_only=True) as bea:
        theirs = {d.name: d.id for d in list_documents(bea)}
        spans = [(s.start, s.end, s.kind, s.speaker) for s in document_spans(bea, theirs["clinic"])]
    merge(ana, bea_path)
    ours = {d.name: d.id for d in list_documents(ana)}
    assert ana.document_text(ours["clinic"]) == CLINIC
    assert ana.document_text(ours["ward_2 (bea)"]) == WARD_2_BEA
    assert [(s.start, s.end, s.kind, s.speaker) for s in document_spans(ana, ours["clinic"])] == (
        spans
    )
    cases = {c.name: c for c in list_cases(ana)}
    assert ours["clinic"] in cases["P03"].documents  # the speaker's case came too
    assert cases["P03"].attributes == {"Role": "Pharmacist"}
    assert cases["P01"].attributes == {"Role": "Nurse", "Site": "North"}  # ours kept, new added
    with ana.reading() as session:
        hits = fts.match_span_ids(session.connection(), "pharmacy")
    assert hits  # the new document can be searched


def test_undo_puts_the_project_back_exactly_and_redo_brings_the_merge_back(
    ana: Project, bea_path: Path
) -> None:
    before = table_rows(ana, *TABLES)
    merge(ana, bea_path)
    merged = table_rows(ana, *TABLES)
    assert ana.undo_stack.undo_label == "Merge bea.qwb"
    ana.undo()
    assert table_rows(ana, *TABLES) == before
    with ana.reading() as session:
        assert fts.match_span_ids(session.connection(), "pharmacy") == []
    ana.redo()
    assert table_rows(ana, *TABLES) == merged
    assert audit_operations(ana)[-3:] == ["MergeBundle", "MergeBundle:undo", "MergeBundle:redo"]
    assert_audit_free_of_text(ana)


def test_merging_the_same_file_twice_adds_nothing(ana: Project, bea_path: Path) -> None:
    merge(ana, bea_path)
    once = table_rows(ana, *TABLES)
    again = merge(ana, bea_path)
    assert again.adds_nothing
    assert table_rows(ana, *TABLES) == once
    assert again.counts()["matched"]["coding"] == 5


# ---------------------------------------------------------------- a coder's copy of the file
def test_a_coders_copy_matches_by_guid_and_keeps_our_names_places_and_passages(
    tmp_path: Path,
) -> None:
    lead_path, copy_path = tmp_path / "lead.qwb", tmp_path / "copy.qwb"
    with Project.create(lead_path, coder=Coder("Lee Lead")) as lead:
        docs = import_texts(lead, folder(tmp_path, "transcripts"), {"ward_1": WARD_INTERVIEW})
        doc = docs["ward_1"]
        barriers = new_code(lead, "Barriers")
        training, wifi = new_code(lead, "Training", barriers), new_code(lead, "Wifi", barriers)
        coding = apply_coding(lead, doc, wifi, span_of(WARD_INTERVIEW, "the wifi drops"))
    shutil.copy(lead_path, copy_path)
    with Project.open(copy_path, coder=Coder("Bea Coder")) as copy:
        copy.execute(UpdateCode(training, name="Staff training"))
        copy.execute(MoveCode(wifi, parent_id=None))
        copy.execute(UpdateCoding(coding, start=span_of(WARD_INTERVIEW, "wifi drops")[0]))
        apply_coding(copy, doc, training, span_of(WARD_INTERVIEW, "nobody trained us"))
    with Project.open(lead_path, coder=Coder("Lee Lead")) as lead:
        plan = merge(lead, copy_path)
        assert tree(lead) == ["Barriers", "Barriers/Training", "Barriers/Wifi"]
        found = coded(lead)
    assert {(i.kind, i.how) for i in plan.matched} >= {("code", "guid"), ("document", "sha256")}
    notes = [(i.kind, i.name, i.note) for i in plan.conflicts]
    assert ("code", "Barriers/Staff training",
            "called “Training” here: kept this project's name") in notes  # fmt: skip
    assert ("code", "Wifi", "placed under Barriers here: kept this project's place") in notes
    assert any(kind == "coding" and "resized" in note for kind, _, note in notes)
    assert ("Barriers/Wifi", "the wifi drops", "Lee Lead", "ward_1") in found  # ours kept
    assert ("Barriers/Training", "nobody trained us", "Bea Coder", "ward_1") in found


# ---------------------------------------------------------------- bundles from other tools
def ward_1_sha(project: Project) -> str:
    with project.reading() as session:
        sha = session.scalar(select(Document.sha256).where(Document.name == "ward_1"))
    assert sha is not None
    return sha


def test_a_bundle_from_another_tool_matches_guids_in_any_form_and_documents_by_text(
    ana: Project,
) -> None:
    training = code_id(ana, "Barriers/Training")
    with ana.reading() as session:
        guid = session.scalar(select(Code.guid).where(Code.id == training))
    assert guid is not None
    night = span_of(WARD_INTERVIEW, "Night staff still print everything")
    theirs = Bundle(
        source="nvivo.qdpx",
        documents=(BundleDocument("ab" * 32, "Ward one", "transcript", WARD_INTERVIEW),),
        codes=(BundleCode("{" + guid.lower() + "}", "Training"),),
        codings=(BundleCoding("c-1", "ab" * 32, guid.lower(), *night, user="Nina NVivo"),),
        memos=(BundleMemo("coding", "", "Printing as a workaround", target="c-1"),),
    )
    plan = preview_merge(ana, theirs)
    matched = {(i.kind, i.how) for i in plan.matched}
    assert {("document", "same text"), ("code", "guid")} <= matched
    assert ("code", "Training", "placed under Barriers here: kept this project's place") in [
        (i.kind, i.name, i.note) for i in plan.conflicts
    ]
    command = MergeBundle(theirs, user_id=ana.user_id)
    ana.execute(command)
    assert ("Barriers/Training", "Night staff still print everything", "Nina NVivo",
            "ward_1") in coded(ana)  # fmt: skip
    [memo] = list_memos(ana, kind="coding")
    assert memo.text == "Printing as a workaround"
    assert memo.target_id == command.rows["codings"][0]["id"]


def test_on_a_document_whose_text_differs_only_passages_that_read_the_same_come_in(
    ana: Project,
) -> None:
    changed = WARD_INTERVIEW.replace("The tablets arrived", "The new tablets arrived")
    sha = ward_1_sha(ana)
    question = span_of(changed, "How did the rollout")
    shifted = span_of(changed, "nobody trained us")  # later offsets than in our text
    theirs = Bundle(
        source="bea.qwb",
        documents=(BundleDocument(sha, "ward_1", "transcript", changed),),
        codes=(BundleCode("G-1", "Questions"),),
        codings=(
            BundleCoding("c-1", sha, "G-1", *question, user="Bea Coder"),
            BundleCoding("c-2", sha, "G-1", *shifted, user="Bea Coder"),
        ),
    )
    plan = preview_merge(ana, theirs)
    notes = {(i.kind, i.note) for i in plan.conflicts}
    assert ("coding", "the coded passage reads differently here") in notes
    assert any(kind == "document" and "text differs" in note for kind, note in notes)
    ana.execute(MergeBundle(theirs, user_id=ana.user_id))
    assert [(path, text) for path, text, coder, _ in coded(ana) if coder == "Bea Coder"] == [
        ("Questions", "How did the rollout")
    ]


# ---------------------------------------------------------------- command line
def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--coder", default="Ana Researcher")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    result: Any = args.run(args)
    return int(result)


def test_dry_run_prints_the_preview_and_changes_nothing(
    ana: Project, bea_path: Path, project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table_rows(ana, *TABLES)
    assert run("merge", str(project_path), str(bea_path), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "nothing was changed" in out
    assert "Would add: " in out
    assert "+ 4 codings by Bea Coder" in out
    assert "= 2 codes matched by name and place in the tree" in out
    assert "! value “P01 · Role”: “Nurse” here, “Doctor” in the file" in out
    assert table_rows(ana, *TABLES) == before


def test_cli_merge_then_again_says_there_is_nothing_new(
    ana: Project, bea_path: Path, project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ana.close()  # the command line takes the project's lock itself
    assert run("merge", str(project_path), str(bea_path)) == 0
    assert "Added: " in capsys.readouterr().out
    assert run("merge", str(project_path), str(bea_path), "--json") == 0
    assert '"added": []' in capsys.readouterr().out


def test_merge_refuses_the_project_itself_and_other_file_types(
    project_path: Path, tmp_path: Path, ana: Project
) -> None:
    with pytest.raises(OperationError, match="this project itself"):
        run("merge", str(project_path), str(project_path))
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    with pytest.raises(OperationError, match=r"\.qwb project or a \.qdpx"):
        run("merge", str(project_path), str(notes))


def test_bea_exported_as_qdpx_merges_as_her_project_does_and_twice_adds_nothing(
    ana: Project, bea_path: Path, tmp_path: Path
) -> None:
    from workbench.cli_refi import export_refi

    qdpx = tmp_path / "bea.qdpx"
    with Project.open(bea_path, read_only=True) as bea:
        export_refi(bea, qdpx)
    from_project = preview_merge(ana, bundle_from_file(bea_path)).counts()
    from_qdpx = preview_merge(ana, bundle_from_file(qdpx)).counts()
    assert from_qdpx["added"] == from_project["added"]
    ana.execute(MergeBundle(bundle_from_file(qdpx), user_id=ana.user_id))
    assert preview_merge(ana, bundle_from_file(qdpx)).adds_nothing
