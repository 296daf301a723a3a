"""The desktop window driven as a planner would: a real store in tmp_path, real Plans."""

import html
import json
import math
import os
import shutil
import sys
from pathlib import Path

import pynvml
import pytest
from fake_nvml import FakeNvml, h100
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QPainter, QPicture, QTextDocument
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from core.hardware.gpus import match_gpu
from core.pricing.catalog import default_catalog
from core.store.database import Store
from desktop import fmt
from desktop.charts import short_name
from desktop.fields import EitherEdit, NumberEdit
from desktop.i18n import install
from desktop.page_catalog import EditPriceDialog
from desktop.window import MainWindow

sys.path.insert(0, str(Path(__file__).parents[2] / "scripts"))
import translations

SUPPORT = "Support assistant: Llama 3.1 70B, API vs cloud vs on-prem"


def _field(window, page, path):
    """The editor bound to a document path on a page."""
    for kind in (NumberEdit, EitherEdit):
        for editor in window.pages[page].findChildren(kind):
            if editor.path == path:
                return editor
    raise AssertionError(f"no field for {path}")


def _type(qtbot, editor, text):
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def _per_year(window, name):
    return window.session.plan.option(name).per_year


def _wait_plan(qtbot, window):
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        pass


def test_first_start_adds_the_bundled_examples_and_shows_a_plan(window):
    assert sorted(window.scenario_list.names()) == sorted([
        SUPPORT, "Seed case A: one H100 on Lambda, billed per second",
        "Seed case B: Llama 2 70B on AWS vs the OpenAI API",
        "Insurer: owned 2x L40S box with EU API overflow"])
    cards = [card for card in window.pages["costs"].cards if not card.isHidden()]
    # support-assistant.llmplan.json holds four options
    assert len(cards) == 4 and "OpenAI GPT-4o" in cards[0].title.text()
    assert window.session.plan.recommendation.option in window.pages["decision"] \
        .recommendation.text()
    assert "Catalog version 1" in window.catalog_label.text()


def test_an_edited_prompt_length_reprices_the_cards_and_the_charts(qtbot, window):
    before = _per_year(window, "OpenAI GPT-4o")
    card = window.pages["costs"].cards[0]
    shown_before = card.figures.text()
    prompt = _field(window, "inputs", ("workload", "input_tokens"))
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        _type(qtbot, prompt.number, "3000")
    assert window.session.document["workload"]["input_tokens"] == 3000
    after = _per_year(window, "OpenAI GPT-4o")
    assert after > before  # twice the prompt tokens, same output tokens
    assert card.figures.text() != shown_before
    assert fmt.money(after, "EUR") in card.figures.text()
    assert window.pages["costs"].cumulative.data is window.session.plan


def _curve(chart, name):
    return next(item for item in chart.item.listDataItems() if item.name() == name)


def test_an_edit_moves_the_shown_curves_and_a_hidden_chart_catches_up_when_shown(window):
    costs = window.pages["costs"]
    window.tabs.setCurrentWidget(costs)  # the cumulative chart is the tab on screen
    line = _curve(costs.cumulative, "OpenAI GPT-4o")
    window.session.set_value(("workload", "input_tokens"), 3000)
    window.session.recompute()
    plan = window.session.plan
    tco = next(curve for curve in plan.curves if curve.name == "OpenAI GPT-4o").values
    assert _curve(costs.cumulative, "OpenAI GPT-4o") is line  # moved, not made again
    assert list(line.yData) == pytest.approx(list(tco))
    costs.tabs.setCurrentWidget(costs.volume)  # hidden during the edit
    volume = [cost for point in plan.volume_curve
              for name, cost, *_ in point.costs if name == "OpenAI GPT-4o"]
    assert list(_curve(costs.volume, "OpenAI GPT-4o").yData) == pytest.approx(volume)


def test_chart_ticks_are_locale_numbers_and_grid_lines_are_opaque(window):
    costs = window.pages["costs"]
    window.tabs.setCurrentWidget(costs)
    log_axis = costs.volume.item.getAxis("bottom")
    ticks = [4.0, math.log10(2e4), math.log10(3e4), math.log10(5e4)]
    assert log_axis.tickStrings(ticks, 1.0, 0.1) == [
        fmt.number(10000), fmt.number(20000), "", fmt.number(50000)]
    axis = costs.cumulative.item.getAxis("left")
    assert axis.tickStrings([0.0, 1.3e6], 1.0, 1e5) == [fmt.number(0), fmt.number(1300000)]
    assert axis.tickStrings([0.5, 1.0], 1.0, 0.5) == [fmt.number(0.5, 1), fmt.number(1, 1)]
    picture = QPicture()
    painter = QPainter(picture)
    try:
        _, grid, _ = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    assert grid and all(pen.color().alpha() == 255 for pen, *_ in grid)


