"""What the app remembers between runs (window state, last folder and scenario, theme,
language): QSettings in an INI file, LLMPLAN_SETTINGS naming another file."""

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ENV_SETTINGS = "LLMPLAN_SETTINGS"


def app_settings() -> QSettings:
    configured = os.environ.get(ENV_SETTINGS, "").strip()
    if configured:
        return QSettings(configured, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "llmplan", "desktop")


def last_folder(settings: QSettings) -> str:
    folder = str(settings.value("last_folder", "") or "")
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(settings: QSettings, path: str) -> None:
    settings.setValue("last_folder", str(Path(path).parent))
