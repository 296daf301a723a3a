"""The team database in the app: working on it, falling back to this computer's file when it
cannot be reached, the address kept without a password, and a sync in the background."""

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from core.costing.scenario import load_scenario
from core.store.database import Store
from desktop.settings import app_settings
from desktop.team import DIRECT_KEY, URL_KEY, TeamDialog, sync_with_team
from desktop.window import MainWindow

EXAMPLES = Path(__file__).parents[2] / "resources" / "examples"


def _window(qtbot):
    window = MainWindow(None, start=False)  # as started from the menu: no --db
    qtbot.addWidget(window)
    window.show()
    window.finish_start()
    return window


def _team(url: str, direct: bool = True) -> None:
    settings = app_settings()
    settings.setValue(URL_KEY, url)
    settings.setValue(DIRECT_KEY, "true" if direct else "false")
    settings.sync()


def test_the_app_works_on_the_team_database_and_shows_it_masked(qtbot, postgres):
    url = postgres.url(postgres.new_database())
    _team(url)
    window = _window(qtbot)
    assert window.store is not None and window.store.is_server
    assert window.where_label.text() == f"Team database: {url}"
    assert window.scenario_list.names() == []  # the bundled examples go to local files only
    window.close()


def test_an_unreachable_team_database_leaves_the_app_on_this_computers_file(qtbot):
    _team("postgresql://anna:s3cret@127.0.0.1:1/team")
    window = _window(qtbot)
    assert window.store is not None and not window.store.is_server
    assert window.where_label.text().startswith("This computer: ")
    note = window.where_label.toolTip()
    assert "file is open instead of the team database" in note and "s3cret" not in note
    assert "postgresql://anna:***@127.0.0.1:1/team" in note
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.objectName() == "teamFallback")
    assert box.text() == note
    box.close()
    assert "Support assistant" in " ".join(window.scenario_list.names())  # the local file
    window.close()


def test_the_team_dialog_keeps_no_password(qtbot):
    settings = app_settings()
    dialog = TeamDialog(None, settings)
    qtbot.addWidget(dialog)
    dialog.address.setText("postgresql://anna:s3cret@db.example/llmplan")
    dialog.accept()
    assert dialog.problem.isVisibleTo(dialog) and "~/.pgpass" in dialog.problem.text()
    assert settings.value(URL_KEY, "") == ""
    dialog.address.setText("postgresql://anna@db.example/llmplan?sslmode=verify-full")
    dialog.direct.setChecked(True)
    dialog.accept()
    assert settings.value(URL_KEY) == "postgresql://anna@db.example/llmplan?sslmode=verify-full"
    assert settings.value(DIRECT_KEY) == "true"


def test_sync_from_the_menu_sends_local_scenarios_and_reports(qtbot, postgres, tmp_path):
    url = postgres.url(postgres.new_database())
    _team(url, direct=False)
    window = _window(qtbot)
    assert window.store is not None and not window.store.is_server
    scenario = replace(load_scenario(EXAMPLES / "seed-case-a.llmplan.json"), name="Mine")
    window.store.save_scenario(scenario, None)
    sync_with_team(window)
    qtbot.waitUntil(lambda: not window.tasks, timeout=60000)
    report = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QMessageBox) and w.objectName() == "syncReport")
    assert "Scenarios to the team: 5 (5 revisions)" in report.text()
    report.close()
    with Store(url) as team:
        assert "Mine" in [info.name for info in team.scenarios()]
    window.close()
