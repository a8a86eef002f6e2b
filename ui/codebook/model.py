"""The code tree as a Qt item model: name with colour and framework key, codings, documents.

Reads come from ``workbench.queries.codes.list_codes``; every change (rename, move, a drop
of text onto a code) is a workbench command run through the session, and the model follows
the ``Changes`` that come back: a structural change reloads the tree, anything else updates
only the rows whose values changed.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from ui.codebook.mime import (
    CODE_IDS_MIME,
    SELECTION_MIME,
    code_ids_mime_data,
    read_code_ids,
    read_selection,
)
from ui.codebook.tree import CodeTree, plan_moves
from workbench.commands import Command, Macro
from workbench.ops.codes import MoveCode, UpdateCode
from workbench.ops.codings import ApplyCoding
from workbench.queries.codes import list_codes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QMimeData, QObject

    from ui.session import ProjectSession
    from workbench.changes import Changes
    from workbench.dto import CodeInfo

Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole
CODE_ID_ROLE = _Role.UserRole + 1
NAME, CODINGS, DOCUMENTS = range(3)
HEADERS = ("Code", "Codings", "Docs")
HEADER_TIPS = ("", "How many passages are coded with this code", "In how many documents")
_ROOT = QModelIndex()
_DEFINITION_CHARS = 400  # a tooltip is a reminder, the editor shows the whole definition


def display_name(code: CodeInfo) -> str:
    """The framework key before the name (``4B  Patient...``), as codebooks are cited."""
    return f"{code.framework_key}  {code.name}" if code.framework_key else code.name


def swatch(colour: str) -> QIcon:
    """A rounded square of the code colour with a grey rim, visible on light and dark."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#808080"), 1))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(QRectF(1.5, 1.5, 13, 13), 3, 3)
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)  # the true colour on a selected row too
    return icon


