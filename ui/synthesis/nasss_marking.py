"""Choosing a case to add to the NASSS grid, and whether it is a technology, project or site."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from workbench.nasss import ASSESSED_CASE_TYPES, CASE_TYPES
from workbench.queries.documents import list_cases
from workbench.queries.nasss import assessed_cases

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from workbench.dto import CaseInfo
    from workbench.project import Project

TITLE = "Mark case for assessment"
NO_CANDIDATES = (
    "Every case is already in the grid. Add a case for the site, project or technology "
    "in the Cases panel first."
)
TYPES = [t for t in CASE_TYPES if t in ASSESSED_CASE_TYPES]  # technology, project, site


def unassessed_cases(project: Project) -> list[CaseInfo]:
    """The cases not in the grid yet (no assessed type and no rating), by name."""
    assessed = {case.id for case in assessed_cases(project)}
    return sorted(
        (case for case in list_cases(project) if case.id not in assessed),
        key=lambda case: case.name.casefold(),
    )


def ask_case_and_type(parent: QWidget, cases: list[CaseInfo]) -> tuple[int, str] | None:
    """Ask which case to assess and what it is; None when the user cancels."""
    names = [case.name for case in cases]
    name, ok = QInputDialog.getItem(parent, TITLE, "Case to assess:", names, 0, False)
    if not ok or name not in names:
        return None
    labels = [t.capitalize() for t in TYPES]
    kind, ok = QInputDialog.getItem(parent, TITLE, f"“{name}” is a:", labels, 0, False)
    if not ok or kind not in labels:
        return None
    return cases[names.index(name)].id, TYPES[labels.index(kind)]
