"""Type sizes and colours of Reviewer mode: large, calm text that stays readable in every theme.

Sizes are multiples of the application font, so the zoom setting (which changes that font)
grows everything in proportion. Colours come from the palette, so the light, dark and
high-contrast themes all apply; muted text is checked against WCAG's 4.5:1 for normal text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

PASSAGE_SCALE = 1.6  # the passage itself: the brief asks for at least 1.5 times the app font
CONTEXT_SCALE = 1.3  # words around the passage, and the code's description
HEADING_SCALE = 1.4
BUTTON_SCALE = 1.25
MIN_CONTRAST = 4.5  # WCAG AA for normal-size text


# Events after which sizes and colours are worked out again (zoom, theme).
RESTYLE_EVENTS = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.ApplicationFontChange,
        QEvent.Type.ApplicationPaletteChange,
    }
)


def style_key() -> tuple[float, int, int]:
    """What the look depends on: the app's font size and text and window colours. Widgets
    restyle only when it changes, so the events their own restyling sends end there."""
    palette = QApplication.palette()
    return (
        QApplication.font().pointSizeF(),
        palette.color(QPalette.ColorRole.Text).rgb(),
        palette.color(QPalette.ColorRole.Window).rgb(),
    )


def scaled_font(scale: float, *, bold: bool = False) -> QFont:
    """The application font (which follows zoom) times ``scale``."""
    font = QFont(QApplication.font())
    font.setPointSizeF(max(1.0, font.pointSizeF() * scale))
    font.setBold(bold)
    return font


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(one: QColor, two: QColor) -> float:
    """WCAG contrast ratio, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(one: QColor, two: QColor, share_of_two: float) -> QColor:
    keep = 1.0 - share_of_two
    return QColor.fromRgbF(
        one.redF() * keep + two.redF() * share_of_two,
        one.greenF() * keep + two.greenF() * share_of_two,
        one.blueF() * keep + two.blueF() * share_of_two,
    )


def muted_text(palette: QPalette, *, on_window: bool = False) -> QColor:
    """A softer text colour that still reads at 4.5:1 or better on the text background (or,
    with ``on_window``, on the window's)."""
    role = QPalette.ColorRole
    text = palette.color(role.WindowText if on_window else role.Text)
    base = palette.color(role.Window if on_window else role.Base)
    share = 0.45  # how far towards the background; lowered until the contrast is enough
    while share > 0:
        candidate = mix(text, base, share)
        if contrast(candidate, base) >= MIN_CONTRAST + 0.1:
            return candidate
        share -= 0.05
    return text


def passage_background(palette: QPalette, code_colour: str) -> QColor:
    """A pale wash of the code's colour behind the passage, under the normal text colour."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    colour = QColor(code_colour) if QColor(code_colour).isValid() else text
    share = 0.18
    while share > 0:
        candidate = mix(base, colour, share)
        if contrast(text, candidate) >= 7.0:  # keep the passage at AAA: it is what they read
            return candidate
        share -= 0.03
    return base
