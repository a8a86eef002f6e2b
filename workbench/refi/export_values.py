"""Values made fit for a REFI-QDA file: GUIDs in the schema's form, colours as #RRGGBB, text
without the characters XML 1.0 cannot hold, and the readable descriptions of codes."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING

from workbench.refi.names import CHOICES_PREFIX, CODE_DESCRIPTION_LABELS, ORIGIN

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workbench.dto import CodeInfo

# Everything outside XML 1.0's Char production, lone surrogates included.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_GUID = re.compile(
    r"\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?"
)
_HEX32 = re.compile(r"[0-9A-Fa-f]{32}")
_RGB6 = re.compile(r"#?([0-9A-Fa-f]{6})(?:[0-9A-Fa-f]{2})?")
_RGB3 = re.compile(r"#?([0-9A-Fa-f])([0-9A-Fa-f])([0-9A-Fa-f])")
# Namespace of the GUIDs an export derives (uuid5), so every export derives the same ones.
_DERIVED_NAMESPACE = bytes.fromhex("3b0f8f0c6a1e5d2b9c47e1a0d5f3b7c2")


def xml_text(value: str | None) -> str:
    """``value`` without the characters XML cannot hold (control characters, U+FFFE...)."""
    if not value:
        return ""
    return value if _NOT_XML.search(value) is None else _NOT_XML.sub("", value)


def _hyphenated(hex32: str) -> str:
    h = hex32.upper()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def derived_guid(seed: str) -> str:
    """A stable GUID for something with no GUID of its own (a coding's selection...).

    The same value as ``str(uuid.uuid5(namespace, seed)).upper()``, four times faster."""
    digest = bytearray(hashlib.sha1(_DERIVED_NAMESPACE + seed.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    return _hyphenated(digest.hex())


def guid_of(value: str | None) -> str:
    """A stored GUID in the form the schema accepts: upper-case, hyphenated, no braces.

    Anything else (a hex string without hyphens, a tool's own identifier) is mapped to a
    GUID: the same input always gives the same GUID, so references stay consistent."""
    text = (value or "").strip()
    found = _GUID.fullmatch(text)
    if found is not None:
        return found.group(1).upper()
    if _HEX32.fullmatch(text):
        return _hyphenated(text)
    return derived_guid("guid:" + text)


def rgb(colour: str | None) -> str | None:
    """``#RRGGBB`` (upper case) from our colours, or ``None`` when it is not a colour."""
    text = (colour or "").strip()
    found = _RGB6.fullmatch(text)
    if found is not None:
        return "#" + found.group(1).upper()
    short = _RGB3.fullmatch(text)
    if short is not None:
        return "#" + "".join(2 * c for c in short.groups()).upper()
    return None


def code_description(code: CodeInfo) -> str:
    """The definition, then the inclusion and exclusion criteria and the example, readable."""
    parts = [code.definition.strip()] if code.definition.strip() else []
    for field, label in CODE_DESCRIPTION_LABELS:
        value = str(getattr(code, field)).strip()
        if value:
            parts.append(f"{label}: {value}")
    return xml_text("\n\n".join(parts))


def choices_description(choices: Iterable[str]) -> str:
    listed = [xml_text(c) for c in choices]
    return "\n".join([CHOICES_PREFIX, *listed]) if listed else ""


@cache
def origin() -> str:
    """The ``origin`` an export names: "Qualitative Workbench <version>"."""
    try:
        return f"{ORIGIN} {metadata.version('qualitative-workbench')}"
    except metadata.PackageNotFoundError:
        return ORIGIN
