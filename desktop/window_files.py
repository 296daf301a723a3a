"""What the window reads and writes as files: scenario files, a table as CSV, the PDF proposal
(written off the UI thread), and price files into and out of the catalog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
)

from core.errors import InputError
from desktop.i18n import tr, trn

# The store (SQLAlchemy), the plan engine and pyqtgraph load after the first paint, so the
# window appears as fast as a bare one would; see `finish_start`.
from desktop.window_scenarios import ScenarioActions
from desktop.worker import SlowTask, show_error


class FileActions(ScenarioActions):
    """The file and catalog actions of the main window."""

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

        if self.session.scenario is None:
            return
        slug = "".join(c if c.isalnum() else "-" for c in self.session.scenario.name)[:60]
        path = path or self._file(tr("Export scenario file"), tr("Scenarios (*.llmplan.json)"),
                                  save=True, suggested=f"{slug}.llmplan.json")
        if not path:
            return
        text = json.dumps(scenario_to_dict(self.session.scenario), indent=2,
                          ensure_ascii=False) + "\n"
        self._export(path, text, tr("Export scenario file"))

    def _export(self, path: str, content: str, title: str) -> None:
        """Write a file the user asked for, whole or not at all; say where it went or why not."""
        from core.files import write_atomically

        try:
            write_atomically(Path(path), content)
        except InputError as error:
            show_error(self, title, error)
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
        self._export(path, table_csv(model), tr("Export table"))

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
        # The shown plan may be of an earlier edit while the latest one is computed: then the
        # proposal computes its own, so it always matches the scenario it prints.
        plan = None if session.pending else session.plan
        scenario, catalog = session.scenario, session.catalog
        # The same holds for the Monte Carlo run of a scenario with ranges.
        sampled = None if session.pending or session.sampling else session.uncertainty
        wanted = scenario is not None and bool(scenario.uncertainty.ranges)
        values = report_values(self.settings)
        # in the proposal's language, which may differ from the UI's
        from core.report.words import catalog_version  # reportlab: imported when used

        label = ("" if session.catalog_version is None
                 else catalog_version(session.catalog_version))

        def work() -> str:
            from core.costing.plan import calculate
            from core.costing.uncertainty import run
            from core.files import write_atomically
            from core.report import ReportSettings, build_report

            shown = plan or calculate(scenario, catalog)
            result = sampled or (run(scenario, catalog, break_even=True) if wanted else None)
            write_atomically(Path(path), build_report(shown, scenario, catalog,
                                                      ReportSettings(**values), label, result))
            return path

        return self._slow(tr("Writing the PDF proposal…"), work, self._pdf_written,
                          tr("Export the PDF proposal"))

    def _pdf_written(self, path: str) -> None:
        self.statusBar().showMessage(tr("Wrote the PDF proposal to {0}").format(path), 8000)

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
            undated = result.undated
            message = trn("Catalog version {0}: %Ln change", "Catalog version {0}: %Ln changes",
                          len(outcome.changes)).format(outcome.version.version)
            if undated:
                message += " " + trn("(%Ln row undated: the file gives no date; it shows in "
                                     "red)", "(%Ln rows undated: the file gives no date; they "
                                     "show in red)", undated)
            self.statusBar().showMessage(message, 12000)
            self.use_latest_catalog()

        return self._slow(tr("Reading {0}…").format(Path(path).name),
                          lambda: read_price_file(path), done, tr("Import prices"))

    def export_catalog(self, path: str | None = None) -> None:
        from core.pricing.importers import catalog_csv, catalog_json

        if self.store is None:
            return
        path = path or self._file(tr("Export prices"), tr("JSON (*.json);;CSV (*.csv)"),
                                  save=True, suggested="prices.json")
        if not path:
            return
        catalog = self.store.catalog()
        text = catalog_csv(catalog) if path.lower().endswith(".csv") else catalog_json(catalog)
        self._export(path, text, tr("Export prices"))
