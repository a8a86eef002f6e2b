"""REFI-QDA export: a real project to .qdpx and its codebook to .qdc, checked against the
standard's own schemas (read in place from shared/spec/refi-qda, not our shipped copies)."""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlalchemy import String, cast, select, update

from storage.models import Coding, Document, Pseudonym
from tests.workbench.ops_support import apply_coding, import_texts, new_code, span_of
from workbench.cli_refi import export_refi
from workbench.errors import WorkbenchError
from workbench.ops.cases import CreateAttribute, CreateCase, LinkDocumentToCase, SetCaseValue
from workbench.ops.memos import CreateMemo, UpdateMemo
from workbench.project import Coder
from workbench.refi import export_qde
from workbench.refi.export_values import derived_guid, guid_of
from workbench.refi.names import CASE_MEMO_LINK, JOURNAL_SET, RECOMMENDATION_SET

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

P = "{urn:QDA-XML:project:1.0}"
C = "{urn:QDA-XML:codebook:1.0}"
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

# CRLF line ends (normalised at import) and emoji outside the BMP before the coded passages.
CLINIC = (
    "Interviewer: How was the remote monitoring pilot? 🙂\r\n"
    "P01: The tablets 📱📱 arrived late and the cost of data was a shock.\r\n"
    "P01: Nobody trained us, so the night staff at [Trust A] still print everything.\r\n"
)
WARD = (
    "Interviewer: What helped?\n"
    "P02: Champions on each ward helped with training.\n"
    "P02: The budget ran out in March.\n"
)


@dataclass
class Study:
    project: Project
    docs: dict[str, int]
    codes: dict[str, int]
    second_user: int


ATTRIBUTES = [
    ("Beds", "number", "240"),
    ("Score", "number", "3.5"),
    ("Opened", "date", "2019-04-01"),
    ("Region", "choice", "North"),
    ("Note", "text", "rural"),
]


def _codes(project: Project) -> dict[str, int]:
    barriers = new_code(
        project, "Barriers", colour="#E69F00", is_codable=False, definition="What gets in the way."
    )
    cost = new_code(
        project,
        "Cost",
        barriers,
        colour="#009e73",
        definition="Money spent or missing.",
        inclusion="Prices, budgets.",
        exclusion="Time costs.",
        example="the cost of data",
    )
    training = new_code(project, "Training", barriers, colour="#56B4E9")
    emoji = new_code(project, "Emoji 📱")
    return {"Barriers": barriers, "Cost": cost, "Training": training, "Emoji": emoji}


def _case(project: Project, document_id: int) -> int:
    case = CreateCase(name="Site North", description="A district hospital")
    project.execute(case)
    assert case.case_id is not None
    project.execute(LinkDocumentToCase(case_id=case.case_id, document_id=document_id))
    for name, kind, value in ATTRIBUTES:
        choices = ["North", "South"] if kind == "choice" else None
        attribute = CreateAttribute(name=name, kind=kind, choices=choices)
        project.execute(attribute)
        assert attribute.attribute_id is not None
        project.execute(
            SetCaseValue(case_id=case.case_id, attribute_id=attribute.attribute_id, value=value)
        )
    return case.case_id


def _memos(project: Project, codes: dict[str, int], docs: dict[str, int], case: int) -> None:
    coding = apply_coding(project, docs["ward"], codes["Training"], span_of(WARD, "Champions"))
    cost = codes["Cost"]
    memos = [
        CreateMemo(kind="project", title="Aims", text="Why we **study** this.\x0b\ufffe"),
        CreateMemo(kind="journal", title="Day 1", text="Coded two interviews."),
        CreateMemo(kind="recommendation", title="Fund data", text="Pay.", target_id=cost),
        CreateMemo(kind="code", title="About cost", text="Cost memo", target_id=cost),
        CreateMemo(kind="case", title="About P01", text="Case memo", target_id=case),
        CreateMemo(kind="document", title="Clinic", text="Doc memo", target_id=docs["clinic"]),
        CreateMemo(kind="coding", title="Champions", text="Coding memo", target_id=coding),
    ]
    for memo in memos:
        project.execute(memo)


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    """Two transcripts, a code tree, codings by two coders, a case with typed values, memos of
    every kind, and a pseudonym whose original appears nowhere in the texts."""
    docs = import_texts(project, tmp_path, {"clinic": CLINIC, "ward": WARD})
    codes = _codes(project)
    with project.transaction() as session:
        second = project.user_for(session, Coder("Ben Second", "BS"))
        session.add(Pseudonym(original="Northvale", replacement="[Trust A]"))
    clinic = project.document_text(docs["clinic"])
    apply_coding(project, docs["clinic"], codes["Cost"], span_of(clinic, "cost of data"))
    apply_coding(project, docs["clinic"], codes["Emoji"], span_of(clinic, "tablets 📱📱"))
    trained = span_of(clinic, "Nobody trained")
    apply_coding(project, docs["clinic"], codes["Training"], trained, user_id=second)
    apply_coding(project, docs["ward"], codes["Cost"], span_of(WARD, "budget ran out"), second)
    _memos(project, codes, docs, _case(project, docs["clinic"]))
    return Study(project, docs, codes, second)


