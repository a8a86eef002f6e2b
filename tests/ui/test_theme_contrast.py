"""Check boxes, radio buttons, check marks and keyboard focus stay visible in every theme.

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
    QRadioButton,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from ui.theme import THEMES, apply_theme
from ui.theme_style import FOCUS_RING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from PySide6.QtWidgets import QApplication
    from pytestqt.qtbot import QtBot


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


def _mark(checked: list[QColor], unchecked: list[QColor], fill: QColor) -> float:
    """How strongly the tick (or dot) stands out on the box: the best contrast, against the
    box's fill, of the pixels that change when the indicator is checked (0 if none change)."""
    changed = [after for after, before in zip(checked, unchecked, strict=True) if after != before]
    return max((contrast(colour, fill) for colour in changed), default=0.0)


BUTTONS: dict[str, tuple[type[QCheckBox | QRadioButton], QStyle.SubElement]] = {
    "check box": (QCheckBox, QStyle.SubElement.SE_CheckBoxIndicator),
    "radio button": (QRadioButton, QStyle.SubElement.SE_RadioButtonIndicator),
}


def _button(qtbot: QtBot, kind: str, checked: bool) -> tuple[QImage, QRect]:
    """A check box or radio button rendered with grab(), and where its indicator is."""
    make, element = BUTTONS[kind]
    button = make("Include memos")
    button.setObjectName("include_memos")
    qtbot.addWidget(button)
    button.setChecked(checked)
    button.adjustSize()
    option = QStyleOptionButton()
    button.initStyleOption(option)
    indicator = button.style().subElementRect(element, option, button)
    return button.grab().toImage(), indicator


@pytest.mark.parametrize("kind", list(BUTTONS))
@pytest.mark.parametrize("theme", THEMES)
def test_check_boxes_and_radio_buttons_are_visible_checked_and_unchecked(
    qtbot: QtBot, themed: Callable[[str], None], theme: str, kind: str
) -> None:
    themed(theme)
    checked, indicator = _button(qtbot, kind, checked=True)
    unchecked, same = _button(qtbot, kind, checked=False)
    assert indicator == same
    assert indicator.isValid()
    palette = QGuiApplication.palette()
    background = _background(unchecked)
    assert background == palette.color(QPalette.ColorRole.Window)
    # The empty indicator's outline, and the indicator with its mark, stand out at 3:1 or more.
    assert _strongest(unchecked, indicator, background) >= 3
    assert _strongest(checked, indicator, background) >= 3
    # And the mark is there to see: checking changes the indicator, at 3:1 against its fill.
    before, after = _pixels(unchecked, indicator), _pixels(checked, indicator)
    assert after != before
    assert _mark(after, before, palette.color(QPalette.ColorRole.Base)) >= 3


@pytest.mark.parametrize("theme", THEMES)
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
    assert boxes[0].size() == boxes[1].size()
    for box in boxes:
        assert _strongest(image, box, base) >= 3
    ticked, empty = (_pixels(image, box) for box in boxes)
    assert ticked != empty
    assert _mark(ticked, empty, base) >= 3


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
