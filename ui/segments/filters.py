"""The filter bar above the segments table: case, attribute = value, coder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from ui.controls import compact_combo
from ui.segments.model import NO_CASE

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from workbench.dto import CaseInfo

ALL_CASES, ANY_ATTRIBUTE, ANY_VALUE = "All cases", "Any attribute", "Any value"
ALL_CODERS = "All coders"


def chosen(combo: QComboBox) -> str | None:
    """The entry chosen, or None for the first one ("All cases" and the like)."""
    if combo.currentIndex() <= 0:
        return None
    return str(combo.currentData())


def fill(combo: QComboBox, everything: str, entries: Iterable[str]) -> None:
    """Replace the entries (the first one means no filter), keeping the choice."""
    current = chosen(combo)
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, "")
    for entry in entries:
        combo.addItem(entry, entry)
    found = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)


class SegmentFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segments_filters")
        self.case_filter = compact_combo(
            "segments_case_filter", "Filter by case", "Show one case only"
        )
        self.attribute_filter = compact_combo(
            "segments_attribute_filter", "Filter by attribute", "Attribute of the cases to show"
        )
        self.value_filter = compact_combo(
            "segments_value_filter", "Attribute value", "Show cases with this value"
        )
        self.coder_filter = compact_combo(
            "segments_coder_filter", "Filter by coder", "Show one coder"
        )
        self._attributes: dict[int, dict[str, str]] = {}
        self._case_names: dict[int, str] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, widget in (
            ("&Case:", self.case_filter),
            ("&Attribute:", self.attribute_filter),
            ("=", self.value_filter),
            ("C&oder:", self.coder_filter),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        layout.addStretch(1)
        fill(self.case_filter, ALL_CASES, [])
        fill(self.attribute_filter, ANY_ATTRIBUTE, [])
        fill(self.value_filter, ANY_VALUE, [])
        fill(self.coder_filter, ALL_CODERS, [])
        self.value_filter.setEnabled(False)
        self._connect()

    def _connect(self) -> None:
        self.case_filter.currentIndexChanged.connect(self.changed)
        self.attribute_filter.currentIndexChanged.connect(self._attribute_chosen)
        self.value_filter.currentIndexChanged.connect(self.changed)
        self.coder_filter.currentIndexChanged.connect(self.changed)

    def set_cases(self, cases: Sequence[CaseInfo]) -> None:
        self._attributes = {c.id: dict(c.attributes) for c in cases}
        self._case_names = {c.id: c.name for c in cases}
        fill(self.case_filter, ALL_CASES, [*(c.name for c in cases), NO_CASE])
        names: dict[str, None] = {}  # attribute names in column order, without repeats
        for case in cases:
            names.update(dict.fromkeys(case.attributes))
        fill(self.attribute_filter, ANY_ATTRIBUTE, names)
        self._fill_values()

    def set_coders(self, names: Iterable[str]) -> None:
        fill(self.coder_filter, ALL_CODERS, sorted(set(names), key=str.casefold))

    def _attribute_chosen(self) -> None:
        self._fill_values()
        self.changed.emit()

    def _fill_values(self) -> None:
        attribute = chosen(self.attribute_filter)
        values: set[str] = set()
        if attribute is not None:
            values = {v[attribute] for v in self._attributes.values() if attribute in v}
        fill(self.value_filter, ANY_VALUE, sorted(values, key=str.casefold))
        self.value_filter.setEnabled(attribute is not None)

    def current(self) -> dict[str, Any]:
        """Keyword arguments for :meth:`SegmentFilterModel.set_filters`."""
        attribute, value = chosen(self.attribute_filter), chosen(self.value_filter)
        cases: frozenset[str] | None = None
        if attribute is not None and value is not None:
            cases = frozenset(
                self._case_names[case_id]
                for case_id, values in self._attributes.items()
                if values.get(attribute) == value
            )
        return {
            "case": chosen(self.case_filter),
            "cases": cases,
            "coder": chosen(self.coder_filter),
        }