def _export(project: Project, out: Path) -> tuple[zipfile.ZipFile, etree._Element]:
    export_refi(project, out)
    archive = zipfile.ZipFile(out)
    return archive, etree.fromstring(archive.read("project.qde"), SAFE)


def _schema(samples_dir: Path, name: str) -> etree.XMLSchema:
    spec = samples_dir.parent / "spec" / "refi-qda" / name
    return etree.XMLSchema(etree.parse(str(spec), SAFE))


def test_exported_project_meets_the_standard_schema(
    study: Study, tmp_path: Path, samples_dir: Path
) -> None:
    archive, root = _export(study.project, tmp_path / "study.qdpx")
    schema = _schema(samples_dir, "Project-mrt2019.xsd")
    assert schema.validate(root), schema.error_log
    names = sorted(archive.namelist())
    assert names[0] == "project.qde"
    assert len(names) == 3
    assert all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    assert root.get("origin", "").startswith("Qualitative Workbench")
    assert root.get("name") == "Test study"


def test_every_selection_slices_the_coded_text_out_of_its_source_file(
    study: Study, tmp_path: Path
) -> None:
    archive, root = _export(study.project, tmp_path / "study.qdpx")
    with study.project.reading() as session:
        stored = {
            guid_of(g): study.project.document_text(d)[s:e]
            for g, d, s, e in session.execute(
                select(Coding.guid, Coding.document_id, Coding.start, Coding.end)
            )
        }
    found = {}
    for source in root.iter(P + "TextSource"):
        path = source.get("plainTextPath", "")
        assert path == f"internal://{source.get('guid')}.txt"
        raw = archive.read("sources/" + path.removeprefix("internal://"))
        assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
        assert b"\r" not in raw  # LF only
        text = raw.decode("utf-8")
        for selection in source.iter(P + "PlainTextSelection"):
            for coding in selection.iter(P + "Coding"):
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
                found[coding.get("guid")] = text[start:end]
    assert found == stored
    assert "tablets 📱📱" in found.values()  # code points, after two-code-unit emoji


def test_code_tree_names_colours_and_descriptions_are_kept(study: Study, tmp_path: Path) -> None:
    _, root = _export(study.project, tmp_path / "study.qdpx")
    codes = root.find(f"{P}CodeBook/{P}Codes")
    assert codes is not None
    barriers = codes.find(f"{P}Code[@name='Barriers']")
    assert barriers is not None
    assert (barriers.get("color"), barriers.get("isCodable")) == ("#E69F00", "false")
    children = [(c.get("name"), c.get("color")) for c in barriers.findall(f"{P}Code")]
    assert children == [("Cost", "#009E73"), ("Training", "#56B4E9")]
    cost = barriers.find(f"{P}Code[@name='Cost']")
    assert cost is not None
    assert cost.findtext(f"{P}Description") == (
        "Money spent or missing.\n\nInclusion: Prices, budgets.\n\nExclusion: Time costs."
        "\n\nExample: the cost of data"
    )
    assert codes.find(f"{P}Code[@name='Emoji 📱']") is not None


def test_codings_name_their_coder_and_both_coders_are_listed(study: Study, tmp_path: Path) -> None:
    _, root = _export(study.project, tmp_path / "study.qdpx")
    users = {u.get("name"): u.get("guid") for u in root.iter(P + "User")}
    assert {"Ana Researcher", "Ben Second"} <= set(users)
    coders = [c.get("creatingUser") for c in root.iter(P + "Coding")]
    assert coders.count(users["Ben Second"]) == 2
    assert coders.count(users["Ana Researcher"]) == 3
    assert all(c.get("creationDateTime", "").endswith("Z") for c in root.iter(P + "Coding"))
    code_guids = {c.get("guid") for c in root.iter(P + "Code")}
    assert {r.get("targetGUID") for r in root.iter(P + "CodeRef")} <= code_guids


