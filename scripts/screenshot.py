"""Screenshots of every page of the main window, as a newcomer first sees them.

Run under Xvfb: QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" \
    .venv/bin/python scripts/screenshot.py shots [--language de] [--theme dark] [--scale 2]
(at --scale 2 give Xvfb a screen twice as large: -screen 0 2800x1800x24).
It uses a fresh database and settings in a temporary folder (the bundled examples).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="shots")
    parser.add_argument("--language", default="en")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--scale", default="1", help="Qt's scale factor (2: a HiDPI screen)")
    args = parser.parse_args()
    os.environ["QT_SCALE_FACTOR"] = args.scale
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="llmplan-shots-")
    os.environ["LLMPLAN_DB"] = str(Path(folder) / "llmplan.db")
    os.environ["LLMPLAN_SETTINGS"] = str(Path(folder) / "settings.ini")

    from PySide6.QtWidgets import QApplication

    from desktop.i18n import install
    from desktop.theme import apply_theme
    from desktop.window import PAGES, MainWindow

    app = QApplication(sys.argv[:1])
    translators = install(app, args.language)
    apply_theme(app, args.theme, app.style().name())
    window = MainWindow(start=False)
    window.resize(1400, 900)
    window.show()
    window.finish_start()
    window.open_scenario("Support assistant: Llama 3.1 70B, API vs cloud vs on-prem", ask=False)
    suffix = "" if (args.language, args.theme, args.scale) == ("en", "light", "1") else \
        f"-{args.language}-{args.theme}" + (f"-x{args.scale}" if args.scale != "1" else "")
    for index, page in enumerate(PAGES):
        window.tabs.setCurrentIndex(index)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / f"{index + 1}-{page}{suffix}.png"))
    # The Costs page's tab "How sure are we", once its Monte Carlo run is in.
    costs = window.pages["costs"]
    window.tabs.setCurrentIndex(PAGES.index("costs"))
    costs.tabs.setCurrentWidget(costs.uncertainty)
    costs.setSizes([200, 700])
    window.session.sample_now()
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(out / f"{PAGES.index('costs') + 1}-costs-how-sure{suffix}.png"))
    costs.tabs.setCurrentIndex(costs.tabs.indexOf(costs.tornado.parentWidget()))
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(out / f"{PAGES.index('costs') + 1}-costs-sensitivity{suffix}.png"))
    del translators
    window.session.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
