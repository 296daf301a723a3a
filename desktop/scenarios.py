"""The saved scenarios: search, open, new, duplicate, rename, delete (with undo), history."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.store.database import RevisionInfo, ScenarioInfo, Store
from desktop import fmt
from desktop.i18n import N_, tr
from desktop.page_costs import table_view
from desktop.tables import ROW_ROLE, Column, FilterProxy, RowsModel

# The notes the app stores with a revision (window, window_scenarios, window_files), in
# English: shown in the UI's words.
NOTES = {"bundled example": N_("bundled example"), "new": N_("new"),
         "duplicate": N_("duplicate"), "restored after a delete": N_("restored after a delete")}
IMPORTED = "imported from "


def note_text(note: str) -> str:
    """A revision's note in the UI language (the user's own notes as written)."""
    if note in NOTES:
        return tr(NOTES[note])
    if note.startswith(IMPORTED):
        return tr("imported from {0}").format(note[len(IMPORTED):])
    return note


class ScenarioList(QWidget):
    """Emits open_requested(name) when the user picks a scenario; the window does the rest."""

    open_requested = Signal(str)
    new_requested = Signal()
    duplicate_requested = Signal()
    rename_requested = Signal()
    delete_requested = Signal()
    history_requested = Signal()

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.search = QLineEdit(placeholderText=tr("Search scenarios…"))
        self.search.setClearButtonEnabled(True)
        self.rows = RowsModel([
            Column(tr("Scenario"), lambda i: i.name),
            Column(tr("Saved"), lambda i: i.updated, fmt.date)])
        self.proxy = FilterProxy(self.rows)
        self.proxy.setFilterKeyColumn(0)
        self.view = table_view(self.proxy)
        # Names that differ only at the end ("... (copy)") stay apart: cut in the middle; the
        # tooltip holds the whole name.
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        buttons = QGridLayout()
        for position, (text, signal, tip) in enumerate((
                (tr("New"), self.new_requested, tr("A new scenario (Ctrl+N)")),
                (tr("Duplicate"), self.duplicate_requested, tr("A copy of this scenario")),
                (tr("Rename"), self.rename_requested, tr("Rename this scenario")),
                (tr("Delete"), self.delete_requested, tr("Delete it (can be undone)")),
                (tr("History"), self.history_requested, tr("Saved revisions")))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button, position // 3, position % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        self.setMinimumWidth(280)

    def reload(self, current: str | None = None) -> None:
        self.rows.set_rows(self.store.scenarios())
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.select(current)

    def select(self, name: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            info: ScenarioInfo = self.proxy.data(self.proxy.index(row, 0), ROW_ROLE)
            if info.name == name:
                self.view.selectRow(row)
                return

    def names(self) -> list[str]:
        return [info.name for info in self.rows.rows]

    def _on_activated(self, index: object) -> None:
        info = self.proxy.data(index, ROW_ROLE)  # type: ignore[arg-type]
        if info is not None:
            self.open_requested.emit(info.name)


class HistoryDialog(QDialog):
    """The saved revisions of one scenario; restoring one makes it the newest again."""

    def __init__(self, parent: QWidget, name: str, revisions: list[RevisionInfo]):
        super().__init__(parent)
        self.setWindowTitle(tr("History of {0}").format(name))
        self.rows = RowsModel([
            Column(tr("Revision"), lambda r: r.revision, numeric=True),
            Column(tr("Saved"), lambda r: r.saved_at[:19].replace("T", " ")),
            Column(tr("Catalog version"), lambda r: r.catalog_version, numeric=True),
            Column(tr("Note"), lambda r: note_text(r.note))])
        self.rows.set_rows(list(reversed(revisions)))
        self.view = table_view(self.rows, sortable=False)
        self.view.selectRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore = buttons.addButton(tr("Restore this revision"),
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Restoring a revision saves it as the newest; the history "
                                   "in between is kept.")))
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def chosen(self) -> int | None:
        index = self.view.currentIndex()
        row = self.rows.data(index, ROW_ROLE) if index.isValid() else None
        return row.revision if row is not None else None
