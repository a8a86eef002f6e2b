"""Which language pipeline the app uses: loaded off the GUI thread, shown in the status bar.

spaCy and its pipeline take seconds to load, so nothing loads at start-up: the status bar label
asks for the pipeline a moment after the window first shows (``LOAD_DELAY_MS``), and a lemma
search or a document's sentences ask for it when they need it, whichever comes first. Loading
is cached per process (``coding.nlp.pipeline``), so asking twice costs nothing.

The configured pipeline is the ``language/pipeline`` setting (empty: the best one installed;
``blank``: rules only), resolved as ``workbench nlp-info --package`` resolves it.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ui.background_query import QueryRunner

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent, QShowEvent

LOAD_DELAY_MS = 1500  # after the first paint: the window is usable before spaCy competes for it
LOADING = "Language: loading…"
MIN_CHARS = 16  # the label shrinks to this many characters (elided) before the window must grow


def pipeline_facts(configured: str | None) -> dict[str, Any]:
    """Load the pipeline (slow the first time) and describe it; plain data, any thread."""
    from coding.nlp.pipeline import load_pipeline
    from workbench.cli_nlp import info_dict

    return info_dict(load_pipeline(configured), configured)


class LanguagePipeline(QObject):
    """The pipeline one window uses; :attr:`ready` once it is loaded and :attr:`info` is set."""

    ready = Signal()

    def __init__(self, configured: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.configured = configured.strip() if configured and configured.strip() else None
        self.info: dict[str, Any] | None = None  # workbench.cli_nlp.info_dict, once loaded
        self.error: str | None = None
        self._runner = QueryRunner(self)

    @property
    def is_ready(self) -> bool:
        return self.info is not None

    @property
    def loading(self) -> bool:
        return self._runner.busy

    def load(self) -> None:
        """Load the pipeline in the background, unless it is loaded or loading already."""
        if self.info is None and not self._runner.busy:
            self.error = None
            self._runner.start(partial(pipeline_facts, self.configured), self._loaded, self._failed)

    def load_later(self, msecs: int = LOAD_DELAY_MS) -> None:
        QTimer.singleShot(msecs, self, self.load)

    def _loaded(self, info: dict[str, Any]) -> None:
        self.info = info
        self.ready.emit()

    def _failed(self, message: str) -> None:
        self.error = message
        self.ready.emit()  # listeners fall back to rules; the label says why

    def status_text(self) -> str:
        """One line for the status bar."""
        if self.info is None:
            return f"Language: not available ({self.error})" if self.error else LOADING
        features = ", ".join(self.info["features"])
        if not self.info["trained"]:
            return f"Language: rule-based, no trained pipeline — {features}"
        return f"Language: {self.info['pipeline']} {self.info['version']} — {features}"


class LanguageStatus(QLabel):
    """The status bar's language line; its first showing starts the background load.

    The line is long, so it is elided rather than widen the window at a large font; the whole
    line stays in :meth:`full_text`, the accessible name and the tooltip.
    """

    def __init__(self, language: LanguagePipeline, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self._asked = False
        self._full = ""
        self.setObjectName("status_language")
        self._refresh()
        language.ready.connect(self._refresh)

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right()
        return QSize(width + 2 * self.margin(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        width = self.fontMetrics().averageCharWidth() * MIN_CHARS
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a zoom: a new width, a new elision
            self.updateGeometry()
            self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width() - 2 * self.margin()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if shown != self.text():
            self.setText(shown)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._asked:
            self._asked = True
            self.language.load_later()

    def _refresh(self) -> None:
        text = self._full = self.language.status_text()
        self.setAccessibleName(text)
        self.updateGeometry()
        self._elide()
        info = self.language.info
        described = f"{escape(info['description'])}<br>" if info else ""
        self.setToolTip(f"{described}Help › Language tools… says more")


def language_report(language: LanguagePipeline) -> str:
    """What Help, Language tools… says, as rich text."""
    configured = language.configured or "none (the best pipeline installed is used)"
    info = language.info
    if info is None:
        state = f"could not be loaded: {language.error}" if language.error else "is loading…"
        return (
            f"<p>The language pipeline {escape(state)}</p>"
            f"<p>Configured pipeline: {escape(configured)}</p>"
        )
    kind = "trained" if info["trained"] else "rule-based (no trained pipeline)"
    rows = [
        ("Pipeline", f"{info['pipeline']} {info['version']}"),
        ("Kind", kind),
        ("Features", ", ".join(info["features"])),
        ("Configured", configured),
    ]
    table = "".join(f"<tr><td><b>{k}:</b></td><td>{escape(v)}</td></tr>" for k, v in rows)
    notes = "".join(f"<li>{escape(note)}</li>" for note in info["notes"])
    return (
        f"<p>{escape(info['description'])}</p><table>{table}</table>"
        + (f"<p>Notes:</p><ul>{notes}</ul>" if notes else "")
        + "<p>It runs on this computer only: no text leaves it. It finds sentences for "
        "sentence snapping and coding, and word forms for lemma search.</p>"
    )


def show_language_tools(parent: QWidget, language: LanguagePipeline) -> None:
    """Help, Language tools…: which pipeline is active, what it does, and why."""
    language.load()
    QMessageBox.information(parent, "Language tools", language_report(language))
