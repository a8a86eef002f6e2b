"""Rich Text Format (.rtf) files, read with striprtf.

Formatting is dropped; each line of the converted text is a paragraph (RTF paragraph marks
become line ends), and speaker turns are detected as in plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.importers.base import ImportFailure, ParsedDocument, clean_text, require_text
from workbench.importers.plain_text import document_from_lines
from workbench.importers.text_decoding import decode_text

if TYPE_CHECKING:
    from collections.abc import Callable

_NOT_RTF = "is not a valid RTF file"


def parse_rtf(data: bytes, name: str) -> ParsedDocument:
    """An RTF file: one paragraph per line, speaker turns detected."""
    from striprtf.striprtf import rtf_to_text as untyped_rtf_to_text

    rtf_to_text: Callable[..., str] = untyped_rtf_to_text  # striprtf has no annotations
    require_text(data.decode("latin-1"))  # an empty file gets the shared 'no text' reason
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise ImportFailure(_NOT_RTF)
    source = decode_text(data)
    try:
        converted = rtf_to_text(source, errors="replace")
    except (ValueError, LookupError, IndexError) as exc:
        raise ImportFailure(f"{_NOT_RTF} ({exc})") from None
    # RTF writes characters beyond the BMP as two \u surrogates: pair them up again.
    converted = converted.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = clean_text(converted)
    require_text(text)
    return document_from_lines(name, text, "rtf")
