"""The filter bar of the audit viewer: person, operation, and a range of dates.

Dates are the user's calendar days: "from 3 March" means from local midnight that day, "to 5
March" up to the end of that day; they are turned into UTC times for the query here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.controls import compact_combo
from workbench.queries.audit import AuditFilter, operation_label

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.queries.audit import AuditUser

EVERYONE, ALL_OPERATIONS = "Everyone", "All operations"
DATE_FORMAT = "d MMM yyyy"
_CALENDAR_PARTS = {
    "qt_calendar_calendarview": "Days of the month",
    "qt_calendar_prevmonth": "Previous month",
    "qt_calendar_nextmonth": "Next month",
    "qt_calendar_yearedit": "Year",
}


def _date_edit(name: str, accessible: str, tooltip: str) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setToolTip(tooltip)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setEnabled(False)  # until its box is ticked
    _name_calendar(edit.calendarWidget(), name, accessible)
    return edit


def _name_calendar(calendar: QCalendarWidget, name: str, accessible: str) -> None:
    """Names for the parts of the pop-up calendar, which Qt leaves unnamed."""
    calendar.setObjectName(f"{name}_calendar")
    calendar.setAccessibleName(f"Calendar: {accessible.lower()}")
    for part, text in _CALENDAR_PARTS.items():
        for widget in calendar.findChildren(QWidget, part):
            widget.setAccessibleName(text)
            if isinstance(widget, QToolButton):
                widget.setToolTip(text)
    for field in calendar.findChildren(QLineEdit):  # the year spin box's text field
        field.setAccessibleName("Year")


def _day(chosen: QDate) -> date:
    return date(chosen.year(), chosen.month(), chosen.day())


def _day_start(day: date) -> datetime:
    """Local midnight at the start of ``day``, as an aware time."""
    return datetime.combine(day, time.min).astimezone()


class AuditFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_filters")
        self.person = compact_combo(
            "audit_person_filter", "Filter by person", "Show one person's work", chars=16
        )
        self.operation = compact_combo(
            "audit_operation_filter", "Filter by operation", "Show one kind of operation", chars=16
        )
        self.use_from = self._tick("audit_use_from", "F&rom:", "Only entries from a date on")
        self.from_date = _date_edit("audit_from_date", "From date", "The first day to show")
        self.use_to = self._tick("audit_use_to", "&To:", "Only entries up to a date")
        self.to_date = _date_edit("audit_to_date", "To date", "The last day to show")
        self.clear_button = QPushButton("C&lear filters")
        self.clear_button.setObjectName("audit_clear_filters")
        self.clear_button.setAccessibleName("Clear filters")
        self.clear_button.setToolTip("Show every entry of the log")
        self._layout()
        self.set_choices([], [])
        self._connect()

    @staticmethod
    def _tick(name: str, text: str, tooltip: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(name)
        box.setAccessibleName(text.replace("&", "").rstrip(":") + " a date")
        box.setToolTip(tooltip)
        return box

    def _layout(self) -> None:
        """Two rows: who and what, then when; one row would be clipped at large text sizes."""
        who = QHBoxLayout()
        for text, combo in (("&Person:", self.person), ("&Operation:", self.operation)):
            label = QLabel(text)
            label.setBuddy(combo)
            who.addWidget(label)
            who.addWidget(combo, 1)
        when = QHBoxLayout()
        for widget in (self.use_from, self.from_date, self.use_to, self.to_date):
            when.addWidget(widget)
        when.addStretch(1)
        when.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(who)
        layout.addLayout(when)

    def _connect(self) -> None:
        self.person.currentIndexChanged.connect(self.changed)
        self.operation.currentIndexChanged.connect(self.changed)
        for box, edit in ((self.use_from, self.from_date), (self.use_to, self.to_date)):
            box.toggled.connect(edit.setEnabled)
            box.toggled.connect(self.changed)
            edit.dateChanged.connect(self._date_changed)
        self.clear_button.clicked.connect(self.clear)

    def _date_changed(self) -> None:
        if self.use_from.isChecked() or self.use_to.isChecked():
            self.changed.emit()

    def set_choices(self, users: Sequence[AuditUser], operations: Sequence[str]) -> None:
        """Offer these people and operations, keeping what is chosen (no signal)."""
        people = [(u.name or f"User {u.id}", u.id) for u in users]
        _fill(self.person, EVERYONE, people)
        _fill(self.operation, ALL_OPERATIONS, [(operation_label(o), o) for o in operations])

    def clear(self) -> None:
        with QSignalBlocker(self):
            self.person.setCurrentIndex(0)
            self.operation.setCurrentIndex(0)
            self.use_from.setChecked(False)
            self.use_to.setChecked(False)
        self.changed.emit()

    def current(self) -> AuditFilter:
        person = self.person.currentData()
        operation = self.operation.currentData()
        since = until = None
        if self.use_from.isChecked():
            since = _day_start(_day(self.from_date.date()))
        if self.use_to.isChecked():
            until = _day_start(_day(self.to_date.date()) + timedelta(days=1))
        return AuditFilter(
            user_id=person if isinstance(person, int) else None,
            operation=operation or None,
            since=since,
            until=until,
        )


def _fill(combo: QComboBox, everything: str, entries: Sequence[tuple[str, object]]) -> None:
    current = combo.currentData()
    with QSignalBlocker(combo):
        combo.clear()
        combo.addItem(everything, None)
        for text, data in entries:
            combo.addItem(text, data)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
