"""The navigator tree: documents grouped by kind and folder, with counts, then the cases.

Rows carry their ids in custom roles. A change that only moves counts (a coding applied,
say) updates the count cells in place, so the view keeps its expansion and selection; new,
renamed or moved documents rebuild the document groups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyle

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from PySide6.QtGui import QIcon

    from workbench.dto import CaseInfo, DocumentInfo

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # stable key of a group row ("kind:notes")

KIND_GROUPS = (
    ("transcript", "Transcripts"),
    ("notes", "Notes"),
    ("survey", "Surveys"),
    ("other", "Other"),
)
COLUMNS = ("Name", "Words", "Codings")
CASES_KEY = "cases"

_Layout = tuple[tuple[int, str, str, str], ...]
_Cells = list[QStandardItem]


def _icon(pixmap: QStyle.StandardPixmap) -> QIcon:
    return QApplication.style().standardIcon(pixmap)


def _cell(text: str = "", *, number: int | None = None) -> QStandardItem:
    item = QStandardItem(f"{number:,}" if number is not None else text)
    item.setEditable(False)
    item.setDragEnabled(False)
    item.setDropEnabled(False)
    if number is not None:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def describe_document(info: DocumentInfo) -> str:
    """ "name — 1,821 words · 17 codings", as a tooltip and for screen readers."""
    codings = "1 coding" if info.codings == 1 else f"{info.codings:,} codings"
    text = f"{info.name} — {info.words:,} words · {codings}"
    if info.speakers:
        text += f"\nSpeakers: {', '.join(info.speakers)}"
    return text


class NavigatorModel(QStandardItemModel):
    """Documents by kind and folder (Name | Words | Codings), then a Cases branch."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self._layout: _Layout = ()
        self._documents: dict[int, DocumentInfo] = {}
        self._rows: dict[int, list[QStandardItem]] = {}  # document id -> its row's cells
        self._groups: list[tuple[list[QStandardItem], list[int]]] = []  # cells, document ids
        self._group_count = 0  # top-level document group rows, above the Cases branch
        self._cases_root = _cell("Cases")
        self._cases_root.setData(CASES_KEY, GROUP_KEY_ROLE)
        self._cases_root.setIcon(_icon(QStyle.StandardPixmap.SP_DirIcon))
        self.appendRow([self._cases_root, _cell(), _cell()])

    # ------------------------------------------------------------------ documents
    @property
    def document_count(self) -> int:
        return len(self._documents)

    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        layout = tuple((d.id, d.name, d.kind, d.folder) for d in documents)
        self._documents = {d.id: d for d in documents}
        if layout == self._layout:
            self._update_counts()
            return
        self._layout = layout
        if self._group_count:
            self.removeRows(0, self._group_count)
        self._rows.clear()
        self._groups.clear()
        known = {kind for kind, _ in KIND_GROUPS}
        row = 0
        for kind, title in KIND_GROUPS:
            members = [d for d in documents if (d.kind if d.kind in known else "other") == kind]
            if members:
                self.insertRow(row, self._kind_group(kind, title, members))
                row += 1
        self._group_count = row

    def _kind_group(self, kind: str, title: str, members: list[DocumentInfo]) -> _Cells:
        cells = self._group_cells(f"{title} ({len(members)})", f"kind:{kind}", members)
        folders: dict[str, list[DocumentInfo]] = {}
        for info in members:
            folders.setdefault(info.folder, []).append(info)
        for folder in sorted(f for f in folders if f):
            folder_cells = self._group_cells(folder, f"folder:{kind}:{folder}", folders[folder])
            for info in folders[folder]:
                folder_cells[0].appendRow(self._document_row(info))
            cells[0].appendRow(folder_cells)
        for info in folders.get("", []):
            cells[0].appendRow(self._document_row(info))
        return cells

    def _group_cells(self, title: str, key: str, members: list[DocumentInfo]) -> _Cells:
        cells = [_cell(title), _cell(number=0), _cell(number=0)]
        cells[0].setData(key, GROUP_KEY_ROLE)
        cells[0].setIcon(_icon(QStyle.StandardPixmap.SP_DirIcon))
        self._groups.append((cells, [d.id for d in members]))
        self._set_group_counts(cells, members)
        return cells

    def _document_row(self, info: DocumentInfo) -> list[QStandardItem]:
        cells = [_cell(info.name), _cell(number=info.words), _cell(number=info.codings)]
        for cell in cells:
            cell.setData(info.id, DOCUMENT_ID_ROLE)
            cell.setToolTip(describe_document(info))
        cells[0].setIcon(_icon(QStyle.StandardPixmap.SP_FileIcon))
        self._rows[info.id] = cells
        return cells

    def _update_counts(self) -> None:
        for doc_id, cells in self._rows.items():
            info = self._documents[doc_id]
            _set_number(cells[1], info.words)
            _set_number(cells[2], info.codings)
            for cell in cells:
                if cell.toolTip() != describe_document(info):
                    cell.setToolTip(describe_document(info))
        for cells, ids in self._groups:
            self._set_group_counts(cells, [self._documents[i] for i in ids])

    def _set_group_counts(self, cells: list[QStandardItem], members: list[DocumentInfo]) -> None:
        words = sum(d.words for d in members)
        codings = sum(d.codings for d in members)
        _set_number(cells[1], words)
        _set_number(cells[2], codings)
        documents = "1 document" if len(members) == 1 else f"{len(members)} documents"
        tip = f"{documents} — {words:,} words · {codings:,} codings"
        for cell in cells:
            if cell.toolTip() != tip:
                cell.setToolTip(tip)

    # ------------------------------------------------------------------ cases
    def set_cases(self, cases: Sequence[CaseInfo]) -> None:
        root = self._cases_root
        if root.rowCount():
            root.removeRows(0, root.rowCount())
        root.setText(f"Cases ({len(cases)})")
        for case in cases:
            root.appendRow(self._case_row(case))

    def _case_row(self, case: CaseInfo) -> list[QStandardItem]:
        cells = [_cell(case.name), _cell(), _cell()]
        cells[0].setIcon(_icon(QStyle.StandardPixmap.SP_FileDialogInfoView))
        tip = self._describe_case(case)
        for cell in cells:
            cell.setData(case.id, CASE_ID_ROLE)
            cell.setToolTip(tip)
        for name, value in case.attributes.items():
            child = _cell(f"{name}: {value}")
            child.setData(case.id, CASE_ID_ROLE)
            child.setToolTip(f"{case.name} · {name}: {value}")
            cells[0].appendRow([child, _cell(), _cell()])
        return cells

    def _describe_case(self, case: CaseInfo) -> str:
        lines = [case.name]
        if case.description:
            lines.append(case.description)
        lines.extend(f"{name}: {value}" for name, value in case.attributes.items())
        names = self._names(case.documents)
        if names:
            lines.append(f"Documents: {', '.join(names)}")
        return "\n".join(lines)

    def _names(self, ids: Iterable[int]) -> list[str]:
        return [self._documents[i].name for i in ids if i in self._documents]

    # ------------------------------------------------------------------ lookups
    def document_item(self, document_id: int) -> QStandardItem | None:
        cells = self._rows.get(document_id)
        return cells[0] if cells else None

    def document_info(self, document_id: int) -> DocumentInfo | None:
        return self._documents.get(document_id)

    def folders(self) -> set[str]:
        return {info.folder for info in self._documents.values()}

    def case_name(self, case_id: int) -> str:
        root = self._cases_root
        for row in range(root.rowCount()):
            child = root.child(row)
            if child is not None and child.data(CASE_ID_ROLE) == case_id:
                return child.text()
        return ""

    def cases_item(self) -> QStandardItem:
        return self._cases_root


def _set_number(cell: QStandardItem, value: int) -> None:
    text = f"{value:,}"
    if cell.text() != text:  # an unchanged cell emits nothing, so views repaint only changes
        cell.setText(text)
