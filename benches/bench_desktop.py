"""The GUI against DESIGN.md's budgets: an edit to the repainted chart <= 50 ms, and start to
first window <= 2.5x a bare PySide6 window (both started as fresh processes, offscreen).

The edit is timed from the keystroke to the end of the repaint of the Costs page, with the
session's debounce pause skipped (it waits for the user to stop typing, by design).

The longest UI-thread stall is measured during an edit of a scenario of 50 on-prem options
(core's most), from the keystroke until its plan is shown: a 1 ms timer ticks on the UI thread
and the longest gap between its ticks is the time the window could not answer the user.
"""

import copy
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benches.common import REPAINT, record, report, start_budget, table  # noqa: E402

BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1400, 900)
window.show()
app.processEvents()
print(time.perf_counter())
"""

APP = """
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from desktop.window import MainWindow
window = MainWindow()
window.show()
while window.first_paint_at is None:
    app.processEvents()
print(window.first_paint_at)
{after}
"""

READY = """
while window.session is None or window.session.plan is None:
    app.processEvents()
window.repaint()
print(time.perf_counter())
"""


def _start(code: str, env: dict[str, str]) -> list[float]:
    """Seconds from launching the interpreter to each time the child printed."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True)
    # perf_counter is CLOCK_MONOTONIC on Linux: the same clock in parent and child.
    return [float(line) - started for line in done.stdout.split()]


def start_up(repeats: int = 7) -> None:
    folder = tempfile.mkdtemp(prefix="llmplan-bench-")
    env = {**os.environ, "LLMPLAN_DB": f"{folder}/llmplan.db",
           "LLMPLAN_SETTINGS": f"{folder}/settings.ini"}
    _start(APP.format(after=READY), env)  # first start adds the examples; warm the caches
    bare = [_start(BARE, env)[0] for _ in range(repeats)]
    app = [_start(APP.format(after=READY), env) for _ in range(repeats)]
    bare_ms = statistics.median(bare) * 1000
    window_ms = statistics.median(a[0] for a in app) * 1000
    ready_ms = statistics.median(a[1] for a in app) * 1000
    record("bare PySide6 window: start to first window", bare_ms, None)
    record(f"app: start to first window ({window_ms / bare_ms:.2f}x bare)", window_ms,
           start_budget(bare_ms))
    # No budget in DESIGN.md: the window shows a loading line while the store and the
    # chart library load and the first Plan is computed.
    record(f"app: start to first plan shown ({ready_ms / bare_ms:.2f}x bare)", ready_ms, None)


def edit_to_repaint() -> None:
    folder = tempfile.mkdtemp(prefix="llmplan-bench-")
    os.environ["LLMPLAN_DB"] = f"{folder}/llmplan.db"
    os.environ["LLMPLAN_SETTINGS"] = f"{folder}/settings.ini"
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from desktop.smoke import quiet_offscreen
    from desktop.window import MainWindow

    qInstallMessageHandler(quiet_offscreen)
    app = QApplication(sys.argv[:1])
    window = MainWindow(start=False)
    window.resize(1400, 900)
    window.show()
    window.finish_start()
    window.open_scenario("Support assistant: Llama 3.1 70B, API vs cloud vs on-prem",
                         ask=False)
    window.tabs.setCurrentWidget(window.pages["costs"])
    app.processEvents()
    session = window.session
    values = iter(range(1000, 100000, 7))

    def edit() -> None:
        session.set_value(("workload", "input_tokens"), next(values))
        session.recompute()  # the debounce pause skipped
        window.pages["costs"].repaint()
        app.processEvents()

    report("edit (prompt length) to repainted Costs page", edit, REPAINT, repeats=30)
    ui_stall_fifty_options(window)
    session.undo_stack.setClean()
    window.close()


def _fifty_onprem(window) -> None:
    """The open scenario with its on-prem option copied to 50 options, planned and shown."""
    from core.costing.scenario import MAX_OPTIONS

    session = window.session
    onprem = next(o for o in session.document["options"] if o.get("kind") == "onprem")
    options = [dict(copy.deepcopy(onprem), name=f"On-prem {i + 1}") for i in range(MAX_OPTIONS)]
    _edit_and_wait(window, lambda: session.replace_document(
        dict(session.document, options=options), "50 on-prem options"))


def _edit_and_wait(window, edit) -> float:
    """Run `edit()`, then the event loop until its plan is shown; the longest time in ms the
    UI thread went without running the event loop (a 1 ms timer's longest gap)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    ticks: list[float] = []
    shown: list[object] = []
    timer = QTimer(interval=1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    window.session.plan_changed.connect(shown.append)
    timer.start()
    ticks.append(time.perf_counter())
    edit()
    while not shown:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    settle = time.perf_counter() + 0.2  # the repaint that follows the plan
    while time.perf_counter() < settle:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    timer.stop()
    window.session.plan_changed.disconnect(shown.append)
    return max(later - earlier for earlier, later in itertools.pairwise(ticks)) * 1000


def ui_stall_fifty_options(window, repeats: int = 3) -> None:
    """The longest UI-thread stall while one edit of a 50-option scenario is planned. While
    the plan ran on the UI thread this was the whole plan (7.6-8.1 s on a 2-CPU VM); on the
    worker thread what is left is the pages taking and drawing the new plan (about 0.3 s)."""
    session = window.session
    _fifty_onprem(window)
    window.tabs.setCurrentWidget(window.pages["costs"])
    values = iter(range(2000, 100000, 7))
    stalls = [_edit_and_wait(window, lambda: session.set_value(
        ("workload", "input_tokens"), next(values))) for _ in range(repeats)]
    record("edit of 50 on-prem options: longest UI-thread stall", statistics.median(stalls),
           None)


def main() -> None:
    start_up()
    edit_to_repaint()


if __name__ == "__main__":
    main()
    print(table())
