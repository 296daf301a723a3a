"""`llmplan-desktop --smoke`: start as a user would on the bundled defaults, compute the example
scenario, write its PDF proposal and exit 0; any failure prints what went wrong and exits 1.

Runs in a fresh temporary folder (its own database and settings), so nothing the user saved is
read or changed; the folder is removed at the end. Used by CI on the built bundle, where a
missing data file or a module PyInstaller left out fails here rather than on a planner's laptop.
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

EXAMPLE = "support-assistant"
DEADLINE_S = 120.0
POLL_MS = 50


def quiet_offscreen(kind: Any, context: Any, message: str) -> None:
    """Qt's messages, less the offscreen platform's note that it cannot size windows."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def isolate() -> Path:
    """A temporary folder for the database and settings; call before any settings are read."""
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(quiet_offscreen)
    folder = Path(tempfile.mkdtemp(prefix="llmplan-smoke-"))
    os.environ["LLMPLAN_DB"] = str(folder / "llmplan.db")
    os.environ["LLMPLAN_SETTINGS"] = str(folder / "settings.ini")
    return folder


class Smoke:
    """Drives the main window step by step from a timer, so the event loop keeps running."""

    def __init__(self, app: Any, window: Any, folder: Path):
        from PySide6.QtCore import QTimer

        self.app, self.window, self.folder = app, window, folder
        self.pdf = folder / "proposal.pdf"
        self.example: Any = None
        self.started = time.perf_counter()
        self.step = self._wait_for_store
        self.task: Any = None
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(POLL_MS)

    def _tick(self) -> None:
        try:
            if self._error_shown() or self._late():
                return
            self.step()
        except Exception as error:  # any failure ends the smoke test with its message
            self._fail(f"{type(error).__name__}: {error}")

    def _error_shown(self) -> bool:
        from PySide6.QtWidgets import QApplication, QMessageBox

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                self._fail(f"{widget.windowTitle()}: {widget.text()}")
                return True
        return False

    def _late(self) -> bool:
        if time.perf_counter() - self.started > DEADLINE_S:
            self._fail(f"no result after {DEADLINE_S:.0f} s (waiting in {self.step.__name__})")
            return True
        return False

    def _wait_for_store(self) -> None:
        from core.costing.scenario import load_scenario
        from core.resources import resource_dir

        if self.window.store is None or not self.window.started:
            return
        # read here, inside the tick's error handling: a missing file is a failed smoke run
        self.example = load_scenario(resource_dir() / "examples" / f"{EXAMPLE}.llmplan.json")
        self.window.open_scenario(self.example.name, ask=False)
        self.step = self._wait_for_plan

    def _wait_for_plan(self) -> None:
        session = self.window.session
        if session.name != self.example.name or session.plan is None or session.pending:
            return
        self.task = self.window.export_pdf(str(self.pdf), ask=False)
        if self.task is None:
            self._fail("the PDF proposal could not be started")
            return
        self.step = self._wait_for_pdf

    def _wait_for_pdf(self) -> None:
        if self.task is not None and self.task.running:
            return
        data = self.pdf.read_bytes() if self.pdf.exists() else b""
        if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
            self._fail(f"no complete PDF was written to {self.pdf}")
            return
        plan = self.window.session.plan
        seconds = time.perf_counter() - self.started
        print(f"smoke: ok in {seconds:.1f} s: '{self.example.name}', "
              f"{len(plan.options)} options, recommended '{plan.recommendation.option}'; "
              f"PDF proposal {len(data) // 1024} kB")
        self._finish(0)

    def _fail(self, message: str) -> None:
        print(f"smoke: FAILED: {message}", file=sys.stderr)
        self._finish(1)

    def _finish(self, code: int) -> None:
        self.timer.stop()
        if self.window.session is not None:
            self.window.session.undo_stack.setClean()  # nothing to ask about when closing
        self.window.close()
        self.app.exit(code)


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
