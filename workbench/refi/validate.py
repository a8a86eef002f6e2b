"""Validation against the REFI-QDA schemas shipped in ``resources/refi``.

Each schema is parsed once per process. lxml keeps a validator's error log on the validator,
so validations are serialised with a lock (exports from two threads stay correct).
"""

from __future__ import annotations

import re
import threading
from functools import cache
from importlib import resources

from lxml import etree

from workbench.errors import WorkbenchError
from workbench.refi.names import CODEBOOK_XSD, PROJECT_XSD, SCHEMA_FOLDER

_LOCK = threading.Lock()
_NAMESPACE = re.compile(r"\{[^}]*\}")


class InvalidExportError(WorkbenchError):
    """An export did not meet the standard, so nothing was written."""


@cache
def _schema(file_name: str) -> etree.XMLSchema:
    source = (resources.files("resources") / SCHEMA_FOLDER / file_name).read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.fromstring(source, parser))


def project_schema() -> etree.XMLSchema:
    """``Project-mrt2019.xsd``: the schema of ``project.qde``."""
    return _schema(PROJECT_XSD)


def codebook_schema() -> etree.XMLSchema:
    """``Codebook-mrt2019.xsd``: the schema of a ``.qdc`` codebook."""
    return _schema(CODEBOOK_XSD)


def first_error(schema: etree.XMLSchema, root: etree._Element) -> str | None:
    """The first way ``root`` breaks ``schema``, in words, or ``None`` when it is valid."""
    with _LOCK:
        try:
            schema.assertValid(root)
        except etree.DocumentInvalid as exc:
            return _NAMESPACE.sub("", str(exc))  # "{urn:QDA-XML:project:1.0}User" -> "User"
    return None


def check(schema: etree.XMLSchema, root: etree._Element, what: str) -> None:
    """Refuse (:class:`InvalidExportError`) unless ``root`` is valid; ``what`` names the file."""
    problem = first_error(schema, root)
    if problem is not None:
        raise InvalidExportError(
            f"The {what} does not meet the REFI-QDA standard, so nothing was written "
            f"({problem}). Please report this as a bug."
        )
