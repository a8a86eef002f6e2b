"""Memos and the research journal, written in Markdown with a live preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.ops.memos import CreateMemo, DeleteMemo, UpdateMemo
from workbench.queries.documents import list_memos
from workbench.reports.methods import SUMMARY_TITLE

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.session import ProjectSession
    from workbench.changes import Changes

MEMO_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Memos that need no target; the others are written from the item they belong to.
FREE_KINDS = {"journal": "Research journal", "project": "Project memo",
              "recommendation": "Recommendation"}  # fmt: skip
KIND_LABELS = FREE_KINDS | {"document": "Document memo", "code": "Code memo",
                            "case": "Case memo", "coding": "Coding memo"}  # fmt: skip


class MemosDock(QDockWidget):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__("Memos", parent)
        self.setObjectName("memos_dock")
        self.session = session
        self.kind = QComboBox()
        self.kind.setObjectName("memo_kind_filter")
        self.kind.setAccessibleName("Show memos of kind")
        self.kind.addItem("All memos", None)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.list = QListWidget()
        self.list.setObjectName("memo_list")
        self.list.setAccessibleName("Memos")
        self.title = QLineEdit()
        self.title.setObjectName("memo_title")
        self.title.setAccessibleName("Memo title")
        self.title.setPlaceholderText("Title")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("memo_text")
        self.editor.setAccessibleName("Memo text (Markdown)")
        self.editor.setPlaceholderText("Write in Markdown: **bold**, *italic*, - lists, # headings")
        self.preview = QTextBrowser()
        self.preview.setObjectName("memo_preview")
        self.preview.setAccessibleName("Memo preview")
        self.new_button = QPushButton("&New journal entry")
        self.new_button.setObjectName("new_memo")
        self.save_button = QPushButton("&Save memo")
        self.save_button.setObjectName("save_memo")
        self.delete_button = QPushButton("Delete memo")
        self.delete_button.setObjectName("delete_memo")
        self._layout()
        self._connect()
        self.refresh()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        side = QVBoxLayout()
        side.addWidget(self.kind)
        side.addWidget(self.list)
        left = QWidget()
        left.setLayout(side)
        writing = QSplitter(Qt.Orientation.Horizontal)
        writing.addWidget(self.editor)
        writing.addWidget(self.preview)
        main = QVBoxLayout()
        main.addWidget(self.title)
        main.addWidget(writing)
        main.addLayout(buttons)
        right = QWidget()
        right.setLayout(main)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(right)
        body.setSizes([200, 600])
        self.setWidget(body)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(lambda _index: self.refresh())
        self.list.currentItemChanged.connect(self._show)
        self.editor.textChanged.connect(lambda: self.preview.setMarkdown(self.editor.toPlainText()))
        self.new_button.clicked.connect(self.new_entry)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.session.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        if changes.memos:
            self.refresh(keep=self.current_memo())

    def refresh(self, keep: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for memo in list_memos(self.session.project, kind=self.kind.currentData()):
            label = memo.title or KIND_LABELS.get(memo.kind, memo.kind)
            item = QListWidgetItem(f"{label}  ({KIND_LABELS.get(memo.kind, memo.kind)})")
            item.setData(MEMO_ID_ROLE, memo.id)
            self.list.addItem(item)
            if memo.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show(self.list.currentItem())

    def current_memo(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(MEMO_ID_ROLE)) if item is not None else None

    def _show(self, item: QListWidgetItem | None) -> None:
        memo_id = int(item.data(MEMO_ID_ROLE)) if item is not None else None
        memos = {m.id: m for m in list_memos(self.session.project)}
        memo = memos.get(memo_id) if memo_id is not None else None
        self.title.setText(memo.title if memo else "")
        self.editor.setPlainText(memo.text if memo else "")
        editable = memo is not None and not self.session.read_only
        for widget in (self.title, self.editor, self.save_button, self.delete_button):
            widget.setEnabled(editable)

    def new_entry(self) -> None:
        labels = list(FREE_KINDS.values())
        label, ok = QInputDialog.getItem(self, "New memo", "Kind of memo:", labels, 0, False)
        if not ok:
            return
        kind = next(k for k, v in FREE_KINDS.items() if v == label)
        command = CreateMemo(kind=kind, title=label, author_id=self.session.user_id)
        if self.session.run(command):
            self.refresh(keep=command.memo_id)
            self.editor.setFocus()

    def open_for(self, kind: str, target_id: int, title: str) -> bool:
        """Show the memo of a document, code or case, writing a new one if it has none."""
        found = list_memos(self.session.project, kind=kind, target_id=target_id)
        return self._open_or_create(
            found[0].id if found else None,
            lambda: CreateMemo(kind=kind, title=title, target_id=target_id,
                               author_id=self.session.user_id),
        )  # fmt: skip

    def open_summary(self) -> bool:
        """Show the executive summary (the project memo the report prints first)."""
        found = [m for m in list_memos(self.session.project, kind="project")
                 if m.title.strip().lower() == SUMMARY_TITLE.lower()]  # fmt: skip
        return self._open_or_create(
            found[0].id if found else None,
            lambda: CreateMemo(kind="project", title=SUMMARY_TITLE,
                               author_id=self.session.user_id),
        )  # fmt: skip

    def _open_or_create(self, memo_id: int | None, create: Callable[[], CreateMemo]) -> bool:
        if memo_id is None:
            if self.session.read_only:
                self.session.failed.emit("This project is open read-only: no new memos")
                return False
            command = create()
            if not self.session.run(command):
                return False
            memo_id = command.memo_id
        self.kind.setCurrentIndex(0)  # show every kind, so the memo is in the list
        self.refresh(keep=memo_id)
        self.show()
        self.raise_()
        self.editor.setFocus()
        return True

    def save(self) -> None:
        memo_id = self.current_memo()
        if memo_id is not None:
            self.session.run(
                UpdateMemo(memo_id, title=self.title.text(), text=self.editor.toPlainText())
            )

    def delete(self) -> None:
        memo_id = self.current_memo()
        if memo_id is not None:
            self.session.run(DeleteMemo(memo_id))