class CodeTreeModel(QAbstractItemModel):
    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tree = CodeTree.build(list_codes(session.project))
        self._italic = QFont()
        self._italic.setItalic(True)  # only italic is set, so the view's own font still rules
        self._swatches: dict[str, QIcon] = {}
        # Counts and names are re-read just after the change is painted, once for a burst of
        # changes: re-counting every code's codings must not delay applying a code.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        session.changed.connect(self._on_changed)

    # ------------------------------------------------------------------ lookups
    def code(self, code_id: int) -> CodeInfo | None:
        return self._tree.by_id.get(code_id)

    def codes(self) -> list[CodeInfo]:
        """Every code in tree order (parents before their children)."""
        return list(self._tree.codes)

    def paths(self) -> dict[int, str]:
        """``id -> "Parent/Child"`` as reports and the quick-code box show them."""
        return self._tree.paths()

    def children_of(self, code_id: int | None) -> list[int]:
        return list(self._tree.children.get(code_id, []))

    def descendants(self, code_id: int) -> list[int]:
        return self._tree.descendants(code_id)

    def index_of(self, code_id: int, column: int = NAME) -> QModelIndex:
        if code_id not in self._tree.by_id:
            return QModelIndex()
        return self.createIndex(self._tree.row[code_id], column, code_id)

    def code_id(self, index: Index) -> int | None:
        return index.internalId() if index.isValid() else None

    # ------------------------------------------------------------------ refresh
    def _on_changed(self, changes: Changes) -> None:
        if changes.code_tree:
            self.reload()
        elif changes.codes or changes.codings or changes.documents:
            self._refresh_timer.start()

    @property
    def refresh_pending(self) -> bool:
        return self._refresh_timer.isActive()

    def reload(self) -> None:
        """Read the whole tree again (codes added, removed or moved)."""
        self._refresh_timer.stop()
        self.beginResetModel()
        self._tree = CodeTree.build(list_codes(self.session.project))
        self.endResetModel()

    def refresh(self) -> None:
        """Update names, colours and counts in place; reload only if the shape changed."""
        self._refresh_timer.stop()
        fresh = CodeTree.build(list_codes(self.session.project))
        if fresh.shape() != self._tree.shape():
            self.beginResetModel()
            self._tree = fresh
            self.endResetModel()
            return
        old, self._tree = self._tree, fresh
        for code in fresh.codes:
            if code != old.by_id[code.id]:
                self.dataChanged.emit(self.index_of(code.id), self.index_of(code.id, DOCUMENTS))

    # ------------------------------------------------------------------ structure
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        siblings = self._tree.children.get(self.code_id(parent), [])
        return self.createIndex(row, column, siblings[row])

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...
    def parent(self, child: Index | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        code_id = self.code_id(child)
        if code_id is None or code_id not in self._tree.by_id:
            return QModelIndex()
        parent_id = self._tree.parent_of(code_id)
        return QModelIndex() if parent_id is None else self.index_of(parent_id)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.column() > 0:
            return 0
        return len(self._tree.children.get(self.code_id(parent), []))

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        writable = not self.session.read_only
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if writable else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if writable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
            if index.column() == NAME:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == _Role.DisplayRole:
            return HEADERS[section]
        if role == _Role.ToolTipRole:
            return HEADER_TIPS[section] or None
        return None

    # ------------------------------------------------------------------ data
    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        code = self._tree.by_id.get(index.internalId()) if index.isValid() else None
        if code is None:
            return None
        if role == CODE_ID_ROLE:
            return code.id
        if role == _Role.AccessibleTextRole:
            return self._spoken(code)
        if index.column() == NAME:
            return self._name_data(code, role)
        return self._count_data(code, index.column(), role)

    def _name_data(self, code: CodeInfo, role: int) -> Any:
        if role == _Role.DisplayRole:
            return display_name(code)
        if role == _Role.EditRole:
            return code.name
        if role == _Role.DecorationRole:
            if code.colour not in self._swatches:
                self._swatches[code.colour] = swatch(code.colour)
            return self._swatches[code.colour]
        if role == _Role.FontRole and not code.is_codable:
            return self._italic
        if role == _Role.ToolTipRole:
            return self._tooltip(code)
        return None

    def _count_data(self, code: CodeInfo, column: int, role: int) -> Any:
        count = code.codings if column == CODINGS else code.documents
        if role == _Role.DisplayRole:
            return None if count == 0 and not code.is_codable else count
        if role == _Role.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _Role.ToolTipRole:
            noun = "coding" if column == CODINGS else "document"
            return f"{count} {noun}{'' if count == 1 else 's'}"
        return None

    def _tooltip(self, code: CodeInfo) -> str:
        definition = code.definition
        if len(definition) > _DEFINITION_CHARS:
            definition = definition[:_DEFINITION_CHARS].rsplit(" ", 1)[0] + "…"
        parts = [f"<b>{html.escape(self.paths().get(code.id, code.name))}</b>"]
        if code.framework_key:
            parts.append(html.escape(f"{code.framework} {code.framework_key}"))
        if not code.is_codable:
            parts.append("<i>A heading: code with the codes below it</i>")
        if definition:
            parts.append(html.escape(definition))
        return "<qt>" + "<br>".join(parts) + "</qt>"

    @staticmethod
    def _spoken(code: CodeInfo) -> str:
        key = f"{code.framework} {code.framework_key}, " if code.framework_key else ""
        if not code.is_codable:
            return f"{code.name}, {key}heading"
        return f"{code.name}, {key}{code.codings} codings in {code.documents} documents"

    def setData(self, index: Index, value: Any, role: int = _Role.EditRole) -> bool:
        code = self._tree.by_id.get(index.internalId()) if index.isValid() else None
        if code is None or role != _Role.EditRole or index.column() != NAME:
            return False
        name = " ".join(str(value).split())
        if not name or name == code.name:
            return False
        return self.session.run(UpdateCode(code.id, name=name))

    # ------------------------------------------------------------------ drag and drop
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODE_IDS_MIME, SELECTION_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(i.internalId() for i in indexes if i.isValid()))
        return code_ids_mime_data(ids)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if self.session.read_only:
            return False
        target = self.code_id(parent)
        ids = read_code_ids(data)
        if ids:  # not into itself or below itself
            return all(target not in self._tree.descendants(i) for i in ids)
        code = self.code(target) if target is not None else None
        return read_selection(data) is not None and row < 0 and bool(code and code.is_codable)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        target = self.code_id(parent)
        ids = [i for i in read_code_ids(data) if i in self._tree.by_id]
        if ids:
            return self._move(ids, target, row)
        selection = read_selection(data)
        if selection is None or target is None:
            return False
        document_id, start, end = selection
        return self.session.run(
            ApplyCoding(document_id=document_id, code_id=target, start=start, end=end,
                        user_id=self.session.user_id)
        )  # fmt: skip

    def _move(self, ids: list[int], target: int | None, row: int) -> bool:
        """Move ``ids`` under ``target`` before ``row`` (-1: at the end), as one undo step."""
        siblings = self._tree.children.get(target, [])
        positions = plan_moves(siblings, ids, row)
        unmoved = len(ids) == 1 and target == self._tree.parent_of(ids[0])
        if unmoved and positions[0] == self._tree.row[ids[0]]:
            return False  # dropped where it already was: nothing to undo
        moves: list[Command] = [
            MoveCode(code_id, parent_id=target, position=position)
            for code_id, position in zip(ids, positions, strict=True)
        ]
        return self.session.run(moves[0] if len(moves) == 1 else Macro("Move codes", moves))
