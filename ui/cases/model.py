"""Cases (rows) by attributes (columns); edits become case commands.

``setData`` never changes the table itself: it runs a command through the injected runner,
and the table shows the new value when the command's changes come back. A refused value
therefore leaves the old one in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.ops.cases import SetCaseValue, UpdateCase

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from workbench.commands import Command
    from workbench.dto import CaseInfo
    from workbench.queries.navigation import AttributeInfo

_Index = QModelIndex | QPersistentModelIndex

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 20
NAME_COLUMN = 0
_EDIT = Qt.ItemDataRole.EditRole
_DISPLAY = Qt.ItemDataRole.DisplayRole


class CaseTableModel(QAbstractTableModel):
    def __init__(self, run: Callable[[Command], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._cases: list[CaseInfo] = []
        self._attributes: list[AttributeInfo] = []
        self._document_names: dict[int, str] = {}
        self.editable = True

    # ------------------------------------------------------------------ contents
    def set_cases(
        self,
        cases: Sequence[CaseInfo],
        attributes: Sequence[AttributeInfo],
        document_names: Mapping[int, str],
    ) -> None:
        """Show ``cases``; values changed in place when only values changed, else a reload."""
        cases, attributes = list(cases), list(attributes)
        self._document_names = dict(document_names)
        same_shape = [c.id for c in cases] == [c.id for c in self._cases] and [
            (a.id, a.name, a.kind) for a in attributes
        ] == [(a.id, a.name, a.kind) for a in self._attributes]
        if not same_shape:
            self.beginResetModel()
            self._cases, self._attributes = cases, attributes
            self.endResetModel()
            return
        old, self._cases, self._attributes = self._cases, cases, attributes
        last = self.columnCount() - 1
        for row, (before, after) in enumerate(zip(old, cases, strict=True)):
            if before != after:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def case_at(self, row: int) -> CaseInfo | None:
        return self._cases[row] if 0 <= row < len(self._cases) else None

    def attribute_at(self, column: int) -> AttributeInfo | None:
        position = column - 1
        return self._attributes[position] if 0 <= position < len(self._attributes) else None

    def row_of(self, case_id: int) -> int:
        return next((row for row, c in enumerate(self._cases) if c.id == case_id), -1)

    def _documents_column(self) -> int:
        return len(self._attributes) + 1

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._attributes) + 2

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        case = self._cases[index.row()]
        if role == CASE_ID_ROLE:
            return case.id
        if role in (_DISPLAY, _EDIT):
            return self._text(case, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, index.column())
        return None

    def _text(self, case: CaseInfo, column: int) -> str:
        if column == NAME_COLUMN:
            return case.name
        if column == self._documents_column():
            return f"{len(case.documents):,}"
        attribute = self.attribute_at(column)
        return case.attributes.get(attribute.name, "") if attribute else ""

    def _tooltip(self, case: CaseInfo, column: int) -> str:
        if column == self._documents_column():
            names = [self._document_names.get(d, f"document {d}") for d in case.documents]
            return "\n".join(names) if names else "No documents linked to this case"
        return case.description if column == NAME_COLUMN else self._text(case, column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        attribute = self.attribute_at(section)
        if role == _DISPLAY:
            if attribute is not None:
                return attribute.name
            return "Case" if section == NAME_COLUMN else "Documents"
        if role == Qt.ItemDataRole.ToolTipRole and attribute is not None:
            choices = f": {', '.join(attribute.choices)}" if attribute.choices else ""
            return f"{attribute.name} ({attribute.kind}{choices})"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or index.column() == self._documents_column() or not self.editable:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid() or not self.editable:
            return False
        case = self._cases[index.row()]
        text = "" if value is None else str(value).strip()
        if text == self._text(case, index.column()):
            return True  # nothing to do, and nothing for the undo history
        command = self._command(case, index.column(), text)
        return command is not None and self._run(command)

    def _command(self, case: CaseInfo, column: int, text: str) -> Command | None:
        if column == NAME_COLUMN:
            return UpdateCase(case.id, name=text)
        attribute = self.attribute_at(column)
        if attribute is None:
            return None
        return SetCaseValue(case_id=case.id, attribute_id=attribute.id, value=text or None)
