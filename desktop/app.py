"""The desktop application: a main window over the core engine."""

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from core import __version__
from core.errors import InputError
from core.specs import gpu_catalog, model_catalog

APP_NAME = "LLM Deployment Planner"


class MainWindow(QMainWindow):
    """The planner's main window; pages for fit, cost and the proposal grow inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(1200, 800)
        self._welcome = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self._welcome.setWordWrap(True)
        self.setCentralWidget(self._welcome)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction("&Quit", self.close, "Ctrl+Q")
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction("&About", self._on_about)
        self._update()

    def _update(self) -> None:
        try:
            models, gpus = len(model_catalog()), len(gpu_catalog())
        except InputError as error:
            self._welcome.setText(f"The bundled catalog could not be read:\n{error}")
            self.statusBar().showMessage("catalog unavailable")
            return
        self._welcome.setText(
            f"<h2>{APP_NAME}</h2><p>Which model and quantization fits which GPUs, how fast it "
            "answers, and what it costs.</p>"
            f"<p>Bundled catalog: {models} models, {gpus} GPUs. On the command line: "
            "<tt>llmplan fit</tt>, <tt>llmplan recommend</tt> and <tt>llmplan cost</tt>.</p>")
        self.statusBar().showMessage(f"catalog: {models} models, {gpus} GPUs")

    def _on_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"{APP_NAME} {__version__}\nPlans LLM deployments offline.")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `llmplan-desktop` GUI script."""
    app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    window = MainWindow()
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
