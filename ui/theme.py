"""Themes (light, dark, high contrast) and zoom: the whole app follows one font and palette.

Zoom changes the application font, so every view that uses the palette font (all of ours)
grows with it. The high-contrast palette keeps text at 21:1 and selection at better than 7:1.

Fusion derives its outlines (check boxes, radio buttons, fields) from the window colour, so on a
dark or black window they vanish. The dark and high-contrast themes therefore run Fusion through
:class:`ThemeStyle`, which draws indicators and field borders in the palette's ``Mid`` colour
(at least 3:1 against the window, WCAG 1.4.11). High contrast adds a thick focus ring around
whichever widget has the keyboard focus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette, QPen
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

THEMES = ("light", "dark", "high-contrast")
MIN_POINTS, MAX_POINTS = 7, 36
FOCUS_RING = 3  # pixels: the high-contrast focus ring around the focused widget
_base_points: float | None = None

_Role = QPalette.ColorRole
_State = QStyle.StateFlag
_PE = QStyle.PrimitiveElement

_DARK = {
    _Role.Window: "#2b2b2b", _Role.WindowText: "#eeeeee", _Role.Base: "#1e1e1e",
    _Role.AlternateBase: "#2b2b2b", _Role.Text: "#eeeeee", _Role.Button: "#353535",
    _Role.ButtonText: "#eeeeee", _Role.Highlight: "#3d7bd9", _Role.HighlightedText: "#ffffff",
    _Role.ToolTipBase: "#ffffdc", _Role.ToolTipText: "#000000", _Role.PlaceholderText: "#a0a0a0",
    _Role.Link: "#8ab4f8",
}  # fmt: skip
_HIGH_CONTRAST = {
    _Role.Window: "#000000", _Role.WindowText: "#ffffff", _Role.Base: "#000000",
    _Role.AlternateBase: "#1a1a1a", _Role.Text: "#ffffff", _Role.Button: "#000000",
    _Role.ButtonText: "#ffffff", _Role.Highlight: "#ffff00", _Role.HighlightedText: "#000000",
    _Role.ToolTipBase: "#000000", _Role.ToolTipText: "#ffffff", _Role.PlaceholderText: "#d0d0d0",
    _Role.Link: "#00ffff",
}  # fmt: skip


_DISABLED = {"dark": "#7a7a7a", "high-contrast": "#9a9a9a"}
_BORDERS = {"dark": "#8a8a8a", "high-contrast": "#ffffff"}  # 4.1:1 and 21:1 on the window


def _border(option: QStyleOption, *, focus: bool = True) -> QColor:
    """The outline of an indicator or field: ``Mid``, dimmed when disabled, Highlight on focus."""
    palette, state = option.palette, option.state
    if not state & _State.State_Enabled:
        return palette.color(_Role.Text)  # the disabled group's dimmed text colour
    if focus and state & _State.State_HasFocus:
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
    painter: QPainter, option: QStyleOption, border: QColor, pen_width: float, *, round_: bool
) -> None:
    """A check box (square) or radio button (round) that reads at 3:1 or better."""
    palette, state = option.palette, option.state
    # Item rows are exactly as tall as the indicator: a one-pixel gap keeps rows apart.
    gap = 1.0 if isinstance(option, QStyleOptionViewItem) else 0.0
    box = _indicator_box(option, gap + pen_width / 2)
    mark = palette.color(_Role.Text)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(border, pen_width))
    sunken = bool(state & _State.State_Sunken)
    painter.setBrush(palette.color(_Role.AlternateBase if sunken else _Role.Base))
    if round_:
        painter.drawEllipse(box)
        if state & _State.State_On:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mark)
            inset = box.width() * 0.25
            painter.drawEllipse(box.adjusted(inset, inset, -inset, -inset))
    else:
        painter.drawRect(box)
        _paint_mark(painter, box, mark, state)
    painter.restore()


def _paint_mark(painter: QPainter, box: QRectF, colour: QColor, state: _State) -> None:
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
    if state & _State.State_NoChange:
        painter.drawLine(QPointF(inner.left(), middle), QPointF(inner.right(), middle))
    elif state & _State.State_On:
        corner = QPointF(inner.left() + inner.width() * 0.38, inner.bottom())
        painter.drawPolyline([QPointF(inner.left(), middle), corner, inner.topRight()])


def _paint_frame(painter: QPainter, option: QStyleOption, radius: float) -> None:
    """A one-pixel field border in the border colour (Highlight while focused)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(_border(option), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    painter.restore()


class ThemeStyle(QProxyStyle):
    """Fusion with visible indicators and field borders, and (high contrast) a focus ring."""

    def __init__(self, theme: str) -> None:
        super().__init__("Fusion")
        self.theme = theme
        self._pen = 2.0 if theme == "high-contrast" else 1.0

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element in (_PE.PE_IndicatorCheckBox, _PE.PE_IndicatorRadioButton):
            keyboard = bool(option.state & _State.State_KeyboardFocusChange)
            border = _border(option, focus=keyboard)
            round_ = element == _PE.PE_IndicatorRadioButton
            _paint_indicator(painter, option, border, self._pen, round_=round_)
        elif element == _PE.PE_IndicatorItemViewItemCheck:  # the current row is not "focused"
            _paint_indicator(painter, option, _border(option, focus=False), self._pen, round_=False)
        elif element == _PE.PE_FrameLineEdit:
            _paint_frame(painter, option, 2.0)
        elif element == _PE.PE_Frame:  # item views, text edits, scroll areas
            _paint_frame(painter, option, 0.0)
        elif element == _PE.PE_PanelButtonCommand:  # push buttons and closed combo boxes
            super().drawPrimitive(element, option, painter, widget)
            _paint_frame(painter, option, 2.0)
        else:
            super().drawPrimitive(element, option, painter, widget)

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

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.ControlElement.CE_FocusFrame:
            painter.fillRect(option.rect, option.palette.color(_Role.Highlight))
        else:
            super().drawControl(element, option, painter, widget)

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        margins = (QStyle.PixelMetric.PM_FocusFrameHMargin, QStyle.PixelMetric.PM_FocusFrameVMargin)
        if metric in margins and option is not None and isinstance(option.styleObject, QFocusFrame):
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


_rings: list[FocusRing] = []


def apply_theme(app: QApplication, name: str) -> None:
    if name not in THEMES:
        name = "light"
    while _rings:
        _rings.pop().stop(app)
    app.setStyle(ThemeStyle(name) if name in _BORDERS else "Fusion")
    palette = app.style().standardPalette()
    colours = {"dark": _DARK, "high-contrast": _HIGH_CONTRAST}.get(name, {})
    disabled = QColor(_DISABLED.get(name, "#808080"))
    for role, colour in colours.items():
        palette.setColor(QPalette.ColorGroup.Active, role, QColor(colour))
        palette.setColor(QPalette.ColorGroup.Inactive, role, QColor(colour))
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    if colours:
        # Disabled controls must look disabled: dimmed text, not the normal colour.
        for role in (_Role.WindowText, _Role.Text, _Role.ButtonText):
            palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
        # ThemeStyle draws indicator and field borders in Mid, as our own views draw edges.
        palette.setColor(_Role.Mid, QColor(_BORDERS[name]))
        palette.setColor(_Role.Dark, QColor(_BORDERS[name]))
    app.setPalette(palette)
    if name == "high-contrast":
        _rings.append(FocusRing(app))


def apply_zoom(app: QApplication, delta_points: int) -> int:
    """Set the app font to the system size plus ``delta_points`` (clamped); returns the delta."""
    global _base_points
    if _base_points is None:
        _base_points = QGuiApplication.font().pointSizeF() or 10.0
    points = max(MIN_POINTS, min(MAX_POINTS, round(_base_points) + delta_points))
    font = QFont(app.font())
    font.setPointSizeF(points)
    app.setFont(font)
    return points - round(_base_points)


def readable_text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""
    colour = QColor(background)

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )
    return "#000000" if luminance > 0.179 else "#ffffff"
