"""The team database in the app: the address (kept without a password), whether the app works
on it directly or on this computer's file, opening the one chosen (this computer's file when
the team database cannot be reached), and a sync in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
)

from desktop.i18n import core_text, tr

if TYPE_CHECKING:
    from core.store.database import Store
    from desktop.window import MainWindow

URL_KEY = "team/url"
DIRECT_KEY = "team/direct"


def team_address(settings: QSettings) -> str:
    return str(settings.value(URL_KEY, "") or "").strip()


def works_on_team(settings: QSettings) -> bool:
    return bool(team_address(settings)) and str(settings.value(DIRECT_KEY, "false")) == "true"


def open_store(window: MainWindow) -> tuple[Store, str]:
    """The store the window works on, and a note for the status bar when it is not the one
    chosen: --db / LLMPLAN_DB first, else the team database when chosen, else this computer's
    file. A team database that cannot be reached leaves the app on this computer's file."""
    from core.store.database import Store, StoreError, default_db_path

    if window.db_path is not None or not works_on_team(window.settings):
        return Store(window.db_path), ""
    try:
        return Store(team_address(window.settings)), ""
    except StoreError as error:
        if error.kind not in ("offline", "denied", "busy", "missing"):
            raise
        note = tr("This computer's file is open instead of the team database:\n\n{0}").format(
            core_text(error.message))
        return Store(default_db_path()), note


def where_text(store: Store) -> str:
    """What the status bar says about the open database (a team address has its password
    masked)."""
    if store.is_server:
        return tr("Team database: {0}").format(store.where)
    return tr("This computer: {0}").format(store.where)


class TeamDialog(QDialog):
    """File → Team database…: the address and whether to work on it directly."""

    def __init__(self, parent: Any, settings: QSettings):
        super().__init__(parent)
        self.setWindowTitle(tr("Team database"))
        self.settings = settings
        self.address = QLineEdit(team_address(settings))
        self.address.setPlaceholderText("postgresql://USER@HOST/DATABASE?sslmode=verify-full")
        self.address.setObjectName("teamAddress")
        self.direct = QCheckBox(tr("Work on the team database directly"))
        self.direct.setChecked(works_on_team(settings))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        hint = QLabel(tr("Otherwise the app works on this computer's file, exchanged with "
                         "the team database by File → Sync with team database. No password "
                         "here: PostgreSQL reads it from ~/.pgpass (PGPASSFILE) or a service "
                         "file (?service=NAME). The change applies when the app starts next."))
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(tr("Address"), self.address)
        form.addRow(self.direct)
        form.addRow(self.problem)
        form.addRow(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(560)

    def accept(self) -> None:
        from core.store.files import StoreError
        from core.store.server import is_server_url, refuse_password

        text = self.address.text().strip()
        try:
            if text and not is_server_url(text):
                self._refuse(tr("The address must start with postgresql://"))
                return
            refuse_password(text, tr("the settings file"))
        except StoreError as error:
            self._refuse(core_text(error.message))
            return
        self.settings.setValue(URL_KEY, text)
        self.settings.setValue(DIRECT_KEY, "true" if self.direct.isChecked() and text
                               else "false")
        super().accept()

    def _refuse(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.adjustSize()


def edit_team(window: MainWindow) -> None:
    TeamDialog(window, window.settings).exec()


def sync_with_team(window: MainWindow) -> None:
    """Exchange with the team database in the background; the report in a message box."""
    from core.store.database import Store, default_db_path
    from core.store.sync import sync

    address = team_address(window.settings)
    if not address:
        edit_team(window)
        address = team_address(window.settings)
        if not address:
            return
    local_path = (window.store.path if window.store is not None and window.store.path
                  else default_db_path())

    def work() -> list[str]:
        with Store(local_path) as local, Store(address) as team:
            report = sync(local, team)
        return [core_text(line) for line in report.lines()]

    def done(lines: list[str]) -> None:
        if window.store is not None and hasattr(window, "scenario_list"):
            window.scenario_list.reload(window.session.name or None)
        box = QMessageBox(QMessageBox.Icon.Information, tr("Sync with team database"),
                          "\n".join(lines), QMessageBox.StandardButton.Ok, window)
        box.setObjectName("syncReport")
        box.open()

    window._slow(tr("Syncing with the team database…"), work, done,
                 tr("Sync with team database"))
