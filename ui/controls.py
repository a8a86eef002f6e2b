"""Small widgets built the same way across panes."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def compact_combo(name: str, accessible: str, tooltip: str, *, chars: int = 10) -> QComboBox:
    """A named combo box sized for ``chars`` characters, not for its longest value, so a
    filter bar still fits at large text sizes."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setToolTip(tooltip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo
