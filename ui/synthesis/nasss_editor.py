"""The rating editor of one NASSS cell: rating, rationale, Save, and the cell's history.

The rating is a group of radio buttons (arrow keys move between them, Alt+letter picks one);
Ctrl+Enter saves. The main window's Code menu also binds Ctrl+Return, so the editor takes the
key itself (accepting the shortcut override) rather than through a competing QShortcut,
which Qt would treat as ambiguous and fire neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.synthesis.nasss_model import format_when, passages
from workbench.nasss import NOT_ASSESSED, RATINGS
from workbench.ops.nasss import RateDomain

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from workbench.commands import Command
    from workbench.nasss import Domain
    from workbench.queries.nasss import AssessedCase, Rating

# Letters free of the main window's menus, snap keys and the always-visible docks' buttons.
RATING_TEXTS = {
    "simple": "Si&mple",
    "complicated": "Com&plicated",
    "complex": "Comp&lex",
    NOT_ASSESSED: "N&ot assessed",
}
NO_CELL = "Choose a cell in the grid (arrow keys, then Enter) to rate it."
NO_HISTORY = "Not rated yet."


class SaveKeyFilter(QObject):
    """Ctrl+Enter (either Enter key) on any watched widget calls ``save``; Escape emits
    :attr:`escaped` (the dock sends the keyboard back to the grid)."""

    escaped = Signal()

    def __init__(self, save: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save

    def watch(self, widgets: Iterable[QWidget]) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent):
            return False
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            if kind == QEvent.Type.KeyPress:
                self.escaped.emit()
            return kind == QEvent.Type.KeyPress
        if not _is_save_key(event):
            return False
        event.accept()  # on the override: the key comes to us, not to a window shortcut
        if kind == QEvent.Type.KeyPress:
            self._save()
        return True


def _is_save_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return modifiers == Qt.KeyboardModifier.ControlModifier and event.key() in (
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
    )


def _content(rating: Rating | None) -> tuple[str, str] | None:
    return None if rating is None else (rating.rating, rating.rationale.strip())


def history_line(rating: Rating, current: bool) -> str:
    rater = rating.rater or "an unknown rater"
    head = f"{rating.label}{' (current)' if current else ''}, by {rater}"
    head += f", {format_when(rating.rated_at)}"
    details = [f"Evidence: {passages(rating.evidence)}"]
    if rating.rationale.strip():
        details.insert(0, rating.rationale.strip())
    return "\n".join([head, *details])


class NasssRatingEditor(QWidget):
    """Rates the current cell through ``run`` (a command runner that says whether it ran)."""

    saved = Signal()  # a rating was saved
    back_to_grid = Signal()  # Escape: the user is done with this cell

    def __init__(
        self, run: Callable[[Command], bool], rater_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("nasss_editor")
        self._run, self._rater_id = run, rater_id
        self._case: AssessedCase | None = None
        self._domain: Domain | None = None
        self._current: Rating | None = None
        self.read_only = False
        self.heading = QLabel(NO_CELL)
        self.heading.setObjectName("nasss_editor_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.group = QButtonGroup(self)
        self.radios = {rating: self._radio(rating) for rating in RATINGS}
        self.rationale = QPlainTextEdit()
        self.rationale.setObjectName("nasss_rationale")
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setPlaceholderText("Why this rating: what the evidence shows")
        self.rationale.setTabChangesFocus(True)
        self.save_button = QPushButton("Save rating")
        self.save_button.setObjectName("nasss_save_rating")
        self.save_button.setAccessibleName("Save rating")
        self.save_button.setToolTip("Save the rating and rationale (Ctrl+Enter)")
        self.history = QListWidget()
        self.history.setObjectName("nasss_history")
        self.history.setAccessibleName("Rating history, newest first")
        self.history.setWordWrap(True)
        self.history.setAlternatingRowColors(True)
        self._lay_out()
        self.keys = SaveKeyFilter(self.save, self)
        self.keys.watch([*self.radios.values(), self.rationale, self.save_button])
        self.keys.escaped.connect(self.back_to_grid)
        self.group.buttonToggled.connect(self._update_state)
        self.rationale.textChanged.connect(self._update_state)
        self.save_button.clicked.connect(self.save)
        self.set_cell(None, None, None)

    def _radio(self, rating: str) -> QRadioButton:
        radio = QRadioButton(RATING_TEXTS[rating])
        radio.setObjectName(f"nasss_rating_{rating}")
        radio.setAccessibleName(RATING_TEXTS[rating].replace("&", ""))
        self.group.addButton(radio)
        return radio

    def _lay_out(self) -> None:
        box = QGroupBox("Rating")
        box.setObjectName("nasss_rating_group")
        radios = QHBoxLayout(box)
        for radio in self.radios.values():
            radios.addWidget(radio)
        radios.addStretch(1)
        rationale_label = QLabel("&Rationale")
        rationale_label.setBuddy(self.rationale)
        history_label = QLabel("History")
        history_label.setObjectName("nasss_history_label")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(box)
        layout.addWidget(rationale_label)
        layout.addWidget(self.rationale, 1)
        layout.addLayout(buttons)
        layout.addWidget(history_label)
        layout.addWidget(self.history, 1)

    # ------------------------------------------------------------------ contents
    @property
    def cell(self) -> tuple[int, str] | None:
        """(case id, domain key) of the cell being edited."""
        if self._case is None or self._domain is None:
            return None
        return self._case.id, self._domain.key

    def set_cell(
        self, case: AssessedCase | None, domain: Domain | None, current: Rating | None
    ) -> None:
        """Edit this cell. The user's unsaved rating and rationale stay while the cell's saved
        rating and rationale are unchanged (saving evidence alone makes a new rating row)."""
        keep = (
            case is not None
            and domain is not None
            and self.cell == (case.id, domain.key)
            and _content(current) == _content(self._current)
        )
        self._case, self._domain, self._current = case, domain, current
        if case is None or domain is None or current is None:
            self.heading.setText(NO_CELL)
            self.history.clear()
        else:
            kind = "domain" if domain.is_domain else "sub-domain"
            self.heading.setText(f"{case.name}: {kind} {domain.key}, {domain.name}")
        if not keep:
            self._load(current)
        self._update_state()

    def _load(self, current: Rating | None) -> None:
        rating = current.rating if current is not None else NOT_ASSESSED
        self.radios[rating].setChecked(True)
        self.rationale.setPlainText(current.rationale if current is not None else "")

    def set_history(self, ratings: list[Rating]) -> None:
        self.history.clear()
        lines = [history_line(r, i == 0) for i, r in enumerate(ratings) if r.id is not None]
        self.history.addItems(lines or [NO_HISTORY])

    def chosen_rating(self) -> str:
        return next((r for r, radio in self.radios.items() if radio.isChecked()), NOT_ASSESSED)

    def choose(self, rating: str) -> None:
        self.radios[rating].setChecked(True)

    @property
    def dirty(self) -> bool:
        """Whether the rating or rationale differ from the cell's saved rating."""
        if self._current is None:
            return False
        chosen = (self.chosen_rating(), self.rationale.toPlainText().strip())
        return chosen != _content(self._current)

    def _update_state(self) -> None:
        enabled = self._current is not None and not self.read_only
        for radio in self.radios.values():
            radio.setEnabled(enabled)
        self.rationale.setEnabled(enabled)
        self.save_button.setEnabled(enabled and self.dirty)

    def focus_rating(self) -> None:
        """Put the keyboard on the chosen rating (arrow keys then choose another)."""
        radio = self.radios[self.chosen_rating()]
        if radio.isEnabled():
            radio.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Save the rating and rationale as a new rating of the cell (the old one is history)."""
        if self.cell is None or not self.save_button.isEnabled():
            return False
        case_id, key = self.cell
        command = RateDomain(
            case_id, key, self.chosen_rating(), self.rationale.toPlainText().strip(), self._rater_id
        )
        done = self._run(command)
        if done:
            self.saved.emit()
        return done
