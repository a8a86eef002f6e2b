"""Uncode, recode and memo one coding: the actions of the stripes and text context menus.

Each runs one undoable command through the session; the view redraws when the resulting
changes arrive, like every other view.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu

from workbench.ops.codings import RemoveCoding, UpdateCoding
from workbench.queries.codes import code_paths, list_codes

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QWidget

    from ui.session import ProjectSession
    from workbench.queries.codings import DocumentCoding


class CodingActions:
    """Builds the per-coding actions and carries them out through ``session``."""

    def __init__(
        self,
        session: ProjectSession,
        parent: QWidget,
        selection: Callable[[], tuple[int, int] | None] = lambda: None,
    ) -> None:
        self.session = session
        self.parent = parent
        self.selection = selection  # the view's selected range, in code points

    def make(self, coding: DocumentCoding, parent: QObject) -> list[QAction]:
        """Remove, resize to the selection, recode and memo actions for ``coding``."""
        made = []
        selected = self.selection()
        can_resize = selected is not None and selected != (coding.start, coding.end)
        for text, name, slot, enabled in (
            ("Remove coding", "remove_coding", self.remove, True),
            ("Resize to the selection", "resize_coding", self.resize, can_resize),
            ("Recode as…", "recode_coding", self.recode, True),
            ("Coding memo…", "coding_memo", self.edit_memo, True),
        ):
            action = QAction(text, parent)
            action.setObjectName(name)
            action.setEnabled(enabled and not self.session.read_only)
            action.triggered.connect(partial(slot, coding))
            made.append(action)
        return made

    def resize(self, coding: DocumentCoding) -> None:
        """Make the coding cover exactly the current selection (one undoable step)."""
        selected = self.selection()
        if selected is not None:
            start, end = selected
            self.session.run(UpdateCoding(coding.id, start=start, end=end))

    def fill(self, menu: QMenu, coding: DocumentCoding) -> None:
        menu.addActions(self.make(coding, menu))

    def put_first(self, menu: QMenu, codings: Sequence[DocumentCoding]) -> None:
        """Put the actions for ``codings`` (those at the cursor) at the top of ``menu``: flat
        for one coding, a submenu per coding where several overlap."""
        if not codings:
            return
        if len(codings) == 1:
            made = self.make(codings[0], menu)
        else:
            made = []
            for coding in codings:
                sub = QMenu(f"Coding “{coding.code_name}” ({coding.coder or 'unknown'})", menu)
                self.fill(sub, coding)
                made.append(sub.menuAction())
        existing = menu.actions()
        if existing:
            menu.insertActions(existing[0], made)
            menu.insertSeparator(existing[0])
        else:
            menu.addActions(made)

    def remove(self, coding: DocumentCoding) -> None:
        self.session.run(RemoveCoding(coding.id))

    def recode(self, coding: DocumentCoding) -> None:
        codes = list_codes(self.session.project)
        paths = code_paths(codes)
        choices = {paths[c.id]: c.id for c in codes if c.is_codable and c.id != coding.code_id}
        if not choices:
            return
        chosen, ok = QInputDialog.getItem(
            self.parent,
            "Recode segment",
            f"Recode this “{coding.code_name}” segment as:",
            list(choices),
            0,
            False,
        )
        if ok and chosen in choices:
            self.session.run(UpdateCoding(coding.id, code_id=choices[chosen]))

    def edit_memo(self, coding: DocumentCoding) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self.parent, "Coding memo", f"Memo on this “{coding.code_name}” segment:", coding.memo
        )
        if ok and text != coding.memo:
            self.session.run(UpdateCoding(coding.id, memo=text))
