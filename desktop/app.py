"""The desktop application's entry point: Qt set-up, language, theme, error dialogs."""

import argparse
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


def _options(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our own options; the rest (e.g. -platform offscreen) is left for Qt."""
    parser = argparse.ArgumentParser(prog="llmplan-desktop", description=(
        "Plan how to run a large language model: fit, speed, cost and a PDF proposal."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--smoke", action="store_true", help=(
        "start on the bundled defaults in a temporary folder, compute the example scenario, "
        "write its PDF proposal and exit (0 when all of it worked)"))
    options, rest = parser.parse_known_args(argv[1:])
    return options, argv[:1] + rest


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `llmplan-desktop` GUI script."""
    logging.basicConfig(level=logging.WARNING)
    options, argv = _options(list(argv if argv is not None else sys.argv))
    folder = None
    if options.smoke:
        from desktop import smoke

        folder = smoke.isolate()
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    settings = app_settings()
    translators = install(app, str(settings.value("language", "en")))
    apply_theme(app, str(settings.value("theme", "system")), app.style().name())
    sys.excepthook = _excepthook
    window = MainWindow()
    window.show()
    if folder is not None:
        runner = smoke.Smoke(app, window, folder)
    code = app.exec()
    if folder is not None:
        del runner
        smoke.remove(folder)
    del translators
    return code


if __name__ == "__main__":
    sys.exit(main())
