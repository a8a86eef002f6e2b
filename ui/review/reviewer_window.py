"""Reviewer mode: the window a patient or public contributor sees when they open a review pack.

Only feedback can be changed here: there is no codebook, no coding, no import or export. The
reviewer moves through the pack's coded passages one at a time; their feedback on a passage is
saved (one workbench command in the pack file) as they move on or close the window, and the
move is announced to screen readers. Everything works from the keyboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import settings as keys
from ui.review.feedback_panel import HELP_LINE, FeedbackPanel, announce
from ui.review.look import HEADING_SCALE, RESTYLE_EVENTS, muted_text, scaled_font, style_key
from ui.review.passage_view import PassageView
from ui.review.passages import (
    VERDICT_LABELS,
    Feedback,
    code_names,
    load_passages,
    save_feedback,
)
from ui.session import ProjectSession
from ui.settings import Setting
from ui.theme import THEMES, apply_theme, apply_zoom
from workbench.review.pack_open import open_pack, read_pack_info

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent

    from ui.review.passages import Passage
    from ui.settings import Settings

REVIEWER_NAME = Setting("review/name", "", "The name a reviewer gives, shown beside their feedback")


class ReviewerWindow(QMainWindow):
    def __init__(self, session: ProjectSession, settings: Settings, reviewer: str) -> None:
        super().__init__()
        self._style_key = style_key()  # set again by _restyle at the end
        self.setObjectName("reviewer_window")
        self.session = session
        self.settings = settings
        project = session.project
        info = read_pack_info(project)
        title = info.title if info is not None else project.path.stem
        self.setWindowTitle(f"{title} — Reviewer mode")
        reviewer_id = session.user_id
        assert reviewer_id is not None, "a pack opened for review has its reviewer"
        self.reviewer_id = reviewer_id
        self.passages: list[Passage]
        self.saved: dict[int, Feedback]  # coding id -> the answer stored in the pack
        self.passages, self.saved = load_passages(project, reviewer_id)
        self.index = 0
        self._closed = False
        welcome = (
            f"Thank you, {reviewer}. Read each passage and the meaning of its code, then say "
            "whether the code fits. Your answers are saved as you go."
        )
        self.heading = _label("review_title", title)
        self.welcome = _label("review_welcome", welcome)
        self.help = _label("review_help", HELP_LINE)
        self.passage_view = PassageView()
        self.panel = FeedbackPanel(code_names(project))
        self.panel.setEnabled(bool(self.passages))
        self._lay_out()
        self._make_menus()
        self._connect()
        self._restyle()
        self.go_to(self._first_unreviewed(), announce=False)
        self.passage_view.focus_reading()  # a screen reader starts by reading the passage

    # ------------------------------------------------------------------ building
    def _lay_out(self) -> None:
        body = QHBoxLayout()
        body.setSpacing(36)
        body.addWidget(self.passage_view, 3)
        body.addWidget(self._scrolling(self.panel), 2)
        central = QWidget()
        central.setObjectName("review_central")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(32, 24, 32, 18)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.welcome)
        layout.addSpacing(12)
        layout.addLayout(body, 1)
        layout.addSpacing(6)
        layout.addWidget(self.help)
        self.setCentralWidget(central)

    def _scrolling(self, panel: QWidget) -> QScrollArea:
        """The answers side scrolls at large text sizes instead of squeezing or clipping."""
        area = QScrollArea()
        area.setObjectName("review_feedback_area")
        area.setAccessibleName("Your answer")
        area.setWidget(panel)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return area

    def _make_menus(self) -> None:
        review = self.menuBar().addMenu("&Review")
        for name in ("agree", "disagree", "unsure", "comment", "suggest", "previous", "next"):
            review.addAction(self.panel.actions_by_name[name])
        review.addSeparator()
        _add(review, "Show &whole document", self.passage_view.whole_document.toggle, "W")
        _add(review, "&Read the passage aloud", self.read_aloud, "R")
        _add(review, "Back to the &passage", self.passage_view.focus_reading, "Esc")
        review.addSeparator()
        _add(review, "&Close", self.close, "Ctrl+W", "Ctrl+Q")
        self._view_menu(self.menuBar().addMenu("&View"))

    def _view_menu(self, menu: QMenu) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)

        def zoom(step: int) -> None:
            current = self.settings.get(keys.ZOOM) if step else 0
            self.settings.set(keys.ZOOM, apply_zoom(app, current + step))

        _add(menu, "&Larger text", lambda: zoom(1), "Ctrl++", "Ctrl+=")
        _add(menu, "&Smaller text", lambda: zoom(-1), "Ctrl+-")
        _add(menu, "&Normal text size", lambda: zoom(0), "Ctrl+0")
        themes = menu.addMenu("&Colours")
        for name in THEMES:

            def choose(theme: str = name) -> None:
                apply_theme(app, theme)
                self.settings.set(keys.THEME, theme)

            _add(themes, name.replace("-", " ").capitalize(), choose)

    def _connect(self) -> None:
        self.panel.previous_requested.connect(lambda: self.move_by(-1))
        self.panel.next_requested.connect(lambda: self.move_by(1))
        self.session.failed.connect(self.panel.say)

    # ------------------------------------------------------------------ moving and saving
    def _first_unreviewed(self) -> int:
        for index, passage in enumerate(self.passages):
            if passage.coding_id not in self.saved:
                return index
        return 0

    def move_by(self, step: int) -> None:
        target = self.index + step
        saved = self.save_current()
        said = f"Saved: {VERDICT_LABELS[saved.verdict]}. " if saved is not None else ""
        if not 0 <= target < len(self.passages):
            self.panel.set_place(self.index, len(self.passages), len(self.saved))
            end = "the last passage" if step > 0 else "the first passage"
            self.panel.say(f"{said}This is {end}. {self.panel.progress_label.text()}.")
            return
        if self.panel.typing():  # letters must choose again, not type into the next passage
            self.passage_view.focus_reading()
        self.go_to(target, announce=False)
        where = f"Passage {target + 1} of {len(self.passages)}"
        code = self.passages[target].code_name
        self.panel.say(f"{said}{where}: {code}")

    def save_current(self) -> Feedback | None:
        """Store the feedback on the passage shown if it changed; what was stored, if anything."""
        if not self.passages:
            return None
        feedback = self.panel.feedback()
        if not feedback.given:
            return None
        feedback = feedback.to_save()
        coding_id = self.passages[self.index].coding_id
        if self.saved.get(coding_id) == feedback:
            return None
        if not self.session.run(save_feedback(self.reviewer_id, coding_id, feedback)):
            return None
        self.saved[coding_id] = feedback
        return feedback

    def go_to(self, index: int, *, announce: bool = True) -> None:
        self.index = index
        passage = self.passages[index] if self.passages else None
        text = self.session.project.document_text(passage.document_id) if passage else ""
        self.passage_view.show_passage(passage, text)
        stored = self.saved.get(passage.coding_id) if passage else None
        self.panel.set_feedback(stored or Feedback())
        self.panel.set_place(index, len(self.passages), len(self.saved))
        if announce and passage is not None:
            self.panel.say(f"Passage {index + 1} of {len(self.passages)}: {passage.code_name}")

    def read_aloud(self) -> None:
        """Announce the code, its meaning and the passage (for screen-reader users)."""
        passage = self.passage_view.passage()
        if passage is None:
            return
        speaker = f" Said by {passage.speaker}." if passage.speaker else ""
        description = passage.description or "No description."
        announce(
            self.passage_view,
            f"{passage.code_name}: {description} The passage:{speaker} {passage.text.strip()}",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:  # Qt may ask twice (a close, then the app shutting down)
            self._closed = True
            self.save_current()
            self.session.project.close()
        super().closeEvent(event)

    # ------------------------------------------------------------------ zoom and theme
    def event(self, event: QEvent) -> bool:
        handled = super().event(event)  # first: the widget takes the new palette or font
        if event.type() in RESTYLE_EVENTS and style_key() != self._style_key:
            self._restyle()
        return handled

    def _restyle(self) -> None:
        self._style_key = style_key()
        self.heading.setFont(scaled_font(HEADING_SCALE * 1.15, bold=True))
        self.welcome.setFont(scaled_font(1.15))
        self.help.setFont(scaled_font(1.0))
        palette = self.help.palette()
        palette.setColor(self.help.foregroundRole(), muted_text(self.palette(), on_window=True))
        self.help.setPalette(palette)


def _label(name: str, text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles are never markup
    return label


def _add(menu: QMenu, text: str, handler: Callable[[], object], *keys: str) -> QAction:
    action = menu.addAction(text)
    action.setObjectName("review_" + text.replace("&", "").lower().replace(" ", "_"))
    action.setShortcuts([QKeySequence(key) for key in keys])
    action.triggered.connect(lambda _checked=False: handler())
    return action


# ---------------------------------------------------------------------- opening a pack
def ask_reviewer_name(settings: Settings, parent: QWidget | None = None) -> str:
    """The reviewer's name: asked the first time, then remembered on this computer."""
    name = " ".join(settings.get(REVIEWER_NAME).split())
    if name:
        return name
    typed, ok = QInputDialog.getText(
        parent,
        "Welcome",
        "Please type your name, or a name you would like to use.\n"
        "The research team will see it beside your answers.",
    )
    name = " ".join(typed.split()) if ok else ""
    if name:
        settings.set(REVIEWER_NAME, name)
    return name or "Reviewer"


def open_reviewer(path: Path, settings: Settings) -> ReviewerWindow | None:
    """Open the pack at ``path`` for review and return its window (not yet shown); None when
    an encrypted pack's passphrase was not given.

    Raises :class:`workbench.errors.OperationError` when ``path`` is not a review pack, and
    what :meth:`Project.open` raises (``workbench.project.open_error_types()``)."""
    from ui.passphrase import ask_until_open

    name = ask_reviewer_name(settings)
    project = ask_until_open(
        None, path, lambda passphrase: open_pack(path, reviewer=name, passphrase=passphrase)
    )
    if project is None:
        return None
    return ReviewerWindow(ProjectSession(project), settings, name)