def test_a_bad_value_is_shown_at_its_field_and_the_last_plan_stays(qtbot, window):
    plan = window.session.plan
    hours = _field(window, "inputs", ("workload", "hours_per_day"))
    _type(qtbot, hours, "30")
    # core.costing.scenario declares hours_per_day with high=24
    assert "30 is not allowed; it must be at most 24" in hours.error.text()
    assert not hours.error.isHidden() and window.banner.isVisibleTo(window)
    assert window.session.plan is plan
    _type(qtbot, hours, "abc")
    assert "'abc' is not a number" in hours.error.text()
    _type(qtbot, hours, "10")
    _wait_plan(qtbot, window)
    assert hours.error.isHidden() and not window.banner.isVisibleTo(window)
    assert window.session.plan is not plan


def test_undo_and_redo_bring_back_the_inputs_and_the_plan(qtbot, window):
    before = _per_year(window, "OpenAI GPT-4o")
    prompt = _field(window, "inputs", ("workload", "input_tokens"))
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        _type(qtbot, prompt.number, "3000")
    changed = _per_year(window, "OpenAI GPT-4o")
    window.setFocus()
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        window.session.undo_stack.undo()
    assert prompt.number.text() == fmt.number(1500)
    assert _per_year(window, "OpenAI GPT-4o") == before
    assert window.windowTitle().startswith(SUPPORT) and "*" not in window.windowTitle()
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        window.session.undo_stack.redo()
    assert _per_year(window, "OpenAI GPT-4o") == changed and "*" in window.windowTitle()


def test_unsaved_edits_survive_a_crash_and_are_offered_back(qtbot, window, tmp_path,
                                                            monkeypatch):
    prompt = _field(window, "inputs", ("workload", "input_tokens"))
    _type(qtbot, prompt.number, "3210")
    kept = window.recovery.path
    # desktop.recovery.AUTOSAVE_DELAY_MS = 1500 after the last keystroke
    qtbot.waitUntil(lambda: kept.exists() and "3210" in kept.read_text(), timeout=5000)
    crashed = tmp_path / "left-by-the-crash.json"
    shutil.copy(kept, crashed)  # what a killed process leaves behind
    window.session.undo_stack.setClean()
    assert not kept.exists()  # clean: nothing to keep
    shutil.copy(crashed, kept)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda _parent, _title, text, *_: asked.append(text) or QMessageBox.StandardButton.Yes))
    again = MainWindow(tmp_path / "llmplan.db", start=False)
    again.finish_start()
    try:
        assert SUPPORT in asked[0]
        assert again.session.name == SUPPORT
        assert again.session.value(("workload", "input_tokens")) == 3210
        assert not again.session.undo_stack.isClean()  # brought back, not yet saved
    finally:
        again.session.undo_stack.setClean()
        again.close()


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_the_window(qtbot, window,
                                                                     monkeypatch):
    prompt = _field(window, "inputs", ("workload", "input_tokens"))
    _type(qtbot, prompt.number, "3210")
    answers = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_: answers.pop()))
    assert not window.close() and window.isVisible()
    assert window.session.value(("workload", "input_tokens")) == 3210
    window._keep_edits()
    assert window.recovery.path.exists()
    answers.append(QMessageBox.StandardButton.Discard)
    assert window.close()
    assert not window.recovery.path.exists()  # dropped on purpose: nothing to offer later


def test_a_saved_scenario_leaves_no_recovery_file(qtbot, window):
    prompt = _field(window, "inputs", ("workload", "input_tokens"))
    _type(qtbot, prompt.number, "3210")
    window._keep_edits()
    assert window.recovery.path.exists()
    assert window.save()
    assert not window.recovery.path.exists()


