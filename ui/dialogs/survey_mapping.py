"""The survey part of the import dialog: what each column holds, with a preview of the rows.

Each survey file gets a :class:`SurveyMapping` (the table once read, and a role per column,
first guessed by ``suggest_columns``); a file that cannot be read shows the reason instead.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.importers.survey import SurveyTable, suggest_columns
from workbench.importing.survey_store import SurveyColumns

if TYPE_CHECKING:
    from pathlib import Path

_Index = QModelIndex | QPersistentModelIndex

ROLE_ID, ROLE_TEXT, ROLE_ATTRIBUTE, ROLE_IGNORE = "id", "text", "attribute", "ignore"
ROLE_LABELS = {
    ROLE_ID: "Respondent id",
    ROLE_TEXT: "Free text (coded by question)",
    ROLE_ATTRIBUTE: "Attribute",
    ROLE_IGNORE: "Ignore",
}
_HEADER_ROLES = {ROLE_ID: "respondent id", ROLE_TEXT: "free text", ROLE_ATTRIBUTE: "attribute",
                 ROLE_IGNORE: "ignored"}  # fmt: skip
PREVIEW_ROWS = 8
_HEADER_WRAP = 24  # characters per line of a column heading in the preview
_HEADER_LINES = 3
_TOOLTIP_CHARS = 600
_CELL_CHARS = 30  # widest preview column, in average characters of the current font
_CELL_LINES = 3  # tallest preview row, in lines
_LABEL_CHARS = 18  # width of the column names beside the role choosers


@dataclass
class SurveyMapping:
    """One survey file: its table once read (or why it could not be), and each column's role."""

    path: Path
    table: SurveyTable | None = None
    error: str = ""
    roles: dict[str, str] = field(default_factory=dict)

    def load(self, table: SurveyTable) -> None:
        """Keep the table and start from the suggested roles."""
        self.table, self.error = table, ""
        id_column, text, attributes = suggest_columns(table)
        self.roles = dict.fromkeys(table.headers, ROLE_IGNORE)
        self.roles.update(dict.fromkeys(text, ROLE_TEXT))
        self.roles.update(dict.fromkeys(attributes, ROLE_ATTRIBUTE))
        if id_column is not None:
            self.roles[id_column] = ROLE_ID

    def with_role(self, role: str) -> tuple[str, ...]:
        headers = self.table.headers if self.table is not None else ()
        return tuple(header for header in headers if self.roles.get(header) == role)

    def columns(self) -> SurveyColumns:
        ids = self.with_role(ROLE_ID)
        return SurveyColumns(
            id_column=ids[0] if ids else None,
            text_columns=self.with_role(ROLE_TEXT),
            attribute_columns=self.with_role(ROLE_ATTRIBUTE),
        )

    def problem(self) -> str:
        """What stops this survey being imported, in words; "" when it is ready."""
        if self.error:
            return (
                f"{self.path.name} {self.error}. Remove it from the list to import the other files."
            )
        if self.table is None:
            return f"Reading {self.path.name}…"
        ids = self.with_role(ROLE_ID)
        if len(ids) > 1:
            named = " and ".join(f"“{column}”" for column in ids)
            return f"{self.path.name}: choose at most one respondent id column (now {named})."
        if not self.with_role(ROLE_TEXT):
            return f"{self.path.name}: choose at least one free-text column to code."
        return ""


# ---------------------------------------------------------------------- preview model
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _heading(column: str, role: str) -> str:
    """A column heading wrapped to a few short lines, with its role underneath."""
    lines = textwrap.wrap(column, _HEADER_WRAP, max_lines=_HEADER_LINES, placeholder=" …")
    return "\n".join([*(lines or [column]), f"[{_HEADER_ROLES[role]}]"])