def test_cases_carry_typed_variables_values_and_documents(study: Study, tmp_path: Path) -> None:
    _, root = _export(study.project, tmp_path / "study.qdpx")
    variables = {v.get("guid"): v for v in root.iter(P + "Variable")}
    types = {v.get("name"): v.get("typeOfVariable") for v in variables.values()}
    assert types == {"Beds": "Integer", "Score": "Float", "Opened": "Date", "Region": "Text",
                     "Note": "Text"}  # fmt: skip
    region = next(v for v in variables.values() if v.get("name") == "Region")
    assert region.findtext(f"{P}Description") == "Choices:\nNorth\nSouth"
    case = root.find(f"{P}Cases/{P}Case[@name='Site North']")
    assert case is not None
    assert case.findtext(f"{P}Description") == "A district hospital"
    values = {
        variables[v.find(f"{P}VariableRef").get("targetGUID")].get("name"): (  # type: ignore[union-attr]
            etree.QName(v[1]).localname,
            v[1].text,
        )
        for v in case.findall(f"{P}VariableValue")
    }
    assert values == {"Beds": ("IntegerValue", "240"), "Score": ("FloatValue", "3.5"),
                      "Opened": ("DateValue", "2019-04-01"), "Region": ("TextValue", "North"),
                      "Note": ("TextValue", "rural")}  # fmt: skip
    clinic = root.find(f"{P}Sources/{P}TextSource[@name='clinic']")
    assert clinic is not None
    assert [r.get("targetGUID") for r in case.findall(f"{P}SourceRef")] == [clinic.get("guid")]
    # Each participant's case (made at import from the speaker) names their turns.
    participant = root.find(f"{P}Cases/{P}Case[@name='P01']")
    assert participant is not None
    turns = [r.get("targetGUID") for r in participant.findall(f"{P}SelectionRef")]
    selections = {s.get("guid") for s in clinic.iter(P + "PlainTextSelection")}
    assert len(turns) == 2
    assert set(turns) <= selections


def test_memos_are_notes_referenced_from_what_they_are_about(study: Study, tmp_path: Path) -> None:
    _, root = _export(study.project, tmp_path / "study.qdpx")
    notes = {n.get("name"): n for n in root.iter(P + "Note")}
    assert len(notes) == 7
    guid = {name: note.get("guid") for name, note in notes.items()}
    assert notes["Aims"].findtext(f"{P}PlainTextContent") == "Why we **study** this."

    def refs(element: etree._Element | None) -> list[str | None]:
        assert element is not None
        return [r.get("targetGUID") for r in element.findall(f"{P}NoteRef")]

    assert refs(root) == [guid["Aims"], guid["Day 1"]]
    assert refs(root.find(f".//{P}Code[@name='Cost']")) == [guid["Fund data"], guid["About cost"]]
    assert refs(root.find(f".//{P}TextSource[@name='clinic']")) == [guid["Clinic"]]
    assert refs(root.find(f".//{P}Coding/{P}NoteRef/..")) == [guid["Champions"]]
    link = root.find(f"{P}Links/{P}Link")
    assert link is not None
    case = root.find(f"{P}Cases/{P}Case[@name='Site North']")
    assert case is not None
    assert (link.get("name"), link.get("originGUID"), link.get("targetGUID")) == (
        CASE_MEMO_LINK, guid["About P01"], case.get("guid"),
    )  # fmt: skip
    sets = {s.get("name"): [m.get("targetGUID") for m in s] for s in root.iter(P + "Set")}
    assert sets == {JOURNAL_SET: [guid["Day 1"]], RECOMMENDATION_SET: [guid["Fund data"]]}


def test_no_pseudonym_original_leaves_the_project(study: Study, tmp_path: Path) -> None:
    out = tmp_path / "study.qdpx"
    archive, _ = _export(study.project, out)
    assert b"Northvale" not in out.read_bytes()
    for name in archive.namelist():
        assert b"Northvale" not in archive.read(name)
    assert any(b"[Trust A]" in archive.read(n) for n in archive.namelist())


def test_the_identifiable_original_of_a_pseudonymised_document_is_left_out(
    study: Study, tmp_path: Path
) -> None:
    original = import_texts(study.project, tmp_path, {"original": "P03: I am Jo Bloggs.\n"})
    with study.project.transaction() as session:
        session.execute(
            update(Document)
            .where(Document.id == study.docs["clinic"])
            .values(pseudonymised_from=original["original"])
        )
    message = export_refi(study.project, tmp_path / "study.qdpx")
    archive = zipfile.ZipFile(tmp_path / "study.qdpx")
    assert all(b"Jo Bloggs" not in archive.read(n) for n in archive.namelist())
    assert len(archive.namelist()) == 3  # project.qde and the two pseudonymised sources
    assert "1 identifiable original" in message


def test_re_exporting_writes_the_same_project_file(study: Study, tmp_path: Path) -> None:
    first, _ = _export(study.project, tmp_path / "a.qdpx")
    second, _ = _export(study.project, tmp_path / "b.qdpx")
    assert first.read("project.qde") == second.read("project.qde")


