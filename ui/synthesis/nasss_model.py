"""The NASSS grid as a Qt table: assessed cases (rows) by domains and sub-domains (columns).

Every cell says its rating in words ("Complex"); the colour only repeats it, on the same
light-to-dark blue scale as the complexity profile chart, so the order survives greyscale and
colour-vision deficiencies. A cell never rated shows a dash and is read out as "Not assessed".

The whole grid arrives as one :class:`~workbench.queries.nasss.NasssGrid` (two statements);
``data`` only looks values up, it never queries. Compare mode and "domains only" are a proxy.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ui.theme import readable_text_on
from workbench.charts.complexity import LEVEL_COLOURS
from workbench.nasss import DOMAINS, NOT_ASSESSED, rating_label, rating_level

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from workbench.nasss import Domain
    from workbench.queries.nasss import AssessedCase, NasssGrid, Rating

_Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole

CASE_ID_ROLE = _Role.UserRole + 40
DOMAIN_KEY_ROLE = _Role.UserRole + 41
RATING_ROLE = _Role.UserRole + 42  # the stored rating: "complex", "not_assessed"...
NOT_RATED_TEXT = "—"  # a dash keeps the grid quiet; screen readers hear "Not assessed"
MAX_TOOLTIP_RATIONALE = 300  # characters of the rationale shown in a cell's tooltip


def rating_colour(rating: str) -> QColor | None:
    """The cell colour of ``rating``; None (the view's own background) when not assessed."""
    level = rating_level(rating)
    return None if level is None else QColor(LEVEL_COLOURS[level])


def cell_text(rating: str) -> str:
    return NOT_RATED_TEXT if rating == NOT_ASSESSED else rating_label(rating)


def format_when(moment: datetime | None) -> str:
    """A rating's time in the user's time zone ("12 Mar 2025, 14:05"); stored times are UTC."""
    if moment is None:
        return "an unknown date"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


def passages(count: int) -> str:
    return "1 passage" if count == 1 else f"{count:,} passages"


def _brushes() -> dict[str, tuple[QBrush, QBrush]]:
    """(background, text) brushes of each rated level, made once per model."""
    brushes = {}
    for rating in ("simple", "complicated", "complex"):
        colour = rating_colour(rating)
        assert colour is not None
        brushes[rating] = (QBrush(colour), QBrush(QColor(readable_text_on(colour.name()))))
    return brushes


class NasssGridModel(QAbstractTableModel):
    """Read-only: ratings change through the editor's commands, then arrive in a new grid."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cases: tuple[AssessedCase, ...] = ()
        self._domains: tuple[Domain, ...] = DOMAINS
        self._rows: tuple[tuple[Rating, ...], ...] = ()
        self._brushes = _brushes()

    # ------------------------------------------------------------------ contents
    def set_grid(self, grid: NasssGrid) -> None:
        """Show ``grid``; only the rows that changed are repainted when the shape is the same."""
        same_shape = [c.id for c in grid.cases] == [c.id for c in self._cases]
        if not same_shape or grid.domains != self._domains:
            self.beginResetModel()
            self._cases, self._domains, self._rows = grid.cases, grid.domains, grid.rows
            self.endResetModel()
            return
        old_cases, old_rows = self._cases, self._rows
        self._cases, self._rows = grid.cases, grid.rows
        last = self.columnCount() - 1
        for row, (before, after) in enumerate(zip(old_rows, grid.rows, strict=True)):
            if before != after:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        for row, (before_case, after_case) in enumerate(zip(old_cases, grid.cases, strict=True)):
            if before_case != after_case:  # renamed or retyped
                self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)

    def case_at(self, row: int) -> AssessedCase | None:
        return self._cases[row] if 0 <= row < len(self._cases) else None

    def domain_at(self, column: int) -> Domain | None:
        return self._domains[column] if 0 <= column < len(self._domains) else None

    def rating_at(self, row: int, column: int) -> Rating | None:
        if 0 <= row < len(self._rows) and 0 <= column < len(self._domains):
            return self._rows[row][column]
        return None

    def cases(self) -> tuple[AssessedCase, ...]:
        return self._cases

    def row_of(self, case_id: int) -> int:
        return next((row for row, case in enumerate(self._cases) if case.id == case_id), -1)

    def column_of(self, domain_key: str) -> int:
        return next((col for col, d in enumerate(self._domains) if d.key == domain_key), -1)

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._domains)

    def data(self, index: _Index, role: int = _Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rating = self._rows[index.row()][index.column()]
        if role == _Role.DisplayRole:
            return cell_text(rating.rating)
        if role in (_Role.BackgroundRole, _Role.ForegroundRole):
            brushes = self._brushes.get(rating.rating)  # none when not assessed: the view's own
            if brushes is None:
                return None
            background, text = brushes
            return background if role == _Role.BackgroundRole else text
        if role == _Role.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return self._other_role(index, rating, role)

    def _other_role(self, index: _Index, rating: Rating, role: int) -> Any:
        if role == _Role.ToolTipRole:
            return self._tooltip(index, rating)
        if role == _Role.AccessibleDescriptionRole:
            domain = self._domains[index.column()]
            return f"{self._cases[index.row()].name}, {domain.key} {domain.name}"
        plain = {
            _Role.AccessibleTextRole: rating.label,  # "Not assessed", where the cell shows "—"
            CASE_ID_ROLE: rating.case_id,
            DOMAIN_KEY_ROLE: rating.domain_key,
            RATING_ROLE: rating.rating,
        }
        return plain.get(role)

    def _tooltip(self, index: _Index, rating: Rating) -> str:
        domain = self._domains[index.column()]
        lines = [f"{self._cases[index.row()].name}: {domain.key} {domain.name}", rating.label]
        if rating.id is None:
            lines.append("Never rated")
        else:
            rater = rating.rater or "an unknown rater"
            lines.append(f"Rated by {rater} on {format_when(rating.rated_at)}")
        lines.append(f"Evidence: {passages(rating.evidence)}")
        if rating.rationale.strip():
            text = rating.rationale.strip()
            if len(text) > MAX_TOOLTIP_RATIONALE:
                text = text[: MAX_TOOLTIP_RATIONALE - 1].rstrip() + "…"
            lines.append(f"Rationale: {text}")
        return "\n".join(lines)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self._domain_header(section, role)
        case = self.case_at(section)
        if case is None:
            return None
        if role == _Role.DisplayRole:
            return case.name
        if role == _Role.ToolTipRole:
            return f"{case.name} ({case.case_type})" if case.case_type else case.name
        return None

    def _domain_header(self, section: int, role: int) -> Any:
        domain = self.domain_at(section)
        if domain is None:
            return None
        if role == _Role.DisplayRole:
            return domain.key
        if role in (_Role.ToolTipRole, _Role.AccessibleTextRole):
            kind = "Domain" if domain.is_domain else "Sub-domain"
            return f"{kind} {domain.key}: {domain.name}"
        return None


class NasssFilterModel(QSortFilterProxyModel):
    """Compare mode (only the chosen cases, side by side) and "domains only" (no sub-domains)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._case_ids: frozenset[int] | None = None
        self._domains_only = False

    @property
    def compared(self) -> frozenset[int] | None:
        """The cases shown in compare mode; None when every case is shown."""
        return self._case_ids

    @property
    def domains_only(self) -> bool:
        return self._domains_only

    def set_compared(self, case_ids: Iterable[int] | None) -> None:
        self.beginFilterChange()
        self._case_ids = None if case_ids is None else frozenset(case_ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_domains_only(self, domains_only: bool) -> None:
        self.beginFilterChange()
        self._domains_only = domains_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Columns)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._case_ids is None:
            return True
        model = self.sourceModel()
        case = model.case_at(source_row) if isinstance(model, NasssGridModel) else None
        return case is not None and case.id in self._case_ids

    def filterAcceptsColumn(self, source_column: int, source_parent: _Index) -> bool:
        if not self._domains_only:
            return True
        model = self.sourceModel()
        domain = model.domain_at(source_column) if isinstance(model, NasssGridModel) else None
        return domain is not None and domain.is_domain
