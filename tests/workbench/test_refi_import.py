"""Importing real REFI-QDA exports of other tools (read in place from ../shared/samples/refi),
codebooks (.qdc), new projects made from a .qdpx, and importing the same file twice."""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING

from lxml import etree
from sqlalchemy import select

from storage.models import Memo, ProjectInfo, User
from tests.workbench.refi_import_support import (
    ANA,
    coded_texts,
    file_state,
    project_xml,
    selection,
    simple_qdpx,
    write_qdpx,
)
from workbench.cli_refi_import import import_refi, is_refi_file, new_from_refi
from workbench.progress import Progress
from workbench.project import Coder, Project
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.documents import list_documents, list_memos

if TYPE_CHECKING:
    from pathlib import Path

NVIVO = "nvivo12mac_oltas_17june.qdpx"
ATLAS = "atlasti84_refi_reference_example.qdpx"


def _between_words(text: str, index: int) -> bool:
    return index in (0, len(text)) or not (text[index - 1].isalnum() and text[index].isalnum())


# --------------------------------------------------------------------------- NVivo for Mac
def test_an_nvivo_for_mac_project_comes_in_with_its_codes_and_coders(
    project: Project, samples_dir: Path
) -> None:
    report = import_refi(project, samples_dir / "refi" / NVIVO)
    documents = list_documents(project)
    assert sorted(d.name for d in documents) == ["videos_10_selected", "videos_selection"]
    codes = list_codes(project)
    paths = code_paths(codes)
    assert len(codes) == 152
    assert max(path.count("/") for path in paths.values()) == 3  # four levels deep
    assert "2. Attitűd szint az oltáshoz/sárga" in paths.values()
    attitude = next(c for c in codes if c.name == "2. Attitűd szint az oltáshoz")
    assert attitude.definition.startswith("Erősen szkeptikus (piros)\n")
    assert (report.documents, report.codes, report.codings) == (2, 152, 297)
    assert "UTF-16" in report.reading
    assert report.left_out == []
    coders = {coder for _code, coder, _text in coded_texts(project)}
    assert coders == {"floriansipos"}  # every selection in the file is theirs
    with project.reading() as session:
        names = set(session.scalars(select(User.name)))
    assert names == {"Ana Researcher", "floriansipos", "Gergo"}


def test_nvivo_utf16_positions_land_on_the_words_coded_in_nvivo(
    project: Project, samples_dir: Path
) -> None:
    """892 emoji precede the selections: read as UTF-16 units, they fall between words (3 of
    297 were cut mid-word by the coder in NVivo); read naively as code points, they do not."""
    archive = samples_dir / "refi" / NVIVO
    import_refi(project, archive)
    coded = coded_texts(project)
    texts = [text for _code, _coder, text in coded]
    assert ("+Government", "floriansipos", texts[0]) in coded
    assert texts[0].startswith("Na mi van? Nem mertétek kötelezővé tenni?")
    assert texts[0].endswith("Akkor biztis hogy nem haltok meg covidban.")
    assert (
        "+Belief in vaccine ineffectiveness",
        "floriansipos",
        "CDC announces 79% of all U.S. omicron cases have occurred in vaccinated individuals",
    ) in coded
    [document] = [d for d in list_documents(project) if d.name == "videos_10_selected"]
    text = project.document_text(document.id)
    with project.reading() as session:
        from storage.models import Coding

        ranges = session.execute(
            select(Coding.start, Coding.end).where(Coding.document_id == document.id)
        ).all()
    on_words = sum(_between_words(text, s) and _between_words(text, e) for s, e in ranges)
    assert len(ranges) == 297
    assert on_words >= 294
    naive = _naive_on_words(archive)
    assert naive < 150  # the same positions read as code points drift into words


def _naive_on_words(archive: Path) -> int:
    """Selections whose raw positions, sliced as code points, fall between words."""
    with zipfile.ZipFile(archive) as zipped:
        root = etree.fromstring(zipped.read("project.qde"))
        guid = "70a540a6-08d4-4ce3-8a60-9f29ffd2b259"
        text = zipped.read(f"sources/{guid}.txt").decode("utf-8-sig")
    count = 0
    for element in root.iter("{*}PlainTextSelection"):
        start, end = int(element.get("startPosition")), int(element.get("endPosition"))
        count += _between_words(text, start) and _between_words(text, end)
    return count