def test_stored_guids_that_are_not_uuids_still_export_as_valid_guids(
    study: Study, tmp_path: Path, samples_dir: Path
) -> None:
    with study.project.transaction() as session:
        session.execute(update(Coding).values(guid=cast(Coding.id, String) + "abc"))
        session.execute(update(Coding).where(Coding.id == 1).values(guid="0" * 31 + "1"))
    _, root = _export(study.project, tmp_path / "study.qdpx")
    assert _schema(samples_dir, "Project-mrt2019.xsd").validate(root)
    guids = [c.get("guid") for c in root.iter(P + "Coding")]
    assert "00000000-0000-0000-0000-000000000001" in guids
    assert len(set(guids)) == len(guids)


def test_derived_guids_are_uuid5_of_their_seed() -> None:
    namespace = uuid.UUID("3b0f8f0c-6a1e-5d2b-9c47-e1a0d5f3b7c2")
    for seed in ("selection:ABC", "", "ünïcode 📱"):
        assert derived_guid(seed) == str(uuid.uuid5(namespace, seed)).upper()


def test_codebook_export_meets_the_standard_and_holds_the_tree(
    study: Study, tmp_path: Path, samples_dir: Path
) -> None:
    out = tmp_path / "codes.qdc"
    assert export_refi(study.project, out) == f"Wrote {out} (4 codes)"
    root = etree.parse(str(out), SAFE).getroot()
    schema = _schema(samples_dir, "Codebook-mrt2019.xsd")
    assert schema.validate(root), schema.error_log
    tree = [
        (c.getparent().get("name"), c.get("name"), c.get("color"))  # type: ignore[union-attr]
        for c in root.iter(C + "Code")
    ]
    assert tree == [(None, "Barriers", "#E69F00"), ("Barriers", "Cost", "#009E73"),
                    ("Barriers", "Training", "#56B4E9"), (None, "Emoji 📱", "#CC79A7")]  # fmt: skip


def test_a_codebook_of_no_codes_is_refused_in_plain_words(project: Project, tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="no codes"):
        export_refi(project, tmp_path / "codes.qdc")
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".qdc" or p.name.startswith(".")]


def test_an_empty_project_exports_a_valid_file(
    project: Project, tmp_path: Path, samples_dir: Path
) -> None:
    _, root = _export(project, tmp_path / "empty.qdpx")
    assert _schema(samples_dir, "Project-mrt2019.xsd").validate(root)


@pytest.mark.parametrize("suffix", [".qdpx", ".qdc"])
def test_a_missing_folder_is_reported_and_nothing_is_written(
    study: Study, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / "no such folder" / f"study{suffix}"
    with pytest.raises(WorkbenchError, match="does not exist"):
        export_refi(study.project, target)
    assert not target.parent.exists()


def test_a_failed_write_leaves_no_half_file(study: Study, tmp_path: Path) -> None:
    target = tmp_path / "study.qdpx"
    target.mkdir()  # a folder in the way: the final rename fails
    with pytest.raises(WorkbenchError, match=r"Cannot write study\.qdpx"):
        export_refi(study.project, target)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".export")) == []


def test_an_export_that_breaks_the_schema_is_refused_before_writing(
    study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "study.qdpx"
    target.write_bytes(b"an older export")

    def users_without_guid(root: etree._Element, _data: object) -> None:
        etree.SubElement(etree.SubElement(root, P + "Users"), P + "User", name="Nameless")

    monkeypatch.setattr(export_qde, "add_users", users_without_guid)
    with pytest.raises(WorkbenchError, match=r"nothing was written.*User.*guid"):
        export_refi(study.project, target)
    assert target.read_bytes() == b"an older export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export")] == []


def test_a_file_that_is_not_refi_is_refused(study: Study, tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match=r"\.qdpx or a \.qdc"):
        export_refi(study.project, tmp_path / "study.zip")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(max_size=30), text=st.text(max_size=200))
def test_any_memo_text_exports_to_a_valid_file(
    project: Project, tmp_path: Path, samples_dir: Path, title: str, text: str
) -> None:
    memos = _project_memos(project)
    if memos:
        project.execute(UpdateMemo(memos[0], title=title, text=text))
    else:
        project.execute(CreateMemo(kind="project", title=title, text=text))
    _, root = _export(project, tmp_path / "memo.qdpx")
    assert _schema(samples_dir, "Project-mrt2019.xsd").validate(root)


def _project_memos(project: Project) -> list[int]:
    from workbench.queries.documents import list_memos

    return [m.id for m in list_memos(project)]


def test_the_cli_exports_a_project_and_its_codebook(project_path: Path, tmp_path: Path) -> None:
    from workbench.cli import main

    assert main(["new", str(project_path)]) == 0
    assert main(["codebook", str(project_path), "add", "nasss"]) == 0
    for name in ("study.qdpx", "codes.qdc"):
        assert main(["export", str(project_path), str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 0
