"""What the window does with saved scenarios: open, save (told when another window saved
first), new, duplicate, rename, delete with undo, and the revision history."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QInputDialog,
    QMessageBox,
)

from core.errors import InputError
from desktop.i18n import tr, unique_name
from desktop.worker import show_error

if TYPE_CHECKING:
    from core.costing.scenario import Scenario

# The store (SQLAlchemy), the plan engine and pyqtgraph load after the first paint, so the
# window appears as fast as a bare one would; see `finish_start`.
from desktop.window_base import WindowBase


class ScenarioActions(WindowBase):
    """The scenario actions of the main window."""

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
        self.pages["hardware"].follow_scenario()
        self.pages["hardware"].set_workload(workload.prompt_tokens, workload.completion_tokens,
                                            workload.batch_size)
        self._update_title()

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
        from core.costing.scenario import FORMAT, FORMAT_VERSION, scenario_from_dict

        scenario = scenario_from_dict({
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "name": tr("New scenario"),
            "workload": {"requests_per_day": 1000, "input_tokens": 500, "output_tokens": 200},
            "options": [{"kind": "api", "name": f"{api.provider} {api.model}",
                         "catalog": api.id}]})
        self._save_new(scenario, "new")

    def duplicate_scenario(self) -> None:
        scenario = self.session.scenario
        if scenario is not None and self.confirm_discard():
            self._save_new(_renamed(scenario, tr("{0} (copy)").format(scenario.name)),
                           "duplicate")
            # A copy keeps every assumption; say so, so that none is inherited unnoticed.
            self.statusBar().showMessage(tr(
                "The copy keeps every assumption of '{0}' (growth, API price decline, cache "
                "hits, levers, notes); New starts from the defaults.").format(scenario.name),
                15000)

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


def _renamed(scenario: Scenario, name: str) -> Scenario:
    return replace(scenario, name=name)