# --------------------------------------------------------------------------- ATLAS.ti example
def test_the_atlas_ti_reference_example_brings_in_its_codebook_and_memos(
    project: Project, samples_dir: Path
) -> None:
    report = import_refi(project, samples_dir / "refi" / ATLAS)
    codes = {c.name: c for c in list_codes(project)}
    assert len(codes) == 14
    assert all(c.parent_id is None for c in codes.values())  # ATLAS.ti flattens the tree
    assert {"Coke", "Coke::diet Coke", "Coke::full-fat Coke", '"rushed"'} <= set(codes)
    assert (codes["Coke::diet Coke"].definition, codes["Coke"].colour) == ("non sucré", "#966450")
    assert codes["cornflakes"].definition == "breakfast cereal made by Kellogg’s"
    memos = {m.title for m in list_memos(project)}
    assert memos == {"Research Plan", "My favorite Coke ad"}
    with project.reading() as session:
        names = set(session.scalars(select(User.name)))
    assert names == {"Ana Researcher", "Friedrich Markgraf", "Sebastian Petrausch"}  # no "ATLAS.ti"
    assert list_documents(project) == []
    left_out = "\n".join(report.left_out)
    assert "16 sets" in left_out
    assert "1 network graph" in left_out
    assert "“Simon.docx”: its text is missing from the archive" in left_out
    assert "“Mabel.txt”: its text is missing from the archive" in left_out
    assert "3 codings were not brought in" in left_out
    assert "“cornflakes-n-milk.jpg” is a picture" in left_out
    assert "4 codings of areas of its pages" in left_out
    assert "“Jeanine's Breakfast.m4a” is a recording without a transcript" in left_out


# --------------------------------------------------------------------------- codebooks
TAGUETTE_QDC = """<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="Taguette 1.4.1">
  <Codes>
    <Code guid="E2D8D2F4-0E7A-5B5A-9C1E-2C3A4B5C6D7E" name="interesting" isCodable="true"/>
    <Code guid="{F1A2B3C4-D5E6-4F70-8192-A3B4C5D6E7F8}" name="interesting.places" isCodable="true"
          color="#0F0"/>
    <Code guid="0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9" name="Problèmes d'accès" isCodable="false">
      <Description>Quand les patients n'arrivent pas à se connecter</Description>
      <Code guid="1C2D3E4F-5061-4728-93A4-B5C6D7E8F90A" name="Réseau wifi" isCodable="true"/>
    </Code>
  </Codes>
  <Sets/>
</CodeBook>
"""


def test_a_codebook_file_brings_in_its_code_tree(project: Project, tmp_path: Path) -> None:
    """A Taguette-style .qdc: NVivo's namespace variant, dotted names, an empty <Sets/>,
    braces and lower-case GUIDs, accented names."""
    qdc = tmp_path / "codebook.qdc"
    qdc.write_text(TAGUETTE_QDC, encoding="utf-8")
    assert is_refi_file(qdc)
    report = import_refi(project, qdc)
    codes = list_codes(project)
    assert sorted(code_paths(codes).values()) == [
        "Problèmes d'accès",
        "Problèmes d'accès/Réseau wifi",
        "interesting",
        "interesting.places",
    ]
    by_name = {c.name: c for c in codes}
    assert by_name["interesting.places"].colour == "#00FF00"
    assert by_name["Problèmes d'accès"].definition.startswith("Quand les patients")
    assert not by_name["Problèmes d'accès"].is_codable
    assert (report.codes, report.documents, report.left_out) == (4, 0, [])


# --------------------------------------------------------------------------- new and again
def test_a_new_project_is_made_from_a_qdpx(tmp_path: Path, samples_dir: Path) -> None:
    target = tmp_path / "from nvivo.qwb"
    report = new_from_refi(target, samples_dir / "refi" / NVIVO, coder=Coder("Bea Lead"))
    assert report.documents == 2
    with Project.open(target, coder=Coder("Bea Lead")) as project:
        with project.reading() as session:
            assert session.scalar(select(ProjectInfo.title)) == "Untitled"  # NVivo's own name
        assert len(list_codes(project)) == 152


TEXT = "P01: The tablets arrived late.\nP01: The wifi drops every night.\n"


