"""The scenario being edited: its document, undo history, validation and the Plan of its last
valid state. Widgets edit it through `set_value` and redraw on `plan_changed`.

An edit changes the document at once; its plan follows after a short pause, on a worker thread
when the scenario has many options (the pages keep the last plan meanwhile)."""

import copy
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.costing.plan import calculate
from core.costing.ranges import path_text
from core.costing.results import Plan
from core.costing.scenario import Scenario, scenario_from_dict, scenario_to_dict
from core.costing.uncertainty import UncertaintyResult, run
from core.errors import InputError
from core.i18n.message import Text
from core.pricing.catalog import PriceCatalog
from desktop.i18n import core_text
from desktop.worker import LatestTask

Path = tuple[str | int, ...]
RECOMPUTE_DELAY_MS = 60
# The Monte Carlo run starts once edits pause this long after a plan: typing does not start a
# run per key, and a run under way never slows the next keystroke's plan.
SAMPLE_DELAY_MS = 400
# A plan prices every pair of options (break-evens), so its time grows with the square of
# their number: a few ms for the bundled examples (at most 4 options), a second or more for
# core's 50. From this many options it is computed on a worker thread.
BACKGROUND_FROM_OPTIONS = 5


def timed_plan(scenario: Scenario, catalog: PriceCatalog) -> tuple[Plan, float]:
    """The Plan of `scenario` and the ms it took (on whichever thread calls it)."""
    started = time.perf_counter()
    plan = calculate(scenario, catalog)
    return plan, (time.perf_counter() - started) * 1000


def error_path(message: str) -> str:
    """The field a core message names before its first ': ', or '' (read from the English
    text, which always starts with the field's path)."""
    head, sep, _ = message.partition(": ")
    if not sep or " " in head:
        return ""
    return head


def value_at(document: Any, path: Path) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(document, list) or part >= len(document):
                return None
            document = document[part]
        else:
            if not isinstance(document, dict):
                return None
            document = document.get(part)
    return document


def with_value(document: dict[str, Any], path: Path, value: Any) -> dict[str, Any]:
    """A copy of `document` with `value` at `path`; None removes the key (its default)."""
    result = copy.deepcopy(document)
    target: Any = result
    for part in path[:-1]:
        if isinstance(target, dict) and not isinstance(part, int):
            target = target.setdefault(part, {})
        else:
            target = target[part]
    last = path[-1]
    if isinstance(last, int):
        target[last] = value
    elif value is None:
        target.pop(last, None)
    else:
        target[last] = value
    return result


class _Edit(QUndoCommand):
    def __init__(self, session: "Session", before: dict[str, Any], after: dict[str, Any],
                 text: str, merge_key: str | None):
        super().__init__(text)
        self._session, self._before, self.after = session, before, after
        self._merge_key = merge_key

    def id(self) -> int:
        return 1 if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Edit) or other._merge_key != self._merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self._session._apply(self.after)

    def undo(self) -> None:
        self._session._apply(self._before)


