"""A person's answers to suggestions: Accept, Reject, Accept all for the code, Show in document.

Each is an action with keys that work while the suggestion table has the focus (Enter or A,
R or Delete, Shift+A, Space) and a button below the table. Accepting and rejecting run the
workbench commands through :meth:`ProjectSession.run` as the person using the app; nothing is
ever coded without one of these. The answered rows leave the table at once and the next row
becomes current, so the keyboard can go on; the queue is then read again in the background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

from workbench.suggestions import AcceptAllForCode, AcceptSuggestion, RejectSuggestion

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ui.suggestions.dock import SuggestionsDock
    from ui.suggestions.reading import QueueRow

KEYS = {
    "accept": ("Return", "Enter", "A"),
    "reject": ("R", "Del"),
    "accept_all": ("Shift+A",),
    "show": ("Space",),
}
KEY_HELP = (
    "Enter or A accepts the suggestion, R or Delete rejects it, Shift+A accepts every "
    "suggestion of its code, Space shows the passage in its document."
)


class SuggestionAnswers(QObject):
    def __init__(self, dock: SuggestionsDock) -> None:
        super().__init__(dock)
        self.dock = dock
        # No Alt-letter on Accept: every letter of it is taken while it shows (the menus, the
        # snapping keys, the code editor's Ex&ample); Enter and A in the list are its keys.
        self.accept = self._action(
            "Accept", "accept", self.accept_current,
            "Code the passage with the suggested code (Enter or A)",
        )  # fmt: skip
        self.reject = self._action(
            "&Reject", "reject", self.reject_current,
            "Say no: this code is never suggested for this passage again (R or Delete)",
        )  # fmt: skip
        self.accept_all = self._action(
            "Accept a&ll for this code", "accept_all", self.accept_all_of_code,
            "Accept every listed suggestion of this code, as one step that one Undo takes "
            "back (Shift+A)",
        )  # fmt: skip
        self.show_passage = self._action(
            "Sh&ow in document", "show", self.show_current,
            "Open the document at the passage; the list keeps the keyboard (Space)",
        )  # fmt: skip
        self.buttons = [self._button(a) for a in (self.accept, self.reject, self.accept_all)]
        self.buttons.append(self._button(self.show_passage))

    def _action(self, text: str, name: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self.dock)
        action.setObjectName(f"suggestion_{name}")
        action.setToolTip(tip)
        # Only while the table has the focus: R and Space must still type in other fields.
        action.setShortcuts([QKeySequence(key) for key in KEYS[name]])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.dock.view.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text())
        button.setObjectName(f"{action.objectName()}_button")
        button.setAccessibleName(action.text().replace("&", ""))
        button.setToolTip(action.toolTip())
        button.setAccessibleDescription(action.toolTip())
        button.clicked.connect(action.trigger)

        def follow() -> None:
            button.setEnabled(action.isEnabled())
            button.setText(action.text())
            button.setAccessibleName(action.text().replace("&", ""))

        action.changed.connect(follow)
        follow()
        return button

    # ------------------------------------------------------------------ state
    def update(self) -> None:
        """Enable what makes sense for the current row; name its code on Accept all."""
        row = self.dock.current_row()
        writable = not self.dock.session.read_only
        self.accept.setEnabled(writable and row is not None)
        self.reject.setEnabled(writable and row is not None)
        self.show_passage.setEnabled(row is not None)
        same = self._same_code(row) if row is not None else []
        self.accept_all.setEnabled(writable and bool(same))
        if row is None:
            self.accept_all.setText("Accept a&ll for this code")
        else:
            self.accept_all.setText(f"Accept a&ll {len(same):,} for “{row.suggestion.code_name}”")

    def _same_code(self, row: QueueRow) -> list[QueueRow]:
        code_id = row.suggestion.code_id
        return [r for r in self.dock.model.rows() if r.suggestion.code_id == code_id]

    # ------------------------------------------------------------------ answers
    def accept_current(self) -> bool:
        row = self._chosen()
        if row is None:
            return False
        command = AcceptSuggestion(row.suggestion, user_id=self.dock.session.project.user_id)
        if not self.dock.session.run(command):
            return False
        coded = row.suggestion
        self._answered([row], f"Coded “{coded.code_name}” in {coded.document_name}")
        return True

    def reject_current(self) -> bool:
        row = self._chosen()
        if row is None:
            return False
        command = RejectSuggestion(row.suggestion, user_id=self.dock.session.project.user_id)
        if not self.dock.session.run(command):
            return False
        name = row.suggestion.code_name
        self._answered([row], f"Rejected “{name}” for that passage: it is not suggested again")
        return True

    def accept_all_of_code(self) -> bool:
        row = self._chosen()
        if row is None:
            return False
        rows = self._same_code(row)
        code_id, name = row.suggestion.code_id, row.suggestion.code_name
        command = AcceptAllForCode(
            code_id, [r.suggestion for r in rows], user_id=self.dock.session.project.user_id
        )
        if not self.dock.session.run(command):
            return False
        noun = "suggestion" if len(rows) == 1 else "suggestions"
        said = f"Accepted {len(rows):,} {noun} for “{name}”: one Undo takes them back"
        self._answered(rows, said)
        return True

    def show_current(self, *, keep_focus: bool = True) -> bool:
        row = self.dock.current_row()
        if row is None:
            return False
        s = row.suggestion
        self.dock.passage_activated.emit(s.document_id, s.start, s.end)
        if keep_focus:  # Space previews the passage: the keyboard stays in the queue
            self.dock.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _chosen(self) -> QueueRow | None:
        row = self.dock.current_row()
        if row is None:
            self.dock.message.emit("Choose a suggestion in the list first")
        elif self.dock.session.read_only:
            self.dock.message.emit("The project is open read-only: suggestions cannot be answered")
            return None
        return row

    def _answered(self, rows: Sequence[QueueRow], message: str) -> None:
        self.dock.take_out([r.key for r in rows])
        self.dock.message.emit(message)
