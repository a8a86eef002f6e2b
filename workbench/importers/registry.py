"""Which importer reads which file type."""

from __future__ import annotations

from collections.abc import Callable

from workbench.importers import docx, odt, pdf, plain_text, rtf, subtitles
from workbench.importers.base import ImportFailure, ParsedDocument

Parser = Callable[[bytes, str], ParsedDocument]

DOCUMENT_PARSERS: dict[str, Parser] = {
    ".txt": plain_text.parse_txt,
    ".md": plain_text.parse_md,
    ".docx": docx.parse_docx,
    ".odt": odt.parse_odt,
    ".rtf": rtf.parse_rtf,
    ".pdf": pdf.parse_pdf,
    ".vtt": subtitles.parse_vtt,
    ".srt": subtitles.parse_srt,
}
SURVEY_SUFFIXES = (".csv", ".xlsx")


def supported_suffixes() -> list[str]:
    return sorted([*DOCUMENT_PARSERS, *SURVEY_SUFFIXES])


def parser_for(suffix: str) -> Parser:
    parser = DOCUMENT_PARSERS.get(suffix.lower())
    if parser is None:
        known = ", ".join(supported_suffixes())
        raise ImportFailure(f"is not a file type the Workbench can import (it reads {known})")
    return parser
