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
_ZIP_BOMB = "looks like a zip bomb ({detail}), so it was not opened"
_OLE_MESSAGE = (
    "is password-protected or in the old binary Office format; save it as .docx/.xlsx without "
    "a password and import it again"
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
        raise ImportFailure(_OLE_MESSAGE)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
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
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
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
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            data = read_member(zf, info.filename)
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
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


def parse_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML; refuse any DOCTYPE or ENTITY declaration."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ImportFailure(_ENTITIES)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ImportFailure("is damaged (its XML is not well-formed)") from exc
    # Catches declarations the byte scan cannot see (UTF-16 documents).
    if root.getroottree().docinfo.internalDTD is not None:
        raise ImportFailure(_ENTITIES)
    return root


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text[:120] if text else type(exc).__name__
