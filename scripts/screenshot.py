"""Save a screenshot of the main window: run under xvfb-run with QT_QPA_PLATFORM=xcb."""

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.app import MainWindow


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "shots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()

    def grab() -> None:
        window.grab().save(str(out / "main-window.png"))
        app.quit()

    QTimer.singleShot(500, grab)
    app.exec()


if __name__ == "__main__":
    main()
