"""The desktop application's entry point: Qt set-up, language, theme, error dialogs."""

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from core import __version__
from desktop.i18n import install
from desktop.settings import app_settings
from desktop.theme import apply_theme
from desktop.window import APP_NAME, MainWindow
from desktop.worker import show_error

log = logging.getLogger("llmplan")


def _excepthook(kind: type[BaseException], error: BaseException,
                trace: TracebackType | None) -> None:
    """An error no handler caught: a readable dialog, the traceback only in the log."""
    log.error("%s", "".join(traceback.format_exception(kind, error, trace)))
    show_error(QApplication.activeWindow(), APP_NAME, error)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `llmplan-desktop` GUI script."""
    logging.basicConfig(level=logging.WARNING)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    settings = app_settings()
    translators = install(app, str(settings.value("language", "en")))
    apply_theme(app, str(settings.value("theme", "system")), app.style().name())
    sys.excepthook = _excepthook
    window = MainWindow()
    window.show()
    code = app.exec()
    del translators
    return code


if __name__ == "__main__":
    sys.exit(main())
