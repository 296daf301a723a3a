"""The Costs page's tab 'How sure are we', the range pair next to a figure, and the worker
threads that run the Monte Carlo run beside the plan."""

import gc
import threading

from PySide6.QtWidgets import QToolButton

from desktop.worker import LatestTask


def test_collection_waits_while_a_worker_runs_and_resumes_after(qtbot):
    # A collection on a worker thread would free Qt objects there (a crash): it waits.
    task = LatestTask(None)
    started, release = threading.Event(), threading.Event()
    seen = []

    def work():
        started.set()
        release.wait(5)
        seen.append(gc.isenabled())
        return 1

    with qtbot.waitSignal(task.done, timeout=5000):
        task.submit(work)
        assert started.wait(5)
        assert not gc.isenabled()
        release.set()
    assert seen == [False]
    assert gc.isenabled()


def test_the_example_shows_how_sure_the_plan_is(qtbot, window):
    session, panel = window.session, window.pages["costs"].uncertainty
    qtbot.waitUntil(lambda: session.uncertainty is not None, timeout=20000)
    result = session.uncertainty
    assert {item.key for item in result.inputs} >= {"workload.requests_per_day",
                                                    "options[3].server_price"}
    assert panel.result is result
    text = panel.words.text()
    best = max(result.options, key=lambda option: option.p_cheapest)
    assert f"{best.name} is the cheapest over 36 months" in text
    assert "depends most on: Requests per day" in text
    assert not panel.run_button.isVisible()


def _requests_range_pair(window):
    page = window.pages["inputs"]
    return next(pair for pair in page.findChildren(QToolButton, "rangeToggle")
                if pair.parent().editor.label == "Requests")


def test_a_range_typed_next_to_a_figure_becomes_a_range_and_goes_again(qtbot, window):
    session = window.session
    pair = _requests_range_pair(window).parent()
    assert session.document["workload"]["requests_per_day"] == {
        "low": 60000, "likely": 100000, "high": 180000}
    pair.low.setText("")
    pair.low.textEdited.emit("")
    pair.high.setText("")
    pair.high.textEdited.emit("")
    assert session.document["workload"]["requests_per_day"] == 100000
    pair.low.setText("80000")
    pair.low.textEdited.emit("80000")
    assert session.document["workload"]["requests_per_day"] == 100000  # one end: not yet
    pair.high.setText("150000")
    pair.high.textEdited.emit("150000")
    assert session.document["workload"]["requests_per_day"] == {
        "low": 80000, "likely": 100000, "high": 150000}
    # the figure typed in the field is the likely value; the ends stay
    editor = pair.editor
    editor.number.setText("120000")
    editor.number.textEdited.emit("120000")
    assert session.document["workload"]["requests_per_day"] == {
        "low": 80000, "likely": 120000, "high": 150000}
    # a range that does not hold the likely value is refused, naming the field
    editor.number.setText("200000")
    editor.number.textEdited.emit("200000")
    assert "low <= likely <= high" in session.problem[1]
    editor.number.setText("130000")
    editor.number.textEdited.emit("130000")
    assert session.valid
    # the ± button off: the figure alone again
    pair.toggle.setChecked(False)
    assert session.document["workload"]["requests_per_day"] == 130000


def test_without_ranges_the_run_is_asked_for(qtbot, window):
    session, panel = window.session, window.pages["costs"].uncertainty
    pair = _requests_range_pair(window).parent()
    for name in ("requests_per_day",):
        session.set_value(("workload", name), 100000)
    session.set_value(("api_price_decline_per_year",), 0.3)
    session.set_value(("options", 3, "server_price"), 295000)
    session.recompute()
    qtbot.waitUntil(lambda: session.uncertainty is None and not session.sampling,
                    timeout=20000)
    assert not pair.low.isVisible()
    assert panel.run_button.isVisibleTo(panel)
    with qtbot.waitSignal(session.uncertainty_changed, timeout=20000):
        panel.run_button.click()
    assert [item.key for item in session.uncertainty.inputs] == ["throughput"]


def test_a_range_on_a_price_the_catalog_fills_takes_the_catalogs_price_as_likely(qtbot, window):
    session = window.session
    window.tabs.setCurrentIndex(1)  # Options: the first option, GPT-4o from the catalog
    page = window.pages["options"]
    pairs = [toggle.parent() for toggle in page.findChildren(QToolButton, "rangeToggle")
             if toggle.parent().editor.path == ("options", 0, "price_in_per_m")]
    pair = pairs[0]
    inherited = pair.editor.inherited
    assert inherited is not None and session.value(("options", 0, "price_in_per_m")) is None
    pair.toggle.setChecked(True)
    for edit, text in ((pair.low, "1.5"), (pair.high, "3")):
        edit.setText(text)
        edit.textEdited.emit(text)
    assert session.value(("options", 0, "price_in_per_m")) == {
        "low": 1.5, "likely": inherited, "high": 3}
