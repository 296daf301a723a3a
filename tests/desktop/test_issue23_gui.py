"""Issue 23 in the window: hybrids, owned servers, regions, residency and an hourly load profile
are edited on the Options and Inputs pages and written into the scenario document."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.costing.scenario import HybridOption
from desktop import fmt
from desktop.fields import ChoiceEdit

INSURER = Path(__file__).parents[2] / "resources" / "examples" / "insurer-hybrid.llmplan.json"
HYBRID = "Owned box + Mistral overflow"
SEED_A = "Seed case A: one H100 on Lambda, billed per second"


def _options_page(window):
    page = window.pages["options"]
    window.tabs.setCurrentWidget(page)
    return page


def _row(window, name):
    return next(index for index, option in enumerate(window.session.document["options"])
                if option["name"] == name)


def _items(box):
    return [box.itemData(index) for index in range(box.count())]


def _type_lines(qtbot, editor, lines):
    editor.setFocus()
    editor.selectAll()
    for index, line in enumerate(lines):
        if index:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)


def test_the_insurer_example_lists_its_hybrid_with_base_and_overflow_choices(qtbot, window):
    window.import_scenario(str(INSURER))
    assert window.session.scenario.name.startswith("Insurer")
    page = _options_page(window)
    row = _row(window, HYBRID)
    assert page.list.item(row).text() == f"{HYBRID}\n   Hybrid: base + overflow"
    page.list.setCurrentRow(row)
    editors = page._rows.editors
    assert set(editors) == {"name", "base", "overflow", "source", "price_date",
                            "recommendable"}
    base, overflow = editors["base"], editors["overflow"]
    assert isinstance(base, ChoiceEdit) and isinstance(overflow, ChoiceEdit)
    # on-prem servers and cloud GPUs kept running (service hours) may carry the base
    assert _items(base) == ["Owned 2x L40S box", "New server, RTX PRO 6000",
                            "Nebius L40S, Finland"]
    assert _items(overflow) == ["Mistral Small 4 API (EU)", "OpenAI GPT-5 mini"]
    assert base.currentData() == "Owned 2x L40S box"
    assert overflow.currentData() == "Mistral Small 4 API (EU)"
    overflow.setCurrentIndex(1)
    overflow.activated.emit(1)
    assert window.session.document["options"][row]["overflow"] == "OpenAI GPT-5 mini"
    assert window.session.valid and window.session.scenario.options[row].overflow == \
        "OpenAI GPT-5 mini"


def test_the_new_fields_of_each_kind_are_in_its_form(qtbot, window):
    window.import_scenario(str(INSURER))
    page = _options_page(window)
    page.list.setCurrentRow(_row(window, "Owned 2x L40S box"))
    editors = page._rows.editors
    for name in ("owned", "book_value", "remaining_life_years", "idle_watts_per_gpu",
                 "host_idle_watts", "power_hours", "maintenance_per_year", "region",
                 "staff_fte", "integration"):
        assert name in editors, name
    assert editors["owned"].isChecked()
    assert _items(editors["power_hours"]) == ["always_on", "service_hours"]
    page.list.setCurrentRow(_row(window, "Mistral Small 4 API (EU)"))
    editors = page._rows.editors
    for name in ("fine_tuned", "price_in_finetuned_per_m", "price_out_finetuned_per_m",
                 "hosting_per_hour", "region", "staff_fte", "integration"):
        assert name in editors, name
    assert editors["integration"].text() == fmt.number(20000)
    page.list.setCurrentRow(_row(window, "Nebius L40S, Finland"))
    editors = page._rows.editors
    region = editors["region"]
    # empty: the catalog row's region, greyed
    assert region.placeholderText().startswith("eu-north1") \
        and region.placeholderText().endswith("(from the catalog)")
    region.setFocus()
    qtbot.keyClicks(region, "fi")
    assert window.session.value(("options", _row(window, "Nebius L40S, Finland"),
                                 "region")) == "fi"
    region.selectAll()
    qtbot.keyClick(region, Qt.Key.Key_Delete)  # emptied: the key goes, not ""
    assert "region" not in window.session.document["options"][
        _row(window, "Nebius L40S, Finland")]
    page.list.setCurrentRow(_row(window, "New server, RTX PRO 6000"))
    assert page._rows.editors["region"].placeholderText().startswith("e.g. eu")


def test_ticking_owned_on_an_on_prem_option_writes_owned_true(qtbot, window):
    page = _options_page(window)
    row = _row(window, "On-prem 8x H100 server")
    page.list.setCurrentRow(row)
    owned = page._rows.editors["owned"]
    assert not owned.isChecked()
    owned.click()
    assert window.session.document["options"][row]["owned"] is True
    assert window.session.valid and window.session.scenario.options[row].owned
    owned.click()  # back to the default: the key is left out
    assert "owned" not in window.session.document["options"][row]


def test_the_add_menu_appends_a_valid_hybrid_of_the_first_base_and_overflow(qtbot, window):
    page = _options_page(window)
    before = len(window.session.document["options"])
    page.add_hybrid_action.trigger()
    options = window.session.document["options"]
    assert len(options) == before + 1
    assert {key: options[-1][key] for key in ("kind", "base", "overflow")} == {
        "kind": "hybrid", "base": "Lambda H100 SXM, office hours", "overflow": "OpenAI GPT-4o"}
    window.session.recompute()
    scenario = window.session.scenario
    assert scenario is not None and window.session.valid
    assert isinstance(scenario.options[-1], HybridOption)
    assert scenario.options[-1].name == options[-1]["name"]
    assert page.list.currentRow() == before and "base" in page._rows.editors
    assert options[-1]["name"] in [option.name for option in window.session.plan.options]


def test_a_hybrid_needs_a_base_and_an_overflow_and_says_so(qtbot, window, monkeypatch):
    window.open_scenario(SEED_A, ask=False)
    shown = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda _parent, title, text, *_: shown.append(text)))
    before = window.session.document
    _options_page(window).add_hybrid_action.trigger()
    assert shown and "a base of on-prem servers or cloud GPUs kept running" in shown[0]
    assert window.session.document == before


def test_removing_a_hybrids_base_shows_the_scenario_message_and_undo_restores(qtbot, window):
    window.import_scenario(str(INSURER))
    page = _options_page(window)
    plan = window.session.plan
    page.list.setCurrentRow(_row(window, "Owned 2x L40S box"))
    page.remove.click()
    assert not window.session.valid
    assert "no option named 'Owned 2x L40S box'" in window.session.problem[1]
    assert window.banner.isVisibleTo(window) and "Owned 2x L40S box" in window.banner.text()
    page.list.setCurrentRow(_row(window, HYBRID))  # its form shows the name it still holds
    assert page._rows.editors["base"].currentText() == "Owned 2x L40S box"
    # the last valid scenario has another option at this row: none of its values show here
    assert page._rows.editors["source"].placeholderText() == ""
    assert window.session.plan is plan
    window.session.undo_stack.undo()
    assert window.session.valid


def test_renaming_a_part_renames_it_in_the_hybrid_in_one_step(qtbot, window):
    window.import_scenario(str(INSURER))
    page = _options_page(window)
    row = _row(window, "Owned 2x L40S box")
    page.list.setCurrentRow(row)
    name = page._rows.editors["name"]
    name.setFocus()
    name.end(False)
    qtbot.keyClicks(name, " 2")
    hybrid = window.session.document["options"][_row(window, HYBRID)]
    assert hybrid["base"] == "Owned 2x L40S box 2" and window.session.valid
    window.setFocus()
    window.session.undo_stack.undo()
    hybrid = window.session.document["options"][_row(window, HYBRID)]
    assert hybrid["base"] == "Owned 2x L40S box"
    assert window.session.document["options"][row]["name"] == "Owned 2x L40S box"


def test_residency_lines_write_a_list_of_jurisdictions(qtbot, window):
    residency = window.pages["inputs"].residency
    _type_lines(qtbot, residency, ["eu", "onprem"])
    assert window.session.document["residency"] == ["eu", "onprem"]
    window.session.recompute()
    assert window.session.scenario.residency == ("eu", "onprem")
    assert "outside the EU" in residency.toolTip()
    _type_lines(qtbot, residency, ["eu", "eu-central-1"])
    error = residency.error
    assert "is not a jurisdiction" in error.text() and not error.isHidden()


def test_the_hourly_profile_is_24_numbers_or_none(qtbot, window):
    profile = window.pages["inputs"].profile
    assert window.session.document["workload"]["hours_per_day"] == 12
    hours = [0.0] * 8 + [1.0] * 10 + [0.0] * 6
    profile.setFocus()
    qtbot.keyClicks(profile, ", ".join(f"{value:g}" for value in hours[:-1]))
    assert "give 24 values" in profile.error.text() and not profile.error.isHidden()
    qtbot.keyClicks(profile, ", 0")
    workload = window.session.document["workload"]
    assert workload["hourly_profile"] == hours
    # the profile sets the service hours and the peak: the example's own are dropped
    assert "hours_per_day" not in workload and "peak_to_average" not in workload
    assert window.session.valid and profile.error.isHidden()
    window.session.recompute()
    assert window.session.scenario.workload.hours_per_day == 10
    window.setFocus()
    window.session.undo_stack.undo()  # the typing was one step: the example's hours are back
    assert window.session.document["workload"]["hours_per_day"] == 12
    assert "hourly_profile" not in window.session.document["workload"]
    assert profile.text() == ""
    window.session.undo_stack.redo()
    assert profile.text() == ", ".join(["0"] * 8 + ["1"] * 10 + ["0"] * 6)
    profile.setFocus()
    profile.end(False)
    qtbot.keyClicks(profile, ", x")
    assert "'x' is not a number" in profile.error.text()
    profile.selectAll()
    qtbot.keyClick(profile, Qt.Key.Key_Delete)
    assert "hourly_profile" not in window.session.document["workload"]
