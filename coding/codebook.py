"""Codebook templates: TOML files in ``resources/codebooks`` read into plain, checked data.

A template's codes are identified by ``(framework, key)``: loading a template into a project
that already holds some of its codes matches them by key, so nothing is added twice.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

STATUSES = frozenset({"verified", "recalled", "draft"})
_KEY = re.compile(r"^[a-z0-9_]+$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
COMPLEXITY_LEVELS = ("simple", "complicated", "complex")


class CodebookError(ValueError):
    """A template file is malformed; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class TemplateCode:
    key: str
    name: str
    parent: str
    definition: str
    citation: str
    status: str = "verified"
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    keywords: tuple[str, ...] = ()
    colour: str = ""
    complexity: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CodebookTemplate:
    key: str
    name: str
    framework: str
    version: str
    description: str
    citation: str
    licence: str
    codes: tuple[TemplateCode, ...]


def template_keys() -> list[str]:
    """Keys of the templates shipped with the app, sorted."""
    folder = resources.files("resources") / "codebooks"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_template(key: str) -> CodebookTemplate:
    """Read a shipped template by key (``nasss``, ``tdf``...)."""
    if not _KEY.match(key) or key not in template_keys():
        known = ", ".join(template_keys())
        raise CodebookError(f"There is no codebook template called “{key}” (choose from {known})")
    source = (resources.files("resources") / "codebooks" / f"{key}.toml").read_text("utf-8")
    return parse_template(source, f"{key}.toml")


def parse_template(source: str, filename: str) -> CodebookTemplate:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(f"{filename}: not valid TOML ({exc})") from None
    head = data.get("codebook")
    if not isinstance(head, dict):
        raise CodebookError(f"{filename}: missing [codebook] table")
    for name in ("key", "name", "framework", "description", "citation"):
        if not isinstance(head.get(name), str) or not head[name].strip():
            raise CodebookError(f"{filename}: [codebook] needs a non-empty '{name}'")
    codes = tuple(_parse_code(raw, filename) for raw in data.get("codes", []))
    _check_tree(codes, filename)
    return CodebookTemplate(
        key=head["key"],
        name=head["name"],
        framework=head["framework"],
        version=str(head.get("version", "")),
        description=head["description"].strip(),
        citation=head["citation"],
        licence=str(head.get("licence", "")),
        codes=codes,
    )


def _text(raw: dict[str, Any], name: str, filename: str, *, required: bool = False) -> str:
    value = raw.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise CodebookError(f"{filename}: code {raw.get('key', '?')!r} needs a text '{name}'")
    return value.strip()


def _parse_code(raw: dict[str, Any], filename: str) -> TemplateCode:
    status = raw.get("status", "verified")
    if status not in STATUSES:
        raise CodebookError(f"{filename}: code {raw.get('key')!r} has unknown status {status!r}")
    colour = _text(raw, "colour", filename)
    if colour and not _COLOUR.match(colour):
        raise CodebookError(f"{filename}: code {raw.get('key')!r} has a bad colour {colour!r}")
    complexity = raw.get("complexity", {})
    if not isinstance(complexity, dict) or set(complexity) - set(COMPLEXITY_LEVELS):
        raise CodebookError(f"{filename}: code {raw.get('key')!r} has bad complexity guidance")
    keywords = raw.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise CodebookError(f"{filename}: code {raw.get('key')!r} keywords must be strings")
    return TemplateCode(
        key=_text(raw, "key", filename, required=True),
        name=_text(raw, "name", filename, required=True),
        parent=_text(raw, "parent", filename),
        definition=_text(raw, "definition", filename, required=True),
        citation=_text(raw, "citation", filename, required=True),
        status=status,
        inclusion=_text(raw, "inclusion", filename),
        exclusion=_text(raw, "exclusion", filename),
        example=_text(raw, "example", filename),
        keywords=tuple(keywords),
        colour=colour,
        complexity={k: str(v).strip() for k, v in complexity.items()},
    )


def _check_tree(codes: tuple[TemplateCode, ...], filename: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code.key in seen:
            raise CodebookError(f"{filename}: code key {code.key!r} is used twice")
        if code.parent and code.parent not in seen:
            raise CodebookError(
                f"{filename}: code {code.key!r} names parent {code.parent!r} before it is defined"
            )
        seen.add(code.key)
