"""Panes that compute only while the user can see them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QDockWidget

    _Dock = QDockWidget
else:
    _Dock = object


class OnScreenRefresh(_Dock):
    """Mixed into a QDockWidget with ``_stale`` and ``refresh()``: refresh when it comes on
    screen. A dock tabbed behind another stays ``isVisible()``; ``visibilityChanged`` says what
    the user sees, so the dock connects it to :meth:`_visibility_changed`."""

    _stale: bool
    _on_screen: bool = False

    if TYPE_CHECKING:  # provided by the dock

        def refresh(self) -> None: ...

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _visibility_changed(self, visible: bool) -> None:
        self._on_screen = visible
        if visible and self._stale:
            self.refresh()

    def _shown(self) -> bool:
        return self.isVisible() and self._on_screen
