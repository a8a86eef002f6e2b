"""How a matrix cell is drawn: the summary wrapped and elided, the count on the last line.

Empty cells get diagonal hatching over their grey ground, so they stand out in greyscale too.
Every colour comes from the view's palette, and the font is the view's (it follows the zoom).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QWidget,
)

from ui.synthesis.matrix_model import (
    COUNT_ROLE,
    EMPTY_SHADE,
    MUTED_SHADE,
    PREVIEW_ROLE,
    STATE_ROLE,
    CellState,
    mix,
)

HATCH_SHADE = 0.25  # the hatching lines over an empty cell, from the base towards the text
HEADER_LINES = 2
_HEADER_PAD = 3
_Index = QModelIndex | QPersistentModelIndex


class MatrixCellDelegate(QStyledItemDelegate):
    """Draws a cell: the summary wrapped and elided above, the count on the last line.

    Empty cells get diagonal hatching over their grey ground, so they stand out in greyscale
    too. Selection and the current-cell frame are drawn by the style, as in any table.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if isinstance(widget, QWidget) else QApplication.style()
        text, preview, count = opt.text, index.data(PREVIEW_ROLE), index.data(COUNT_ROLE)
        state = index.data(STATE_ROLE)
        palette: QPalette = option.palette  # the view's: opt's text already has the model's grey
        base, ink = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        muted = mix(ink, base, MUTED_SHADE)
        if state == CellState.EMPTY:  # from the palette now, should the theme just have changed
            opt.backgroundBrush = QBrush(mix(base, ink, EMPTY_SHADE))
        opt.text = ""
        painter.save()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected:
            ink = muted = palette.color(QPalette.ColorRole.HighlightedText)
        margin = max(3, opt.fontMetrics.horizontalAdvance(" "))
        area = opt.rect.adjusted(margin, margin // 2, -margin, -(margin // 2))
        if state == CellState.EMPTY:
            if not selected:
                hatch = QBrush(mix(base, ink, HATCH_SHADE), Qt.BrushStyle.BDiagPattern)
                painter.fillRect(opt.rect, hatch)
            painter.setPen(muted)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, text)
        else:
            font = QFont(option.font)  # upright: the model's italic is for "No summary yet"
            _draw_cell_text(painter, area, font, (str(preview), str(count)), (ink, muted), state)
        painter.restore()


def _draw_cell_text(
    painter: QPainter,
    area: QRect,
    font: QFont,
    texts: tuple[str, str],
    colours: tuple[QColor, QColor],
    state: int,
) -> None:
    preview, count = texts
    ink, muted = colours
    metrics = QFontMetricsF(font)
    count_top = area.bottom() - metrics.height()
    summary_area = QRectF(area.left(), area.top(), area.width(), count_top - area.top())
    painter.setFont(font)
    painter.setPen(muted)
    painter.drawText(
        QRectF(area.left(), count_top, area.width(), metrics.height()),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        metrics.elidedText(count, Qt.TextElideMode.ElideRight, area.width()),
    )
    if state == CellState.UNSUMMARISED:
        font.setItalic(True)
        painter.setFont(font)
    else:
        painter.setPen(ink)
    _draw_wrapped(painter, summary_area, preview, font)


def _draw_wrapped(painter: QPainter, area: QRectF, text: str, font: QFont) -> None:
    """``text`` wrapped at word boundaries into ``area``, the last line that fits elided."""
    metrics = QFontMetricsF(font)
    fits = int(area.height() // metrics.lineSpacing())
    if fits < 1 or not text:
        return
    layout = QTextLayout(text, font)
    wrap = QTextOption()
    wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(wrap)
    layout.beginLayout()
    lines: list[tuple[int, int]] = []
    while len(lines) < fits:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(area.width())
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    baseline = area.top() + metrics.ascent()
    for number, (start, length) in enumerate(lines):
        last = number == len(lines) - 1 and start + length < len(text)
        piece = text[start:] if last else text[start : start + length]
        if last:
            piece = metrics.elidedText(piece, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(QPointF(area.left(), baseline), piece.rstrip())
        baseline += metrics.lineSpacing()


class WrappingHeader(QHeaderView):
    """Column headers on up to :data:`HEADER_LINES` lines, elided after that.

    Code labels ("1A Nature of the condition or illness") rarely fit a column on one line; the
    full path and definition are in the tooltip.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("matrix_code_headers")
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def sectionSizeFromContents(self, logical_index: int) -> QSize:
        size = super().sectionSizeFromContents(logical_index)
        lines = QFontMetricsF(self.font()).lineSpacing() * HEADER_LINES
        return QSize(size.width(), max(size.height(), round(lines) + 2 * _HEADER_PAD))

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if not rect.isValid():
            return
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        self.initStyleOptionForIndex(opt, logical_index)
        opt.rect = rect
        text, opt.text = opt.text, ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, self)
        font = QFont(self.font())
        font.setBold(bool(opt.state & QStyle.StateFlag.State_On))  # the current cell's column
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        area = QRectF(rect.adjusted(_HEADER_PAD, _HEADER_PAD, -_HEADER_PAD, -_HEADER_PAD))
        _draw_wrapped(painter, area, text, font)
        painter.restore()
