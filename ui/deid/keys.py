"""The review keys of the detection list: single letters, so a long review needs no mouse.

A accept, R reject, Space switch, Shift+A / Shift+R every detection of the same words, L label,
E (or F2) replacement, N add a name, P the passage. They act only while the list has the focus
and only without Ctrl or Alt (Ctrl+A still selects every row; Alt+A is a button's mnemonic).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from PySide6.QtWidgets import QWidget

Key = tuple[Qt.Key, bool]  # the key, and whether Shift is down
READ_ONLY = "This project is open read-only: answers cannot be stored"


class ReviewKeys(QObject):
    """An event filter on ``target`` that runs ``actions`` for their keys."""

    def __init__(
        self,
        target: QWidget,
        actions: Mapping[Key, Callable[[], object]],
        *,
        refuse: Callable[[Key], str | None],
    ) -> None:
        """``refuse(key)`` says why a key may not act now (a read-only project), or None."""
        super().__init__(target)
        self.target = target
        self.actions = dict(actions)
        self.refuse = refuse
        self.refused = ""  # the last reason given, for the status line
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.target or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = _key(event)
        action = None if key is None else self.actions.get(key)
        if key is None or action is None:
            return super().eventFilter(watched, event)
        reason = self.refuse(key)
        if reason:
            self.refused = reason
        else:
            action()
        return True


def _key(event: QKeyEvent) -> Key | None:
    modifiers = event.modifiers()
    ignored = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
    if modifiers & ~ignored != Qt.KeyboardModifier.NoModifier:
        return None
    return Qt.Key(event.key()), bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
