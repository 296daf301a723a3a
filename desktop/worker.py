"""Two helpers for slow work off the UI thread, the result or a readable error coming back on
the UI thread: SlowTask (probe, SSH, import, PDF) with a busy indicator and a cancel button, and
LatestTask (the plan after each edit), where the newest request supersedes the running one."""

import gc
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from core.errors import InputError
from desktop.i18n import tr

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 250


def error_text(error: BaseException) -> str:
    """What a dialog says about an error: core's own message, or the kind and text of an
    unexpected one (the traceback goes to the log, never to the user)."""
    if isinstance(error, InputError):
        return str(error)
    return f"An unexpected error stopped this: {type(error).__name__}: {error}"


def show_error(parent: QWidget | None, title: str, error: BaseException | str) -> None:
    text = error if isinstance(error, str) else error_text(error)
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote names from files and users
    box.setObjectName("errorDialog")
    box.open()


def _log_error(error: BaseException) -> None:
    if isinstance(error, InputError):  # bad input, said in its own words
        log.warning("%s", error)
    else:
        log.error("%s", "".join(traceback.format_exception(error)))


# Python's cyclic garbage collector runs on whichever thread allocates when it is due: on a
# worker thread it would free Qt objects (charts, widgets of a closed window) there, which Qt
# does not allow (a crash). While any runner works, automatic collection waits; the UI thread
# starts and ends runners, and turns it on again (qutebrowser's GarbageCollector does the
# same for the same reason).
_working = 0


def _collect_if_due() -> None:
    """On the UI thread, the collection automatic collection would have made by now (runners
    may follow each other with collection paused between)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if counts[0] > thresholds[0]:
        generation = 2 if counts[2] >= thresholds[2] else 1 if counts[1] >= thresholds[1] \
            else 0
        gc.collect(generation)


def _pause_collection() -> None:
    global _working
    _collect_if_due()
    if _working == 0:
        gc.disable()
    _working += 1


def _resume_collection() -> None:
    global _working
    _working -= 1
    _collect_if_due()
    if _working == 0:
        gc.enable()


class _Runner(QThread):
    done = Signal(object, object)  # (result, error)

    def __init__(self, work: Callable[[], Any], parent: QObject, log_errors: bool = True):
        super().__init__(parent)
        self._work, self._log_errors = work, log_errors
        self._paused = False

    def start_work(self) -> None:
        """Start on the UI thread, with automatic collection paused until `ended`."""
        _pause_collection()
        self._paused = True
        self.start()

    def ended(self) -> None:
        """On the UI thread, once `done` arrived: collection may run again."""
        if self._paused:
            self._paused = False
            _resume_collection()

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the UI thread as a readable message
            if self._log_errors:
                _log_error(error)
            self.done.emit(None, error)
            return
        self.done.emit(result, None)


class SlowTask(QObject):
    """A running piece of slow work. `cancel()` stops waiting: the result is dropped."""

    finished = Signal()

    def __init__(self, parent: QWidget, label: str, work: Callable[[], Any],
                 on_done: Callable[[Any], None], error_title: str):
        super().__init__(parent)
        self.cancelled = False
        self.running = True
        self._parent, self._on_done, self._error_title = parent, on_done, error_title
        self.dialog = QProgressDialog(label, tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(error_title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.hide()
        self.dialog.canceled.connect(self.cancel)
        QTimer.singleShot(SHOW_AFTER_MS, self._show)
        self._runner = _Runner(work, self)
        self._runner.done.connect(self._on_finished)
        self._runner.start_work()

    def _show(self) -> None:
        if self.running and not self.cancelled:
            self.dialog.show()

    def cancel(self) -> None:
        self.cancelled = True
        self.dialog.hide()

    def wait(self) -> None:
        self._runner.wait()
        self._runner.ended()

    def _on_finished(self, result: Any, error: BaseException | None) -> None:
        self.running = False
        self.dialog.hide()
        self._runner.wait()
        self._runner.ended()
        if not self.cancelled:
            if error is not None:
                show_error(self._parent, self._error_title, error)
            else:
                try:
                    self._on_done(result)
                except Exception as failure:  # a handler must never take the window down
                    log.error("%s", "".join(traceback.format_exception(failure)))
                    show_error(self._parent, self._error_title, failure)
        self.finished.emit()
        self.dialog.deleteLater()


def run_slow(parent: QWidget, label: str, work: Callable[[], Any],
             on_done: Callable[[Any], None], error_title: str) -> SlowTask:
    """Run `work()` on a worker thread; `on_done(result)` runs on the UI thread after it."""
    return SlowTask(parent, label, work, on_done, error_title)


class LatestTask(QObject):
    """Work that is asked for again and again (the plan after each edit), one run at a time on
    a worker thread. Each `submit` or `drop` starts a new generation: a run of an older one
    finishes unseen (Python cannot stop it) and the newest waiting work starts after it, so
    only the result of the newest request is ever handed over, as `done(result, error)`."""

    done = Signal(object, object)

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self._generation = 0
        self._waiting: tuple[int, Callable[[], Any]] | None = None
        self._runner: _Runner | None = None
        self._running = -1  # the generation of the run in progress

    def submit(self, work: Callable[[], Any]) -> None:
        """Run `work()` once the thread is free; whatever was asked before is superseded."""
        self._generation += 1
        self._waiting = (self._generation, work)
        if self._runner is None:
            self._start()

    def drop(self) -> None:
        """Nothing asked before is wanted any more."""
        self._generation += 1
        self._waiting = None

    @property
    def pending(self) -> bool:
        """A result of the newest request is still to come."""
        return self._waiting is not None or (self._runner is not None
                                             and self._running == self._generation)

    def wait(self) -> None:
        """Drop what waits and block until the run in progress ended (closing the window)."""
        self.drop()
        if self._runner is not None:
            self._runner.wait()
            self._runner.ended()

    def _start(self) -> None:
        assert self._waiting is not None
        self._running, work = self._waiting
        self._waiting = None
        self._runner = _Runner(work, self, log_errors=False)
        self._runner.done.connect(self._finished)
        self._runner.start_work()

    def _finished(self, result: Any, error: BaseException | None) -> None:
        runner, generation = self._runner, self._running
        assert runner is not None
        runner.wait()
        runner.ended()
        runner.deleteLater()
        self._runner = None
        if self._waiting is not None:
            self._start()
        if generation == self._generation:
            self.done.emit(result, error)
