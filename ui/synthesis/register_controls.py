"""Small pieces the register, crosstab and chart tabs share: naming, the attribute picker, and
which codes a crosstab or chart covers."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.segments.compact_table import CompactTableView

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from PySide6.QtCore import QAbstractItemModel

    from workbench.dto import CodeInfo

W = TypeVar("W", bound=QWidget)
LOADING = "Loading…"


def named(widget: W, object_name: str, accessible_name: str, tooltip: str = "") -> W:
    """``widget`` with the names a test and a screen reader find it by."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    if tooltip:
        widget.setToolTip(tooltip)
    return widget


def message_label(object_name: str) -> QLabel:
    """A wrapped line of status text (what is shown, "Loading…", or why nothing is)."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    return label


def codes_row(prefix: str) -> tuple[QHBoxLayout, QLabel, QPushButton]:
    """Which codes a tab shows, and a button back to every coded code."""
    label = message_label(f"{prefix}_codes")
    button = named(QPushButton("Use all coded codes"), f"{prefix}_all_codes", "Use all coded codes")
    row = QHBoxLayout()
    row.addWidget(label, 1)
    row.addWidget(button)
    return row, label, button


def table(model: QAbstractItemModel, object_name: str, accessible_name: str) -> CompactTableView:
    view = CompactTableView.for_model(
        model, object_name=object_name, accessible_name=accessible_name
    )
    view.setSortingEnabled(False)  # the rows keep the codebook's order
    return view


class AttributeCombo(QComboBox):
    """The case attributes by name; ``none_text`` (if any) first, for "no attribute"."""

    def __init__(self, none_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._none_text = none_text
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def set_attributes(self, names: Sequence[str]) -> None:
        """Replace the choices, keeping the chosen attribute when it still exists; no signal."""
        current = self.attribute()
        self.blockSignals(True)
        self.clear()
        if self._none_text:
            self.addItem(self._none_text, None)
        for name in names:
            self.addItem(name, name)
        found = self.findData(current) if current is not None else -1
        self.setCurrentIndex(max(found, 0))
        self.blockSignals(False)
        self.setEnabled(bool(names))

    def attribute(self) -> str | None:
        data = self.currentData()
        return data if isinstance(data, str) else None


def chosen_codes(codes: Sequence[CodeInfo], selected: Collection[int]) -> list[int]:
    """The codes a crosstab or chart covers, in codebook order.

    With nothing selected: every codable code that has codings. Otherwise the codable, coded
    codes under each selected code (choosing a group code covers the group), and the selected
    code itself when it is codable and either coded or a leaf (a chosen leaf shows its zeros).
    """
    if not selected:
        return [c.id for c in codes if c.is_codable and c.codings]
    children: dict[int | None, list[CodeInfo]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    by_id = {c.id: c for c in codes}
    wanted = {
        i
        for i in selected
        if i in by_id and by_id[i].is_codable and (by_id[i].codings or i not in children)
    }
    stack = [i for i in selected if i in by_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child.is_codable and child.codings:
                wanted.add(child.id)
            stack.append(child.id)
    return [c.id for c in codes if c.id in wanted]


def codes_note(selected: Collection[int], count: int) -> str:
    """Which codes a tab covers, in words."""
    codes = "1 code" if count == 1 else f"{count} codes"
    if selected:
        return f"{codes} chosen in the codebook (and the coded codes under them)"
    return f"All {count} coded codes" if count != 1 else "The 1 coded code"
