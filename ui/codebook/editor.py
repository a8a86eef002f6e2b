"""The code editor: definition, inclusion, exclusion, example and keywords of one code.

Saving runs one ``UpdateCode`` with only the fields that changed (one undo step, labelled
"Edit code description"). Moving to another code saves pending edits first, so nothing
typed is lost silently; the save can be undone like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.codebook.model import display_name
from workbench.ops.codes import UpdateCode

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex

    from ui.codebook.model import CodeTreeModel
    from ui.session import ProjectSession
    from workbench.dto import CodeInfo

# (field, label with mnemonic, lines shown)
FIELDS = (
    ("definition", "&Definition", 4),
    ("inclusion", "&Include when", 3),
    ("exclusion", "E&xclude when", 3),
    ("example", "Ex&ample", 2),
    ("keywords", "&Keywords (one per line)", 3),
)


def _clean(field: str, text: str) -> str:
    if field == "keywords":
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return text.strip()


class FieldEdit(QPlainTextEdit):
    """A plain-text field sized in lines of the current font, so zoom keeps it in step."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setTabChangesFocus(True)  # Tab moves on: no keyboard trap in a form
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def _height(self, lines: int) -> int:
        chrome = 2 * self.frameWidth() + int(self.document().documentMargin() * 2) + 2
        return self.fontMetrics().lineSpacing() * lines + chrome

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height(self._lines))

    def minimumSizeHint(self) -> QSize:
        # Whole lines only: the form scrolls rather than squeezing a field to a sliver.
        return QSize(super().minimumSizeHint().width(), self._height(self._lines))


class CodeEditor(QWidget):
    def __init__(
        self, session: ProjectSession, model: CodeTreeModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.model = model
        self.code_id: int | None = None
        self._baseline: dict[str, str] = {}
        self.setObjectName("code_editor")
        self.setAccessibleName("Code description")
        self.title = QLabel()
        self.title.setObjectName("code_editor_title")
        self.title.setWordWrap(True)
        bold = QFont()
        bold.setBold(True)  # weight only: the size still follows the application font
        self.title.setFont(bold)
        self.source = QLabel()
        self.source.setObjectName("code_editor_source")
        self.source.setAccessibleName("Framework key and citation")
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields: dict[str, FieldEdit] = {}
        self.save_button = QPushButton("Save")
        self.revert_button = QPushButton("Revert")
        self._build()
        self._connect()
        self.set_code(None)

    def _build(self) -> None:
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: narrow dock
        form.setContentsMargins(0, 0, 0, 0)
        for field, label, lines in FIELDS:
            edit = FieldEdit(lines)
            edit.setObjectName(f"code_{field}")
            edit.setAccessibleName(label.replace("&", ""))
            caption = QLabel(label)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            self.fields[field] = edit
        scroll = QScrollArea()
        scroll.setObjectName("code_editor_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
        scroll.setWidget(form_widget)
        self.save_button.setObjectName("code_editor_save")
        self.save_button.setAccessibleName("Save code description")
        self.save_button.setToolTip("Save the description (Ctrl+Enter); undo with Ctrl+Z")
        self.revert_button.setObjectName("code_editor_revert")
        self.revert_button.setAccessibleName("Revert code description")
        self.revert_button.setToolTip("Throw away the changes not yet saved")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.source)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        for edit in self.fields.values():
            edit.textChanged.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self.model.dataChanged.connect(self._rows_changed)
        self.model.modelReset.connect(self._tree_reloaded)

    # ------------------------------------------------------------------ showing a code
    def set_code(self, code_id: int | None) -> None:
        """Show ``code_id`` (None: nothing); unsaved edits of the previous code are saved."""
        if code_id == self.code_id and code_id is not None:
            return
        if self.is_dirty():
            self.save()
        self.code_id = code_id
        self._load(self.model.code(code_id) if code_id is not None else None)

    def _load(self, code: CodeInfo | None) -> None:
        if code is None:
            self.code_id = None
            self.title.setText("No code selected")
            self.source.clear()
            values = dict.fromkeys(self.fields, "")
        else:
            keywords, citation = code.keywords, code.citation
            framework = f"{code.framework} {code.framework_key}".strip()
            self.title.setText(display_name(code))
            self.source.setText(" · ".join(part for part in (framework, citation) if part))
            self.source.setVisible(bool(self.source.text()))
            values = {
                "definition": code.definition, "inclusion": code.inclusion,
                "exclusion": code.exclusion, "example": code.example, "keywords": keywords,
            }  # fmt: skip
        self._baseline = {field: _clean(field, value) for field, value in values.items()}
        for field, edit in self.fields.items():
            edit.setPlainText(values[field])
            edit.setReadOnly(self.session.read_only)
        self.setEnabled(code is not None)
        self._update_buttons()

    def _rows_changed(self, top_left: QModelIndex, _bottom_right: QModelIndex) -> None:
        if self.code_id is not None and top_left.internalId() == self.code_id:
            self._reload_if_clean()

    def _tree_reloaded(self) -> None:
        if self.code_id is not None and self.model.code(self.code_id) is None:
            self._baseline = {}  # the code is gone (deleted, or its creation undone)
            self._load(None)
        else:
            self._reload_if_clean()

    def _reload_if_clean(self) -> None:
        if self.code_id is not None and not self.is_dirty():
            self._load(self.model.code(self.code_id))

    # ------------------------------------------------------------------ editing
    def values(self) -> dict[str, str]:
        return {field: _clean(field, edit.toPlainText()) for field, edit in self.fields.items()}

    def changed_fields(self) -> dict[str, str]:
        if self.code_id is None:
            return {}
        return {f: v for f, v in self.values().items() if v != self._baseline.get(f, "")}

    def is_dirty(self) -> bool:
        return bool(self.changed_fields())

    def _update_buttons(self) -> None:
        dirty = self.is_dirty() and not self.session.read_only
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def save(self) -> bool:
        """Save the changed fields as one undoable step; False if nothing was saved."""
        changed = self.changed_fields()
        if self.code_id is None or not changed or self.session.read_only:
            return False
        code_id = self.code_id
        if not self.session.run(UpdateCode(code_id, **changed)):
            return False
        self._baseline.update(changed)
        self._update_buttons()
        return True

    def revert(self) -> None:
        self._baseline = {}
        if self.code_id is not None:
            self._load(self.model.code(self.code_id))