def test_importing_the_same_file_twice_adds_nothing(project: Project, tmp_path: Path) -> None:
    start = TEXT.index("wifi")
    note = (
        '<Notes><Note guid="0E0E0000-0000-0000-0000-000000000001" name="Thoughts">'
        "<PlainTextContent>Check the routers.</PlainTextContent></Note></Notes>"
    )
    archive = simple_qdpx(tmp_path, TEXT, selection(start, start + 10))
    qde = (
        zipfile.ZipFile(archive)
        .read("project.qde")
        .decode()
        .replace("</Project>", note + "</Project>")
    )
    archive = write_qdpx(
        tmp_path / "again.qdpx",
        {"project.qde": qde, "sources/AAAAAAAA-0000-0000-0000-000000000001.txt": TEXT},
    )
    import_refi(project, archive)
    once = file_state(project)[2]
    report = import_refi(project, archive)
    twice = file_state(project)[2]
    assert {k: v for k, v in twice.items() if k != "audit_log"} == {
        k: v for k, v in once.items() if k != "audit_log"
    }
    assert (report.documents, report.codes, report.codings, report.memos) == (0, 0, 0, 0)
    reused = " ".join(report.reused)
    assert "already in the project" in reused
    assert re.search(r"2 codes were already in the project", reused)


def test_a_document_already_in_the_project_gets_the_files_codings(
    project: Project, tmp_path: Path
) -> None:
    (tmp_path / "interview.txt").write_text(TEXT, encoding="utf-8")
    from workbench.importing.service import import_files

    import_files(project, [tmp_path / "interview.txt"])
    start = TEXT.index("wifi")
    report = import_refi(
        project, simple_qdpx(tmp_path, TEXT.replace("\n", "\r\n"), selection(start + 1, start + 11))
    )
    assert [d.name for d in list_documents(project)] == ["interview"]
    assert coded_texts(project) == [("Wifi", "Ana", "wifi drops")]
    assert any("“Interview 1” is already in the project" in line for line in report.reused)


def test_memo_authors_come_from_the_file(project: Project, tmp_path: Path) -> None:
    body = (
        f'<Users><User guid="{ANA}" name="Ana"/></Users>'
        f'<Notes><Note guid="0E0E0000-0000-0000-0000-000000000002" name="Plan" creatingUser="{ANA}"'
        ' creationDateTime="2024-03-01T09:30:00+01:00"><PlainTextContent>Line one\nLine two'
        "</PlainTextContent></Note></Notes>"
    )
    import_refi(project, write_qdpx(tmp_path / "n.qdpx", {"project.qde": project_xml(body)}))
    with project.reading() as session:
        memo = session.execute(
            select(Memo.title, Memo.text, Memo.kind, Memo.created_at, User.name).join(
                User, User.id == Memo.author_id
            )
        ).one()
    assert (memo.title, memo.text, memo.kind) == ("Plan", "Line one\nLine two", "project")
    assert memo.name == "Ana"
    assert (memo.created_at.hour, memo.created_at.minute) == (8, 30)  # stored as UTC


class _CancelWhileStoringDocuments(Progress):
    def advance(self, amount: int = 1, label: str | None = None) -> None:
        super().advance(amount, label)
        if label == "Importing videos_selection":
            self.cancel()


def test_cancelling_part_way_leaves_the_project_as_it_was(
    project: Project, samples_dir: Path
) -> None:
    before = file_state(project)[2]
    report = import_refi(project, samples_dir / "refi" / NVIVO, _CancelWhileStoringDocuments())
    assert report.cancelled
    assert "nothing was changed" in report.summary()
    assert file_state(project)[2] == before


def test_cancelling_a_new_project_from_a_file_leaves_no_project(
    tmp_path: Path, samples_dir: Path
) -> None:
    target = tmp_path / "new.qwb"
    report = new_from_refi(
        target, samples_dir / "refi" / NVIVO, progress=_CancelWhileStoringDocuments()
    )
    assert report.cancelled
    assert list(tmp_path.iterdir()) == []


def test_the_project_description_and_method_notes_fill_empty_ones(
    project: Project, tmp_path: Path
) -> None:
    body = (
        "<Description>Falls sensors on two wards.\n\nMethod notes:\nSemi-structured.</Description>"
    )
    archive = write_qdpx(tmp_path / "d.qdpx", {"project.qde": project_xml(body)})
    import_refi(project, archive)
    import_refi(project, archive)  # the same again: nothing more
    with project.reading() as session:
        info = session.execute(select(ProjectInfo.description, ProjectInfo.method_notes)).one()
        memos = list(session.scalars(select(Memo.title)))
    assert tuple(info) == ("Falls sensors on two wards.", "Semi-structured.")
    assert memos == []
