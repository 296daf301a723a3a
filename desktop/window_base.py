"""The frame every part of the main window builds on: the central stack with its loading
label, the status bar, and the file dialog and slow-task helpers the actions share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QToolButton,
)

from desktop.i18n import tr
from desktop.settings import app_settings, last_folder, remember_folder
from desktop.worker import SlowTask, run_slow

if TYPE_CHECKING:
    from core.costing.scenario import Scenario
    from core.store.database import Store
    from desktop.recovery import Recovery
    from desktop.scenarios import ScenarioList
    from desktop.session import Session

APP_NAME = "LLM Deployment Planner"
PAGES = ("inputs", "options", "hardware", "costs", "decision", "catalog")


class WindowBase(QMainWindow):
    """The window's state and frame; the actions (window_scenarios, window_files,
    window_hardware) and the window itself (window) build on it."""

    ready = Signal()
    # Made by window_menus and, once the store is open, window_pages.
    edit_menu: QMenu
    save_action: QAction
    banner: QLabel
    tabs: QTabWidget
    scenario_list: ScenarioList

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
        self.recovery: Recovery | None = None  # unsaved edits on disk, once the store is open
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
        self.where_label = QLabel()
        self.where_label.setObjectName("databaseLabel")
        self.undo_delete = QToolButton(text=tr("Undo delete"))
        self.undo_delete.hide()
        for widget in (self.undo_delete, self.age_label, self.catalog_label,
                       self.compute_label, self.where_label):
            self.statusBar().addPermanentWidget(widget)
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.started = False
        self._start = start

    def _update_title(self) -> None:
        if self.session is None:
            return
        name = self.session.name or tr("unsaved scenario")
        dirty = "" if self.session.undo_stack.isClean() else " *"
        self.setWindowTitle(f"{name}{dirty} — {APP_NAME}")

    def _file(self, title: str, filters: str, save: bool = False,
              suggested: str = "") -> str | None:
        folder = last_folder(self.settings)
        start = str(Path(folder) / suggested) if suggested else folder
        dialog = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _ = dialog(self, title, start, filters)
        if path:
            remember_folder(self.settings, path)
        return path or None

    def _slow(self, label: str, work: Any, done: Any, title: str) -> SlowTask:
        task = run_slow(self, label, work, done, title)
        self.tasks.append(task)
        task.finished.connect(lambda: self.tasks.remove(task))
        return task
