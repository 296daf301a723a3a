"""The main window: the saved scenarios on the left, the pages of the open scenario on the
right, the age of its prices in the status bar."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from core import __version__
from core.errors import InputError
from desktop import fmt
from desktop.i18n import core_text, tr, trn
from desktop.recovery import recovery_anchor
from desktop.theme import apply_theme
from desktop.window_base import APP_NAME, PAGES
from desktop.window_hardware import HardwareActions
from desktop.window_menus import build_edit_menu, build_menus
from desktop.window_pages import build_pages
from desktop.worker import show_error

if TYPE_CHECKING:
    from core.costing.results import Plan

__all__ = ["APP_NAME", "PAGES", "MainWindow"]

# The store (SQLAlchemy), the plan engine and pyqtgraph load after the first paint, so the
# window appears as fast as a bare one would; see `finish_start`.

EXAMPLES = ("support-assistant", "seed-case-a", "seed-case-b", "insurer-hybrid")


class MainWindow(HardwareActions):
    """Opens its store after the first paint (`finish_start`), so the window shows at once.

    The frame is WindowBase (window_base); the actions come from window_scenarios,
    window_files and window_hardware; the menus and pages are built by window_menus and
    window_pages."""

    def __init__(self, db_path: str | Path | None = None, start: bool = True):
        super().__init__(db_path, start)
        self.undo_delete.clicked.connect(self.restore_deleted)
        build_menus(self)

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self.first_paint_at is None:
            self.first_paint_at = time.perf_counter()
            if self._start:
                QTimer.singleShot(0, self.finish_start)

    def finish_start(self) -> None:
        """Open the store, build the pages and open the last scenario."""
        if self.started:
            return
        self.started = True
        from desktop.session import Session
        from desktop.team import open_store, where_text

        self.session = Session(self)
        build_edit_menu(self)
        try:
            self.store, note = open_store(self)
            if not self.store.is_server and not self.store.scenarios() \
                    and not self.store.setting("desktop.examples"):
                self._add_examples()
            self.where_label.setText(where_text(self.store))
            if note:
                self.where_label.setToolTip(note)
                box = QMessageBox(QMessageBox.Icon.Information, tr("Team database"), note,
                                  QMessageBox.StandardButton.Ok, self)
                box.setObjectName("teamFallback")
                box.setTextFormat(Qt.TextFormat.PlainText)
                box.open()
        except InputError as error:
            self.loading.setText(tr("The database could not be opened:\n\n{0}").format(error))
            show_error(self, tr("Database"), error)
            return
        build_pages(self)
        names = self.scenario_list.names()
        last = str(self.settings.value("last_scenario", "") or "")
        if names:
            self.open_scenario(last if last in names else names[0], ask=False)
        state = self.settings.value("window_state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self._start_recovery()
        self.ready.emit()

    # -- unsaved edits kept on disk --

    def _start_recovery(self) -> None:
        """Offer what a crashed run left, then keep every edit until it is saved."""
        from desktop.recovery import AUTOSAVE_DELAY_MS, Recovery

        assert self.store is not None
        self.recovery = Recovery(self.store.path or recovery_anchor(self.store.where))
        found = self.recovery.found()
        if found is not None:
            self._offer_recovery(found)
        self._keep_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._keep_timer.timeout.connect(self._keep_edits)
        self.session.document_changed.connect(self._keep_timer.start)
        self.session.undo_stack.cleanChanged.connect(self._keep_edits)

    def _keep_edits(self) -> None:
        self._keep_timer.stop()
        session = self.session
        if session.undo_stack.isClean():
            self.recovery.drop()
        else:
            self.recovery.keep(session.name, session.revision, session.catalog_version,
                               session.document)

    def _offer_recovery(self, found: dict[str, Any]) -> None:
        name = found.get("name") or tr("unsaved scenario")
        answer = QMessageBox.question(
            self, tr("Unsaved edits found"),
            tr("The app closed with unsaved edits to '{0}' (kept {1}). Bring them back?")
            .format(name, str(found.get("kept_at", ""))[:16].replace("T", " ")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            self.recovery.drop()
            return
        if found.get("name") in self.scenario_list.names():
            self.open_scenario(found["name"], ask=False)
        # The revision the edits started from: a save reports it when someone saved since.
        revision = found.get("revision")
        if isinstance(revision, int):
            self.session.revision = revision
        self.session.replace_document(found["document"], tr("Bring back unsaved edits"))
        self.statusBar().showMessage(tr("Unsaved edits brought back; save to keep them."), 8000)

    def _add_examples(self) -> None:
        from core.costing.scenario import load_scenario
        from core.resources import resource_dir

        assert self.store is not None
        for name in EXAMPLES:
            scenario = load_scenario(resource_dir() / "examples" / f"{name}.llmplan.json")
            self.store.save_scenario(scenario, None, note="bundled example")
        self.store.set_setting("desktop.examples", "added")

    def show_plan(self, plan: Plan) -> None:
        self.pages["costs"].set_plan(plan)
        self.pages["decision"].set_plan(plan)
        scenario = self.session.scenario
        if scenario is not None:
            self.pages["hardware"].set_workload(scenario.workload.prompt_tokens,
                                                scenario.workload.completion_tokens,
                                                scenario.workload.batch_size)
        self._update_status(plan)

    def show_uncertainty(self, result: Any) -> None:
        """A Monte Carlo run of the current state (or None: the scenario has no ranges)."""
        scenario = self.session.scenario
        costs = self.pages["costs"]
        costs.uncertainty.show_result(
            result, bool(scenario is not None and scenario.uncertainty.ranges))
        costs.set_uncertainty(result)

    def _update_status(self, plan: Plan) -> None:
        from core.costing.plan import price_dates
        from core.pricing.ages import staleness

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
        warning = ages.notice()  # a message: in the UI's language
        text = trn("Oldest price: %Ln day", "Oldest price: %Ln days", oldest.age_days) \
            if oldest and oldest.age_days is not None else tr("Prices: no dates")
        self.age_label.setText(("⚠ " if warning else "") + text)
        self.age_label.setStyleSheet("color: #c0392b; font-weight: bold;" if warning else "")
        self.age_label.setToolTip(core_text(warning) if warning
                                  else tr("Every price is younger than a year."))
        self._on_planning(self.session.planning)

    def _on_planning(self, busy: bool) -> None:
        """While a plan is computed on a worker thread the pages show the last one; the
        status bar says so."""
        if busy:
            self.compute_label.setText(tr("Updating the plan…"))
            self.compute_label.setToolTip(tr(
                "The figures shown are those of the last plan until the new one is computed."))
        else:
            self.compute_label.setText("" if self.session.plan is None else tr(
                "computed in {0} ms").format(fmt.number(self.session.last_compute_ms, 1)))
            self.compute_label.setToolTip("")

    def _on_problem(self, path: str, message: str) -> None:
        self.banner.setText(tr("Not recomputed: {0}. The figures show the last valid plan.")
                            .format(message) if message else "")
        self.banner.setVisible(bool(message))

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
        if self.recovery is not None:
            self.recovery.drop()  # saved, or dropped on purpose
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        if self.pages:
            self.settings.setValue("page", self.tabs.currentIndex())
        for task in list(self.tasks):
            task.cancel()
            task.wait()
        if self.session is not None:
            self.session.stop()  # a plan still running: its thread ends before the window
        self.settings.sync()
        if self.store is not None:
            self.store.close()
        event.accept()
