"""A type-ahead box for applying a code without leaving the keyboard.

Every codable code is offered as its path with its framework key, e.g.
``NASSS framework/Adopter system/Patient (and immediate caregiver)  (NASSS:4B)``, matched
anywhere and in any case, so "4b", "nasss:4b", "patient" and "adopter" all find it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QMessageBox, QSizePolicy

from workbench.ops.codes import CreateCode
from workbench.queries.codes import code_paths, list_codes

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QWidget

    from ui.session import ProjectSession
    from workbench.changes import Changes
    from workbench.dto import CodeInfo


def entry_for(code: CodeInfo, path: str) -> str:
    key = f"  ({code.framework}:{code.framework_key})" if code.framework_key else ""
    return path + key


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


class QuickCodeBox(QLineEdit):
    code_chosen = Signal(int)
    create_requested = Signal(str)  # the user agreed to create a code with this name

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._codes: list[CodeInfo] = []
        self._entries: dict[str, int] = {}  # folded entry text -> code id
        self._paths: dict[str, int] = {}  # folded path -> code id
        self._stale = True  # read the codes when the box is next used, not at start-up
        self.setObjectName("quick_code")
        self.setAccessibleName("Quick code")
        self.setPlaceholderText("Quick code: name or key")
        self.setToolTip(
            "Type part of a code name, path or framework key (for example 4B) and press "
            "Enter to apply it to the selected passage"
        )
        self.setClearButtonEnabled(True)
        # Room for a code path, but not the whole toolbar.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._list = QStringListModel(self)
        completer = QCompleter(self._list, self)
        completer.setObjectName("quick_code_completer")
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self._connect()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("M") * 28, hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("M") * 12, hint.height())

    def _connect(self) -> None:
        self.completer().activated.connect(self._choose)  # a completion clicked or entered
        self.returnPressed.connect(lambda: self._choose(self.text()))
        self.session.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        if changes.code_tree or changes.codes:
            self._stale = True
            if self.hasFocus():
                self.refresh()

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._stale:
            self.refresh()
        super().focusInEvent(event)

    def refresh(self) -> None:
        codes = list_codes(self.session.project)
        paths = code_paths(codes)
        self._codes = [c for c in codes if c.is_codable]
        self._paths = {_folded(paths[c.id]): c.id for c in self._codes}
        entries = [entry_for(code, paths[code.id]) for code in self._codes]
        self._entries = {_folded(e): c.id for e, c in zip(entries, self._codes, strict=True)}
        self._list.setStringList(entries)
        self._stale = False

    def completions(self) -> list[str]:
        """Every entry the box offers (all codable codes)."""
        if self._stale:
            self.refresh()
        return self._list.stringList()

    # ------------------------------------------------------------------ choosing
    def resolve(self, text: str) -> list[int]:
        """Codes that ``text`` names: an entry, a path, ``FRAMEWORK:KEY``, a name, or else
        every code whose entry contains it."""
        if self._stale:
            self.refresh()
        wanted = _folded(text)
        if not wanted:
            return []
        if wanted in self._entries:
            return [self._entries[wanted]]
        for exact in (self._by_key(wanted), self._by_path_or_name(wanted)):
            if exact:
                return exact
        return [code_id for entry, code_id in self._entries.items() if wanted in entry]

    def _by_key(self, wanted: str) -> list[int]:
        framework, colon, key = wanted.partition(":")
        if not colon:
            return []
        return [
            c.id
            for c in self._codes
            if c.framework.casefold() == framework.strip() and c.framework_key.casefold() == key
        ]

    def _by_path_or_name(self, wanted: str) -> list[int]:
        if wanted in self._paths:
            return [self._paths[wanted]]
        return [c.id for c in self._codes if c.name.casefold() == wanted]

    def _choose(self, text: str) -> None:
        if not text.strip():
            return
        found = self.resolve(text)
        if len(found) == 1:
            self.clear()
            self.code_chosen.emit(found[0])
        elif not found:
            self._offer_new(" ".join(text.split()))
        else:  # several codes match: show them so the user can pick one
            self.completer().setCompletionPrefix(text)
            self.completer().complete()

    def _offer_new(self, name: str) -> None:
        if self.session.read_only:
            return
        answer = QMessageBox.question(
            self,
            "New code",
            f"There is no code called “{name}”. Create it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.clear()
            self.create_requested.emit(name)

    def create_code(self, name: str) -> int | None:
        """Create a top-level code called ``name`` and choose it; its id, or None if refused.

        Connect :attr:`create_requested` here to apply a new code in one go.
        """
        command = CreateCode(name=name)
        if not self.session.run(command) or command.code_id is None:
            return None
        self.code_chosen.emit(command.code_id)
        return command.code_id
