"""PDFs import through their text layer; locked, broken and scanned files get a clear reason."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest

from workbench.importers.base import ImportFailure
from workbench.importers.pdf import parse_pdf

if TYPE_CHECKING:
    from pathlib import Path


def minimal_pdf(*pages: list[str]) -> bytes:
    """A real PDF 1.4 file: one Helvetica text line per string, one page per list."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",  # the page tree, filled in once the pages are numbered
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        operators = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            operators.append(f"({escaped}) Tj T*")
        operators.append("ET")
        stream = "\n".join(operators)
        objects.append(
            f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream"
        )
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def rewritten(data: bytes, *, user_password: str | None = None, blank_pages: int = 0) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(data)) if data else PdfWriter()
    for _ in range(blank_pages):
        writer.add_blank_page(612, 792)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


INTERVIEW = minimal_pdf(
    ["Interviewer: How is the ward (now)?", "P01: Busy.", "Interviewer: And staff?"],
    ["P01: Short, very short.", "It has been like that for years.", "Interviewer: Thank you."],
)


def test_text_layer_of_every_page_one_paragraph_per_line() -> None:
    document = parse_pdf(INTERVIEW, "interview")
    assert document.importer == "pdf"
    assert document.metadata == {"pages": "2"}
    assert document.text == (
        "Interviewer: How is the ward (now)?\nP01: Busy.\nInterviewer: And staff?\n\n"
        "P01: Short, very short.\nIt has been like that for years.\nInterviewer: Thank you."
    )
    paragraphs = [document.text[s.start : s.end] for s in document.spans if s.kind == "paragraph"]
    assert paragraphs == [line for line in document.text.split("\n") if line]


def test_speaker_turns_run_across_lines_and_pages() -> None:
    document = parse_pdf(INTERVIEW, "interview")
    assert document.speakers == ["Interviewer", "P01"]
    turn_texts = [document.text[s.start : s.end] for s in document.spans if s.kind == "turn"]
    assert turn_texts[3] == "P01: Short, very short.\nIt has been like that for years."


def test_blank_pages_are_skipped_without_losing_text() -> None:
    document = parse_pdf(rewritten(INTERVIEW, blank_pages=1), "interview")
    assert document.text.startswith("Interviewer: How is the ward (now)?")
    assert document.text.endswith("Interviewer: Thank you.")


def test_scanned_pdf_without_text_layer_asks_for_ocr() -> None:
    with pytest.raises(ImportFailure, match=r"^has no text layer .*run OCR first$"):
        parse_pdf(rewritten(b"", blank_pages=2), "scan")


def test_real_password_protected_pdf_is_refused(samples_dir: Path) -> None:
    data = (samples_dir / "edge" / "encrypted_password.pdf").read_bytes()
    with pytest.raises(ImportFailure, match=r"^is password-protected; remove the password"):
        parse_pdf(data, "locked")


def test_pdf_with_a_user_password_is_refused() -> None:
    with pytest.raises(ImportFailure, match=r"^is password-protected"):
        parse_pdf(rewritten(INTERVIEW, user_password="secret"), "locked")


def test_pdf_locked_only_against_editing_opens() -> None:
    document = parse_pdf(rewritten(INTERVIEW, user_password=""), "restricted")
    assert document.speakers == ["Interviewer", "P01"]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\nthis is not really a pdf", b"Hello", INTERVIEW[: len(INTERVIEW) // 3]],
)
def test_broken_pdf_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(ImportFailure, match=r"^is not a readable PDF \(.+\)$"):
        parse_pdf(data, "broken")


def test_empty_file_is_refused() -> None:
    with pytest.raises(ImportFailure, match=r"^the file contains no text$"):
        parse_pdf(b"", "empty")
