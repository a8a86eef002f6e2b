"""The header row of the stripes margin by coder: each coder's initials above their columns.

Thin lines part the coders' blocks all the way down the margin, so a bracket is seen to belong
to the block under its coder's initials; hovering over the initials gives the full name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette

from ui.document.stripe_layout import geometry_for

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QFontMetrics, QPainter

    from ui.document.coder_columns import CoderGroup
    from ui.document.stripe_layout import StripeGeometry


def block_rect(group: CoderGroup, geometry: StripeGeometry) -> QRect:
    """A coder's block of columns, header row included, from the top of the margin down."""
    left = 2 + group.first * geometry.column_width
    return QRect(left, 0, group.width * geometry.column_width, geometry.top)


def columns_for_initials(groups: Sequence[CoderGroup], metrics: QFontMetrics) -> int:
    """How many stripe columns the widest initials need, with a little room either side."""
    column = geometry_for(metrics, 1).column_width
    widest = max((metrics.horizontalAdvance(g.initials) for g in groups), default=0)
    return -(-(widest + column // 2) // column)


def group_at(groups: Sequence[CoderGroup], geometry: StripeGeometry, x: int) -> CoderGroup | None:
    """The coder whose block is at ``x`` (margin pixels)."""
    for group in groups:
        rect = block_rect(group, geometry)
        if rect.left() <= x <= rect.right():
            return group
    return None


def paint_header(
    painter: QPainter,
    groups: Sequence[CoderGroup],
    geometry: StripeGeometry,
    palette: QPalette,
    metrics: QFontMetrics,
) -> None:
    """The header row with each coder's initials, and the lines between their blocks."""
    width, height = painter.device().width(), painter.device().height()
    painter.fillRect(QRect(0, 0, width, geometry.top), palette.color(QPalette.ColorRole.Button))
    painter.setPen(palette.color(QPalette.ColorRole.Mid))
    painter.drawLine(0, geometry.top - 1, width, geometry.top - 1)
    for group in groups[1:]:
        left = block_rect(group, geometry).left() - 1
        painter.drawLine(left, 0, left, height)
    painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
    centre = Qt.AlignmentFlag.AlignCenter
    for group in groups:
        rect = block_rect(group, geometry).adjusted(0, 0, 0, -1)
        text = metrics.elidedText(group.initials, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, centre, text)
