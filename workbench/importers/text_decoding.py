"""Turn the bytes of a text file into ``str``, whatever encoding the researcher's tools used.

Order of the rules, first match wins:

1. A byte order mark names the encoding: UTF-8, UTF-32 LE/BE, UTF-16 LE/BE. The mark is not
   part of the text.
2. UTF-16 without a mark: in mostly-Latin text every other byte is NUL, at even offsets for
   big-endian, at odd offsets for little-endian.
3. Any other NUL byte means the file is binary, not text.
4. Strict UTF-8 (plain ASCII included).
5. UTF-8 with a few damaged bytes (a transcript pasted together from two sources, a file cut
   mid-character): when it has at least as many valid multi-byte characters as bytes that
   are not UTF-8, each bad byte becomes U+FFFD and every other character is kept. Read as a
   single-byte encoding instead, every accent, dash and '£' in the file would be garbled.
6. charset-normalizer's guess (never UTF-16/32 or EBCDIC at this point), except that
   Windows-1252 wins a tie: on short English text it is as plausible as Windows-1250 or DOS code
   pages, and it is what Word and Notepad write in the UK (a wrong guess turns '£' into 'Ł').
7. Windows-1252, with its five undefined bytes decoded to U+FFFD one for one, so decoding never
   fails and never shifts the text.

The result is the raw decoded text; callers apply :func:`workbench.importers.base.clean_text`.
"""

from __future__ import annotations

import codecs

from workbench.importers.base import REPLACEMENT, ImportFailure

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with the UTF-16 little-endian one.
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE_BYTES = 8192
# In UTF-16 text at least this share of one byte column is NUL, and almost none of the other.
_NUL_COLUMN_SHARE = 0.3
_OTHER_COLUMN_SHARE = 0.02
# Decoded UTF-16 with more control characters than this is binary data that happened to fit.
_MAX_CONTROL_SHARE = 0.05
# charset-normalizer "chaos" scores closer than this are treated as a tie.
_CHAOS_TIE = 0.01
# UTF-16/32 without NUL bytes is a misreading of short single-byte text, and no researcher's
# laptop writes EBCDIC: charset-normalizer offers both for a few stray high bytes.
_IMPLAUSIBLE = ("utf_16", "utf_32", "cp037", "cp273", "cp500", "cp875", "cp1026", "cp1140")
_BINARY = "is not a text file (it contains binary data)"
_ASCII = bytes(range(128))
_REPLACEMENT_UTF8 = REPLACEMENT.encode("utf-8")


def decode_text(data: bytes) -> str:
    """Decode a text file; raise :class:`ImportFailure` when it is binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ImportFailure(_BINARY)
        return _decode_utf16(data, utf16)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    return data.decode(_guess_single_byte(data), errors="replace")


def _mostly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with its bad bytes replaced, if it is UTF-8 with a few bad bytes.

    Counted without another copy of the text: an ASCII byte always decodes to one character,
    so the rest of the decoded text is the valid multi-byte characters and the U+FFFD marks
    put in for bad bytes (less those the file itself holds).
    """
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count(REPLACEMENT) - data.count(_REPLACEMENT_UTF8)
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))
    multibyte = len(replaced) - ascii_bytes - bad
    return replaced if multibyte >= bad else None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:_SAMPLE_BYTES]
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even_nul = sample[0 : pairs * 2 : 2].count(0) / pairs
    odd_nul = sample[1 : pairs * 2 : 2].count(0) / pairs
    if odd_nul >= _NUL_COLUMN_SHARE and even_nul <= _OTHER_COLUMN_SHARE:
        return "utf-16-le"
    if even_nul >= _NUL_COLUMN_SHARE and odd_nul <= _OTHER_COLUMN_SHARE:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFailure(_BINARY) from None
    controls = sum(1 for char in text[:_SAMPLE_BYTES] if char < " " and char not in "\t\n\r\f")
    if controls > _MAX_CONTROL_SHARE * min(len(text), _SAMPLE_BYTES):
        raise ImportFailure(_BINARY)
    return text


def _guess_single_byte(data: bytes) -> str:
    """charset-normalizer's best guess, Windows-1252 on a tie or when it has none."""
    from charset_normalizer import from_bytes

    matches = [match for match in from_bytes(data) if not match.encoding.startswith(_IMPLAUSIBLE)]
    if not matches:
        return "cp1252"
    lowest = min(match.chaos for match in matches)
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= lowest + _CHAOS_TIE:
            return "cp1252"
    return str(matches[0].encoding)  # charset-normalizer lists its best guess first
