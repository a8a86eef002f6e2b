"""Choosing the matrix's cases and codes and their order, and remembering the choice.

Two checkable lists: ticked items are shown, in the order of the list. Items move with the
Move up / Move down buttons, with Alt+Up / Alt+Down, or by dragging. The choice is kept per
project in the app's settings (never in the project file), under ``matrix/<project key>/``;
choosing exactly the default forgets it, so that new codes and cases then appear on their own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.settings import Setting
from workbench.queries.codes import code_paths, list_codes
from workbench.queries.documents import list_cases
from workbench.queries.framework_matrix import MatrixAxes

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from ui.settings import Settings
    from workbench.project import Project

_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_STEPS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}


@dataclass(frozen=True, slots=True)
class AxisChoice:
    id: int
    label: str
    tooltip: str


# ---------------------------------------------------------------------- remembering
def _settings_of(project_path: Path) -> tuple[Setting[list[str]], Setting[list[str]]]:
    # A digest of the path: settings keys cannot hold every character a path can.
    key = hashlib.sha256(str(project_path.resolve()).encode()).hexdigest()[:16]
    doc = "Matrix {} chosen for one project, in order (ids)"
    return (
        Setting(f"matrix/{key}/cases", list[str](), doc.format("cases")),
        Setting(f"matrix/{key}/codes", list[str](), doc.format("codes")),
    )


def stored_axes(settings: Settings, project_path: Path) -> MatrixAxes | None:
    """The cases and codes last chosen for this project; None when none were chosen."""
    cases, codes = (
        tuple(int(v) for v in settings.get(s) if v.isdigit()) for s in _settings_of(project_path)
    )
    return MatrixAxes(cases, codes) if cases and codes else None


def store_axes(settings: Settings, project_path: Path, axes: MatrixAxes | None) -> None:
    """Remember ``axes`` for this project; None forgets them (the default applies again)."""
    cases, codes = _settings_of(project_path)
    settings.set(cases, [str(i) for i in axes.case_ids] if axes else [])
    settings.set(codes, [str(i) for i in axes.code_ids] if axes else [])


# ---------------------------------------------------------------------- what can be chosen
def axis_choices(project: Project) -> tuple[list[AxisChoice], list[AxisChoice]]:
    """Every case (by name) and every codable code (codebook order) the matrix can show."""
    cases = [AxisChoice(c.id, c.name, c.description.strip() or c.name) for c in list_cases(project)]
    codes = list_codes(project)
    paths = code_paths(codes)
    code_choices = []
    for code in codes:
        if not code.is_codable:
            continue
        label = f"{code.framework_key} {code.name}" if code.framework_key else paths[code.id]
        tip = paths[code.id] + (f"\n{code.definition.strip()}" if code.definition.strip() else "")
        code_choices.append(AxisChoice(code.id, label, tip))
    return cases, code_choices


# ---------------------------------------------------------------------- the lists
class AxisList(QWidget):
    """A checkable list whose order the user sets, with buttons for keyboard users."""

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName(f"matrix_axes_{name}")
        self.list.setAccessibleName(title)
        self.list.setToolTip(
            f"{title}: ticked items are shown, in this order. "
            "Space ticks; Alt+Up and Alt+Down move the current item; drag to reorder."
        )
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.installEventFilter(self)
        label = QLabel(f"&{title}")
        label.setBuddy(self.list)
        self.up_button = self._button(name, "Move up", "Alt+Up", -1)
        self.down_button = self._button(name, "Move down", "Alt+Down", 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        self.all_button = self._tick_button(name, "All", True)
        self.none_button = self._tick_button(name, "None", False)
        buttons.addStretch(1)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def _button(self, name: str, text: str, key: str, step: int) -> QPushButton:
        button = QPushButton(text)
        slug = text.lower().replace(" ", "_")
        button.setObjectName(f"matrix_axes_{name}_{slug}")
        button.setAccessibleName(f"{text} ({self.list.accessibleName()})")
        button.setToolTip(f"{text} the current item ({key})")
        button.clicked.connect(lambda: self.move_current(step))
        return button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Alt+Up and Alt+Down move the current item (keys, not shortcuts: no clash)."""
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.modifiers() == Qt.KeyboardModifier.AltModifier
            and Qt.Key(event.key()) in _STEPS
        ):
            self.move_current(_STEPS[Qt.Key(event.key())])
            return True
        return False

    def _tick_button(self, name: str, text: str, ticked: bool) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"matrix_axes_{name}_{text.lower()}")
        title = self.list.accessibleName().lower()
        button.setAccessibleName(f"Tick {text.lower()} {title}")
        button.setToolTip(f"Tick {'every item' if ticked else 'no item'} in this list")
        button.clicked.connect(lambda: self.tick_all(ticked))
        return button

    def fill(self, choices: Sequence[AxisChoice], chosen: Sequence[int]) -> None:
        """Chosen items first in their order, then the others in their own order, unticked."""
        by_id = {c.id: c for c in choices}
        ordered = [by_id[i] for i in chosen if i in by_id]
        ordered += [c for c in choices if c.id not in set(chosen)]
        self.list.clear()
        for choice in ordered:
            item = QListWidgetItem(choice.label)
            item.setData(_ID_ROLE, choice.id)
            item.setToolTip(choice.tooltip)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            ticked = choice.id in set(chosen)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def chosen(self) -> tuple[int, ...]:
        items = [self.list.item(row) for row in range(self.list.count())]
        return tuple(
            int(item.data(_ID_ROLE))
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        )

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None:
                item.setCheckState(state)