def test_a_damaged_recovery_file_is_set_aside_without_a_question(qtbot, tmp_path,
                                                                  monkeypatch):
    (tmp_path / "llmplan.recovery.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *_: pytest.fail("asked about a damaged file")))
    window = MainWindow(tmp_path / "llmplan.db", start=False)
    window.finish_start()
    assert (tmp_path / "llmplan.recovery.damaged").exists()
    window.close()


def test_notes_are_edited_in_the_app_one_per_line(qtbot, window):
    notes = window.pages["inputs"].notes
    notes.setFocus()
    notes.selectAll()
    qtbot.keyClicks(notes, "Quote from reseller pending")
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClicks(notes, "Volume from the call centre")
    _wait_plan(qtbot, window)
    assert window.session.scenario.notes == ("Quote from reseller pending",
                                             "Volume from the call centre")
    assert notes.toPlainText().count("\n") == 2  # the blank line being typed stays
    window.setFocus()
    window.session.undo_stack.undo()
    assert window.session.value(("notes",)) != ["Quote from reseller pending",
                                                 "Volume from the call centre"]


def test_a_duplicated_scenario_is_told_apart_in_the_list(qtbot, window):
    window.duplicate_scenario()
    assert "keeps every assumption" in window.statusBar().currentMessage()
    names = window.scenario_list.names()
    copy = next(name for name in names if name.endswith("(copy)"))
    view = window.scenario_list.view
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle and not view.wordWrap()
    proxy = window.scenario_list.proxy
    row = next(r for r in range(proxy.rowCount())
               if proxy.data(proxy.index(r, 0)) == copy)
    assert proxy.data(proxy.index(row, 0), Qt.ItemDataRole.ToolTipRole) == copy
    shown = view.fontMetrics().elidedText(copy, Qt.TextElideMode.ElideMiddle,
                                          view.columnWidth(0) - 8)
    assert shown.endswith("(copy)") and shown != SUPPORT


def _one_server_for_five_times_the_load(window):
    document = json.loads(json.dumps(window.session.document))
    document["workload"]["requests_per_day"] = 500000  # 5 x the example's likely volume
    for option in document["options"]:
        if option["kind"] == "onprem":
            option.update(servers=1, min_servers=1, spare_servers=0)
    window.session.replace_document(document, "overload")
    window.session.recompute()
    return next(o for o in window.session.plan.options if o.kind == "onprem")


def test_an_option_over_capacity_says_so_on_its_card_and_chart(qtbot, window):
    onprem = _one_server_for_five_times_the_load(window)
    assert onprem.cost.carries is False and onprem.cost.utilisation > 1
    page = window.pages["costs"]
    card = next(c for c in page.cards if onprem.name in c.title.text())
    assert not card.warning.isHidden()
    # the share of the peak load its servers carry, as the break-even and payback rows say
    assert fmt.share(onprem.cost.shortfall.share) in card.warning.text()
    assert card.warning.text().startswith("⚠ Over capacity: On-prem 8x H100 server carries only")
    page.tabs.setCurrentWidget(page.utilisation)
    chart = page.utilisation
    x_high = chart.item.viewRange()[0][1]
    assert x_high <= 103  # 100 % and its 2 % padding: no axis running out to 134 %
    markers = [key for key in chart._items if key[0] == "marker"]
    assert any(key[1] == 100 and key[4] for key in markers)  # the red marker at the edge


def test_past_capacity_there_is_no_payback_and_the_table_says_why(qtbot, window):
    onprem = _one_server_for_five_times_the_load(window)
    rows = dict(window.pages["costs"].comparisons.rows)
    paybacks = [text for label, text in rows.items()
                if label.startswith(f"Payback: {onprem.name}")]
    share = fmt.share(onprem.cost.shortfall.share)
    assert paybacks and all(text.startswith("no payback: ") and share in text
                            for text in paybacks)
    assert all("at its 1 server" in text and "server(s)" not in text for text in paybacks)
    assert not any(text.startswith("month ") for text in paybacks)


def test_an_on_prem_card_names_its_two_horizon_figures_and_explains_them(window):
    plan = window.session.plan
    page = window.pages["costs"]
    onprem = plan.option("On-prem 8x H100 server")
    card = next(c for c in page.cards if onprem.name in c.title.text())
    text = card.figures.text()
    assert "cost over 36 months (depreciated)" in text
    assert "cash spent by month 36" in text
    assert fmt.money(onprem.tco, "EUR") in text and fmt.money(onprem.cash_by_horizon, "EUR") in text
    assert onprem.tco != onprem.cash_by_horizon
    assert "written off" in card.figures.toolTip()
    api = next(c for c in page.cards if "OpenAI GPT-4o" in c.title.text())
    assert "cost over 36 months&nbsp;" in api.figures.text()
    assert "cash spent" not in api.figures.text()


def test_the_notes_say_whether_a_fine_tuning_run_fits_each_options_gpus(window):
    document = json.loads(json.dumps(window.session.document))
    document["finetune"] = {"method": "lora"}
    window.session.replace_document(document, "fine-tune")
    window.session.recompute()
    memory = window.session.plan.memory
    notes = [window.pages["costs"].notes.item(i).text()
             for i in range(window.pages["costs"].notes.count())]
    # a 70B LoRA run holds a 16-bit base: about 141 GB (core.serving.finetune)
    assert notes[0].startswith("Fine-tuning meta-llama/Llama-3.1-70B (lora) needs "
                               + fmt.gb(memory.finetune_bytes))
    verdicts = {item.option: item.fits for item in memory.fits}
    assert verdicts == {"Lambda H100 SXM, office hours": False, "On-prem 8x H100 server": True}
    assert any("On-prem 8x H100 server: fits on 8 × H100" in note for note in notes)
    assert any("Lambda H100 SXM, office hours: does not fit on 1 × H100" in note
               for note in notes)


def test_every_card_shows_its_whole_breakdown_without_scrolling(window):
    page = window.pages["costs"]
    window.resize(1000, 800)  # narrower than four cards: they wrap into rows
    window.tabs.setCurrentWidget(page)
    QApplication.processEvents()
    assert page.card_area.horizontalScrollBar().maximum() == 0  # no card cut at the right
    assert page._placed[1] < 4
    for card in (c for c in page.cards if not c.isHidden()):
        table = card.table
        assert table.verticalScrollBar().maximum() == 0
        assert table.horizontalScrollBar().maximum() == 0
        assert table.height() >= table.rowHeight(0) * card.breakdown.rowCount()


def test_the_inputs_page_fits_the_window_width_and_shows_whole_numbers(window):
    window.resize(1400, 900)  # the window's first size (desktop.window_base)
    page = window.pages["inputs"]
    window.tabs.setCurrentWidget(page)
    QApplication.processEvents()
    assert page.horizontalScrollBar().maximum() == 0  # long model names widen no form
    requests = page.requests.number
    assert requests.width() >= requests.fontMetrics().horizontalAdvance(requests.text())


def test_option_fields_show_what_the_catalog_fills_with_its_source(qtbot, window):
    page = window.pages["options"]
    window.tabs.setCurrentWidget(page)
    catalog = window.session.catalog
    instance = catalog.cloud[0]
    page.add_from_catalog("cloud", instance.id)
    editors = page._rows.editors
    assert editors["gpu"].currentText() == f"{match_gpu(instance.gpu).name} (from the catalog)"
    assert editors["gpus_per_instance"].placeholderText() == \
        f"{instance.gpus} from the catalog"
    price = catalog.convert(instance.price_per_hour, instance.currency, "EUR")
    assert editors["price_per_hour"].placeholderText() == \
        f"{fmt.number(round(price, 4), 4).rstrip('0').rstrip('.')} from the catalog"
    assert instance.source in editors["price_per_hour"].toolTip()
    assert editors["price_date"].placeholderText() == f"{instance.price_date} (from the catalog)"
    assert editors["storage_gb"].placeholderText() == "default 0"  # nothing from the catalog
    page.list.setCurrentRow(0)  # OpenAI GPT-4o: an API priced from the catalog
    gpt = catalog.find_api("openai/gpt-4o")
    assert editors is not page._rows.editors
    assert page._rows.editors["price_out_per_m"].placeholderText().endswith(
        "from the catalog")
    assert gpt.source in page._rows.editors["price_out_per_m"].toolTip()


def test_each_lever_saving_shows_under_the_option_it_belongs_to(window):
    """A lever lists only the options it applies to (the batch API only the APIs that price
    it, a cheaper quantization only the self-hosted ones): the table matches by name."""
    plan = window.session.plan
    table = window.pages["costs"].levers
    # a title is over several lines on screen: its words in one line
    titles = [" ".join(table.headerData(c, Qt.Orientation.Horizontal).split()) for c in
              range(table.columnCount())]
    skipped = 0
    for row, lever in enumerate(plan.levers):
        savings = {name: None if before is None or after is None else before - after
                   for name, before, after in lever.savings}
        for option in plan.options:
            column = next(i for i, title in enumerate(titles) if title.startswith(option.name))
            cell = table.data(table.index(row, column))
            if option.name in savings and savings[option.name] is not None:
                assert cell == fmt.money(savings[option.name], plan.currency), \
                    (lever.name, option.name)
            else:
                assert cell == "—", (lever.name, option.name)
                skipped += 1
    assert skipped, "some lever must leave an option out, or the test shows nothing"


def test_an_option_added_from_the_catalog_gets_its_card(qtbot, window):
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        window.pages["options"].add_from_catalog("cloud", "aws-p5.4xlarge@us-east-2")
    names = [option.name for option in window.session.plan.options]
    assert names[-1] == "AWS p5.4xlarge" and len(names) == 5
    cards = [card for card in window.pages["costs"].cards if not card.isHidden()]
    assert len(cards) == 5 and "AWS p5.4xlarge" in cards[-1].title.text()


def test_saving_keeps_a_revision_and_deleting_can_be_undone(qtbot, window, tmp_path):
    hours = _field(window, "inputs", ("workload", "hours_per_day"))
    _type(qtbot, hours, "10")
    _wait_plan(qtbot, window)
    assert window.save()
    with Store(tmp_path / "llmplan.db") as store:
        assert store.load_scenario(SUPPORT).scenario.workload.hours_per_day == 10
        assert len(store.revisions(SUPPORT)) == 2
    window.delete_scenario()
    assert SUPPORT not in window.scenario_list.names()
    assert window.undo_delete.isVisibleTo(window)
    window.restore_deleted()
    assert SUPPORT in window.scenario_list.names() and window.session.name == SUPPORT
    assert window.session.scenario.workload.hours_per_day == 10


def test_an_imported_catalog_file_adds_a_version_and_reprices_the_scenario(qtbot, window,
                                                                          tmp_path):
    path = tmp_path / "prices.json"
    # GPT-4o at twice the bundled catalog's 2.50/10.00 USD per 1M tokens, at its USD rate.
    bundled = default_catalog()
    path.write_text(json.dumps({
        "format": "llmplan-prices", "version": 1, "retrieved": "2026-11-20",
        "exchange_rates": {"base": "EUR", "rates": {"EUR": 1.0, "USD": bundled.rates["USD"]},
                           "source": bundled.rates_source, "date": bundled.rates_date},
        "api_models": [{"id": "openai/gpt-4o", "provider": "OpenAI", "model": "gpt-4o",
                        "price_in_per_m": 5.0, "price_out_per_m": 20.0,
                        "price_cached_in_per_m": 2.5, "currency": "USD",
                        "source": "test quote", "price_date": "2026-11-20"}]}))
    before = _per_year(window, "OpenAI GPT-4o")
    task = window.import_catalog(str(path))
    qtbot.waitUntil(lambda: not task.running, timeout=5000)
    if window.session.pending:
        _wait_plan(qtbot, window)
    assert window.session.catalog_version == 2
    assert _per_year(window, "OpenAI GPT-4o") == pytest.approx(before * 2, rel=1e-6)
    catalog = window.pages["catalog"]
    assert catalog.versions.rows[0].version == 2
    assert [(c.id, c.change) for c in catalog.changes.rows] == [("openai/gpt-4o", "changed")]


def test_a_negative_price_is_refused_in_the_edit_dialog(qtbot, window):
    page = window.pages["catalog"]
    page.kind.setCurrentIndex(page.kind.findData("cloud"))
    entry = next(e for e in page.catalog.cloud if e.id == "lambda-gpu_1x_h100_sxm5@us-east-1")
    dialog = EditPriceDialog(page, page.catalog, "cloud", entry)
    qtbot.addWidget(dialog)
    dialog.edits["price_per_hour"].setText("-2")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "'price_per_hour' must be a number >= 0" in dialog.error.text()
    dialog.edits["price_per_hour"].setText("2.99")
    dialog.accept()
    edited = dialog.result_catalog.find_cloud("lambda-gpu_1x_h100_sxm5@us-east-1")
    assert edited.price_per_hour == 2.99


def test_probing_with_fake_nvml_lists_what_fits_the_gpus(qtbot, window, monkeypatch):
    monkeypatch.setenv("PATH", "")
    FakeNvml([h100(), h100(uuid="GPU-2", bus="00000000:3B:00.0")]).install(monkeypatch)
    task = window.probe_here()
    qtbot.waitUntil(lambda: not task.running, timeout=5000)
    page = window.pages["hardware"]
    assert page.from_profile.isChecked() and page.profile.ok
    assert "2 x NVIDIA H100 80GB HBM3" in page.gpu_set.currentText()
    assert page.rows.rows and max(r.gpus_used for r in page.rows.rows) <= 2
    assert page.fit_result is not None and page.memory.data is page.fit_result
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        window.attach_profile("On-prem 8x H100 server")
    option = window.session.scenario.options[3]
    assert option.profile in window.session.scenario.hardware and option.gpu is None


def test_the_hardware_page_starts_from_the_scenario_and_keeps_what_the_user_set(window):
    page = window.pages["hardware"]
    # support-assistant.llmplan.json: 1,500 prompt + 300 answer tokens, batch_size 16
    assert (page.context.value(), page.concurrency.value()) == (1800, 16)
    window.session.set_value(("workload", "output_tokens"), 700)
    window.session.recompute()
    assert page.context.value() == 2200  # followed the scenario: the user had not set it
    page.concurrency.setValue(4)
    window.session.set_value(("workload", "output_tokens"), 900)
    window.session.recompute()
    assert page.concurrency.value() == 4  # the user's own value stays


def test_the_chosen_gpu_is_remembered_by_the_next_window(qtbot, window, tmp_path):
    page = window.pages["hardware"]
    page.gpu.setCurrentIndex(page.gpu.findData("l40s"))
    page.gpus.setValue(2)
    window.session.undo_stack.setClean()
    window.close()
    again = MainWindow(tmp_path / "llmplan.db", start=False)
    again.finish_start()
    try:
        chosen = again.pages["hardware"].chosen_gpus()
        assert (chosen[0].id, chosen[1]) == ("l40s", 2)
    finally:
        again.close()


def test_an_option_runs_on_the_catalog_gpus_chosen_on_the_hardware_page(qtbot, window):
    page = window.pages["hardware"]
    page.gpu.setCurrentIndex(page.gpu.findData("l40s"))
    page.gpus.setValue(2)
    assert page.attach.isEnabled()
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        window.attach_profile("On-prem 8x H100 server")
    option = next(o for o in window.session.scenario.options
                  if o.name == "On-prem 8x H100 server")
    assert (option.gpu, option.gpus_per_server) == ("L40S", 2)
    assert window.session.undo_stack.undoText().startswith("Run On-prem 8x H100 server on 2")


def test_a_probe_without_a_driver_says_so_in_a_dialog(qtbot, window, monkeypatch):
    monkeypatch.setenv("PATH", "")
    FakeNvml([], init_error=pynvml.NVML_ERROR_LIBRARY_NOT_FOUND).install(monkeypatch)
    task = window.probe_here()
    qtbot.waitUntil(lambda: not task.running, timeout=5000)
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.objectName() == "errorDialog"]
    assert dialogs and "NVML ships with the NVIDIA driver" in dialogs[-1].text()
    assert window.pages["hardware"].profile is None


