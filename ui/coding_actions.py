"""Applying codes from the keyboard and menus: the current code, pinned codes 1-9, in-vivo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from workbench.ops.codings import ApplyCoding, InVivoCode, RemoveCoding
from workbench.queries.codings import document_codings

if TYPE_CHECKING:
    from ui.document.view import DocumentView
    from ui.main_window import MainWindow


class CodingActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.current_code: int | None = None
        window.codebook.current_code_changed.connect(self._remember_code)

    def _remember_code(self, code_id: object) -> None:
        self.current_code = code_id if isinstance(code_id, int) else None

    def _selection(self) -> tuple[DocumentView, int, int] | None:
        view = self.window.current_view()
        selected = view.selected_range() if view is not None else None
        if view is None or selected is None or view.document_id is None:
            self.window.show_message("Select a passage in a document first")
            return None
        return view, selected[0], selected[1]

    def apply_code(self, code_id: int) -> bool:
        found = self._selection()
        if found is None:
            return False
        view, start, end = found
        assert view.document_id is not None
        return self.session.run(
            ApplyCoding(document_id=view.document_id, code_id=code_id, start=start, end=end,
                        user_id=self.session.user_id)
        )  # fmt: skip

    def apply_current(self) -> bool:
        code_id = self.current_code
        if code_id is None:
            self.window.show_message("Choose a code in the codebook first")
            return False
        return self.apply_code(code_id)

    def apply_pinned(self, key: int) -> bool:
        code_id = self.window.codebook.pinned.get(key)
        if code_id is None:
            self.window.show_message(f"No code is pinned to key {key}")
            return False
        return self.apply_code(code_id)

    def in_vivo(self) -> bool:
        found = self._selection()
        if found is None:
            return False
        view, start, end = found
        assert view.document_id is not None
        text = self.session.project.document_text(view.document_id)[start:end]
        return self.session.run(
            InVivoCode(document_id=view.document_id, start=start, end=end, text=text,
                       user_id=self.session.user_id)
        )  # fmt: skip

    def remove_current(self) -> bool:
        """Remove the current code's codings that overlap the selection (one step each)."""
        found = self._selection()
        code_id = self.current_code
        if found is None or code_id is None:
            return False
        view, start, end = found
        assert view.document_id is not None
        hits = [
            c for c in document_codings(self.session.project, view.document_id)
            if c.code_id == code_id and c.start < end and start < c.end
        ]  # fmt: skip
        if not hits:
            self.window.show_message("The selection has no coding of the current code")
            return False
        return all(self.session.run(RemoveCoding(c.id)) for c in hits)