class MatrixAxesDialog(QDialog):
    """Pick the cases (rows) and codes (columns) of the matrix and their order."""

    def __init__(
        self,
        choices: tuple[Sequence[AxisChoice], Sequence[AxisChoice]],
        current: MatrixAxes,
        default: MatrixAxes,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("matrix_axes_dialog")
        self.setWindowTitle("Choose cases and codes")
        self.setAccessibleName("Choose the cases and codes of the matrix")
        self._choices, self._default = choices, default
        self.cases = AxisList("cases", "Cases (rows)")
        self.codes = AxisList("codes", "Codes (columns)")
        lists = QHBoxLayout()
        lists.addWidget(self.cases, 1)
        lists.addWidget(self.codes, 2)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("matrix_axes_buttons")
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("matrix_axes_ok")
        self.ok_button.setText("Show these")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("matrix_axes_cancel")
        self.reset_button = buttons.addButton(
            "Reset to default", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.reset_button.setObjectName("matrix_axes_reset")
        self.reset_button.setToolTip("Every coded case by name and every codable code in order")
        for button in (self.ok_button, cancel, self.reset_button):
            button.setAccessibleName(button.text())
        self.hint = QLabel()
        self.hint.setObjectName("matrix_axes_hint")
        layout = QVBoxLayout(self)
        layout.addLayout(lists, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(lambda: self._fill(self._default))
        for axis in (self.cases, self.codes):
            axis.list.itemChanged.connect(self._update_ok)
        self._fill(current)
        self.resize(720, 460)

    def _fill(self, axes: MatrixAxes) -> None:
        self.cases.fill(self._choices[0], axes.case_ids)
        self.codes.fill(self._choices[1], axes.code_ids)
        self._update_ok()

    def _update_ok(self) -> None:
        missing = [n for n, a in (("a case", self.cases), ("a code", self.codes)) if not a.chosen()]
        self.ok_button.setEnabled(not missing)
        self.hint.setText(f"Tick at least {' and '.join(missing)}." if missing else "")

    def axes(self) -> MatrixAxes:
        return MatrixAxes(self.cases.chosen(), self.codes.chosen())

    def is_default(self) -> bool:
        return self.axes() == self._default