def test_a_score_changed_in_the_table_is_saved_in_the_scenario(qtbot, window):
    scores = window.pages["decision"].scores
    # columns: option, total, cost, data_control, ...; row 0 is OpenAI GPT-4o
    index = scores.index(0, 3)
    assert scores.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not scores.flags(scores.index(0, 2)) & Qt.ItemFlag.ItemIsEditable  # cost: computed
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        assert scores.setData(index, 5)
    assert window.session.scenario.options[0].scores["data_control"] == 5.0
    assert dict((name, s) for name, _, s in window.session.plan.recommendation.scores)[
        "OpenAI GPT-4o"]["data_control"] == 5.0


def test_the_use_model_button_sets_the_self_hosted_model(qtbot, window):
    page = window.pages["hardware"]
    window.tabs.setCurrentWidget(page)  # the table is made when the page is shown
    row = next(r for r in page.rows.rows if r.quant == "int4-awq")
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        window.use_model(row, "Every self-hosted option")
    model = window.session.scenario.model
    assert (model.id, model.quant, model.engine) == (row.model_id, "int4-awq", row.engine)


def test_a_model_can_be_used_for_one_option_and_shows_in_its_form(qtbot, window,
                                                                  monkeypatch):
    page = window.pages["hardware"]
    window.tabs.setCurrentWidget(page)
    row = next(r for r in page.rows.rows if r.quant == "int4-awq")
    before = window.session.scenario.model
    offered = []
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda _p, _t, _l, items, *_: offered.extend(items) or ("On-prem 8x H100 server",
                                                                 True)))
    with qtbot.waitSignal(window.session.plan_changed, timeout=3000):
        page.use_model.click()
    assert offered == ["Every self-hosted option", "Lambda H100 SXM, office hours",
                       "On-prem 8x H100 server"]
    scenario = window.session.scenario
    assert scenario.model == before  # the other options keep the scenario's model
    onprem = next(o for o in scenario.options if o.name == "On-prem 8x H100 server")
    assert (onprem.model.id, onprem.model.quant) == (row.model_id, "int4-awq")
    assert window.session.plan.option("On-prem 8x H100 server").model == row.model_id
    options = window.pages["options"]
    options.list.setCurrentRow(3)
    editor = options._rows.editors["model"]
    assert editor.model.currentData() == row.model_id
    editor.model.setCurrentIndex(0)  # back to the scenario's model
    editor.model.activated.emit(0)
    assert window.session.value(("options", 3, "model")) is None


