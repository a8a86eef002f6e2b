"""The themes' proxy styles: Fusion with indicators and fields that can be seen, and a focus ring.

Fusion derives its outlines (check boxes, radio buttons, fields) from the window colour: 1.65:1 on
the light window, gone on a dark one. These styles draw them in the palette's ``Mid`` colour, 3:1
or better against the window (WCAG 1.4.11). Python overrides run on every call Qt makes, so each
theme gets the smallest class that does its job, and each override hands what it does not change
straight back to Fusion. Only high contrast overrides ``styleHint`` and ``pixelMetric`` (for its
focus ring): they run some 10,000 times while a long document opens and scrolls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFocusFrame,
    QProxyStyle,
    QStyle,
    QStyleOptionComplex,
    QStyleOptionViewItem,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QStyleHintReturn, QStyleOption

FOCUS_RING = 3  # pixels: the high-contrast focus ring around the focused widget

_Role = QPalette.ColorRole
_PE = QStyle.PrimitiveElement
_PM = QStyle.PixelMetric
# State bits as plain ints: each enum.Flag operation costs a Python call of its own.
_S = QStyle.StateFlag
_ENABLED, _FOCUS, _KEYBOARD = (
    _S.State_Enabled.value,
    _S.State_HasFocus.value,
    _S.State_KeyboardFocusChange.value,
)
_SUNKEN, _ON, _PARTLY = _S.State_Sunken.value, _S.State_On.value, _S.State_NoChange.value

_INDICATORS = frozenset(
    (_PE.PE_IndicatorCheckBox, _PE.PE_IndicatorRadioButton, _PE.PE_IndicatorItemViewItemCheck)
)
# Field borders, with their corner radius: line edits, buttons and closed combo boxes, and the
# frames of item views, text edits and scroll areas.
_FRAMES = {_PE.PE_FrameLineEdit: 2.0, _PE.PE_PanelButtonCommand: 2.0, _PE.PE_Frame: 0.0}
_RING_MARGINS = frozenset((_PM.PM_FocusFrameHMargin, _PM.PM_FocusFrameVMargin))


def _border(palette: QPalette, state: int, *, focus: bool = True) -> QColor:
    """The outline of an indicator or field: ``Mid``, dimmed when disabled, Highlight on focus."""
    if not state & _ENABLED:
        return palette.color(_Role.Text)  # the disabled group's dimmed text colour
    if focus and state & _FOCUS:
        return palette.color(_Role.Highlight)
    return palette.color(_Role.Mid)


def _indicator_box(option: QStyleOption, inset: float) -> QRectF:
    """The indicator's square, centred in its rect and inset by ``inset`` on every side."""
    rect = QRectF(option.rect)
    side = min(rect.width(), rect.height())
    box = QRectF(0, 0, side, side)
    box.moveCenter(rect.center())
    return box.adjusted(inset, inset, -inset, -inset)


def _paint_indicator(
    painter: QPainter, option: QStyleOption, state: int, pen_width: float, *, round_: bool
) -> None:
    """A check box (square) or radio button (round) that reads at 3:1 or better."""
    palette = option.palette
    item = isinstance(option, QStyleOptionViewItem)
    # Keyboard focus shows on a button's outline; an item view's current row is not "focused".
    border = _border(palette, state, focus=bool(state & _KEYBOARD) and not item)
    # Item rows are exactly as tall as the indicator: a one-pixel gap keeps rows apart.
    box = _indicator_box(option, (1.0 if item else 0.0) + pen_width / 2)
    mark = palette.color(_Role.Text)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(border, pen_width))
    painter.setBrush(palette.color(_Role.AlternateBase if state & _SUNKEN else _Role.Base))
    if round_:
        painter.drawEllipse(box)
        if state & _ON:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mark)
            inset = box.width() * 0.25
            painter.drawEllipse(box.adjusted(inset, inset, -inset, -inset))
    else:
        painter.drawRect(box)
        _paint_mark(painter, box, mark, state)
    painter.restore()


