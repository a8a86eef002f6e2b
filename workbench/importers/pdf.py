"""PDF files: the text layer of every page, read with pypdf.

Each non-blank line of the extracted text is a paragraph (pypdf rarely reports paragraph
breaks, and a transcript's turns start on new lines); pages are separated by a blank line.
Trailing spaces that text extraction leaves at line ends are dropped. Speaker turns are
detected as in plain text. Scanned pages have no text layer: the researcher is told to run OCR.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from workbench.importers.base import ImportFailure, ParsedDocument, clean_text, require_text
from workbench.importers.plain_text import document_from_lines

if TYPE_CHECKING:
    from pypdf import PdfReader

_PASSWORD = "is password-protected; remove the password in your PDF reader and import it again"
_NO_TEXT = "has no text layer (it may be a scanned image); run OCR first"
_NOT_PDF = "is not a readable PDF (it is not a PDF: maybe another kind of file renamed .pdf)"
_PDF_MAGIC = b"%PDF-"
_HEADER_WINDOW = 1024  # readers accept junk before the header, Acrobat up to 1 KB


def parse_pdf(data: bytes, name: str) -> ParsedDocument:
    """A PDF with a text layer."""
    require_text(data.decode("latin-1"))  # an empty file gets the shared 'no text' reason
    if _PDF_MAGIC not in data[:_HEADER_WINDOW]:
        # pypdf reads on past a missing header and then fails with "Stream has ended
        # unexpectedly": a picture or a Word file renamed .pdf deserves a plainer reason.
        raise ImportFailure(_NOT_PDF)
    reader = _open(data)
    pages = _page_texts(reader)
    text = "\n\n".join(pages).strip("\n")
    if not text.strip():
        raise ImportFailure(_NO_TEXT)
    metadata = {"pages": str(len(pages))}
    return document_from_lines(name, text, "pdf", metadata)


def _open(data: bytes) -> PdfReader:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        # Many PDFs are encrypted with an empty user password only to restrict printing.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ImportFailure(_PASSWORD)
    except DependencyError:
        raise ImportFailure(_PASSWORD) from None
    except _read_errors() as exc:
        raise ImportFailure(f"is not a readable PDF ({_reason(exc)})") from None
    return reader


def _page_texts(reader: PdfReader) -> list[str]:
    texts: list[str] = []
    try:
        for page in reader.pages:
            page_text = clean_text(page.extract_text())
            texts.append("\n".join(line.rstrip() for line in page_text.split("\n")).strip("\n"))
    except _read_errors() as exc:
        raise ImportFailure(f"is not a readable PDF ({_reason(exc)})") from None
    return texts


def _read_errors() -> tuple[type[Exception], ...]:
    from pypdf.errors import PyPdfError

    return (PyPdfError, *_BROKEN)


def _reason(exc: Exception) -> str:
    return str(exc).strip() or type(exc).__name__


# What pypdf lets escape from a damaged file besides its own errors.
_BROKEN: tuple[type[Exception], ...] = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    RecursionError,
    ZeroDivisionError,
    OSError,
)
