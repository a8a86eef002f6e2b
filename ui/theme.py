"""Themes (light, dark, high contrast) and zoom: the whole app follows one font and palette.

Zoom changes the application font, so every view that uses the palette font (all of ours)
grows with it. The high-contrast palette keeps text at 21:1 and selection at better than 7:1.

Fusion draws check boxes and radio buttons in a shade of the window colour, too faint on any
window (1.65:1 on the light one). Every theme therefore runs Fusion through a style from
:mod:`ui.theme_style`, which draws indicators (and, in the dark themes, field borders) in the
palette's ``Mid`` colour, at least 3:1 against the window (WCAG 1.4.11). High contrast adds a
thick focus ring around whichever widget has the keyboard focus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from ui.theme_style import (
    FOCUS_RING,
    DarkThemeStyle,
    FocusRing,
    HighContrastStyle,
    ThemeStyle,
    ring_target,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

__all__ = [  # the styles and the focus ring live in ui.theme_style; importable from here too
    "FOCUS_RING",
    "THEMES",
    "FocusRing",
    "ThemeStyle",
    "apply_theme",
    "apply_zoom",
    "readable_text_on",
    "ring_target",
]

THEMES = ("light", "dark", "high-contrast")
MIN_POINTS, MAX_POINTS = 7, 36
_base_points: float | None = None

_Role = QPalette.ColorRole

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
# Indicator (and dark field) borders: 5.3:1 on the light theme's white, 4.6:1 on its window;
# 4.1:1 on the dark window; 21:1 on black.
_BORDERS = {"light": "#6b6b6b", "dark": "#8a8a8a", "high-contrast": "#ffffff"}
_STYLES = {"light": ThemeStyle, "dark": DarkThemeStyle, "high-contrast": HighContrastStyle}
_rings: list[FocusRing] = []


def apply_theme(app: QApplication, name: str) -> None:
    if name not in THEMES:
        name = "light"
    while _rings:
        _rings.pop().stop(app)
    app.setStyle(_STYLES[name]())
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
        palette.setColor(_Role.Dark, QColor(_BORDERS[name]))  # Fusion's light Dark is fine
    # The style draws indicator and field borders in Mid, as our own views draw edges.
    palette.setColor(_Role.Mid, QColor(_BORDERS[name]))
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
