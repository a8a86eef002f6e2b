"""Redo brings back the very same objects: ids and guids (exports and merges match by guid)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from storage.models import Attribute, Case, Code, Coding, Memo
from tests.workbench.ops_support import import_text, table_rows
from workbench.codebooks import LoadCodebook
from workbench.ops.cases import CreateAttribute, CreateCase
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding
from workbench.ops.memos import CreateMemo

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from workbench.commands import Command
    from workbench.project import Project


def _identities(project: Project) -> list[list[tuple[int, str]]]:
    tables = table_rows(project, Code, Case, Attribute, Memo, Coding)
    return [sorted((row["id"], row["guid"]) for row in rows) for rows in tables]


@pytest.mark.parametrize(
    "make",
    [
        lambda ids: CreateCode(name="Trust"),
        lambda ids: CreateCase(name="Ward 3"),
        lambda ids: CreateAttribute(name="Site", kind="choice", choices=["North", "South"]),
        lambda ids: CreateMemo(kind="journal", title="Day one"),
        lambda ids: LoadCodebook("nasss"),
        lambda ids: ApplyCoding(
            document_id=ids["doc"], code_id=ids["code"], start=0, end=4, user_id=None
        ),
    ],
)
def test_redo_restores_the_same_ids_and_guids(
    project: Project, tmp_path: Path, make: Callable[[dict[str, int]], Command]
) -> None:
    doc = import_text(project, tmp_path, "p01", "P01: The kit works.\n")
    code = CreateCode(name="Kit")
    project.execute(code)
    assert code.code_id is not None
    command = make({"doc": doc, "code": code.code_id})
    project.execute(command)
    done = _identities(project)
    project.undo()
    assert _identities(project) != done
    project.redo()
    assert _identities(project) == done
