"""The reviewer's side: Agree / Disagree / Not sure, a comment, a different code to suggest,
Previous / Next, and how far they have got ("12 of 40 reviewed").

The keys live on actions (A, D, N, C, S, arrows or Alt+arrows, W) that the window also lists in
its menu. Typing in the comment or suggestion field never triggers them: text fields claim
plain letter and arrow keys before any shortcut sees them, and Alt+arrows still move on.
Each move is announced to screen readers ("Saved: Agree. Passage 13 of 40").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAccessible, QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.review.look import (
    BUTTON_SCALE,
    HEADING_SCALE,
    RESTYLE_EVENTS,
    muted_text,
    scaled_font,
    style_key,
)
from ui.review.passages import VERDICT_LABELS, Feedback

if TYPE_CHECKING:
    from collections.abc import Sequence

# verdict, button text, key, what it means (read to screen readers)
_CHOICES = (
    ("agree", "✓  Agree", "A", "The code fits this passage"),
    ("disagree", "✗  Disagree", "D", "The code does not fit this passage"),
    ("unsure", "?  Not sure", "N", "You are not sure whether the code fits"),
)
HELP_LINE = (
    "Keys: A agree · D disagree · N not sure · C comment · S suggest a code · "
    "← → or Alt+← → previous and next · W whole document · R read aloud · "
    "Esc back to the passage · Ctrl+plus / Ctrl+minus text size"
)


def announce(widget: QWidget, message: str) -> None:
    """Have screen readers speak ``message`` now (Qt's announcement event, Qt 6.8 and later)."""
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent
    except ImportError:  # an older Qt: the live status label's description carries it
        widget.setAccessibleDescription(message)
        return
    event = QAccessibleAnnouncementEvent(widget, message)
    QAccessible.updateAccessibility(event)


class FeedbackPanel(QWidget):
    """Collects one passage's feedback; the window saves it when the reviewer moves on."""

    verdict_chosen = Signal(str)
    previous_requested = Signal()
    next_requested = Signal()

    def __init__(self, code_names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style_key = style_key()  # set again by _restyle at the end
        self.setObjectName("review_feedback_panel")
        self.question = _label("review_question", "Does the code fit this passage?")
        self.verdicts = QButtonGroup(self)
        self.verdicts.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for verdict, text, key, meaning in _CHOICES:
            self.buttons[verdict] = self._verdict_button(verdict, text, key, meaning)
        self.comment = _comment_box()
        self.suggestion = _suggestion_box(code_names)
        self.previous = self._nav_button("review_previous", "←  Previous", "Previous passage")
        self.next = self._nav_button("review_next", "Next  →", "Next passage")
        self.position = _label("review_position")
        self.position.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.progress_label = _label("review_progress_label")
        self.progress = QProgressBar()
        self.progress.setObjectName("review_progress")
        self.progress.setTextVisible(False)  # the label says it in words
        self.status = _label("review_status")
        self.status.setAccessibleName("Status")
        self.comment_label = _label("review_comment_label", "&Comment (optional)")
        self.comment_label.setBuddy(self.comment)  # Alt+C from anywhere, and the field's name
        self.suggestion_label = _label(
            "review_suggestion_label", "&Suggest a different code (optional)"
        )
        self.suggestion_label.setBuddy(self.suggestion)
        self.actions_by_name: dict[str, QAction] = {}
        self._make_actions()
        self._lay_out()
        self._connect()
        self._restyle()

    # ------------------------------------------------------------------ building
    def _verdict_button(self, verdict: str, text: str, key: str, meaning: str) -> QPushButton:
        button = QPushButton(f"{text}   ({key})")
        button.setObjectName(f"review_{verdict}")
        button.setAccessibleName(VERDICT_LABELS[verdict])
        button.setAccessibleDescription(f"{meaning}. Shortcut: {key}")
        button.setToolTip(f"{meaning} ({key})")
        button.setCheckable(True)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.verdicts.addButton(button)
        return button

    def _nav_button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setToolTip(f"{accessible} (arrow key or Alt+arrow)")
        return button

    def _action(self, name: str, text: str, keys: Sequence[str]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"review_action_{name}")
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _make_actions(self) -> None:
        for verdict, _, key, _ in _CHOICES:
            choose = self._action(verdict, VERDICT_LABELS[verdict], [key])
            choose.triggered.connect(lambda _=False, v=verdict: self.choose(v))
        self._action("comment", "Write a comment", ["C"]).triggered.connect(self._focus_comment)
        self._action("suggest", "Suggest a different code", ["S"]).triggered.connect(
            self._focus_suggestion
        )
        self._action("previous", "Previous passage", ["Left", "Alt+Left"]).triggered.connect(
            self.previous_requested
        )
        self._action("next", "Next passage", ["Right", "Alt+Right"]).triggered.connect(
            self.next_requested
        )

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addSpacing(14)
        layout.addWidget(self.question)
        for button in self.buttons.values():
            layout.addWidget(button)
        layout.addSpacing(10)
        layout.addWidget(self.comment_label)
        layout.addWidget(self.comment)
        layout.addWidget(self.suggestion_label)
        layout.addWidget(self.suggestion)
        layout.addSpacing(10)
        layout.addWidget(self.position)
        moving = QHBoxLayout()
        moving.setSpacing(12)
        moving.addWidget(self.previous)
        moving.addStretch(1)
        moving.addWidget(self.next)
        layout.addLayout(moving)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.previous.clicked.connect(self.previous_requested)
        self.next.clicked.connect(self.next_requested)
        self.verdicts.buttonClicked.connect(self._clicked)

    # ------------------------------------------------------------------ the feedback
    def choose(self, verdict: str) -> None:
        self.buttons[verdict].setChecked(True)
        self.status.setText(f"Chosen: {VERDICT_LABELS[verdict]}")
        announce(self.status, f"{VERDICT_LABELS[verdict]} chosen")
        self.verdict_chosen.emit(verdict)

    def _clicked(self, button: QAbstractButton) -> None:
        for verdict, candidate in self.buttons.items():
            if candidate is button:
                self.choose(verdict)

    def feedback(self) -> Feedback:
        checked = next((v for v, b in self.buttons.items() if b.isChecked()), "")
        return Feedback(checked, self.comment.toPlainText(), self.suggestion.currentText())

    def set_feedback(self, feedback: Feedback) -> None:
        self.verdicts.setExclusive(False)  # an exclusive group cannot be left with none checked
        for verdict, button in self.buttons.items():
            button.setChecked(verdict == feedback.verdict)
        self.verdicts.setExclusive(True)
        self.comment.setPlainText(feedback.comment)
        self.suggestion.setCurrentText(feedback.suggested_code)

    def typing(self) -> bool:
        """Whether the keyboard is in the comment or suggestion field."""
        focus = QApplication.focusWidget()
        return focus is not None and (
            focus is self.comment or self.comment.isAncestorOf(focus)
            or self.suggestion.isAncestorOf(focus)
        )  # fmt: skip

    def _focus_comment(self) -> None:
        self.comment.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_suggestion(self) -> None:
        self.suggestion.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ where they are
    def set_place(self, index: int, total: int, reviewed: int) -> None:
        """``index`` is 0-based; the labels count from 1 as people do."""
        self.position.setText(f"Passage {index + 1} of {total}" if total else "")
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index + 1 < total)
        words = f"{reviewed} of {total} reviewed"
        self.progress_label.setText(words)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(reviewed)
        self.progress.setAccessibleName(f"Progress: {words}")
        self.progress.setFormat(words)

    def say(self, message: str) -> None:
        """Show ``message`` in the status line and announce it to screen readers."""
        self.status.setText(message)
        announce(self.status, message)

    # ------------------------------------------------------------------ zoom and theme
    def event(self, event: QEvent) -> bool:
        handled = super().event(event)  # first: the widget takes the new palette or font
        if event.type() in RESTYLE_EVENTS and style_key() != self._style_key:
            self._restyle()
        return handled

    def _restyle(self) -> None:
        self._style_key = style_key()
        self.question.setFont(scaled_font(HEADING_SCALE, bold=True))
        self.progress_label.setFont(scaled_font(1.15, bold=True))
        for widget in (self.comment_label, self.suggestion_label, self.position, self.status):
            widget.setFont(scaled_font(1.1))
        self.comment.setFont(scaled_font(1.2))
        # Four lines (it scrolls beyond): its own size hint would push Next below the fold.
        lines = self.comment.fontMetrics().lineSpacing() * 4
        self.comment.setFixedHeight(lines + 2 * self.comment.frameWidth() + 12)
        self.suggestion.setFont(scaled_font(1.2))
        big = scaled_font(BUTTON_SCALE, bold=True)
        for button in self.buttons.values():
            button.setFont(big)
            button.setMinimumHeight(round(button.fontMetrics().height() * 2.4))
        for button in (self.previous, self.next):
            button.setFont(scaled_font(1.15))
            button.setMinimumHeight(round(button.fontMetrics().height() * 2))
        palette = QApplication.palette()
        sheet = _verdict_sheet(palette)
        for button in self.buttons.values():
            button.setStyleSheet(sheet)  # on the buttons alone: a sheet reaches all children
        self.progress.setStyleSheet(_progress_sheet(palette))
        self.progress.setFixedHeight(max(14, self.fontMetrics().height()))
        status = self.status.palette()
        status.setColor(self.status.foregroundRole(), muted_text(self.palette(), on_window=True))
        self.status.setPalette(status)


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # code names come from data: never markup
    return label


def _comment_box() -> QPlainTextEdit:
    comment = QPlainTextEdit()
    comment.setObjectName("review_comment")
    comment.setAccessibleName("Comment")
    comment.setAccessibleDescription("Optional: anything you would like the team to know")
    comment.setPlaceholderText("Anything you would like the research team to know")
    comment.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the window
    return comment


def _suggestion_box(code_names: Sequence[str]) -> QComboBox:
    """The pack's codes to choose from, or free text: a reviewer may name a code of their own."""
    box = QComboBox()
    box.setObjectName("review_suggestion")
    box.setAccessibleName("Suggest a different code")
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    # As narrow as the panel needs: a long code name must not widen the window.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    box.addItems(["", *code_names])
    field = box.lineEdit()
    assert field is not None  # editable
    field.setPlaceholderText("Choose a code or type your own")
    return box


def _verdict_sheet(palette: QPalette) -> str:
    """Chosen verdicts drawn inverted (window-text colour behind window-colour text): the
    strongest contrast each theme has, with a tick, cross or question mark beside the word so
    colour is never the only cue. Colours are written out, not palette(...) references: those
    are read once, when the sheet is set, and would keep a previous theme's colours."""
    role = QPalette.ColorRole
    button, button_text = palette.color(role.Button).name(), palette.color(role.ButtonText).name()
    ink, paper = palette.color(role.WindowText).name(), palette.color(role.Window).name()
    edge, focus = palette.color(role.Mid).name(), palette.color(role.Highlight).name()
    return (
        "QPushButton { text-align: left; padding: 6px 18px; border-radius: 8px;"
        f" border: 2px solid {edge}; background: {button}; color: {button_text}; }}"
        f"QPushButton:checked {{ background: {ink}; color: {paper}; border-color: {ink}; }}"
        f"QPushButton:focus {{ border: 3px solid {focus}; }}"
        f"QPushButton:checked:focus {{ border: 3px solid {focus}; }}"
    )


def _progress_sheet(palette: QPalette) -> str:
    """A bar that shows in every theme: Fusion's groove vanishes on high contrast's black."""
    role = QPalette.ColorRole
    edge, base = palette.color(role.Mid).name(), palette.color(role.Base).name()
    done = palette.color(role.Highlight).name()
    return (
        f"QProgressBar {{ border: 2px solid {edge}; border-radius: 6px; background: {base}; }}"
        f"QProgressBar::chunk {{ background: {done}; border-radius: 4px; }}"
    )
