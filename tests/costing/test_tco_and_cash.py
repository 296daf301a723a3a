"""Issue 19: an on-prem option's two figures over the horizon, the depreciated cost (TCO) and
the cash spent, are named apart and explained in one sentence wherever both show."""

import json

import pytest
from pypdf import PdfReader

from core.cli import main
from core.costing.plan import calculate
from core.costing.plan_text import cash_label, tco_and_cash_note, tco_label
from core.costing.scenario import scenario_from_dict
from core.pricing.catalog import default_catalog
from core.report import ReportSettings, build_report


def _document():
    # A 120,000 server with no running cost, depreciated over 5 years, against renting
    # (tests/costing/test_plan.py's payback case), over 24 months.
    return {
        "format": "llmplan-scenario", "format_version": 1, "name": "buy or rent",
        "currency": "EUR", "horizon_months": 24,
        "workload": {"requests_per_hour": 100, "input_tokens": 800, "output_tokens": 200},
        "options": [
            {"kind": "cloud", "name": "rent", "price_per_hour": 10_000 * 12 / 8760},
            {"kind": "onprem", "name": "buy", "server_price": 120_000, "servers": 1,
             "gpu_watts": 0, "price_per_kwh": 0, "maintenance_share_per_year": 0,
             "depreciation_years": 5}]}


def test_an_on_prem_option_has_both_figures_and_they_differ():
    plan = calculate(scenario_from_dict(_document()), default_catalog())
    buy, rent = plan.option("buy"), plan.option("rent")
    # 120,000 / 5 years = 24,000 a year, 2 years = 48,000 depreciated; all 120,000 paid at
    # month 0 and nothing after: 120,000 spent by month 24.
    assert buy.tco == pytest.approx(48_000)
    assert buy.cash_by_horizon == pytest.approx(120_000)
    assert buy.cash_by_horizon == next(c for c in plan.curves if c.name == "buy").values[-1]
    assert buy.tco_differs_from_cash and not rent.tco_differs_from_cash
    # renting: 10,000 a month, the same both ways
    assert rent.tco == pytest.approx(rent.cash_by_horizon) == pytest.approx(240_000)
    assert plan.to_json()["options"][1]["cash_by_horizon"] == pytest.approx(120_000)


def test_the_labels_and_the_sentence_name_the_two_figures():
    assert tco_label(36) == "cost over 36 months (depreciated)"
    assert cash_label(36) == "cash spent by month 36"
    note = tco_and_cash_note(36)
    assert note.count(".") == 1 and note.endswith(".")  # one sentence
    assert tco_label(36) in note and cash_label(36) in note
    # the same names in German (resources/locale/de/report.po), in the German sentence
    assert tco_label(36, "de") == "Kosten über 36 Monate (abgeschrieben)"
    assert cash_label(36, "de") == "bis Monat 36 gezahlt"
    assert tco_label(36, "de") in tco_and_cash_note(36, "de")


def test_the_cost_text_names_both_and_explains_once(tmp_path, capsys):
    path = tmp_path / "buy.llmplan.json"
    path.write_text(json.dumps(_document()))
    assert main(["cost", str(path)]) == 0
    text = capsys.readouterr().out
    assert "TCO = cost over 24 months (depreciated)" in text
    assert "cost over 24 months (depreciated): 48,000.00; cash spent by month 24: 120,000.00" \
        in text
    assert text.count(tco_and_cash_note(24)) == 1


def test_the_proposal_names_both_and_explains(tmp_path):
    scenario = scenario_from_dict(_document())
    plan = calculate(scenario, default_catalog())
    path = tmp_path / "proposal.pdf"
    path.write_bytes(build_report(plan, scenario, default_catalog(), ReportSettings()))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
    assert "cost over 24 months (depreciated): €48,000" in text
    assert "cash spent by month 24: €120,000" in text
    assert "Cash spent over 24 months, cumulative" in text
    assert text.count(tco_and_cash_note(24)) == 2  # with the option, and under the chart
    assert "TCO, 24 months" not in text
