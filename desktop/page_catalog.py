"""The price catalog: browse and filter every price with its source and date, edit one, import
and export files, and see the versions and what each one changed."""

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.errors import InputError
from core.pricing.ages import price_age_days
from core.pricing.catalog import Change, PriceCatalog, diff_catalogs, edit_entry, entries
from core.store.database import CatalogVersion, Store
from desktop import fmt
from desktop.fields import error_label
from desktop.i18n import N_, tr, trn
from desktop.page_costs import table_view
from desktop.tables import ROW_ROLE, Column, FilterProxy, RowsModel

KINDS = {"api": N_("API prices"), "cloud": N_("Cloud instances"),
         "energy": N_("Energy"), "hardware": N_("Hardware and shares")}
# The fields a planner edits, per kind; the rest (ids, providers) identify the row.
PRICE_FIELDS = {"api": (("price_in_per_m", N_("Input, per 1M tokens")),
                        ("price_out_per_m", N_("Output, per 1M tokens")),
                        ("price_cached_in_per_m", N_("Cached input, per 1M tokens"))),
                "cloud": (("price_per_hour", N_("Per instance-hour")),),
                "energy": (("low", N_("Low")), ("high", N_("High"))),
                "hardware": (("low", N_("Low")), ("high", N_("High")))}


def _age(text: str) -> int | None:
    return price_age_days(text, date.today())


def entry_columns(kind: str) -> list[Column]:
    age = Column(tr("Age"), lambda e: _age(e.price_date),
                 lambda v: trn("%Ln day", "%Ln days", v) if v is not None else "—",
                 numeric=True, tooltip=tr("days since the end of the price's period"))
    tail = [Column(tr("Date"), lambda e: e.price_date), age,
            Column(tr("Source"), lambda e: e.source)]
    labels = dict(PRICE_FIELDS[kind])

    def money(key: str) -> Column:
        return Column(tr(labels[key]), lambda e: getattr(e, key), lambda v: fmt.number(v, 3),
                      numeric=True)

    if kind == "api":
        return [Column(tr("Provider"), lambda e: e.provider),
                Column(tr("Model"), lambda e: e.model),
                Column(tr("Currency"), lambda e: e.currency),
                money("price_in_per_m"), money("price_out_per_m"),
                money("price_cached_in_per_m"), *tail]
    if kind == "cloud":
        return [Column(tr("Provider"), lambda e: e.provider),
                Column(tr("Instance"), lambda e: e.name),
                Column(tr("GPUs"), lambda e: f"{e.gpus} × {e.gpu}"),
                Column(tr("Region"), lambda e: e.region),
                Column(tr("Currency"), lambda e: e.currency), money("price_per_hour"), *tail]
    return [Column(tr("Figure"), lambda e: e.label), money("low"), money("high"),
            Column(tr("Unit"), lambda e: f"{e.currency} {e.unit}".strip()), *tail]


# What a catalog version did to a row (core.pricing.catalog.Change), and to which kind.
CHANGES = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
CHANGE_KINDS = {**KINDS, "rate": N_("Exchange rates")}
# How the store names where a catalog version came from (core.store.catalogs), in English:
# shown in the UI's words.
ORIGINS = ((re.compile(r"bundled catalog \((.*)\), retrieved (.*)"),
            N_("bundled catalog ({0}), retrieved {1}")),
           (re.compile(r"bundled catalog \((.*)\)"), N_("bundled catalog ({0})")),
           (re.compile(r"import of (.*) \((.*)\)"), N_("import of {0} ({1})")),
           (re.compile(r"edited in the desktop app"), N_("edited in the desktop app")))


def origin_text(origin: str) -> str:
    """Where a catalog version came from, in the UI language (an unknown origin as stored)."""
    for pattern, text in ORIGINS:
        found = pattern.fullmatch(origin)
        if found:
            return tr(text).format(*found.groups())
    return origin


def change_text(change: Change) -> str:
    return "; ".join(f"{name}: {old} → {new}" for name, old, new in change.fields)


class EditPriceDialog(QDialog):
    """A price, its source and its date; the catalog checks them before they are kept."""

    def __init__(self, parent: QWidget, catalog: PriceCatalog, kind: str, entry: Any):
        super().__init__(parent)
        self.setWindowTitle(tr("Edit price: {0}").format(entry.id))
        self.catalog, self.kind, self.entry = catalog, kind, entry
        self.result_catalog: PriceCatalog | None = None
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in PRICE_FIELDS[kind]:
            value = getattr(entry, key)
            edit = QLineEdit("" if value is None else fmt.number(value, 4).rstrip("0").rstrip(
                fmt.locale().decimalPoint()))
            edit.setPlaceholderText(tr("unknown"))
            form.addRow(tr(label) + f" [{entry.currency}]", edit)
            self.edits[key] = edit
        self.source = QLineEdit(entry.source)
        self.price_date = QLineEdit(entry.price_date)
        self.price_date.setPlaceholderText("YYYY-MM-DD")
        form.addRow(tr("Source"), self.source)
        form.addRow(tr("Date the price was true"), self.price_date)
        self.error = error_label()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict[str, Any]:
        """The typed values; raises InputError for text that is not a number."""
        changes: dict[str, Any] = {"source": self.source.text().strip(),
                                   "price_date": self.price_date.text().strip()}
        for key, edit in self.edits.items():
            text = edit.text().strip()
            value = fmt.parse_number(text) if text else None
            if text and value is None:
                raise InputError(tr("'{0}' is not a number").format(text))
            if value is None and self.kind in ("energy", "hardware"):
                raise InputError(tr("give both ends of the range"))
            changes[key] = value
        return changes

    def accept(self) -> None:
        try:
            self.result_catalog = edit_entry(self.catalog, self.kind, self.entry.id,
                                             self.changes())
        except InputError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()


