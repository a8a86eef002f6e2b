"""Limits and safe opening of untrusted archives (.docx, .odt, .xlsx) and their XML.

Every file a researcher imports may come from anywhere, so nothing is trusted: an archive is
checked before any member is read (member count, paths, declared sizes, compression ratio) and
each member is read in chunks against a limit, because declared sizes can lie. XML is parsed
without DTDs, entities or network access, and any document that declares entities is refused.
"""

from __future__ import annotations

import io
import threading
import zipfile
import zlib

from lxml import etree

from workbench.importers.base import ImportFailure

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed:compressed, checked for members over RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
_CHUNK = 1024 * 1024
_ENCRYPTED_FLAG = 0x1

_ENTITIES = "contains XML entity declarations, which are not allowed"
_TOO_DEEP = "is damaged (its XML is nested too deeply to be read safely)"
_ZIP_BOMB = "looks like a zip bomb ({detail}), so it was not opened"
_OLE_MESSAGE = (
    "is password-protected or in the old binary Office format; save it as {suffix} without "
    "a password and import it again"
)
# The format a researcher should save as, for the OLE message (an .odt named file that is
# really OLE is a renamed .doc, so .docx advice would be wrong for it).
_SAVE_AS = {"Word": ".docx", "Excel": ".xlsx", "OpenDocument": ".odt"}
# What zipfile raises for a damaged archive besides BadZipFile: a central directory pointing
# before the start of the file (ValueError: negative seek), an unknown zip version or
# compression method (NotImplementedError), a short read (EOFError) - found by fuzzing.
_ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    ValueError,
    OSError,
    EOFError,
    NotImplementedError,
)


def check_size(data: bytes) -> None:
    """Refuse files over :data:`MAX_FILE_BYTES` before doing any work on them."""
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise ImportFailure(f"is too large to import (the limit is {limit} MB)")


def open_zip(
    data: bytes,
    what: str,
    *,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_members: int = MAX_MEMBERS,
    max_ratio: int = MAX_RATIO,
) -> zipfile.ZipFile:
    """Open ``data`` as a zip archive after checking it cannot harm us.

    ``what`` names the expected format in messages ("Word", "OpenDocument", "Excel").
    """
    check_size(data)
    if data.startswith(_OLE_SIGNATURE):
        suffix = _SAVE_AS.get(what, "a .docx, .xlsx or .odt file")
        raise ImportFailure(_OLE_MESSAGE.format(suffix=suffix))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise ImportFailure(f"is not a valid {what} file ({_reason(exc)})") from exc
    try:
        _check_members(archive.infolist(), max_unpacked, max_members, max_ratio)
    except ImportFailure:
        archive.close()
        raise
    return archive


def _check_members(
    infos: list[zipfile.ZipInfo], max_unpacked: int, max_members: int, max_ratio: int
) -> None:
    if len(infos) > max_members:
        raise ImportFailure(_ZIP_BOMB.format(detail=f"{len(infos)} files inside"))
    total = 0
    for info in infos:
        if not is_safe_member_name(info.filename):
            raise ImportFailure("contains unsafe paths (files pointing outside the archive)")
        total += info.file_size
        if total > max_unpacked:
            raise ImportFailure(_ZIP_BOMB.format(detail="it would unpack to too much data"))
        if info.file_size > RATIO_FLOOR_BYTES and (
            info.file_size > max_ratio * max(info.compress_size, 1)
        ):
            raise ImportFailure(_ZIP_BOMB.format(detail="a part is compressed suspiciously well"))


def is_safe_member_name(name: str) -> bool:
    """False for absolute paths, drive letters and any ``..`` segment."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return False
    return ".." not in normalised.split("/")


def read_member(zf: zipfile.ZipFile, name: str, limit: int = MAX_UNPACKED_BYTES) -> bytes:
    """Read one member, stopping as soon as its real unpacked size passes ``limit``.

    A missing member raises :class:`KeyError` so callers can treat optional parts as absent.
    """
    info = zf.getinfo(name)
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise ImportFailure("is password-protected; remove the password and import it again")
    if info.file_size > limit:
        raise ImportFailure(_ZIP_BOMB.format(detail=f"{name} is too large"))
    chunks: list[bytes] = []
    total = 0
    try:
        with zf.open(info) as member:
            while chunk := member.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise ImportFailure(_ZIP_BOMB.format(detail=f"{name} unpacks to too much"))
                chunks.append(chunk)
    except _ZIP_ERRORS as exc:
        raise ImportFailure(f"is damaged ({_reason(exc)})") from exc
    return b"".join(chunks)


def read_optional(zf: zipfile.ZipFile, name: str, limit: int = MAX_UNPACKED_BYTES) -> bytes | None:
    """Like :func:`read_member` but ``None`` when the member does not exist."""
    try:
        return read_member(zf, name, limit)
    except KeyError:
        return None


def refuse_xml_declarations(zf: zipfile.ZipFile) -> None:
    """Read every XML part within the limits and refuse DOCTYPE/ENTITY declarations.

    For archives handed on to a library that parses them itself (openpyxl): the library is
    then never the first to unpack a part, and entity tricks get our clear message.
    """
    for info in zf.infolist():
        is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        if is_xml and declares_entities(read_member(zf, info.filename)):
            raise ImportFailure(_ENTITIES)


# --------------------------------------------------------------------------- XML

_local = threading.local()


def _parser() -> etree.XMLParser:
    # One parser per thread: import jobs run off the GUI thread.
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_blank_text=False,
            dtd_validation=False,
        )
        _local.parser = parser
    return parser


def declares_entities(data: bytes) -> bool:
    """True when XML bytes hold a DOCTYPE or ENTITY declaration, in UTF-8 or in UTF-16/32.

    UTF-16 and UTF-32 put NUL bytes between the ASCII letters of "<!DOCTYPE", so a plain byte
    search misses them: openpyxl then met the declaration first and failed with its own
    errors (or, in parts it reads with lxml, went on). Dropping the NULs finds them.
    """
    for text in (data, data.replace(b"\0", b"") if b"\0" in data else b""):
        if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
            return True
    return False


def parse_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML; refuse any DOCTYPE or ENTITY declaration."""
    if declares_entities(data):
        raise ImportFailure(_ENTITIES)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        # libxml2 stops at 256 levels without huge_tree: say so rather than "not well-formed".
        reason = _TOO_DEEP if "depth" in str(exc).lower() else None
        raise ImportFailure(reason or "is damaged (its XML is not well-formed)") from exc
    # Catches declarations no byte scan can see (UTF-7, EBCDIC and other declared encodings).
    if root.getroottree().docinfo.internalDTD is not None:
        raise ImportFailure(_ENTITIES)
    return root


def _reason(exc: BaseException) -> str:
    """zipfile's own words when it has them ("File is not a zip file", "Bad CRC-32 for file
    'word/document.xml'"); plain words for the low-level errors a damaged archive raises."""
    if isinstance(exc, NotImplementedError):
        return "it uses a zip feature or compression method that cannot be read"
    text = str(exc).strip()
    if isinstance(exc, zipfile.BadZipFile | zipfile.LargeZipFile) and text:
        return text[:120]
    if isinstance(exc, zlib.error | EOFError):
        return "a part of it is damaged or cut short"
    return "its table of contents is damaged"
