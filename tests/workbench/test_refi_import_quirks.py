"""Every quirk of real REFI-QDA exports (spec/refi-qda/NOTES.md) still gives the passages the
other tool coded: namespaces, file names, GUID forms, CRLF, NVivo's UTF-16 positions, missing
coders, empty containers, empty and inverted selections."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from storage.models import Code, Document
from tests.workbench.refi_import_support import (
    ANA,
    CODE,
    DOC,
    codebook,
    coded_texts,
    project_xml,
    selection,
    simple_qdpx,
    text_source,
    users,
    write_qdpx,
)
from workbench.cli_refi_import import import_refi
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

TEXT = "P01: The tablets arrived late.\nP01: The wifi drops every night.\n"
WIFI = TEXT.index("wifi drops")  # 36


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.mark.parametrize(
    "namespace",
    ["urn:QDA-XML:project:1.0", "urn:QDA-XML:project:1:0", "urn:QDA-XML:project:0:10", None],
)
def test_every_namespace_variant_reads_the_same(
    project: Project, tmp_path: Path, namespace: str | None
) -> None:
    body = (
        users((ANA, "Ana"))
        + codebook()
        + f"<Sources>{text_source(selection(WIFI, WIFI + 10))}</Sources>"
    )
    archive = write_qdpx(
        tmp_path / "ns.qdpx",
        {"project.qde": project_xml(body, namespace=namespace), f"sources/{DOC}.txt": TEXT},
    )
    import_refi(project, archive)
    assert coded_texts(project) == [("Wifi", "Ana", "wifi drops")]
    assert list(code_paths(list_codes(project)).values()) == ["Wifi", "Wifi/Training"]


@pytest.mark.parametrize(
    ("qde_name", "source_name", "plain_path"),
    [
        ("project.qde", f"sources/{DOC}.txt", f"internal://{DOC}.txt"),
        ("Project.qde", f"Sources/{DOC}.txt", f"internal://{DOC}.txt"),  # NVivo for Windows
        ("Trial.qde", f"sources/{DOC}.TXT", f"internal://{DOC}.txt"),  # ATLAS.ti 26; spec annex
        ("project.qde", "sources/board_2017.txt", "board_2017.txt"),  # qc: no scheme
        ("project.qde", f"sources/{DOC.lower()}.txt", f"internal://{DOC}.txt"),
        ("study/project.qde", f"study/sources/{DOC}.txt", f"internal://{DOC}.txt"),  # re-zipped
    ],
)
def test_file_and_folder_name_variants_are_all_found(
    project: Project, tmp_path: Path, qde_name: str, source_name: str, plain_path: str
) -> None:
    body = users((ANA, "Ana")) + codebook()
    body += f"<Sources>{text_source(selection(WIFI, WIFI + 10), path=plain_path)}</Sources>"
    members: dict[str, str | bytes] = {
        qde_name: project_xml(body),
        source_name: TEXT,
        "sources/.root": "",  # NVivo for Mac adds an empty one
    }
    report = import_refi(project, write_qdpx(tmp_path / "names.qdpx", members))
    assert coded_texts(project) == [("Wifi", "Ana", "wifi drops")]
    assert report.left_out == []


@pytest.mark.parametrize(
    ("code_guid", "ref_guid"),
    [
        ("{C0DE0000-0000-0000-0000-000000000001}", "c0de0000-0000-0000-0000-000000000001"),
        ("c0de0000-0000-0000-0000-000000000001", "{C0DE0000-0000-0000-0000-000000000001}"),
        ("C0DE0000-0000-0000-0000-000000000001", " c0DE0000-0000-0000-0000-000000000001 "),
    ],
)
def test_guids_match_with_or_without_braces_in_any_case(
    project: Project, tmp_path: Path, code_guid: str, ref_guid: str
) -> None:
    body = users((ANA.lower(), "Ana")) + codebook(code=code_guid)
    coded = selection(WIFI, WIFI + 10, ref_guid, user="{" + ANA + "}")
    body += f"<Sources>{text_source(coded)}</Sources>"
    archive = write_qdpx(
        tmp_path / "guids.qdpx", {"project.qde": project_xml(body), f"sources/{DOC}.txt": TEXT}
    )
    import_refi(project, archive)
    assert coded_texts(project) == [("Wifi", "Ana", "wifi drops")]
    with project.reading() as session:
        guid = session.scalar(select(Code.guid).where(Code.name == "Wifi"))
    assert guid == CODE  # stored bare and upper-case, as our exports write it


def test_crlf_text_with_positions_counting_cr_codes_the_same_words(
    project: Project, tmp_path: Path
) -> None:
    crlf = TEXT.replace("\n", "\r\n")
    start, end = _span(crlf, "wifi drops")  # counted over the text as stored, CR included
    report = import_refi(project, simple_qdpx(tmp_path, crlf, selection(start, end)))
    assert coded_texts(project) == [("Wifi", "Ana", "wifi drops")]
    [document] = list_documents(project)
    assert "\r" not in project.document_text(document.id)
    assert report.reading == ""  # the standard's own counting: nothing to say


def test_atlas_ti_positions_counting_a_line_break_as_one_are_converted(
    project: Project, tmp_path: Path
) -> None:
    crlf = TEXT.replace("\n", "\r\n")
    start, end = _span(TEXT, "wifi drops")  # as if CRLF were one character
    archive = simple_qdpx(tmp_path, crlf, selection(start, end), origin="ATLAS.ti 9.1 (Windows)")
    report = import_refi(project, archive)
    assert coded_texts(project) == [("Wifi", "Ana", "wifi drops")]
    assert "line break as one character" in report.reading


EMOJI_TEXT = "P01: I love it 😀😀 honestly.\nP01: But the wifi 📶 drops every night.\n"


def _utf16_span(text: str, phrase: str) -> tuple[int, int]:
    start, end = _span(text, phrase)
    units = [2 if ord(char) > 0xFFFF else 1 for char in text]
    return sum(units[:start]), sum(units[:end])


def test_nvivo_utf16_positions_after_an_emoji_code_the_same_words(
    project: Project, tmp_path: Path
) -> None:
    start, end = _utf16_span(EMOJI_TEXT, "wifi 📶 drops")
    assert (start, end) != _span(EMOJI_TEXT, "wifi 📶 drops")  # the emoji shift them
    archive = simple_qdpx(tmp_path, EMOJI_TEXT, selection(start, end), origin="NVivo 14.23.0")
    report = import_refi(project, archive)
    assert coded_texts(project) == [("Wifi", "Ana", "wifi 📶 drops")]
    assert "UTF-16" in report.reading


def test_nvivo_for_windows_utf16_crlf_and_bom_together(project: Project, tmp_path: Path) -> None:
    text = EMOJI_TEXT.replace("\n", "\r\n")
    start, end = _utf16_span(text, "drops every night")
    data = b"\xef\xbb\xbf" + text.encode("utf-8")  # NVivo for Windows writes a BOM
    archive = simple_qdpx(tmp_path, data, selection(start, end), origin="NVivo 12 (Windows)")
    import_refi(project, archive)
    assert coded_texts(project) == [("Wifi", "Ana", "drops every night")]


def test_utf16_positions_from_an_unnamed_tool_are_recognised_by_the_selected_text(
    project: Project, tmp_path: Path
) -> None:
    """No origin to go by: the selection names (the text they select) show the counting."""
    phrases = ["I love it", "honestly", "But the wifi 📶", "every night"]
    selections = "".join(
        selection(
            *_utf16_span(EMOJI_TEXT, p), guid=f"5E1E0000-0000-0000-0000-00000000000{n}", name=p
        )
        for n, p in enumerate(phrases)
    )
    report = import_refi(project, simple_qdpx(tmp_path, EMOJI_TEXT, selections, origin=""))
    assert [text for _code, _user, text in coded_texts(project)] == phrases
    assert "UTF-16" in report.reading


def test_codings_with_no_coder_or_an_unlisted_one_are_kept_under_an_unknown_coder(
    project: Project, tmp_path: Path
) -> None:
    selections = selection(0, 3, user=None) + selection(
        WIFI, WIFI + 10, user="99999999-9999-9999-9999-999999999999", guid=DOC.replace("A", "E")
    )
    report = import_refi(project, simple_qdpx(tmp_path, TEXT, selections, origin="MAXQDA 24"))
    assert coded_texts(project) == [
        ("Wifi", "Unknown coder (MAXQDA)", "P01"),
        ("Wifi", "Unknown coder (MAXQDA)", "wifi drops"),
    ]
    assert any("Unknown coder (MAXQDA)" in line for line in report.warnings)
    assert project.user_id is not None  # the importing researcher is never credited


def test_empty_containers_are_accepted(project: Project, tmp_path: Path) -> None:
    body = (
        "<Users/><CodeBook><Codes/></CodeBook><Variables/><Cases/><Sources/><Notes/><Links/>"
        "<Sets/><Graphs/>"
    )
    report = import_refi(
        project, write_qdpx(tmp_path / "e.qdpx", {"project.qde": project_xml(body)})
    )
    assert (report.documents, report.codes, report.codings) == (0, 0, 0)
    assert report.left_out == []
    assert list_documents(project) == []


def test_zero_length_and_inverted_selections_are_repaired_or_left_out_and_reported(
    project: Project, tmp_path: Path
) -> None:
    start, end = _span(TEXT, "tablets arrived")
    selections = (
        selection(end, start, guid="5E1E0000-0000-0000-0000-000000000001")  # inverted
        + selection(WIFI, WIFI, guid="5E1E0000-0000-0000-0000-000000000002")  # empty
        + selection(WIFI, 10_000, guid="5E1E0000-0000-0000-0000-000000000003")  # past the end
        + selection(20_000, 20_005, guid="5E1E0000-0000-0000-0000-000000000004")  # beyond
    )
    report = import_refi(project, simple_qdpx(tmp_path, TEXT, selections))
    assert coded_texts(project) == [
        ("Wifi", "Ana", "tablets arrived"),
        ("Wifi", "Ana", "wifi drops every night.\n"),
    ]
    adjusted = " ".join(report.adjusted)
    assert "1 coding in “Interview 1” ended before it started" in adjusted
    assert "1 coding in “Interview 1” covered no text" in adjusted
    assert "1 coding in “Interview 1” reached outside the text" in adjusted
    assert "1 coding in “Interview 1” lay wholly outside the text" in adjusted
    assert report.codings == 2


def test_repeated_ranges_of_one_code_become_one_coding(project: Project, tmp_path: Path) -> None:
    """NVivo repeats a range once per coding; overlapping ones of one coder are joined."""
    selections = "".join(
        selection(WIFI, WIFI + n, guid=f"5E1E0000-0000-0000-0000-00000000000{n}")
        for n in (4, 10, 10)
    ) + selection(WIFI, WIFI + 10, "C0DE0000-0000-0000-0000-000000000002")
    report = import_refi(project, simple_qdpx(tmp_path, TEXT, selections))
    assert coded_texts(project) == [
        ("Training", "Ana", "wifi drops"),
        ("Wifi", "Ana", "wifi drops"),
    ]
    assert any("joined" in line for line in report.warnings)


def test_a_missing_source_file_is_reported_and_the_rest_comes_in(
    project: Project, tmp_path: Path
) -> None:
    other = "BBBBBBBB-0000-0000-0000-000000000002"
    sources = text_source(selection(WIFI, WIFI + 10)) + text_source(
        selection(0, 3), guid=other, name="Interview 2"
    )
    body = users((ANA, "Ana")) + codebook() + f"<Sources>{sources}</Sources>"
    archive = write_qdpx(
        tmp_path / "m.qdpx", {"project.qde": project_xml(body), f"sources/{DOC}.txt": TEXT}
    )
    report = import_refi(project, archive)
    assert [d.name for d in list_documents(project)] == ["Interview 1"]
    assert report.left_out == [
        f"“Interview 2”: its text is missing from the archive (it should be sources/{other}.txt),"
        " so it and its 1 coding were not brought in."
    ]


def test_the_source_text_is_stored_as_our_importers_store_text(
    project: Project, tmp_path: Path
) -> None:
    """Speaker turns make a transcript; control characters are replaced one for one."""
    text = "Interviewer: Any problems?\r\nP02: The \x0bwifi\x01 again.\r\n"
    start, end = _span(text, "wifi\x01 again")
    import_refi(project, simple_qdpx(tmp_path, text, selection(start, end)))
    [document] = list_documents(project)
    assert (document.kind, document.speakers) == ("transcript", ("Interviewer", "P02"))
    assert coded_texts(project) == [("Wifi", "Ana", "wifi\ufffd again")]
    with project.reading() as session:
        stored = session.scalar(select(Document.text))
    assert stored == "Interviewer: Any problems?\nP02: The \nwifi\ufffd again.\n"


def test_the_text_of_pdfs_and_transcripts_of_recordings_come_in(
    project: Project, tmp_path: Path
) -> None:
    """A PDF's text representation and a video's transcript are texts; the picture and the
    codings of PDF areas and of the video itself are reported."""
    pdf_text = "Leaflet: call the ward if the tablet will not charge.\n"
    transcript = "Nurse: We tried the video calls.\nNurse: Sound kept cutting out.\n"
    charge = _span(pdf_text, "will not charge")
    sound = _span(transcript, "Sound kept cutting out")
    coding = (
        f'<Coding guid="C0D10000-0000-0000-0000-0000000000F{{n}}" creatingUser="{ANA}">'
        f'<CodeRef targetGUID="{CODE}"/></Coding>'
    )
    sources = (
        '<PDFSource guid="0F0F0000-0000-0000-0000-000000000001" name="Leaflet.pdf" '
        'path="internal://0F0F0000-0000-0000-0000-000000000001.pdf">'
        '<PDFSelection guid="0F0F0000-0000-0000-0000-000000000002" page="0" firstX="1" '
        f'firstY="1" secondX="9" secondY="9">{coding.format(n=1)}</PDFSelection>'
        '<Representation guid="0F0F0000-0000-0000-0000-000000000003" '
        'plainTextPath="internal://0F0F0000-0000-0000-0000-000000000003.txt">'
        + selection(*charge, guid="0F0F0000-0000-0000-0000-000000000004")
        + "</Representation></PDFSource>"
        '<VideoSource guid="0F0F0000-0000-0000-0000-000000000005" name="Call.mp4" '
        'path="relative:///Call.mp4">'
        '<Transcript guid="0F0F0000-0000-0000-0000-000000000006" name="Call transcript" '
        'plainTextPath="internal://0F0F0000-0000-0000-0000-000000000006.txt">'
        f'<SyncPoint guid="5C000000-0000-0000-0000-000000000001" position="{sound[0]}" '
        'timeStamp="4000"/>'
        f'<SyncPoint guid="5C000000-0000-0000-0000-000000000002" position="{sound[1]}" '
        'timeStamp="6000"/>'
        '<TranscriptSelection guid="0F0F0000-0000-0000-0000-000000000007" '
        'fromSyncPoint="5C000000-0000-0000-0000-000000000001" '
        f'toSyncPoint="5C000000-0000-0000-0000-000000000002">{coding.format(n=2)}'
        "</TranscriptSelection></Transcript>"
        '<VideoSelection guid="0F0F0000-0000-0000-0000-000000000008" begin="0" end="900">'
        f"{coding.format(n=3)}</VideoSelection></VideoSource>"
        '<PictureSource guid="0F0F0000-0000-0000-0000-000000000009" name="Ward.jpg" '
        'path="internal://0F0F0000-0000-0000-0000-000000000009.jpg"/>'
    )
    body = users((ANA, "Ana")) + codebook() + f"<Sources>{sources}</Sources>"
    archive = write_qdpx(
        tmp_path / "media.qdpx",
        {
            "project.qde": project_xml(body),
            "sources/0F0F0000-0000-0000-0000-000000000003.txt": pdf_text,
            "sources/0F0F0000-0000-0000-0000-000000000006.txt": transcript,
        },
    )
    report = import_refi(project, archive)
    assert sorted((d.name, d.kind) for d in list_documents(project)) == [
        ("Call transcript", "transcript"),
        ("Leaflet.pdf", "notes"),
    ]
    assert sorted(text for _code, _user, text in coded_texts(project)) == [
        "Sound kept cutting out",
        "will not charge",
    ]
    assert report.left_out == [
        "“Leaflet.pdf”: 1 coding of areas of its pages was not brought in (the codings of "
        "its text were).",
        "“Call.mp4”: 1 coding of the recording itself (not of its transcript) was not brought in.",
        "“Ward.jpg” is a picture; the Workbench holds text only, so it was not brought in.",
    ]


def test_a_text_not_saved_as_utf8_is_read_and_flagged(project: Project, tmp_path: Path) -> None:
    text = "P01: The caf\u00e9 wifi drops.\n"
    start, end = _span(text, "wifi drops")
    report = import_refi(
        project, simple_qdpx(tmp_path, text.encode("cp1252"), selection(start, end))
    )
    assert coded_texts(project) == [("Wifi", "Ana", "wifi drops")]
    [document] = list_documents(project)
    assert "café" in project.document_text(document.id)
    assert report.warnings == [
        "“Interview 1” was not saved as UTF-8 as REFI-QDA asks, so its characters were guessed: "
        "check accented letters and symbols."
    ]


def test_an_empty_text_file_is_reported_not_imported(project: Project, tmp_path: Path) -> None:
    """NVivo 15 re-exports can hold a 1-byte .txt beside the .docx."""
    report = import_refi(project, simple_qdpx(tmp_path, b"\n", selection(0, 1)))
    assert list_documents(project) == []
    assert report.left_out == [
        "“Interview 1”: its text is empty in the archive (only a formatted copy was exported), "
        "so it and its 1 coding were not brought in."
    ]
