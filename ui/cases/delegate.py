"""Cell editors of the cases table: a list of the allowed values for choice attributes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QWidget

from ui.cases.model import CaseTableModel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

    from workbench.queries.navigation import AttributeInfo

_Index = QModelIndex | QPersistentModelIndex

_PLACEHOLDERS = {"number": "a number, e.g. 42", "date": "a date, e.g. 2024-03-12"}


def _attribute(index: _Index) -> AttributeInfo | None:
    model = index.model()
    return model.attribute_at(index.column()) if isinstance(model, CaseTableModel) else None


class CaseValueDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        attribute = _attribute(index)
        if attribute is not None and attribute.kind == "choice" and attribute.choices:
            combo = QComboBox(parent)
            combo.setObjectName("cases_value_choice")
            combo.setAccessibleName(f"Value of {attribute.name}")
            combo.addItems(["", *attribute.choices])
            return combo
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setObjectName("cases_value_editor")
            editor.setAccessibleName(
                f"Value of {attribute.name}" if attribute is not None else "Case name"
            )
            if attribute is not None:
                editor.setPlaceholderText(_PLACEHOLDERS.get(attribute.kind, ""))
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
