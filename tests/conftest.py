import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _database_in_tmp(tmp_path, monkeypatch):
    """Every test gets its own database file; none touches the user's data folder."""
    monkeypatch.setenv("LLMPLAN_DB", str(tmp_path / "llmplan.db"))


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path, monkeypatch):
    """The desktop app's QSettings go to a file in tmp_path, not the user's settings."""
    monkeypatch.setenv("LLMPLAN_SETTINGS", str(tmp_path / "settings.ini"))