def test_an_estimated_model_says_so_in_its_row_and_under_the_chart(window):
    page = window.pages["hardware"]
    window.tabs.setCurrentWidget(page)
    page.gpu.setCurrentIndex(page.gpu.findData("h200-sxm"))
    page.gpus.setValue(8)
    page.update_table()
    sizes = next(column for column in range(page.proxy.columnCount())
                 if page.proxy.headerData(column, Qt.Orientation.Horizontal) == "Sizes")
    page.filter.setText("DeepSeek-V4")
    assert page.proxy.rowCount() > 0
    assert page.proxy.index(0, sizes).data() == "estimate"
    page.view.selectRow(0)
    assert page.fit_notes.text().startswith("Estimate, not an exact size:")
    assert "compress_ratios" in page.fit_notes.text()
    page.filter.setText("DeepSeek-V3 / R1")
    page.view.selectRow(0)
    assert page.proxy.index(0, sizes).data() == "exact"
    assert "latent attention (MLA)" in page.fit_notes.text()


def test_the_recommendation_table_follows_the_prompt_length_once_shown(window):
    page = window.pages["hardware"]
    window.tabs.setCurrentWidget(page)
    before = {(r.model_id, r.quant, r.engine): r.requests_per_hour for r in page.rows.rows}
    window.tabs.setCurrentWidget(window.pages["inputs"])
    window.session.set_value(("workload", "input_tokens"), 8000)
    window.session.recompute()
    window.tabs.setCurrentWidget(page)
    after = {(r.model_id, r.quant, r.engine): r.requests_per_hour for r in page.rows.rows}
    # longer prompts: the context (prompt + answer) grows with them, so fewer models fit, and
    # more prefill per request means fewer requests per hour on the same GPUs
    assert page.context.value() == 8000 + 300
    assert after.keys() < before.keys()
    assert sum(1 for key in after if before[key]) > 10
    assert all(after[key] < before[key] for key in after if before[key])


