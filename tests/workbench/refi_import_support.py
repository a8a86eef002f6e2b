"""Building small REFI-QDA files for the import tests, and reading back what was stored.

The XML is written out by hand (as another tool would write it) so each test shows exactly
the quirk it is about; archives are real zip files in ``tmp_path``.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from sqlalchemy import select, text

from storage.models import Code, Coding, Document, User

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

NS = "urn:QDA-XML:project:1.0"
ANA = "11111111-2222-3333-4444-555555555555"  # a coder
DOC = "AAAAAAAA-0000-0000-0000-000000000001"  # a source
CODE = "C0DE0000-0000-0000-0000-000000000001"  # "Wifi"
CODE2 = "C0DE0000-0000-0000-0000-000000000002"  # "Training", under "Wifi"


def project_xml(body: str, *, namespace: str | None = NS, origin: str = "Test tool 2.1") -> str:
    xmlns = f' xmlns="{namespace}"' if namespace is not None else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project{xmlns} name="Ward study" origin="{origin}">{body}</Project>'
    )


def users(*pairs: tuple[str, str]) -> str:
    listed = "".join(f'<User guid="{guid}" name="{name}"/>' for guid, name in pairs)
    return f"<Users>{listed}</Users>"


def codebook(code: str = CODE, child: str = CODE2) -> str:
    return (
        "<CodeBook><Codes>"
        f'<Code guid="{code}" name="Wifi" isCodable="true" color="#e69f00">'
        "<Description>Connectivity problems</Description>"
        f'<Code guid="{child}" name="Training" isCodable="true"/>'
        "</Code></Codes></CodeBook>"
    )


def selection(
    start: int,
    end: int,
    code: str = CODE,
    *,
    user: str | None = ANA,
    guid: str = "5E1E0000-0000-0000-0000-000000000001",
    name: str = "",
) -> str:
    creator = f' creatingUser="{user}"' if user else ""
    return (
        f'<PlainTextSelection guid="{guid}" name="{name}" startPosition="{start}" '
        f'endPosition="{end}"><Coding guid="{_next_guid()}"{creator}>'
        f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
    )


_counter = [0]


def _next_guid() -> str:
    _counter[0] += 1
    return f"C0D10000-0000-0000-0000-{_counter[0]:012d}"


def text_source(
    selections: str = "",
    *,
    guid: str = DOC,
    name: str = "Interview 1",
    path: str | None = None,
) -> str:
    plain = path if path is not None else f"internal://{guid}.txt"
    return (
        f'<TextSource guid="{guid}" name="{name}" plainTextPath="{plain}">{selections}</TextSource>'
    )


def write_qdpx(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return path


def simple_qdpx(
    folder: Path,
    text: str | bytes,
    selections: str,
    *,
    origin: str = "Test tool 2.1",
    name: str = "study.qdpx",
) -> Path:
    """One coder, the two-code codebook and one source holding ``text``."""
    body = users((ANA, "Ana")) + codebook() + f"<Sources>{text_source(selections)}</Sources>"
    members: dict[str, str | bytes] = {
        "project.qde": project_xml(body, origin=origin),
        f"sources/{DOC}.txt": text if isinstance(text, bytes) else text.encode("utf-8"),
    }
    return write_qdpx(folder / name, members)


# --------------------------------------------------------------------------- reading back
def coded_texts(project: Project) -> list[tuple[str, str, str]]:
    """(code name, coder name, coded text) of every coding, in document order."""
    with project.reading() as session:
        rows = session.execute(
            select(Code.name, User.name, Document.text, Coding.start, Coding.end)
            .join(Code, Code.id == Coding.code_id)
            .join(User, User.id == Coding.user_id)
            .join(Document, Document.id == Coding.document_id)
            .order_by(Coding.document_id, Coding.start, Code.name)
        ).all()
    return [(code, user, text[start:end]) for code, user, text, start, end in rows]


def file_state(project: Project) -> tuple[bytes, bytes, dict[str, list[tuple[object, ...]]]]:
    """The project file's bytes, its write-ahead log's, and every table's rows."""
    path = project.path
    wal = path.with_name(path.name + "-wal")
    with project.reading() as session:
        names = session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")).all()
        tables = {
            str(n): [tuple(row) for row in session.execute(text(f'SELECT * FROM "{n}"'))]
            for n in names
        }
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b"", tables
