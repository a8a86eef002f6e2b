"""Cases, variables and values, passages, and notes of a REFI-QDA file land where a researcher
expects them; and a project exported by the Workbench comes back the same."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text

from storage.models import Attribute, Case, CaseMember, CaseValue, DocSpan, Memo, Speaker
from tests.workbench.ops_support import apply_coding, import_texts, new_code
from tests.workbench.refi_import_support import (
    ANA,
    CODE,
    DOC,
    codebook,
    coded_texts,
    project_xml,
    text_source,
    users,
    write_qdpx,
)
from workbench.cli_refi_import import import_refi, new_from_refi
from workbench.ops.cases import CreateAttribute, CreateCase, LinkDocumentToCase, SetCaseValue
from workbench.ops.memos import CreateMemo
from workbench.project import Coder, Project
from workbench.queries.documents import list_cases
from workbench.refi.export_qde import export_qdpx

if TYPE_CHECKING:
    from pathlib import Path

TEXT = (
    "Interviewer: How did it go?\n"
    "P01: The wifi drops every night.\n"
    "Interviewer: And training?\n"
    "P01: Rushed, honestly.\n"
)
DOC2 = "BBBBBBBB-0000-0000-0000-000000000002"
NOTES_TEXT = "Ward visit: staff print everything.\n"
V = {name: f"7A400000-0000-0000-0000-00000000000{n}" for n, name in enumerate(
    ["age", "score", "joined", "seen", "consented", "role"], start=1)}  # fmt: skip


def _value(variable: str, tag: str, value: str) -> str:
    return (
        f'<VariableValue><VariableRef targetGUID="{V[variable]}"/><{tag}>{value}</{tag}>'
        "</VariableValue>"
    )


def _span(haystack: str, phrase: str) -> tuple[int, int]:
    start = haystack.index(phrase)
    return start, start + len(phrase)


def _turns_of_p01() -> str:
    """P01's two turns, as selections without codings (our exports' case passages)."""
    first = _span(TEXT, "P01: The wifi drops every night.")
    second = _span(TEXT, "P01: Rushed, honestly.")
    return "".join(
        f'<PlainTextSelection guid="9A550000-0000-0000-0000-00000000000{n}" '
        f'startPosition="{s}" endPosition="{e}"/>'
        for n, (s, e) in enumerate((first, second), start=1)
    )


def _cases_qdpx(tmp_path: Path) -> Path:
    variables = "".join(
        f'<Variable guid="{V[name]}" name="{label}" typeOfVariable="{kind}"/>'
        for name, label, kind in [
            ("age", "Age", "Integer"),
            ("score", "Score", "Float"),
            ("joined", "Joined", "Date"),
            ("seen", "Seen", "DateTime"),
            ("consented", "Consented", "Boolean"),
        ]
    ) + (
        f'<Variable guid="{V["role"]}" name="Role" typeOfVariable="Text">'
        "<Description>Choices:\nnurse\ndoctor</Description></Variable>"
    )
    passage = _span(NOTES_TEXT, "staff print everything")
    cases = (
        '<Case guid="CA5E0000-0000-0000-0000-000000000001" name="P01">'
        "<Description>Night nurse</Description>"
        + _value("age", "IntegerValue", "34")
        + _value("score", "FloatValue", "3.5")
        + _value("joined", "DateValue", "2020-01-05")
        + _value("seen", "DateTimeValue", "2024-03-01T10:00:00Z")
        + _value("consented", "BooleanValue", "1")
        + _value("role", "TextValue", "nurse")
        + f'<CodeRef targetGUID="{CODE}"/>'
        + f'<SourceRef targetGUID="{DOC}"/>'
        + "".join(
            f'<SelectionRef targetGUID="9A550000-0000-0000-0000-00000000000{n}"/>' for n in (1, 2)
        )
        + "</Case>"
        '<Case guid="CA5E0000-0000-0000-0000-000000000002" name="Ward 3">'
        + _value("age", "IntegerValue", "n/a")
        + '<SelectionRef targetGUID="9A550000-0000-0000-0000-000000000003"/></Case>'
        '<Case guid="CA5E0000-0000-0000-0000-000000000003">'  # MAXQDA: document variables
         + _value("role", "TextValue", "doctor") + f'<SourceRef targetGUID="{DOC2}"/></Case>'
    )
    sources = text_source(_turns_of_p01()) + text_source(
        f'<PlainTextSelection guid="9A550000-0000-0000-0000-000000000003" '
        f'startPosition="{passage[0]}" endPosition="{passage[1]}"/>',
        guid=DOC2,
        name="Ward notes",
    )
    body = (
        users((ANA, "Ana"))
        + codebook()
        + f"<Variables>{variables}</Variables><Cases>{cases}</Cases><Sources>{sources}</Sources>"
    )
    return write_qdpx(
        tmp_path / "cases.qdpx",
        {
            "project.qde": project_xml(body, origin="MAXQDA 24"),
            f"sources/{DOC}.txt": TEXT,
            f"sources/{DOC2}.txt": NOTES_TEXT,
        },
    )


def _rows(project: Project, query: str) -> list[tuple[Any, ...]]:
    with project.reading() as session:
        return [tuple(row) for row in session.execute(text(query))]


def test_cases_variables_and_values_come_in_typed(project: Project, tmp_path: Path) -> None:
    report = import_refi(project, _cases_qdpx(tmp_path))
    assert _rows(project, "SELECT name, type, choices FROM attributes ORDER BY position") == [
        ("Age", "number", "[]"),
        ("Score", "number", "[]"),
        ("Joined", "date", "[]"),
        ("Seen", "date", "[]"),
        ("Consented", "choice", '["true", "false"]'),
        ("Role", "choice", '["nurse", "doctor"]'),
    ]
    values = _rows(
        project,
        "SELECT c.name, a.name, v.value FROM case_values v JOIN cases c ON c.id = v.case_id "
        "JOIN attributes a ON a.id = v.attribute_id ORDER BY c.name, a.position",
    )
    assert values == [
        ("P01", "Age", "34"),
        ("P01", "Score", "3.5"),
        ("P01", "Joined", "2020-01-05"),
        ("P01", "Seen", "2024-03-01T10:00:00Z"),
        ("P01", "Consented", "true"),
        ("P01", "Role", "nurse"),
        ("Ward notes", "Role", "doctor"),  # MAXQDA's nameless case: a case per document
    ]
    cases = {c.name: c for c in list_cases(project)}
    assert set(cases) == {"P01", "Ward 3", "Ward notes"}
    assert cases["P01"].description == "Night nurse"
    left_out = " ".join(report.left_out)
    assert "1 value of “Age” was not brought in" in left_out
    assert "1 link from cases straight to codes" in left_out
    assert (report.cases, report.attributes, report.values) == (3, 6, 7)


def test_case_passages_link_speakers_and_paragraphs(project: Project, tmp_path: Path) -> None:
    import_refi(project, _cases_qdpx(tmp_path))
    with project.reading() as session:
        speakers = dict(
            session.execute(
                select(Speaker.name, Case.name).outerjoin(Case, Case.id == Speaker.case_id)
            ).all()
        )
        span_members = session.execute(
            select(Case.name, DocSpan.start, DocSpan.end, DocSpan.kind)
            .join(CaseMember, CaseMember.case_id == Case.id)
            .join(DocSpan, DocSpan.id == CaseMember.span_id)
        ).all()
    assert speakers == {"Interviewer": None, "P01": "P01"}  # every P01 turn was P01's passage
    start, end = _span(NOTES_TEXT, "staff print everything")
    assert [tuple(row) for row in span_members] == [("Ward 3", start, end, "passage")]


def test_a_value_the_project_holds_differently_is_kept_and_reported(
    project: Project, tmp_path: Path
) -> None:
    case = CreateCase(name="p01")
    project.execute(case)
    age = CreateAttribute(name="age", kind="number")
    project.execute(age)
    assert case.case_id is not None
    assert age.attribute_id is not None
    project.execute(SetCaseValue(case_id=case.case_id, attribute_id=age.attribute_id, value="35"))
    report = import_refi(project, _cases_qdpx(tmp_path))
    with project.reading() as session:
        kept = session.scalar(
            select(CaseValue.value).where(
                CaseValue.case_id == case.case_id, CaseValue.attribute_id == age.attribute_id
            )
        )
        names = list(session.scalars(select(Case.name).order_by(Case.name)))
        attributes = list(session.scalars(select(Attribute.name)))
    assert kept == "35"
    assert names == ["Ward 3", "Ward notes", "p01"]
    assert attributes.count("age") == 1
    assert "Age" not in attributes
    assert "“age” of “p01” is “35” in the project and “34” in the file" in " ".join(report.warnings)


# --------------------------------------------------------------------------- notes
NOTE_IDS = {name: f"0E0E0000-0000-0000-0000-00000000000{n}" for n, name in enumerate(
    ["project", "code", "source", "comment", "coding", "case", "journal", "loose", "annotation"],
    start=1)}  # fmt: skip


def _note(name: str) -> str:
    return (
        f'<Note guid="{NOTE_IDS[name]}" name="{name} note"><PlainTextContent>About the {name}'
        "</PlainTextContent></Note>"
    )


def _notes_qdpx(tmp_path: Path) -> Path:
    wifi = _span(TEXT, "wifi drops")
    rushed = _span(TEXT, "Rushed")
    night = _span(TEXT, "every night")
    code_book = (
        f'<CodeBook><Codes><Code guid="{CODE}" name="Wifi" isCodable="true">'
        f'<Description>Connectivity</Description><NoteRef targetGUID="{NOTE_IDS["code"]}"/>'
        "</Code></Codes></CodeBook>"
    )
    selections = (
        f'<PlainTextSelection guid="5E1E0000-0000-0000-0000-000000000001" startPosition="{wifi[0]}"'
        f' endPosition="{wifi[1]}"><Description>Said twice</Description>'
        f'<Coding guid="C0D10000-0000-0000-0000-0000000000A1" creatingUser="{ANA}">'
        f'<CodeRef targetGUID="{CODE}"/><NoteRef targetGUID="{NOTE_IDS["coding"]}"/></Coding>'
        "</PlainTextSelection>"
        f'<PlainTextSelection guid="5E1E0000-0000-0000-0000-000000000002" '
        f'startPosition="{rushed[0]}" endPosition="{rushed[1]}">'
        f'<NoteRef targetGUID="{NOTE_IDS["comment"]}"/></PlainTextSelection>'
        f'<PlainTextSelection guid="5E1E0000-0000-0000-0000-000000000003" '
        f'startPosition="{night[0]}" endPosition="{night[1]}">'
        "<Description>Check the router logs</Description></PlainTextSelection>"
        f'<PlainTextSelection guid="5E1E0000-0000-0000-0000-000000000004" startPosition="0" '
        'endPosition="11"/>'
        f'<NoteRef targetGUID="{NOTE_IDS["source"]}"/>'
    )
    body = (
        users((ANA, "Ana"))
        + code_book
        + '<Cases><Case guid="CA5E0000-0000-0000-0000-000000000001" name="P01"/></Cases>'
        + f"<Sources>{text_source(selections)}</Sources>"
        + "<Notes>"
        + "".join(_note(name) for name in NOTE_IDS)
        + "</Notes>"
        + "<Links>"
        f'<Link guid="1111AAAA-0000-0000-0000-000000000001" name="Memo-Case Relation" '
        f'originGUID="{NOTE_IDS["case"]}" targetGUID="CA5E0000-0000-0000-0000-000000000001"/>'
        f'<Link guid="1111AAAA-0000-0000-0000-000000000002" '
        f'originGUID="5E1E0000-0000-0000-0000-000000000004" targetGUID="{NOTE_IDS["annotation"]}"/>'
        "</Links>"
        '<Sets><Set guid="5E700000-0000-0000-0000-000000000001" name="Research journal">'
        f'<MemberNote targetGUID="{NOTE_IDS["journal"]}"/></Set></Sets>'
        f'<NoteRef targetGUID="{NOTE_IDS["project"]}"/>'
        f'<NoteRef targetGUID="{NOTE_IDS["journal"]}"/>'
    )
    return write_qdpx(
        tmp_path / "notes.qdpx",
        {"project.qde": project_xml(body), f"sources/{DOC}.txt": TEXT},
    )


def test_notes_become_memos_attached_to_what_they_are_about(
    project: Project, tmp_path: Path
) -> None:
    report = import_refi(project, _notes_qdpx(tmp_path))
    with project.reading() as session:
        memos = {
            title: (kind, start, end, target)
            for title, kind, start, end, target in session.execute(
                select(Memo.title, Memo.kind, Memo.anchor_start, Memo.anchor_end, Memo.target_id)
            )
        }
    rushed, night, opening = _span(TEXT, "Rushed"), _span(TEXT, "every night"), (0, 11)
    assert {title: value[:3] for title, value in memos.items()} == {
        "project note": ("project", None, None),
        "code note": ("code", None, None),
        "source note": ("document", None, None),
        "comment note": ("document", *rushed),  # a comment on a passage
        "coding note": ("coding", None, None),
        "case note": ("case", None, None),
        "journal note": ("journal", None, None),
        "loose note": ("project", None, None),
        "annotation note": ("document", *opening),  # NVivo: a Link from selection to note
        "Comment": ("document", *night),  # MAXQDA: a selection with only a description
    }
    assert memos["case note"][3] == list_cases(project)[0].id
    assert _rows(project, "SELECT memo FROM codings") == [("Said twice",)]
    assert coded_texts(project) == [("Wifi", "Ana", "wifi drops")]
    assert report.memos == 10


# --------------------------------------------------------------------------- round trip
def _everything(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "documents": "SELECT name, kind, text, guid FROM documents ORDER BY name",
        "codes": "SELECT c.name, coalesce(p.name, ''), c.colour, c.definition, c.inclusion, "
        "c.exclusion, c.example, c.is_codable, c.guid FROM codes c "
        "LEFT JOIN codes p ON p.id = c.parent_id ORDER BY c.name",
        "codings": 'SELECT d.name, c.name, substr(d.text, g.start + 1, g."end" - g.start), '
        "u.name, g.memo, g.guid FROM codings g JOIN documents d ON d.id = g.document_id "
        "JOIN codes c ON c.id = g.code_id JOIN users u ON u.id = g.user_id ORDER BY 1, 2, 3",
        "cases": "SELECT name, description, guid FROM cases ORDER BY name",
        "members": "SELECT c.name, d.name, m.span_id IS NULL FROM case_members m "
        "JOIN cases c ON c.id = m.case_id JOIN documents d ON d.id = m.document_id ORDER BY 1, 2",
        "speakers": "SELECT s.name, d.name, c.name FROM speakers s JOIN documents d ON "
        "d.id = s.document_id LEFT JOIN cases c ON c.id = s.case_id ORDER BY 1, 2",
        "attributes": "SELECT name, type, choices, guid FROM attributes ORDER BY name",
        "values": "SELECT c.name, a.name, v.value FROM case_values v JOIN cases c ON "
        "c.id = v.case_id JOIN attributes a ON a.id = v.attribute_id ORDER BY 1, 2",
        "memos": "SELECT kind, title, text, target_id IS NOT NULL, anchor_start, anchor_end, "
        "guid FROM memos ORDER BY kind",
        "users": "SELECT name, initials, guid FROM users ORDER BY name",
    }
    return {name: _rows(project, query) for name, query in queries.items()}


def test_a_workbench_export_imports_back_the_same(tmp_path: Path) -> None:
    coder = Coder("Ana Researcher", "AR")
    original = Project.create(tmp_path / "original.qwb", coder=coder)
    transcript = "Interviewer: How was it?\nP01: The wifi 📶 drops every night.\r\nP01: Rushed.\n"
    ids = import_texts(original, tmp_path, {"ward": transcript, "notes": NOTES_TEXT})
    barriers = new_code(original, "Barriers", colour="#123456", definition="In the way\n\nTwo",
                        inclusion="Any obstacle", example="wifi")  # fmt: skip
    wifi = new_code(original, "Wifi", barriers)
    stored = original.document_text(ids["ward"])
    coding = apply_coding(original, ids["ward"], wifi, _span(stored, "wifi 📶 drops"))
    apply_coding(original, ids["notes"], new_code(original, "Print"), _span(NOTES_TEXT, "print"))
    role = CreateAttribute(name="Role", kind="choice", choices=["nurse", "doctor"])
    ward = CreateCase(name="Ward 3", description="The ward")
    original.execute(role)
    original.execute(ward)
    assert role.attribute_id is not None
    assert ward.case_id is not None
    p01 = list_cases(original)[0].id
    original.execute(SetCaseValue(case_id=p01, attribute_id=role.attribute_id, value="nurse"))
    original.execute(LinkDocumentToCase(case_id=ward.case_id, document_id=ids["notes"]))
    for kind, target in [("project", None), ("document", ids["ward"]), ("code", wifi),
                         ("case", ward.case_id), ("coding", coding), ("journal", None),
                         ("recommendation", barriers)]:  # fmt: skip
        original.execute(CreateMemo(kind=kind, title=kind, text=f"On {kind}\n2", target_id=target,
                                    author_id=original.user_id))  # fmt: skip
    before = _everything(original)
    export_qdpx(original, tmp_path / "exported.qdpx")
    original.close()

    report = new_from_refi(tmp_path / "copy.qwb", tmp_path / "exported.qdpx", coder=coder)
    with Project.open(tmp_path / "copy.qwb", coder=coder) as copy:
        assert _everything(copy) == before
    assert (report.left_out, report.adjusted, report.reused) == ([], [], [])
