"""Document names and user folders: moved, renamed, undone and redone on a real project file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.workbench.ops_support import import_texts, round_trip
from workbench.errors import OperationError
from workbench.ops.documents import MoveDocuments, RenameDocument, RenameFolder
from workbench.queries.documents import list_documents

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

TEXTS = {
    "Ward A": "P01: The tablets came late.\n",
    "Ward B": "P02: Nobody showed us the portal.\n",
    "Board notes": "The board asked for a second pilot.\n",
}


def folders(project: Project) -> dict[str, str]:
    """Document name -> the folder the navigator shows it in."""
    return {d.name: d.folder for d in list_documents(project)}


def names(project: Project) -> list[str]:
    return sorted(d.name for d in list_documents(project))


@pytest.fixture
def ids(project: Project, tmp_path: Path) -> dict[str, int]:
    return import_texts(project, tmp_path, TEXTS)


def test_documents_move_into_a_new_folder_and_back_with_undo(
    project: Project, ids: dict[str, int]
) -> None:
    command = MoveDocuments([ids["Ward A"], ids["Ward B"]], "  Site   one ")
    after = round_trip(project, command, lambda: folders(project))
    assert after == {"Ward A": "Site one", "Ward B": "Site one", "Board notes": ""}
    assert command.label == "Move 2 documents to folder “Site one”"


def test_moving_documents_from_different_folders_undoes_each_to_its_own(
    project: Project, ids: dict[str, int]
) -> None:
    project.execute(MoveDocuments([ids["Ward A"]], "Site one"))
    project.execute(MoveDocuments([ids["Ward B"]], "Site two"))
    project.execute(MoveDocuments(ids.values(), ""))
    assert set(folders(project).values()) == {""}
    project.undo()
    assert folders(project) == {"Ward A": "Site one", "Ward B": "Site two", "Board notes": ""}


def test_renaming_a_folder_moves_every_document_in_it(
    project: Project, ids: dict[str, int]
) -> None:
    project.execute(MoveDocuments([ids["Ward A"], ids["Ward B"]], "Site one"))
    after = round_trip(project, RenameFolder("Site one", "North site"), lambda: folders(project))
    assert after == {"Ward A": "North site", "Ward B": "North site", "Board notes": ""}


def test_renaming_a_document_is_undoable(project: Project, ids: dict[str, int]) -> None:
    after = round_trip(
        project, RenameDocument(ids["Board notes"], "Board minutes"), lambda: names(project)
    )
    assert after == ["Board minutes", "Ward A", "Ward B"]


def test_a_document_name_already_used_in_the_same_folder_is_refused(
    project: Project, ids: dict[str, int]
) -> None:
    with pytest.raises(OperationError, match="already a document called “ward b”"):
        project.execute(RenameDocument(ids["Ward A"], "ward b"))
    project.execute(MoveDocuments([ids["Ward A"]], "Site one"))
    project.execute(RenameDocument(ids["Ward A"], "Ward B"))  # another folder: allowed
    assert names(project) == ["Board notes", "Ward B", "Ward B"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda ids: RenameDocument(ids["Ward A"], "   "), "needs a name"),
        (lambda ids: RenameFolder("Nowhere", "Somewhere"), "no folder called “Nowhere”"),
        (lambda ids: MoveDocuments([999], "Site"), "Document 999 does not exist"),
        (lambda ids: MoveDocuments([], "Site"), "Choose one or more documents"),
        (lambda ids: MoveDocuments([ids["Ward A"]], "x" * 201), "at most 200 characters"),
    ],
)
def test_bad_moves_and_renames_are_refused_and_change_nothing(
    project: Project, ids: dict[str, int], make: object, message: str
) -> None:
    before = folders(project), names(project)
    with pytest.raises(OperationError, match=message):
        project.execute(make(ids))  # type: ignore[operator]
    assert (folders(project), names(project)) == before
