"""Table models over immutable rows, with sorting and filtering through a proxy."""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from core.safe_text import csv_cell

SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column:
    """One column: its title, the row's value, and how the value reads as text."""

    title: str
    value: Callable[[Any], Any]
    text: Callable[[Any], str] = str
    numeric: bool = False
    tooltip: str = ""


class RowsModel(QAbstractTableModel):
    """Read-only rows; `set_rows` replaces them all."""

    def __init__(self, columns: Sequence[Column], parent: Any = None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self.rows: tuple[Any, ...] = ()
        self.warn: Callable[[Any], bool] = lambda row: False

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # The tooltip is the whole text, for a cell too narrow to show it.
            value = column.value(row)
            return "" if value is None and not column.numeric else column.text(value)
        if role == SORT_ROLE:
            value = column.value(row)
            if column.numeric:
                return float("-inf") if value is None else float(value)
            return "" if value is None else str(value).lower()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.warn(row):
            return QColor("#c0392b")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].tooltip or None
        return None


class FilterProxy(QSortFilterProxyModel):
    """Sorts on each column's raw value and keeps the rows whose text holds the filter."""

    def __init__(self, source: QAbstractTableModel, parent: Any = None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.extra: Callable[[Any], bool] = lambda row: True

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        return (row is None or self.extra(row)) and super().filterAcceptsRow(source_row,
                                                                              source_parent)

    def refilter(self) -> None:
        """Apply `extra` again after what it reads has changed."""
        if hasattr(self, "endFilterChange"):  # Qt 6.10 replaced invalidateRowsFilter
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()


def table_csv(model: Any) -> str:
    """What a table shows (in its current order and filter) as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out)
    columns = range(model.columnCount())
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
    # a title over several lines on screen is one line in the file
    writer.writerow([csv_cell(" ".join(title.split()) if isinstance(title, str) else title)
                     for title in titles])
    for row in range(model.rowCount()):
        writer.writerow([csv_cell(model.data(model.index(row, c))) for c in columns])
    return out.getvalue()