class Session(QObject):
    """One open scenario. Signals: document_changed (redraw the inputs), problem_changed(path,
    message) (a field is wrong, or '' when all are right), plan_changed(plan) (a new Plan),
    planning_changed(busy) (a plan is being computed on a worker thread, or no longer)."""

    document_changed = Signal()
    problem_changed = Signal(str, str)
    plan_changed = Signal(object)
    planning_changed = Signal(bool)
    uncertainty_changed = Signal(object)  # an UncertaintyResult of the current plan
    sampling_changed = Signal(bool)  # a Monte Carlo run of the current state is under way

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.document: dict[str, Any] = {}
        self.name: str | None = None  # the name it is stored under; None: not saved yet
        self.revision: int | None = None
        self.catalog_version: int | None = None
        self.catalog: PriceCatalog | None = None
        self.scenario: Scenario | None = None  # the last valid state
        self.plan: Plan | None = None
        self.problem = ("", "")
        self.last_compute_ms = 0.0
        self.planning = False  # a plan of the current state is computed on a worker thread
        self._fields: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self.plan_soon)
        self._background = LatestTask(self)
        self._background.done.connect(self._take)
        self.uncertainty: UncertaintyResult | None = None
        self.sampling = False
        self._sampling = LatestTask(self)
        self._sampling.done.connect(self._take_uncertainty)
        self._sample_timer = QTimer(self, singleShot=True, interval=SAMPLE_DELAY_MS)
        self._sample_timer.timeout.connect(self._start_sampling)

    # -- loading --

    def open(self, scenario: Scenario, catalog: PriceCatalog, name: str | None,
             revision: int | None, catalog_version: int | None) -> None:
        """Show `scenario`; the undo history starts afresh."""
        self.name, self.revision, self.catalog_version = name, revision, catalog_version
        self.catalog = catalog
        self.undo_stack.clear()
        self._apply(scenario_to_dict(scenario))
        self.undo_stack.setClean()
        self.plan_soon()

    def set_catalog(self, catalog: PriceCatalog, version: int | None) -> None:
        self.catalog, self.catalog_version = catalog, version
        self.plan_soon()

    # -- editing --

    def register_field(self, path: Path) -> None:
        """Say that a widget shows `path`, so a message about it is shown there."""
        self._fields.add(path_text(path))

    def value(self, path: Path) -> Any:
        return value_at(self.document, path)

    def set_value(self, path: Path, value: Any, text: str | None = None) -> None:
        """Change one field, as one undoable step (typing in one field merges)."""
        if self.value(path) == value:
            return
        label = path_text(path)
        self.replace_document(with_value(self.document, path, value), text or f"Edit {label}",
                              merge_key=label)

    def replace_document(self, document: dict[str, Any], text: str,
                         merge_key: str | None = None) -> None:
        """Change several fields at once, as one undoable step."""
        if document == self.document:
            return
        self.undo_stack.push(_Edit(self, self.document, copy.deepcopy(document), text,
                                   merge_key))

    def _apply(self, document: dict[str, Any]) -> None:
        """Take `document`; widgets redraw with `scenario` already its valid reading (or the
        last valid one), then learn whether a field is wrong."""
        self.document = copy.deepcopy(document)
        try:
            scenario = scenario_from_dict(self.document)
        except InputError as error:
            self.document_changed.emit()
            self._set_problem(error.message)
            return
        self.scenario = scenario
        self._background.drop()  # a plan still running is of an older state: never shown
        self._sampling.drop()
        self._sample_timer.stop()
        self.document_changed.emit()
        self._set_problem("")
        self._timer.start()

    def _set_problem(self, problem: Text) -> None:
        """Say which field `problem` (a refusal of core, or '' when all are right) is about:
        found by the path its English text starts with; shown in the UI's language."""
        english = str(problem)
        path = error_path(english) if english else ""
        while path and path not in self._fields:
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        message = core_text(problem)
        self.problem = (path, message)
        self.problem_changed.emit(path, message)

    def plan_soon(self) -> None:
        """The Plan of the last valid state: at once when the scenario is small, else on a
        worker thread (edits call this after a short pause). The worker gets its own copy."""
        self._timer.stop()
        if self.scenario is None or self.catalog is None:
            return
        if len(self.scenario.options) < BACKGROUND_FROM_OPTIONS:
            self.recompute()
            return
        scenario, catalog = copy.deepcopy(self.scenario), self.catalog  # catalogs are frozen
        self._background.submit(lambda: timed_plan(scenario, catalog))
        self._set_planning(True)

    def recompute(self) -> None:
        """The Plan of the last valid state, now, on this thread (tests and benches); a plan
        still running on the worker thread is dropped."""
        self._timer.stop()
        self._background.drop()
        if self.scenario is None or self.catalog is None:
            self._set_planning(False)
            return
        try:
            result = timed_plan(self.scenario, self.catalog)
        except InputError as error:
            self._take(None, error)
            return
        self._take(result, None)

    def _take(self, result: tuple[Plan, float] | None, error: BaseException | None) -> None:
        """A plan of the current state, or why there is none (a field core refused)."""
        self._set_planning(False)
        if error is not None:
            if not isinstance(error, InputError):
                raise error  # as from any slot: the log and a readable dialog (app.py)
            self._set_problem(error.message)
            return
        assert result is not None
        self.plan, self.last_compute_ms = result
        self.plan_changed.emit(self.plan)
        self._sample()

    def _sample(self, asked: bool = False) -> None:
        """The Monte Carlo run of the plan's state, on a worker thread (after the plan, so the
        figures of today come first); the pages keep the last run meanwhile. It follows every
        edit of a scenario with ranges; without them it runs when `asked` (the speed model's
        error is then its only range)."""
        if self.scenario is None or self.catalog is None:
            return
        if not asked and not self.scenario.uncertainty.ranges:
            self._sampling.drop()
            self._sample_timer.stop()
            self._set_sampling(False)
            if self.uncertainty is not None:
                self.uncertainty = None
                self.uncertainty_changed.emit(None)
            return
        self._set_sampling(True)
        if asked:
            self._start_sampling()
        else:
            self._sample_timer.start()

    def _start_sampling(self) -> None:
        self._sample_timer.stop()
        if self.scenario is None or self.catalog is None:
            self._set_sampling(False)
            return
        scenario, catalog = copy.deepcopy(self.scenario), self.catalog
        self._sampling.submit(lambda: run(scenario, catalog, break_even=True))

    def sample(self) -> None:
        """Run the Monte Carlo run of the current state in the background (asked for)."""
        self._sample(asked=True)

    def sample_now(self) -> None:
        """The Monte Carlo run of the last valid state, now, on this thread (tests, shots)."""
        self._sampling.drop()
        self._sample_timer.stop()
        if self.scenario is None or self.catalog is None:
            return
        try:
            result = run(self.scenario, self.catalog, break_even=True)
        except InputError as error:
            self._take_uncertainty(None, error)
            return
        self._take_uncertainty(result, None)

    def _take_uncertainty(self, result: UncertaintyResult | None,
                          error: BaseException | None) -> None:
        self._set_sampling(False)
        if error is not None:
            if not isinstance(error, InputError):
                raise error
            return  # the plan of the same state says what is wrong
        self.uncertainty = result
        self.uncertainty_changed.emit(result)

    def _set_sampling(self, busy: bool) -> None:
        if busy != self.sampling:
            self.sampling = busy
            self.sampling_changed.emit(busy)

    def _set_planning(self, busy: bool) -> None:
        if busy != self.planning:
            self.planning = busy
            self.planning_changed.emit(busy)

    def stop(self) -> None:
        """Drop the plan in progress and wait for its thread to end (closing the window)."""
        self._timer.stop()
        self._sample_timer.stop()
        self._background.wait()
        self._sampling.wait()
        self._set_planning(False)
        self._set_sampling(False)

    @property
    def pending(self) -> bool:
        """An edit's plan is still to come (its pause, or its run on the worker thread)."""
        return self._timer.isActive() or self._background.pending

    @property
    def valid(self) -> bool:
        return not self.problem[1]
