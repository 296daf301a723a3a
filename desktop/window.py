"""The main window: the saved scenarios on the left, the pages of the open scenario on the
right, the age of its prices in the status bar."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core import __version__
from core.errors import InputError
from desktop import fmt
from desktop.i18n import LANGUAGES, tr, unique_name
from desktop.settings import app_settings, last_folder, remember_folder
from desktop.theme import THEMES, apply_theme
from desktop.worker import SlowTask, run_slow, show_error

if TYPE_CHECKING:
    from core.costing.results import Plan
    from core.costing.scenario import Scenario
    from core.hardware.profile import HardwareProfile
    from core.store.database import Store
    from desktop.session import Session

# The store (SQLAlchemy), the plan engine and pyqtgraph load after the first paint, so the
# window appears as fast as a bare one would; see `finish_start`.

APP_NAME = "LLM Deployment Planner"
EXAMPLES = ("support-assistant", "seed-case-a", "seed-case-b")
PAGES = ("inputs", "options", "hardware", "costs", "decision", "catalog")


class MainWindow(QMainWindow):
    """Opens its store after the first paint (`finish_start`), so the window shows at once."""

    ready = Signal()

    def __init__(self, db_path: str | Path | None = None, start: bool = True):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(1400, 900)
        self.settings = app_settings()
        self.db_path = db_path
        self.store: Store | None = None
        self.session: Session = None  # type: ignore[assignment]  # set in finish_start
        self.first_paint_at: float | None = None
        self.tasks: list[SlowTask] = []
        self.pages: dict[str, Any] = {}
        self.deleted: tuple[Scenario, int | None] | None = None
        self._system_style = QApplication.style().name() if QApplication.instance() else ""
        self.stack = QStackedWidget()
        self.loading = QLabel(tr("Opening the scenarios and the price catalog…"),
                              alignment=Qt.AlignmentFlag.AlignCenter)
        self.loading.setWordWrap(True)
        self.stack.addWidget(self.loading)
        self.setCentralWidget(self.stack)
        self.catalog_label = QLabel()
        self.age_label = QLabel()
        self.compute_label = QLabel()
        self.undo_delete = QToolButton(text=tr("Undo delete"))
        self.undo_delete.hide()
        self.undo_delete.clicked.connect(self.restore_deleted)
        for widget in (self.undo_delete, self.age_label, self.catalog_label,
                       self.compute_label):
            self.statusBar().addPermanentWidget(widget)
        self._menus()
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.started = False
        self._start = start

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self.first_paint_at is None:
            self.first_paint_at = time.perf_counter()
            if self._start:
                QTimer.singleShot(0, self.finish_start)

    # -- start-up --

    def finish_start(self) -> None:
        """Open the store, build the pages and open the last scenario."""
        if self.started:
            return
        self.started = True
        from core.store.database import Store
        from desktop.session import Session

        self.session = Session(self)
        self._edit_menu()
        try:
            self.store = Store(self.db_path)
            if not self.store.scenarios() and not self.store.setting("desktop.examples"):
                self._add_examples()
        except InputError as error:
            self.loading.setText(tr("The database could not be opened:\n\n{0}").format(error))
            show_error(self, tr("Database"), error)
            return
        self._build_pages()
        names = self.scenario_list.names()
        last = str(self.settings.value("last_scenario", "") or "")
        if names:
            self.open_scenario(last if last in names else names[0], ask=False)
        state = self.settings.value("window_state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.ready.emit()

    def _add_examples(self) -> None:
        from core.costing.scenario import load_scenario
        from core.resources import resource_dir

        assert self.store is not None
        for name in EXAMPLES:
            scenario = load_scenario(resource_dir() / "examples" / f"{name}.llmplan.json")
            self.store.save_scenario(scenario, None, note="bundled example")
        self.store.set_setting("desktop.examples", "added")

    def _build_pages(self) -> None:
        from desktop.page_catalog import CatalogPage
        from desktop.page_costs import CostsPage
        from desktop.page_decision import DecisionPage
        from desktop.page_hardware import HardwarePage
        from desktop.page_inputs import InputsPage
        from desktop.page_options import OptionsPage
        from desktop.scenarios import ScenarioList

        assert self.store is not None
        currencies = sorted({"EUR", *self.store.catalog().rates})
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("problemBanner")
        self.banner.setStyleSheet("background: #fdecea; color: #8a1c13; padding: 6px;")
        self.banner.hide()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pages = {"inputs": InputsPage(self.session, currencies),
                      "options": OptionsPage(self.session, currencies),
                      "hardware": HardwarePage(), "costs": CostsPage(),
                      "decision": DecisionPage(self.session),
                      "catalog": CatalogPage(self.store)}
        titles = (tr("Workload && model"), tr("Options"), tr("Hardware && fit"), tr("Costs"),
                  tr("Decision"), tr("Price catalog"))
        for key, title in zip(PAGES, titles, strict=True):
            self.tabs.addTab(self.pages[key], title)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.stack.addWidget(body)
        self.stack.setCurrentWidget(body)
        self.scenario_list = ScenarioList(self.store)
        dock = QDockWidget(tr("Scenarios"), self)
        dock.setObjectName("scenarioDock")
        dock.setWidget(self.scenario_list)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [320], Qt.Orientation.Horizontal)
        self.scenario_list.reload()
        self.scenario_list.open_requested.connect(self.open_scenario)
        self.scenario_list.new_requested.connect(self.new_scenario)
        self.scenario_list.duplicate_requested.connect(self.duplicate_scenario)
        self.scenario_list.rename_requested.connect(self.rename_scenario)
        self.scenario_list.delete_requested.connect(self.delete_scenario)
        self.scenario_list.history_requested.connect(self.show_history)
        hardware = self.pages["hardware"]
        hardware.probe_requested.connect(self.probe_here)
        hardware.ssh_requested.connect(self.probe_ssh)
        hardware.file_requested.connect(self.open_profile)
        hardware.attach_requested.connect(self.attach_profile)
        hardware.use_model_requested.connect(self.use_model)
        self.pages["decision"].pdf_requested.connect(self.export_pdf)
        catalog = self.pages["catalog"]
        catalog.catalog_changed.connect(self.use_latest_catalog)
        catalog.import_requested.connect(self.import_catalog)
        catalog.export_requested.connect(self.export_catalog)
        self.pages["options"].set_catalog(self.store.catalog())
        self.session.plan_changed.connect(self.show_plan)
        self.session.problem_changed.connect(self._on_problem)
        self.session.undo_stack.cleanChanged.connect(self._update_title)
        self.tabs.setCurrentIndex(int(self.settings.value("page", 3) or 0))

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        self.save_action = file_menu.addAction(tr("&Save scenario"), self.save)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        new = file_menu.addAction(tr("&New scenario"), self.new_scenario)
        new.setShortcut(QKeySequence.StandardKey.New)
        file_menu.addSeparator()
        imported = file_menu.addAction(tr("&Import scenario file…"), self.import_scenario)
        imported.setShortcut(QKeySequence.StandardKey.Open)
        exported = file_menu.addAction(tr("&Export scenario file…"), self.export_scenario)
        exported.setShortcut(QKeySequence("Ctrl+E"))
        csv_action = file_menu.addAction(tr("Export this &table as CSV…"), self.export_csv)
        csv_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        pdf_action = file_menu.addAction(tr("Export the &PDF proposal…"), self.export_pdf)
        pdf_action.setShortcut(QKeySequence.StandardKey.Print)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(tr("&Quit"), self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.edit_menu = bar.addMenu(tr("&Edit"))
        view_menu = bar.addMenu(tr("&View"))
        theme_menu = view_menu.addMenu(tr("&Theme"))
        group = QActionGroup(self)
        chosen = str(self.settings.value("theme", "system"))
        for theme, label in zip(THEMES, (tr("System"), tr("Light"), tr("Dark")), strict=True):
            action = QAction(label, self, checkable=True, checked=theme == chosen)
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            group.addAction(action)
            theme_menu.addAction(action)
        language_menu = view_menu.addMenu(tr("&Language (after a restart)"))
        languages = QActionGroup(self)
        current = str(self.settings.value("language", "en"))
        for code, label in LANGUAGES.items():
            action = QAction(label, self, checkable=True, checked=code == current)
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
            languages.addAction(action)
            language_menu.addAction(action)
        help_menu = bar.addMenu(tr("&Help"))
        help_menu.addAction(tr("&About"), self._on_about)

    def _edit_menu(self) -> None:
        undo = self.session.undo_stack.createUndoAction(self, tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.session.undo_stack.createRedoAction(self, tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)

    # -- the open scenario --

    def open_scenario(self, name: str, ask: bool = True) -> None:
        if name == self.session.name or self.store is None:
            return
        if ask and not self.confirm_discard():
            self.scenario_list.select(self.session.name)
            return
        try:
            stored = self.store.load_scenario(name)
            version = stored.catalog_version or self.store.latest_catalog_version()
            catalog = self.store.catalog(version)
        except InputError as error:
            show_error(self, tr("Open scenario"), error)
            return
        self.session.open(stored.scenario, catalog, stored.info.name, stored.info.revision,
                          version)
        self.settings.setValue("last_scenario", name)
        self.scenario_list.select(name)
        workload = stored.scenario.workload
        self.pages["hardware"].set_workload(workload.prompt_tokens, workload.completion_tokens)
        self._update_title()

    def show_plan(self, plan: Plan) -> None:
        self.pages["costs"].set_plan(plan)
        self.pages["decision"].set_plan(plan)
        scenario = self.session.scenario
        if scenario is not None:
            self.pages["hardware"].set_workload(scenario.workload.prompt_tokens,
                                                scenario.workload.completion_tokens)
        self._update_status(plan)

    def _update_status(self, plan: Plan) -> None:
        from core.costing.plan import price_dates
        from core.pricing.catalog import staleness

        assert self.store is not None and self.session.catalog is not None
        scenario = self.session.scenario
        assert scenario is not None
        latest = self.store.latest_catalog_version()
        version = self.session.catalog_version
        self.catalog_label.setText(
            tr("Catalog version {0}").format(version)
            + (tr(" (version {0} is newer)").format(latest) if version != latest else ""))
        ages = staleness(price_dates(plan, scenario, self.session.catalog), date.today())
        oldest = ages.oldest
        warning = ages.warning()
        text = tr("Oldest price: {0} days").format(fmt.integer(oldest.age_days)) \
            if oldest and oldest.age_days is not None else tr("Prices: no dates")
        self.age_label.setText(("⚠ " if warning else "") + text)
        self.age_label.setStyleSheet("color: #c0392b; font-weight: bold;" if warning else "")
        self.age_label.setToolTip(warning or tr("Every price is younger than a year."))
        self.compute_label.setText(tr("computed in {0} ms").format(
            fmt.number(self.session.last_compute_ms, 1)))

    def _on_problem(self, path: str, message: str) -> None:
        self.banner.setText(tr("Not recomputed: {0}. The figures show the last valid plan.")
                            .format(message) if message else "")
        self.banner.setVisible(bool(message))

    def _update_title(self) -> None:
        if self.session is None:
            return
        name = self.session.name or tr("unsaved scenario")
        dirty = "" if self.session.undo_stack.isClean() else " *"
        self.setWindowTitle(f"{name}{dirty} — {APP_NAME}")

    def confirm_discard(self) -> bool:
        """True when there are no unsaved edits, or the user saved or dropped them."""
        if self.session is None or self.session.undo_stack.isClean():
            return True
        answer = QMessageBox.question(
            self, tr("Unsaved changes"),
            tr("Save the changes to '{0}' first?").format(self.session.name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def save(self) -> bool:
        if self.store is None or self.session.scenario is None:
            return False
        if not self.session.valid:
            show_error(self, tr("Save scenario"), tr("Fix this first, nothing was saved: {0}")
                       .format(self.session.problem[1]))
            return False
        from core.store.database import ConflictError

        try:
            info = self.store.save_scenario(self.session.scenario, self.session.revision,
                                            name=self.session.name,
                                            catalog_version=self.session.catalog_version)
        except ConflictError as error:
            show_error(self, tr("Save scenario"), error)
            return False
        except InputError as error:
            show_error(self, tr("Save scenario"), error)
            return False
        self.session.name, self.session.revision = info.name, info.revision
        self.session.undo_stack.setClean()
        self.scenario_list.reload(info.name)
        self.statusBar().showMessage(tr("Saved {0} (revision {1})").format(
            info.name, info.revision), 5000)
        self._update_title()
        return True

    def _save_new(self, scenario: Scenario, note: str) -> None:
        assert self.store is not None
        name = unique_name(scenario.name, self.scenario_list.names())
        try:
            self.store.save_scenario(_renamed(scenario, name), None, note=note)
        except InputError as error:
            show_error(self, tr("Save scenario"), error)
            return
        self.scenario_list.reload(name)
        self.open_scenario(name, ask=False)

    def new_scenario(self) -> None:
        if self.store is None or not self.confirm_discard():
            return
        self.session.undo_stack.setClean()
        catalog = self.store.catalog()
        api = catalog.api[0]
        from core.costing.scenario import scenario_from_dict

        scenario = scenario_from_dict({
            "name": tr("New scenario"),
            "workload": {"requests_per_day": 1000, "input_tokens": 500, "output_tokens": 200},
            "options": [{"kind": "api", "name": f"{api.provider} {api.model}",
                         "catalog": api.id}]})
        self._save_new(scenario, "new")

    def duplicate_scenario(self) -> None:
        if self.session.scenario is not None and self.confirm_discard():
            self._save_new(_renamed(self.session.scenario, tr("{0} (copy)").format(
                self.session.scenario.name)), "duplicate")

    def rename_scenario(self) -> None:
        if self.store is None or self.session.name is None or not self.confirm_discard():
            return
        name, ok = QInputDialog.getText(self, tr("Rename scenario"), tr("New name:"),
                                        text=self.session.name)
        if not ok or name.strip() == self.session.name:
            return
        try:
            info = self.store.rename_scenario(self.session.name, name, self.session.revision or 0)
        except InputError as error:
            show_error(self, tr("Rename scenario"), error)
            return
        self.session.name = None
        self.scenario_list.reload(info.name)
        self.open_scenario(info.name, ask=False)

    def delete_scenario(self) -> None:
        if self.store is None or self.session.name is None or self.session.scenario is None:
            return
        name = self.session.name
        stored = self.store.load_scenario(name)
        try:
            self.store.delete_scenario(name)
        except InputError as error:
            show_error(self, tr("Delete scenario"), error)
            return
        self.deleted = (stored.scenario, stored.catalog_version)
        self.undo_delete.setText(tr("Undo delete of '{0}'").format(name))
        self.undo_delete.show()
        self.session.name = None
        self.session.undo_stack.setClean()
        self.scenario_list.reload()
        names = self.scenario_list.names()
        if names:
            self.open_scenario(names[0], ask=False)
        self.statusBar().showMessage(tr("Deleted {0}").format(name), 5000)

    def restore_deleted(self) -> None:
        if self.deleted is None or self.store is None:
            return
        scenario, version = self.deleted
        try:
            self.store.save_scenario(scenario, None, catalog_version=version,
                                     note="restored after a delete")
        except InputError as error:
            show_error(self, tr("Undo delete"), error)
            return
        self.deleted = None
        self.undo_delete.hide()
        self.scenario_list.reload(scenario.name)
        self.open_scenario(scenario.name)

    def show_history(self) -> None:
        from desktop.scenarios import HistoryDialog

        if self.store is None or self.session.name is None:
            return
        dialog = HistoryDialog(self, self.session.name, self.store.revisions(self.session.name))
        dialog.setObjectName("historyDialog")
        dialog.accepted.connect(lambda: self._restore_revision(dialog.chosen()))
        dialog.open()

    def _restore_revision(self, revision: int | None) -> None:
        name = self.session.name
        if self.store is None or revision is None or name is None:
            return
        try:
            self.store.restore_revision(name, revision, self.session.revision or 0)
        except InputError as error:
            show_error(self, tr("Restore revision"), error)
            return
        self.session.name = None
        self.open_scenario(name, ask=False)

    # -- files --

    def _file(self, title: str, filters: str, save: bool = False,
              suggested: str = "") -> str | None:
        folder = last_folder(self.settings)
        start = str(Path(folder) / suggested) if suggested else folder
        dialog = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _ = dialog(self, title, start, filters)
        if path:
            remember_folder(self.settings, path)
        return path or None

    def import_scenario(self, path: str | None = None) -> None:
        from core.costing.scenario import load_scenario

        path = path or self._file(tr("Import scenario file"),
                                  tr("Scenarios (*.llmplan.json *.json)"))
        if not path:
            return
        try:
            scenario = load_scenario(path)
        except InputError as error:
            show_error(self, tr("Import scenario file"), error)
            return
        self._save_new(scenario, f"imported from {Path(path).name}")

    def export_scenario(self, path: str | None = None) -> None:
        from core.costing.scenario import scenario_to_dict
        from core.files import write_atomically

        if self.session.scenario is None:
            return
        slug = "".join(c if c.isalnum() else "-" for c in self.session.scenario.name)[:60]
        path = path or self._file(tr("Export scenario file"), tr("Scenarios (*.llmplan.json)"),
                                  save=True, suggested=f"{slug}.llmplan.json")
        if not path:
            return
        text = json.dumps(scenario_to_dict(self.session.scenario), indent=2,
                          ensure_ascii=False) + "\n"
        try:
            write_atomically(Path(path), text)
        except InputError as error:
            show_error(self, tr("Export scenario file"), error)
            return
        self.statusBar().showMessage(tr("Exported to {0}").format(path), 5000)

    def current_table(self) -> Any:
        page = self.tabs.currentWidget()
        if page in (self.pages["hardware"], self.pages["catalog"]):
            return page.proxy
        if page is self.pages["decision"]:
            return page.scores
        if page is self.pages["costs"]:
            return page.levers
        return None

    def export_csv(self, path: str | None = None) -> None:
        from core.files import write_atomically
        from desktop.tables import table_csv

        model = self.current_table()
        if model is None:
            show_error(self, tr("Export table"), tr("This page has no table to export; the "
                                                    "hardware, costs (levers), decision and "
                                                    "catalog pages have."))
            return
        path = path or self._file(tr("Export table as CSV"), tr("CSV (*.csv)"), save=True,
                                  suggested="table.csv")
        if not path:
            return
        try:
            write_atomically(Path(path), table_csv(model))
        except InputError as error:
            show_error(self, tr("Export table"), error)
            return
        self.statusBar().showMessage(tr("Exported to {0}").format(path), 5000)

    def export_pdf(self, path: str | None = None, ask: bool = True) -> SlowTask | None:
        """The PDF proposal of the shown plan, written off the UI thread."""
        from desktop.report_dialog import ReportDialog, report_values

        session = self.session
        if session is None or session.plan is None or session.scenario is None \
                or session.catalog is None:
            return None
        if ask and ReportDialog(self, self.settings).exec() != QDialog.DialogCode.Accepted:
            return None
        if not session.valid:
            show_error(self, tr("Export the PDF proposal"), tr(
                "The scenario has an invalid value ({0}); the proposal would show the last "
                "valid plan. Correct the value first.").format(session.problem[1]))
            return None
        name = "".join(c if c.isalnum() or c in " -_" else "_" for c in session.name or "plan")
        path = path or self._file(tr("Export the PDF proposal"), tr("PDF (*.pdf)"), save=True,
                                  suggested=f"{name.strip() or 'proposal'}.pdf")
        if not path:
            return None
        plan, scenario, catalog = session.plan, session.scenario, session.catalog
        values = report_values(self.settings)
        label = tr("catalog version {0}").format(session.catalog_version)

        def work() -> str:
            from core.files import write_atomically
            from core.report import ReportSettings, build_report

            write_atomically(Path(path), build_report(plan, scenario, catalog,
                                                      ReportSettings(**values), label))
            return path

        return self._slow(tr("Writing the PDF proposal…"), work, self._pdf_written,
                          tr("Export the PDF proposal"))

    def _pdf_written(self, path: str) -> None:
        self.statusBar().showMessage(tr("Wrote the PDF proposal to {0}").format(path), 8000)

    # -- catalog --

    def use_latest_catalog(self) -> None:
        """After an edit or import: compute the open scenario with the newest prices."""
        assert self.store is not None
        version = self.store.latest_catalog_version()
        self.session.set_catalog(self.store.catalog(version), version)
        self.pages["options"].set_catalog(self.store.catalog(version))
        if self.session.name is not None and self.session.scenario is not None:
            self.save()

    def import_catalog(self, path: str | None = None) -> SlowTask | None:
        from core.pricing.importers import read_price_file

        path = path or self._file(tr("Import prices"),
                                  tr("Price files (*.json *.csv *.jsonl);;All files (*)"))
        if not path:
            return None

        def done(result: Any) -> None:
            assert self.store is not None
            outcome = self.store.import_prices(result)
            self.pages["catalog"].reload()
            if outcome.version is None:
                self.statusBar().showMessage(tr("The file changes no price."), 8000)
                return
            self.statusBar().showMessage(tr("Catalog version {0}: {1} changes").format(
                outcome.version.version, len(outcome.changes)), 8000)
            self.use_latest_catalog()

        return self._slow(tr("Reading {0}…").format(Path(path).name),
                          lambda: read_price_file(path), done, tr("Import prices"))

    def export_catalog(self, path: str | None = None) -> None:
        from core.files import write_atomically
        from core.pricing.importers import catalog_csv, catalog_json

        if self.store is None:
            return
        path = path or self._file(tr("Export prices"), tr("JSON (*.json);;CSV (*.csv)"),
                                  save=True, suggested="prices.json")
        if not path:
            return
        catalog = self.store.catalog()
        text = catalog_csv(catalog) if path.lower().endswith(".csv") else catalog_json(catalog)
        try:
            write_atomically(Path(path), text)
        except InputError as error:
            show_error(self, tr("Export prices"), error)
            return
        self.statusBar().showMessage(tr("Exported to {0}").format(path), 5000)

    # -- hardware --

    def _slow(self, label: str, work: Any, done: Any, title: str) -> SlowTask:
        task = run_slow(self, label, work, done, title)
        self.tasks.append(task)
        task.finished.connect(lambda: self.tasks.remove(task))
        return task

    def _take_profile(self, profile: HardwareProfile) -> None:
        if not profile.ok:
            show_error(self, tr("Probe"), tr("No GPU could be read: {0}").format(
                profile.message or profile.status))
            return
        self.pages["hardware"].set_profile(profile)
        self.tabs.setCurrentWidget(self.pages["hardware"])
        self.statusBar().showMessage(tr("Probed {0}: {1} GPU(s)").format(
            profile.label, len(profile.gpus)), 8000)

    def probe_here(self, nvml: Any = None) -> SlowTask:
        from core.hardware.probe.local import probe_local

        return self._slow(tr("Reading this machine's GPUs…"), lambda: probe_local(nvml),
                          self._take_profile, tr("Probe this machine"))

    def probe_ssh(self, host: str | None = None) -> SlowTask | None:
        from core.hardware.probe.remote import probe_ssh

        if host is None:
            host, ok = QInputDialog.getText(
                self, tr("Probe a server over SSH"),
                tr("Host ([user@]name; your SSH keys and ~/.ssh/config are used):"),
                text=str(self.settings.value("last_ssh_host", "")))
            if not ok or not host.strip():
                return None
        self.settings.setValue("last_ssh_host", host)
        return self._slow(tr("Reading the GPUs of {0} over SSH…").format(host),
                          lambda: probe_ssh(host), self._take_profile,
                          tr("Probe over SSH"))

    def open_profile(self, path: str | None = None) -> None:
        from core.hardware.profile import load_profile

        path = path or self._file(tr("Open a hardware profile"), tr("Profiles (*.json)"))
        if not path:
            return
        try:
            profile = load_profile(path)
        except InputError as error:
            show_error(self, tr("Open a hardware profile"), error)
            return
        self._take_profile(profile)

    def attach_profile(self, option: str | None = None) -> None:
        from core.costing.attach import attach_profile
        from core.costing.scenario import CloudOption, OnPremOption, scenario_to_dict

        profile = self.pages["hardware"].profile
        scenario = self.session.scenario
        if profile is None or scenario is None:
            return
        names = [o.name for o in scenario.options if isinstance(o, (CloudOption, OnPremOption))]
        if not names:
            show_error(self, tr("Run an option on it"),
                       tr("The scenario has no cloud or on-prem option to run on this hardware."))
            return
        if option is None:
            option, ok = QInputDialog.getItem(self, tr("Run an option on it"),
                                              tr("Option sized on {0}:").format(profile.label),
                                              names, 0, False)
            if not ok:
                return
        key = unique_name(profile.host.name or "probed", list(scenario.hardware))
        try:
            changed = attach_profile(scenario, option, key, profile)
        except InputError as error:
            show_error(self, tr("Run an option on it"), error)
            return
        self.session.replace_document(scenario_to_dict(changed),
                                      tr("Run {0} on {1}").format(option, key))

    def use_model(self, row: Any) -> None:
        document = dict(self.session.document)
        model = dict(document.get("model") or {})
        model.update({"id": row.model_id, "quant": row.quant, "engine": row.engine})
        document["model"] = model
        self.session.replace_document(document, tr("Use {0} {1}").format(row.model_name,
                                                                          row.quant))
        self.statusBar().showMessage(tr("Self-hosted options now run {0} {1} on {2}").format(
            row.model_name, row.quant, row.engine), 8000)

    # -- look and settings --

    def set_theme(self, theme: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme, self._system_style)
        self.settings.setValue("theme", theme)
        for chart in self.charts():
            chart.apply_palette()

    def charts(self) -> list[Any]:
        if not self.pages:
            return []
        return [*self.pages["costs"].charts(), self.pages["hardware"].memory]

    def _set_language(self, code: str) -> None:
        self.settings.setValue("language", code)
        self.statusBar().showMessage(tr("The language changes when the app starts again."),
                                     8000)

    def _on_about(self) -> None:
        QMessageBox.about(self, tr("About {0}").format(APP_NAME),
                          f"{APP_NAME} {__version__}\n"
                          + tr("Plans LLM deployments offline: fit, speed, cost, decision."))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        if self.pages:
            self.settings.setValue("page", self.tabs.currentIndex())
        for task in list(self.tasks):
            task.cancel()
            task.wait()
        self.settings.sync()
        if self.store is not None:
            self.store.close()
        event.accept()


def _renamed(scenario: Scenario, name: str) -> Scenario:
    return replace(scenario, name=name)