def test_the_dark_theme_recolours_the_charts(window):
    window.set_theme("dark")
    chart = window.pages["costs"].cumulative
    assert chart.backgroundBrush().color().lightness() < 60
    window.set_theme("light")
    assert chart.backgroundBrush().color().lightness() > 200


def test_the_pdf_proposal_is_written_with_the_report_settings(qtbot, window, tmp_path):
    from pypdf import PdfReader

    from core.report.words import money
    from desktop.report_dialog import ReportDialog

    dialog = ReportDialog(window, window.settings)
    dialog.organisation.setText("ACME GmbH")
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    dialog.accept()
    path = tmp_path / "proposal.pdf"
    task = window.export_pdf(str(path), ask=False)
    qtbot.waitUntil(lambda: not task.running, timeout=20000)
    reader = PdfReader(path)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    plan = window.session.plan
    assert SUPPORT in text and "ACME GmbH" in text
    assert money(plan.option("OpenAI GPT-4o").per_year, "EUR", "en") in text  # the UI language
    assert f"catalog version {window.session.catalog_version}" in text  # on the cover
    # US Letter, 8.5 x 11 in = 612 x 792 pt
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    assert str(path) in window.statusBar().currentMessage()


def test_a_pdf_is_refused_while_a_value_is_invalid(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("desktop.window_files.show_error", lambda *args: shown.append(args[-1]))
    window.session.set_value(("workload", "hours_per_day"), 30)
    assert window.export_pdf(str(tmp_path / "x.pdf"), ask=False) is None
    assert shown and "Correct the value first" in shown[0]
    assert not (tmp_path / "x.pdf").exists()


def test_a_name_with_markup_shows_as_text_everywhere(qtbot, window, tmp_path):
    """An option name is text from a user or a file: '<img src=...>' must not load a file nor
    '<b>' make bold in the cards, the legends or the recommendation."""
    (tmp_path / "x.png").write_bytes(b"not an image")
    name = f"<b>bold</b> <img src='{tmp_path / 'x.png'}'> &amp;"
    index = next(i for i, o in enumerate(window.session.document["options"])
                 if o["name"] == "Together Llama 3.1 70B")  # the recommended option
    window.session.set_value(("options", index, "name"), name.replace("/", "|"))
    window.session.recompute()
    shown = name.replace("/", "|")
    page = window.pages["costs"]
    card = next(c for c in page.cards if "bold" in c.title.text())
    document = QTextDocument()
    document.setHtml(card.title.text())
    assert document.toPlainText().startswith(shown)  # the markup is the text
    legend_texts = [label.text for _sample, label in page.cumulative.legend.items]
    # a legend keeps a long name's start and end (desktop.charts.short_name)
    assert any(html.unescape(text) == short_name(shown) for text in legend_texts)
    recommendation = window.pages["decision"].recommendation.text()
    document.setHtml(recommendation)
    assert shown in document.toPlainText()
    assert "<img" not in recommendation and "<b>bold" not in recommendation


def test_tables_export_as_csv(window, tmp_path):
    window.tabs.setCurrentWidget(window.pages["decision"])
    path = tmp_path / "scores.csv"
    window.export_csv(str(path))
    lines = path.read_text().splitlines()
    assert lines[0].startswith("Option,Weighted total,Cost")
    assert len(lines) == 5 and lines[1].startswith("OpenAI GPT-4o,")


def test_an_option_named_like_a_formula_exports_as_inert_text(window, tmp_path):
    window.session.set_value(("options", 0, "name"), "@SUM(A1:A9)")
    window.session.recompute()
    window.tabs.setCurrentWidget(window.pages["decision"])
    path = tmp_path / "scores.csv"
    window.export_csv(str(path))
    # OWASP CSV injection: the cell starts with an apostrophe, not with '='
    assert path.read_text().splitlines()[1].startswith("'@SUM(A1:A9),")


def test_scenario_and_prices_export_to_files_that_read_back(window, tmp_path, monkeypatch):
    from core.costing.scenario import load_scenario
    from core.pricing.importers import read_price_file

    window.export_scenario(str(tmp_path / "scenario.llmplan.json"))
    assert load_scenario(tmp_path / "scenario.llmplan.json") == window.session.scenario
    window.export_catalog(str(tmp_path / "prices.csv"))
    result = read_price_file(tmp_path / "prices.csv")
    assert result.format == "llmplan-csv" and not result.skipped
    assert result.catalog.api == window.store.catalog().api
    assert str(tmp_path / "prices.csv") in window.statusBar().currentMessage()
    shown = []
    monkeypatch.setattr("desktop.window_files.show_error", lambda *args: shown.append(args))
    window.export_catalog(str(tmp_path / "no-such-folder" / "prices.json"))
    assert shown and shown[0][1] == "Export prices" and "cannot write" in str(shown[0][2])
    assert not (tmp_path / "no-such-folder").exists()


def test_every_table_model_passes_the_model_tester(qtmodeltester, window):
    pages = window.pages
    window.tabs.setCurrentWidget(pages["hardware"])  # fills the recommendation table
    assert pages["hardware"].rows.rows
    for model in (pages["hardware"].rows, pages["hardware"].proxy, pages["decision"].scores,
                  pages["costs"].levers, pages["costs"].comparisons,
                  pages["costs"].cards[0].breakdown, pages["catalog"].rows,
                  pages["catalog"].versions, pages["catalog"].changes,
                  window.scenario_list.rows):
        qtmodeltester.check(model)


def test_money_follows_the_locale():
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        assert fmt.money(12345.0, "EUR") == "12.345\xa0€"
        assert fmt.parse_number("1,5") == 1.5
    finally:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert fmt.money(12345.0, "EUR") == "€12,345"
    assert fmt.money(None, "EUR") == "unknown"


def test_every_ui_text_has_a_german_translation():
    assert translations.main(["check"]) == 0


def test_the_translation_file_compiles_as_make_setup_compiles_it(tmp_path):
    """A translation holding markup (a text replaced into itself) is valid XML, so the check
    above read it, but lrelease refused the file and `make setup` stopped."""
    import subprocess

    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    done = subprocess.run([str(lrelease), "-silent", str(translations.TS_FILE), "-qm",
                           str(tmp_path / "de.qm")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "de.qm").stat().st_size > 10_000


def test_the_german_ui_shows_german_labels_and_figures(qtbot, tmp_path):
    app = QApplication.instance()
    loaded = install(app, "de")
    try:
        assert loaded, "resources/translations/llmplan_de.qm is missing: run `make setup`"
        window = MainWindow(tmp_path / "llmplan.db", start=False)
        window.show()
        window.finish_start()
        window.open_scenario(SUPPORT, ask=False)
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert titles == ["Last && Modell", "Optionen", "Hardware && Passung", "Kosten",
                          "Entscheidung", "Preiskatalog"]
        card = window.pages["costs"].cards[0]
        assert "pro Jahr" in card.figures.text()
        assert fmt.money(window.session.plan.options[0].per_year, "EUR") \
            in card.figures.text() and "\xa0€" in card.figures.text()
        window.session.undo_stack.setClean()
        window.close()
    finally:
        for translator in loaded:
            app.removeTranslator(translator)
        install(app, "en")


def _smoke(code=None):
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "desktop", "--smoke"] if code is None else \
        [sys.executable, "-c", code]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=180,
                          cwd=Path(__file__).parents[2])