def _paint_mark(painter: QPainter, box: QRectF, colour: QColor, state: int) -> None:
    """A tick when checked, a bar when partly checked, nothing when unchecked."""
    width = max(1.5, box.width() / 5.5)
    inset = box.width() * 0.18 + width / 2  # the pen's round caps stay inside the border
    inner = box.adjusted(inset, inset, -inset, -inset)
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    middle = inner.center().y()
    if state & _PARTLY:
        painter.drawLine(QPointF(inner.left(), middle), QPointF(inner.right(), middle))
    elif state & _ON:
        corner = QPointF(inner.left() + inner.width() * 0.38, inner.bottom())
        painter.drawPolyline([QPointF(inner.left(), middle), corner, inner.topRight()])


def _paint_frame(painter: QPainter, option: QStyleOption, radius: float) -> None:
    """A one-pixel field border in the border colour (Highlight while focused)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(_border(option.palette, option.state.value), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    painter.restore()


class ThemeStyle(QProxyStyle):
    """Fusion with check boxes, radio buttons and item check boxes that read at 3:1 (light)."""

    _handled: ClassVar[frozenset[QStyle.PrimitiveElement]] = _INDICATORS
    _pen: ClassVar[float] = 1.0  # the indicator outline, in pixels

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element not in self._handled:  # nearly every call: straight back to Fusion
            super().drawPrimitive(element, option, painter, widget)
        elif element in _INDICATORS:
            round_ = element == _PE.PE_IndicatorRadioButton
            _paint_indicator(painter, option, option.state.value, self._pen, round_=round_)
        else:  # a field border: only the dark themes handle these
            if element == _PE.PE_PanelButtonCommand:  # Fusion's button face, then our border
                super().drawPrimitive(element, option, painter, widget)
            _paint_frame(painter, option, _FRAMES[element])


class DarkThemeStyle(ThemeStyle):
    """Adds field borders (line edits, spin boxes, buttons, frames) that show on a dark window."""

    _handled = _INDICATORS.union(_FRAMES)

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.ComplexControl.CC_SpinBox and getattr(option, "frame", True):
            _paint_frame(painter, option, 2.0)  # over Fusion's window-coloured outline


class HighContrastStyle(DarkThemeStyle):
    """Adds two-pixel outlines and draws the ring :class:`FocusRing` keeps round the focus."""

    _pen = 2.0

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element != QStyle.ControlElement.CE_FocusFrame:
            super().drawControl(element, option, painter, widget)
        else:
            painter.fillRect(option.rect, option.palette.color(_Role.Highlight))

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if (
            metric in _RING_MARGINS
            and option is not None
            and isinstance(option.styleObject, QFocusFrame)
        ):
            return FOCUS_RING
        return super().pixelMetric(metric, option, widget)

    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        return_data: QStyleHintReturn | None = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1  # the ring sits on the window, so no layout or splitter clips it
        return super().styleHint(hint, option, widget, return_data)


def ring_target(widget: QWidget | None) -> QWidget | None:
    """The widget the focus ring goes around: the spin box or combo box, not its inner edit."""
    if widget is None or widget.isWindow():
        return None
    if widget.window().windowType() == Qt.WindowType.Popup:
        return None  # menus and drop-down lists show their own current item
    parent = widget.parentWidget()
    if isinstance(parent, (QAbstractSpinBox, QComboBox)) and parent.focusProxy() is widget:
        return parent  # not a QTabWidget around its focused tab bar: the keys act on the bar
    return widget


class FocusRing(QObject):
    """Keeps one QFocusFrame around whichever widget has the keyboard focus."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._frame: QFocusFrame | None = None
        app.focusChanged.connect(self._follow)
        self._follow(None, app.focusWidget())

    def frame(self) -> QFocusFrame | None:
        if self._frame is not None and not shiboken6.isValid(self._frame):
            self._frame = None  # it went with the window it was drawn on
        return self._frame

    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = ring_target(new)
        if target is None:
            self._drop()  # focus left the app, or went into a menu
            return
        frame = self.frame()
        if frame is None:
            frame = self._frame = QFocusFrame(target)
            frame.setObjectName("focus_ring")
        frame.setWidget(target)

    def _drop(self) -> None:
        frame = self.frame()
        if frame is not None:
            frame.hide()
            frame.deleteLater()
        self._frame = None

    def stop(self, app: QApplication) -> None:
        app.focusChanged.disconnect(self._follow)
        self._drop()
        self.deleteLater()