class CatalogPage(QWidget):
    """Emits catalog_changed after an edit or import added a version; import_requested and
    export_requested leave the file dialogs and slow work to the window."""

    catalog_changed = Signal()
    import_requested = Signal()
    export_requested = Signal()

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.catalog: PriceCatalog | None = None
        self.kind = QComboBox()
        for kind, label in KINDS.items():
            self.kind.addItem(tr(label), kind)
        self.filter = QLineEdit(placeholderText=tr("Filter: provider, model, GPU, source…"))
        self.filter.setClearButtonEnabled(True)
        self.edit = QPushButton(tr("Edit price…"))
        import_button = QPushButton(tr("Import…"))
        export_button = QPushButton(tr("Export…"))
        import_button.clicked.connect(self.import_requested.emit)
        export_button.clicked.connect(self.export_requested.emit)
        self.edit.clicked.connect(self._on_edit)
        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addWidget(self.filter, 1)
        for button in (self.edit, import_button, export_button):
            top.addWidget(button)
        self.rows = RowsModel([])
        self.rows.warn = lambda e: (_age(e.price_date) or 0) > 365 or not e.price_date
        self.proxy = FilterProxy(self.rows)
        self.view = table_view(self.proxy)
        self.view.doubleClicked.connect(self._on_edit)
        split = QSplitter(Qt.Orientation.Vertical)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(top)
        table_layout.addWidget(self.view, 1)
        legend = QLabel(tr("Rows in red: the price is older than a year or undated."))
        legend.setStyleSheet("color: #c0392b;")
        table_layout.addWidget(legend)
        split.addWidget(table_box)
        split.addWidget(self._history())
        split.setSizes([560, 300])
        QVBoxLayout(self).addWidget(split)
        self.kind.currentIndexChanged.connect(self._show_kind)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.reload()

    def _history(self) -> QWidget:
        """The catalog versions, beside what the chosen one changed."""
        self.versions = RowsModel([
            Column(tr("Version"), lambda v: v.version, numeric=True),
            Column(tr("Created"), lambda v: v.created[:19].replace("T", " ")),
            Column(tr("Origin"), lambda v: origin_text(v.origin)),
            Column(tr("Prices retrieved"), lambda v: v.retrieved),
            Column(tr("Note"), lambda v: v.note)])
        self.versions_view = table_view(self.versions, sortable=False)
        self.versions_view.selectionModel().currentRowChanged.connect(self._on_version)
        self.changes = RowsModel([
            Column(tr("Kind"), lambda c: tr(CHANGE_KINDS[c.kind]) if c.kind in CHANGE_KINDS
                   else c.kind),
            Column(tr("Row"), lambda c: c.id),
            Column(tr("Change"), lambda c: tr(CHANGES[c.change]) if c.change in CHANGES
                   else c.change),
            Column(tr("What changed"), change_text)])
        self.changes_label = QLabel()
        self.changes_label.setTextFormat(Qt.TextFormat.PlainText)  # names from imported files
        history = QWidget()
        history_layout = QHBoxLayout(history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(QLabel(tr("Catalog versions")))
        left.addWidget(self.versions_view)
        right.addWidget(self.changes_label)
        right.addWidget(table_view(self.changes, sortable=False))
        history_layout.addLayout(left, 1)
        history_layout.addLayout(right, 1)
        return history

    def reload(self) -> None:
        """Show the latest catalog version and the version list."""
        self.catalog = self.store.catalog()
        versions = self.store.catalog_versions()
        self.versions.set_rows(list(reversed(versions)))
        self._show_kind()
        self.versions_view.selectRow(0)

    def _show_kind(self) -> None:
        kind = self.kind.currentData()
        if self.catalog is None:
            return
        self.rows.columns = tuple(entry_columns(kind))
        self.rows.set_rows(entries(self.catalog, kind))
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

    def _on_version(self, current: Any, _previous: Any = None) -> None:
        version: CatalogVersion | None = self.versions.data(current, ROW_ROLE) \
            if current.isValid() else None
        if version is None:
            self.changes.set_rows([])
            return
        numbers = [v.version for v in self.store.catalog_versions()]
        position = numbers.index(version.version)
        if position == 0:
            self.changes_label.setText(tr("Version {0} is the first: every row is new.").format(
                version.version))
            self.changes.set_rows([])
            return
        before = self.store.catalog(numbers[position - 1])
        changes = diff_catalogs(before, self.store.catalog(version.version))
        self.changes_label.setText(tr("What version {0} changed from version {1}:").format(
            version.version, numbers[position - 1]))
        self.changes.set_rows(changes)

    def selected(self) -> Any:
        index = self.view.currentIndex()
        return self.proxy.data(index, ROW_ROLE) if index.isValid() else None

    def _on_edit(self) -> None:
        entry = self.selected()
        if entry is None or self.catalog is None:
            return
        dialog = EditPriceDialog(self, self.catalog, self.kind.currentData(), entry)
        dialog.setObjectName("editPriceDialog")
        dialog.finished.connect(lambda code: self._after_edit(dialog, code))
        dialog.open()

    def _after_edit(self, dialog: EditPriceDialog, code: int) -> None:
        if code != QDialog.DialogCode.Accepted or dialog.result_catalog is None:
            return
        self.store.add_catalog(dialog.result_catalog, "edited in the desktop app",
                               note="{}: {}".format(dialog.entry.id, "; ".join(
                                   change_text(c) for c in diff_catalogs(
                                       dialog.catalog, dialog.result_catalog))))
        self.reload()
        self.catalog_changed.emit()