class SurveyPreviewModel(QAbstractTableModel):
    """The first rows of one survey, read-only; headings say each column's role."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mapping: SurveyMapping | None = None

    def set_mapping(self, mapping: SurveyMapping | None) -> None:
        self.beginResetModel()
        self._mapping = mapping
        self.endResetModel()

    def roles_changed(self) -> None:
        rows, columns = self.rowCount(), self.columnCount()
        if columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        if rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))

    def _table(self) -> SurveyTable | None:
        return self._mapping.table if self._mapping is not None else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        table = self._table()
        if parent.isValid() or table is None:
            return 0
        return min(PREVIEW_ROWS, len(table.rows))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        table = self._table()
        return 0 if parent.isValid() or table is None else len(table.headers)

    def data(self, index: _Index, role: int = _DISPLAY) -> object:
        table = self._table()
        if table is None or self._mapping is None or not index.isValid():
            return None
        cell = table.rows[index.row()][index.column()]
        if role == _DISPLAY:
            return " ".join(cell.split())
        if role == _TOOLTIP:
            return textwrap.shorten(cell, _TOOLTIP_CHARS, placeholder="…") if cell else None
        ignored = self._mapping.roles.get(table.headers[index.column()]) == ROLE_IGNORE
        if role == Qt.ItemDataRole.ForegroundRole and ignored:
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        table = self._table()
        if table is None or self._mapping is None or role not in (_DISPLAY, _TOOLTIP):
            return None
        if orientation == Qt.Orientation.Vertical:
            return f"Row {table.row_number(section)}" if 0 <= section < len(table.rows) else None
        if not 0 <= section < len(table.headers):
            return None
        column = table.headers[section]
        role_name = self._mapping.roles.get(column, ROLE_IGNORE)
        if role == _TOOLTIP:
            return f"{column}: {ROLE_LABELS[role_name]}"
        return _heading(column, role_name)


# ---------------------------------------------------------------------- the panel
def _wrapping_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class SurveyMappingPanel(QGroupBox):
    """Pick a survey file, choose what each of its columns holds, and see its first rows."""

    roles_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Survey columns", parent)
        self.setObjectName("survey_mapping")
        self.setAccessibleName("Survey columns")
        self._mappings: list[SurveyMapping] = []
        self.role_boxes: dict[str, QComboBox] = {}
        self.file_choice = QComboBox()
        self.file_choice.setObjectName("survey_file")
        self.file_choice.setAccessibleName("Survey file being mapped")
        self.file_choice.setToolTip("The survey whose columns are shown below")
        self.summary = _wrapping_label("survey_summary")
        self.roles = QScrollArea()
        self.roles.setObjectName("survey_roles")
        self.roles.setWidgetResizable(True)
        self.roles.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.roles.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the choosers inside take the keys
        self.preview_model = SurveyPreviewModel(self)
        self.preview = self._preview_view()
        self.notice = _wrapping_label("survey_notice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._layout()
        self.file_choice.currentIndexChanged.connect(lambda _index: self.show_current())

    def _preview_view(self) -> QTableView:
        view = QTableView()
        view.setObjectName("survey_preview")
        view.setAccessibleName(f"Preview of the first {PREVIEW_ROWS} rows")
        view.setModel(self.preview_model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setCornerButtonEnabled(False)
        view.setWordWrap(True)
        view.horizontalHeader().setAccessibleName("Survey column headings")
        view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        view.horizontalHeader().setHighlightSections(False)  # bold headings would not fit
        view.verticalHeader().setAccessibleName("Row numbers in the file")
        return view

    def _layout(self) -> None:
        choose = QLabel("&Survey file:")
        choose.setBuddy(self.file_choice)
        self.choose_row = QWidget()
        top = QHBoxLayout(self.choose_row)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(choose)
        top.addWidget(self.file_choice, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("survey_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.roles)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(1, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.notice)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choose_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)

    # ------------------------------------------------------------------ which survey
    def set_mappings(self, mappings: list[SurveyMapping]) -> None:
        """Show these surveys (in list order), keeping the one on show if it is still there."""
        shown = self.current()
        self._mappings = list(mappings)
        self.file_choice.blockSignals(True)
        self.file_choice.clear()
        for mapping in self._mappings:
            self.file_choice.addItem(mapping.path.name)
            self.file_choice.setItemData(self.file_choice.count() - 1, str(mapping.path),
                                         Qt.ItemDataRole.ToolTipRole)  # fmt: skip
        index = self._mappings.index(shown) if shown in self._mappings else 0
        self.file_choice.setCurrentIndex(index)
        self.file_choice.blockSignals(False)
        # With one survey the summary names it; a combo with one choice is just noise.
        self.choose_row.setVisible(len(self._mappings) > 1)
        self.show_current()

    def current(self) -> SurveyMapping | None:
        index = self.file_choice.currentIndex()
        return self._mappings[index] if 0 <= index < len(self._mappings) else None

    def choose(self, path: Path) -> None:
        paths = [mapping.path for mapping in self._mappings]
        if path in paths:
            self.file_choice.setCurrentIndex(paths.index(path))

    def show_current(self) -> None:
        mapping = self.current()
        table = mapping.table if mapping is not None else None
        self.preview_model.set_mapping(mapping if table is not None else None)
        if mapping is None or table is None:
            self.summary.clear()
            self.notice.setText(mapping.problem() if mapping is not None else "")
            self.pages.setCurrentWidget(self.notice)
            return
        self.summary.setText(
            f"{mapping.path.name}: {len(table.rows)} respondents, {len(table.headers)} columns. "
            "Each respondent becomes a case. Answers in free-text columns are coded with a "
            "code named after the question; attributes describe the case."
        )
        self._build_roles(mapping)
        self._fit_preview()
        self.pages.setCurrentIndex(0)

    def _fit_preview(self) -> None:
        """Columns as wide as their text up to a limit; long answers wrap onto a few lines."""
        metrics = self.preview.fontMetrics()
        self.preview.horizontalHeader().setMaximumSectionSize(
            metrics.averageCharWidth() * _CELL_CHARS
        )
        self.preview.resizeColumnsToContents()
        self.preview.resizeRowsToContents()
        tallest = metrics.lineSpacing() * _CELL_LINES + 2 * metrics.descent()
        for row in range(self.preview_model.rowCount()):
            self.preview.setRowHeight(row, min(self.preview.rowHeight(row), tallest))

    # ------------------------------------------------------------------ roles
    def _build_roles(self, mapping: SurveyMapping) -> None:
        body = QWidget()
        body.setObjectName("survey_roles_body")
        grid = QGridLayout(body)
        grid.setColumnStretch(0, 1)
        label_width = self.fontMetrics().averageCharWidth() * _LABEL_CHARS
        grid.setColumnMinimumWidth(0, label_width)
        self.role_boxes = {}
        for row, column in enumerate(mapping.table.headers if mapping.table else ()):
            label = QLabel(column)
            label.setWordWrap(True)
            label.setToolTip(column)
            box = QComboBox()
            box.setObjectName(f"survey_role_{row}")
            box.setAccessibleName(f"Role of column {column}")
            for role, text in ROLE_LABELS.items():
                box.addItem(text, role)
            box.setCurrentIndex(box.findData(mapping.roles.get(column, ROLE_IGNORE)))
            box.currentIndexChanged.connect(
                lambda _index, c=column, b=box: self._role_chosen(mapping, c, b)
            )
            label.setBuddy(box)
            grid.addWidget(label, row, 0)
            grid.addWidget(box, row, 1, Qt.AlignmentFlag.AlignTop)
            self.role_boxes[column] = box
        grid.setRowStretch(len(self.role_boxes), 1)
        self.roles.setWidget(body)  # deletes the previous survey's body
        # New widgets join the end of the tab chain: put the choosers back in reading order.
        chain = [self.file_choice, *self.role_boxes.values(), self.preview]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        # Wide enough for the choosers and short names; long names wrap onto more lines.
        margins = grid.contentsMargins()
        boxes = max((box.sizeHint().width() for box in self.role_boxes.values()), default=0)
        chrome = margins.left() + margins.right() + max(grid.horizontalSpacing(), 0)
        chrome += self.roles.verticalScrollBar().sizeHint().width() + 2 * self.roles.frameWidth()
        self.roles.setMinimumWidth(label_width + boxes + chrome)
        self.splitter.setSizes([self.roles.minimumWidth(), 10**5])  # the preview gets the rest

    def _role_chosen(self, mapping: SurveyMapping, column: str, box: QComboBox) -> None:
        mapping.roles[column] = str(box.currentData())
        self.preview_model.roles_changed()
        self.show_column(column)
        self.roles_changed.emit()

    def show_column(self, column: str) -> None:
        """Scroll the preview to ``column`` and select it, so a role change shows there."""
        mapping = self.current()
        headers = mapping.table.headers if mapping is not None and mapping.table else ()
        if column in headers:
            index = self.preview_model.index(0, headers.index(column))
            self.preview.scrollTo(index)
            self.preview.selectColumn(index.column())
