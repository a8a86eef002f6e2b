"""Helpers shared by the tests of operations and queries on a real project file.

Importing text files through the real import service, small wrappers that run one command and
return the new id, what the user sees of the code tree, and the do/undo/redo check with its
audit log (one row per step, never a run of document words).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from storage.models import AuditEntry, Document
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding
from workbench.queries.codes import code_paths, list_codes
from workbench.rows import snapshot

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from storage.models import Base
    from workbench.commands import Command
    from workbench.project import Project

WARD_INTERVIEW = (
    "Interviewer: How did the rollout of the tablets go on your ward?\n"
    "P01: The tablets arrived late and nobody trained us on the portal.\n"
    "\n"
    "P01: Night staff still print everything because the wifi drops.\n"
)


# ---------------------------------------------------------------- documents
def import_texts(project: Project, folder: Path, texts: Mapping[str, str]) -> dict[str, int]:
    """Write each text to ``folder/<name>.txt`` and import them all; name -> document id."""
    paths = []
    for name, text in texts.items():
        paths.append(folder / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    report = import_files(project, paths)
    assert not report.failed
    return {path.stem: ids[0] for path, ids in report.imported}


def import_text(project: Project, folder: Path, name: str, text: str) -> int:
    """Import one text as ``folder/<name>.txt``; its document id."""
    return import_texts(project, folder, {name: text})[name]


def span_of(text: str, phrase: str) -> tuple[int, int]:
    """``[start, end)`` of the first occurrence of ``phrase`` in ``text``."""
    start = text.index(phrase)
    return start, start + len(phrase)


# ---------------------------------------------------------------- codes and codings
def new_code(project: Project, name: str, parent_id: int | None = None, **fields: Any) -> int:
    command = CreateCode(name=name, parent_id=parent_id, **fields)
    project.execute(command)
    assert command.code_id is not None
    return command.code_id


def apply_coding(
    project: Project,
    document_id: int,
    code_id: int,
    span: tuple[int, int],
    user_id: int | None = None,
) -> int:
    """Code ``span`` of a document as ``user_id`` (the project's coder by default); its id."""
    start, end = span
    command = ApplyCoding(
        document_id=document_id, code_id=code_id, start=start, end=end,
        user_id=user_id or project.user_id,
    )  # fmt: skip
    project.execute(command)
    assert command.coding_id is not None
    return command.coding_id


def tree(project: Project) -> list[str]:
    """The code tree as the user sees it: 'Parent/Child' paths in tree order."""
    codes = list_codes(project)
    paths = code_paths(codes)
    return [paths[c.id] for c in codes]


def table_rows(project: Project, *models: type[Base]) -> list[list[dict[str, Any]]]:
    """Whole table rows (ids, guids, times included): 'exactly as before' means these."""
    with project.reading() as session:
        return [snapshot(session, model) for model in models]


# ---------------------------------------------------------------- the audit log
def audit_rows(project: Project) -> list[tuple[str, str, str]]:
    """(operation, before, after) of every audit entry, oldest first."""
    with project.reading() as session:
        query = select(AuditEntry.operation, AuditEntry.before, AuditEntry.after)
        return [(op, b, a) for op, b, a in session.execute(query.order_by(AuditEntry.id))]


def audit_operations(project: Project) -> list[str]:
    return [operation for operation, _, _ in audit_rows(project)]


def audit_text(project: Project) -> str:
    """Everything the audit log keeps of objects before and after each step."""
    return " ".join(f"{before} {after}" for _, before, after in audit_rows(project))


def assert_audit_free_of_text(project: Project) -> None:
    """No run of three words from any document appears in the audit log."""
    with project.reading() as session:
        texts = list(session.scalars(select(Document.text)))
    logged = " ".join(
        re.findall(r"[a-z']+", " ".join(f"{o} {b} {a}" for o, b, a in audit_rows(project)).lower())
    )
    for text in texts:
        words = re.findall(r"[a-z']+", text.lower())
        trigrams = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
        assert not [t for t in trigrams if t in logged]


def round_trip(project: Project, command: Command, look: Callable[[], object]) -> object:
    """Do, undo and redo ``command``; undo shows the state before, redo the state after.

    Returns the state after ``do``. Checks the audit log has the three steps, in order, and no
    document text.
    """
    before = look()
    project.execute(command)
    done = look()
    assert project.undo() is not None
    assert look() == before
    assert project.redo() is not None
    assert look() == done
    name = type(command).__name__
    assert audit_operations(project)[-3:] == [name, f"{name}:undo", f"{name}:redo"]
    assert_audit_free_of_text(project)
    return done
