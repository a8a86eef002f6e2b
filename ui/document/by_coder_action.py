"""The "Stripes by coder" switch of the View menu, for every open document view at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from PySide6.QtCore import QObject

    from ui.document.view import DocumentView

TEXT = "Stripes by &coder"
TIP = "Show the coding stripes as one block of columns per coder, side by side"


def stripes_by_coder_action(
    parent: QObject, views: Callable[[], Iterable[DocumentView]], *, checked: bool = False
) -> QAction:
    """A checkable action that sets :meth:`DocumentView.set_stripes_by_coder` on every view
    ``views()`` gives when toggled. A view opened later follows ``action.isChecked()``: the
    window sets it when it opens the view."""
    action = QAction(TEXT, parent)
    action.setObjectName("stripes_by_coder")
    action.setCheckable(True)
    action.setChecked(checked)
    action.setToolTip(TIP)
    action.setStatusTip(TIP)

    def follow(on: bool) -> None:
        for view in views():
            view.set_stripes_by_coder(on)

    action.toggled.connect(follow)
    return action
