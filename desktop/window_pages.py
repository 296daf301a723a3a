"""The main window's pages: built once the store is open, put in their tabs beside the
scenario list, and wired to the window's actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import tr
from desktop.window_base import PAGES

if TYPE_CHECKING:
    from desktop.window import MainWindow


def build_pages(window: MainWindow) -> None:
    """The pages in their tabs, the scenario list in its dock, and every signal wired."""
    _tabs(window)
    _scenario_dock(window)
    _wire(window)
    assert window.store is not None
    window.pages["options"].set_catalog(window.store.catalog())
    window.tabs.setCurrentIndex(int(window.settings.value("page", 3) or 0))


def _tabs(window: MainWindow) -> None:
    """The pages in their tabs under the problem banner, as the central widget."""
    from desktop.page_catalog import CatalogPage
    from desktop.page_costs import CostsPage
    from desktop.page_decision import DecisionPage
    from desktop.page_hardware import HardwarePage
    from desktop.page_inputs import InputsPage
    from desktop.page_options import OptionsPage

    assert window.store is not None
    currencies = sorted({"EUR", *window.store.catalog().rates})
    window.banner = QLabel()
    window.banner.setWordWrap(True)
    window.banner.setTextFormat(Qt.TextFormat.PlainText)  # messages quote the user's input
    window.banner.setObjectName("problemBanner")
    window.banner.setStyleSheet("background: #fdecea; color: #8a1c13; padding: 6px;")
    window.banner.hide()
    window.tabs = QTabWidget()
    window.tabs.setDocumentMode(True)
    window.pages = {"inputs": InputsPage(window.session, currencies),
                    "options": OptionsPage(window.session, currencies),
                    "hardware": HardwarePage(window.settings), "costs": CostsPage(),
                    "decision": DecisionPage(window.session),
                    "catalog": CatalogPage(window.store)}
    titles = (tr("Workload && model"), tr("Options"), tr("Hardware && fit"), tr("Costs"),
              tr("Decision"), tr("Price catalog"))
    for key, title in zip(PAGES, titles, strict=True):
        window.tabs.addTab(window.pages[key], title)
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(window.banner)
    layout.addWidget(window.tabs, 1)
    window.stack.addWidget(body)
    window.stack.setCurrentWidget(body)


def _scenario_dock(window: MainWindow) -> None:
    """The saved scenarios, docked on the left."""
    from desktop.scenarios import ScenarioList

    assert window.store is not None
    window.scenario_list = ScenarioList(window.store)
    dock = QDockWidget(tr("Scenarios"), window)
    dock.setObjectName("scenarioDock")
    dock.setWidget(window.scenario_list)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.resizeDocks([dock], [320], Qt.Orientation.Horizontal)
    window.scenario_list.reload()


def _wire(window: MainWindow) -> None:
    """Each page's and the scenario list's requests to the window's actions."""
    scenarios = window.scenario_list
    scenarios.open_requested.connect(window.open_scenario)
    scenarios.new_requested.connect(window.new_scenario)
    scenarios.duplicate_requested.connect(window.duplicate_scenario)
    scenarios.rename_requested.connect(window.rename_scenario)
    scenarios.delete_requested.connect(window.delete_scenario)
    scenarios.history_requested.connect(window.show_history)
    hardware = window.pages["hardware"]
    hardware.probe_requested.connect(window.probe_here)
    hardware.ssh_requested.connect(window.probe_ssh)
    hardware.file_requested.connect(window.open_profile)
    hardware.attach_requested.connect(window.attach_profile)
    hardware.use_model_requested.connect(window.use_model)
    window.pages["decision"].pdf_requested.connect(window.export_pdf)
    catalog = window.pages["catalog"]
    catalog.catalog_changed.connect(window.use_latest_catalog)
    catalog.import_requested.connect(window.import_catalog)
    catalog.export_requested.connect(window.export_catalog)
    window.session.plan_changed.connect(window.show_plan)
    uncertainty = window.pages["costs"].uncertainty
    window.session.uncertainty_changed.connect(window.show_uncertainty)
    window.session.sampling_changed.connect(uncertainty.show_busy)
    uncertainty.run_requested.connect(window.session.sample)
    window.session.planning_changed.connect(window._on_planning)
    window.session.problem_changed.connect(window._on_problem)
    window.session.undo_stack.cleanChanged.connect(window._update_title)
