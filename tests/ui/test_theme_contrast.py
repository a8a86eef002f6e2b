"""Check boxes, check marks and keyboard focus stay visible in the dark and high-contrast themes.

WCAG 1.4.11 (non-text contrast) asks 3:1 for what identifies a control and its state. Each
test renders real widgets with ``grab()`` and reads the pixels.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFocusFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from ui.theme import FOCUS_RING, apply_theme

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from PySide6.QtWidgets import QApplication
    from pytestqt.qtbot import QtBot

DARK_THEMES = ["high-contrast", "dark"]


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """Apply a theme for one test; the light theme comes back afterwards."""
    yield lambda name: apply_theme(qapp, name)
    apply_theme(qapp, "light")


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.redF(), colour.greenF(), colour.blueF()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _pixels(image: QImage, rect: QRect) -> list[QColor]:
    ratio = image.devicePixelRatio()  # grab() images are in device pixels
    scaled = QRect(
        round(rect.x() * ratio),
        round(rect.y() * ratio),
        round(rect.width() * ratio),
        round(rect.height() * ratio),
    ).intersected(image.rect())
    return [
        image.pixelColor(x, y)
        for y in range(scaled.top(), scaled.bottom() + 1)
        for x in range(scaled.left(), scaled.right() + 1)
    ]


def _background(image: QImage) -> QColor:
    """The colour most pixels of the image have: the widget background."""
    counts = Counter(colour.rgb() for colour in _pixels(image, image.rect()))
    return QColor.fromRgb(counts.most_common(1)[0][0])


def _strongest(image: QImage, rect: QRect, against: QColor) -> float:
    return max(contrast(colour, against) for colour in _pixels(image, rect))


def _check_box(qtbot: QtBot, checked: bool) -> tuple[QImage, QRect]:
    """A check box rendered with grab(), and where its indicator is."""
    box = QCheckBox("Include memos")
    box.setObjectName("include_memos")
    qtbot.addWidget(box)
    box.setChecked(checked)
    box.adjustSize()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    return box.grab().toImage(), indicator


@pytest.mark.parametrize("theme", DARK_THEMES)
def test_a_check_box_is_visible_checked_and_unchecked(
    qtbot: QtBot, themed: Callable[[str], None], theme: str
) -> None:
    themed(theme)
    checked, indicator = _check_box(qtbot, checked=True)
    unchecked, same = _check_box(qtbot, checked=False)
    assert indicator == same
    assert indicator.isValid()
    background = _background(unchecked)
    assert background == QGuiApplication.palette().color(QPalette.ColorRole.Window)
    # The empty box's outline, and the box with its tick, stand out at 3:1 or more.
    assert _strongest(unchecked, indicator, background) >= 3
    assert _strongest(checked, indicator, background) >= 3
    # And the tick is there to see: the indicator looks different once checked.
    assert _pixels(checked, indicator) != _pixels(unchecked, indicator)


@pytest.mark.parametrize("theme", DARK_THEMES)
def test_a_checkable_list_item_shows_its_box_and_its_tick(
    qtbot: QtBot, themed: Callable[[str], None], theme: str
) -> None:
    """The code and case lists of the export dialog: ticks must show on the list's base colour."""
    themed(theme)
    view = QListWidget()
    view.setObjectName("cases")
    qtbot.addWidget(view)
    for name, state in (("P01", Qt.CheckState.Checked), ("P02", Qt.CheckState.Unchecked)):
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(state)
        view.addItem(item)
    view.resize(200, 120)
    view.show()
    image = view.viewport().grab().toImage()
    base = view.palette().color(QPalette.ColorRole.Base)
    boxes = []
    for row in range(2):
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = view.visualItemRect(view.item(row))
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        element = QStyle.SubElement.SE_ItemViewItemCheckIndicator
        boxes.append(view.style().subElementRect(element, option, view))
    for box in boxes:
        assert _strongest(image, box, base) >= 3
    ticked, empty = (_pixels(image, box) for box in boxes)
    assert ticked != empty


def _focus_window(qtbot: QtBot, control: QWidget, *others: QWidget) -> QWidget:
    """``control`` (then ``others``) between two buttons in a shown window, focus on it."""
    window = QWidget()
    window.setObjectName("focus_window")
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    layout.addWidget(QPushButton("Before"))
    for widget in (control, *others):
        layout.addWidget(widget)
    layout.addWidget(QPushButton("After"))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    control.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(control.hasFocus)
    return window


def _ring(window: QWidget, control: QWidget) -> list[QColor]:
    """The pixels just outside ``control`` on its left, as thick as the focus ring."""
    image = window.grab().toImage()
    left = control.mapTo(window, control.rect().topLeft())
    middle = left.y() + control.height() // 2
    return _pixels(image, QRect(left.x() - FOCUS_RING, middle, FOCUS_RING, 1))


FOCUSABLE: dict[str, Callable[[], QWidget]] = {
    "line edit": lambda: QLineEdit("Barriers"),
    "push button": lambda: QPushButton("Export"),
    "check box": lambda: QCheckBox("Codes with codings only"),
    "spin box": QSpinBox,
    "list": QListWidget,
}


@pytest.mark.parametrize("kind", list(FOCUSABLE))
def test_high_contrast_draws_a_thick_ring_around_the_focused_widget(
    qtbot: QtBot, themed: Callable[[str], None], kind: str
) -> None:
    themed("high-contrast")
    control = FOCUSABLE[kind]()
    control.setObjectName("focused")
    window = _focus_window(qtbot, control)
    frame = window.findChild(QFocusFrame)
    assert frame is not None
    qtbot.waitUntil(frame.isVisible)
    assert FOCUS_RING >= 3
    highlight = window.palette().color(QPalette.ColorRole.Highlight)
    background = window.palette().color(QPalette.ColorRole.Window)
    assert contrast(highlight, background) >= 3
    assert _ring(window, control) == [highlight] * FOCUS_RING


def test_the_ring_follows_the_focus_and_leaves_with_the_theme(
    qtbot: QtBot, themed: Callable[[str], None]
) -> None:
    themed("high-contrast")
    first, second = QLineEdit("Barriers"), QLineEdit("Enablers")
    window = _focus_window(qtbot, first, second)
    highlight = window.palette().color(QPalette.ColorRole.Highlight)
    second.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: _ring(window, second) == [highlight] * FOCUS_RING)
    assert highlight not in _ring(window, first)
    themed("light")
    qtbot.waitUntil(lambda: window.findChild(QFocusFrame) is None)
