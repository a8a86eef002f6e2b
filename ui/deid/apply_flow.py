"""Applying de-identification: a confirmation in plain words, then one undoable step.

The confirmation says what will happen to the documents, the codings and the identifiable
original, and where older backups still hold the identifiable text. Keeping the original is
offered first only for an encrypted project; otherwise deleting it is the default (kept in an
unencrypted file it would sit unprotected beside the pseudonymised text).

:func:`apply_reviewed` runs :func:`workbench.deid.apply_deidentification` (one step on the undo
stack; it drops the cached texts and, when the original was deleted, checkpoints the log), then
announces the change, so an open document shows its new text with its codings moved.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.changes import Changes
from workbench.deid import ACCEPTED, apply_deidentification
from workbench.errors import WorkbenchError
from workbench.queries.codings import document_codings
from workbench.queries.documents import list_memos

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from ui.deid.window import DeidWindow
    from ui.session import ProjectSession
    from workbench.deid import ApplyReport, Detection
    from workbench.project import Project

MAX_NAMES = 8  # document names listed in the confirmation before "and N more"


def backups_folder(project_path: Path) -> Path:
    """Where the project's rolling backups live (``PROJECT.qwb.backups``)."""
    return project_path.with_name(project_path.name + ".backups")


def backups_note(project_path: Path) -> str:
    return (
        f"Backups made before this step, in {backups_folder(project_path)}, still hold the "
        "identifiable text: delete them once you no longer need them."
    )


class ApplyConfirmDialog(QDialog):
    """Asks before rewriting; :attr:`keep_original` is the person's choice."""

    def __init__(
        self,
        project: Project,
        names: Sequence[str],
        detections: Sequence[Detection],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deid_apply_confirm")
        count = len(names)
        documents = f"{count} document{'' if count == 1 else 's'}"
        self.setWindowTitle(f"De-identify {documents}?")
        replaced = sum(d.verdict == ACCEPTED for d in detections)
        kept = len(detections) - replaced
        listed = ", ".join(names[:MAX_NAMES]) + (
            f" and {count - MAX_NAMES} more" if count > MAX_NAMES else ""
        )
        text = QLabel(
            f"<p><b>{escape(documents)}</b> ({escape(listed)}) will be rewritten with their "
            f"replacements: {replaced:,} passage{'' if replaced == 1 else 's'} replaced"
            f"{f', {kept:,} rejected left as written' if kept else ''}.</p>"
            "<p>Codings, comments and links move with their words. A coding whose words are "
            "all replaced stays on the replacement and is listed afterwards for you to "
            "check; none is removed.</p>"
        )
        text.setObjectName("deid_confirm_text")
        text.setTextFormat(Qt.TextFormat.RichText)
        self.delete = QRadioButton("&Delete it from the project")
        self.delete.setObjectName("deid_delete_original")
        self.keep = QRadioButton("&Keep it inside the project")
        self.keep.setObjectName("deid_keep_original")
        group = QButtonGroup(self)
        group.addButton(self.delete)
        group.addButton(self.keep)
        encrypted = project.encrypted
        (self.keep if encrypted else self.delete).setChecked(True)
        advice = QLabel(
            "This project is encrypted, so an original kept inside it stays protected; keep it "
            "if you may need to check the pseudonymised text against it."
            if encrypted
            else "Recommended: delete it. This project is not encrypted, so an original kept "
            "inside it would sit unprotected beside the pseudonymised text."
        )
        advice.setObjectName("deid_confirm_advice")
        backups = QLabel(
            backups_note(project.path) + " You can undo this step with Edit › Undo while the "
            "project is open."
        )
        backups.setObjectName("deid_confirm_backups")
        buttons = QDialogButtonBox()
        self.go = buttons.addButton(
            f"De-identify {documents}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.go.setObjectName("deid_confirm_apply")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("deid_confirm_cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        caption = QLabel("<b>The identifiable original</b> (the text as it is now, and its "
                         "source file):")  # fmt: skip
        layout = QVBoxLayout(self)
        width = self.fontMetrics().averageCharWidth() * 76
        for widget in (text, caption, self.delete, self.keep, advice, backups, buttons):
            if isinstance(widget, QLabel):
                widget.setWordWrap(True)
                widget.setMinimumWidth(width)  # wrapped labels then ask for their full height
            layout.addWidget(widget)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)

    @property
    def keep_original(self) -> bool:
        return self.keep.isChecked()


def ask_then_apply(
    screen: DeidWindow, applied: Callable[[ApplyReport], None]
) -> ApplyConfirmDialog:
    """Open the confirmation for what ``screen`` shows; once accepted (and the list is still
    current), apply it and hand the report to ``applied``."""
    names = [screen.model.document_name(d) for d in screen.found_ids]
    detections = screen.model.detections()
    dialog = ApplyConfirmDialog(screen.session.project, names, detections, screen)

    def finished(result: int) -> None:
        screen.confirm = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted or not screen.can_apply():
            return
        screen.review.running_own = True  # the change is ours: the screen clears its list
        try:
            report = apply_reviewed(screen.session, screen.found_ids, detections,
                                    keep_original=dialog.keep_original)  # fmt: skip
        finally:
            screen.review.running_own = False
        if report is not None:
            applied(report)

    dialog.finished.connect(finished)
    dialog.open()
    return dialog


def apply_reviewed(
    session: ProjectSession,
    document_ids: Sequence[int],
    detections: Sequence[Detection],
    *,
    keep_original: bool,
) -> ApplyReport | None:
    """Rewrite the documents as one undoable step; None (and a message) when it cannot."""
    reason = session.blocked_reason()
    if reason:
        session.failed.emit(reason)
        return None
    project = session.project
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = apply_deidentification(
            project, document_ids, detections, keep_original=keep_original
        )
    except WorkbenchError as exc:
        session.failed.emit(str(exc))
        return None
    finally:
        QGuiApplication.restoreOverrideCursor()
    session.announce(_changes(project, report))
    return report


def _changes(project: Project, report: ApplyReport) -> Changes:
    """What the step changed, as the command reported it to the undo stack: the documents,
    the codings that moved (and their codes) and the comments anchored in them."""
    moved = report.codings_moved | {lost.coding_id for lost in report.lost}
    codes = {
        coding.code_id
        for document_id in report.documents
        for coding in document_codings(project, document_id)
        if coding.id in moved
    }
    memos = {
        memo.id
        for memo in list_memos(project, kind="document")
        if memo.target_id in report.documents and memo.anchor_start is not None
    }
    return Changes(
        documents=frozenset(report.documents),
        codings=frozenset(moved),
        codes=frozenset(codes),
        memos=frozenset(memos),
    )