def test_smoke_run_computes_the_example_writes_its_pdf_and_leaves_saved_data_alone(tmp_path):
    store = Store(tmp_path / "llmplan.db")  # the user's database, as LLMPLAN_DB names it
    store.set_setting("mine", "kept")
    store.close()
    before = (tmp_path / "llmplan.db").read_bytes()
    done = _smoke()
    assert done.returncode == 0, done.stderr
    assert f"'{SUPPORT}', 4 options, recommended" in done.stdout
    assert "PDF proposal" in done.stdout
    assert (tmp_path / "llmplan.db").read_bytes() == before
    assert not (tmp_path / "settings.ini").exists()


def test_smoke_run_fails_with_the_missing_file_named(tmp_path):
    # a bundle that lacks the fonts: the PDF cannot be written, and the run says why
    resources = tmp_path / "resources"
    shutil.copytree(Path(__file__).parents[2] / "resources", resources,
                    ignore=shutil.ignore_patterns("fonts"))
    code = ("import sys, pathlib, core.resources as r\n"
            f"r.resource_dir = lambda: pathlib.Path({str(resources)!r})\n"
            "from desktop.app import main\n"
            "sys.exit(main(['llmplan-desktop', '--smoke']))\n")
    done = _smoke(code)
    assert done.returncode == 1
    assert "smoke: FAILED" in done.stderr
    assert "DejaVuSans" in done.stderr
    assert "Traceback" not in done.stderr
