"""The plan's own sentences in both languages (issue 24): the recommendation's reasons
(decision.py), break-even and payback (sweeps.py, results.py), the plan's notes (plan.py), the
text of `llmplan cost` (plan_text.py) in English and German, and JSON that stays English
(plan_json.py)."""

import json

import pytest

from core.costing.plan import calculate
from core.costing.plan_text import cash_label, format_plan, tco_label
from core.costing.scenario import load_scenario, scenario_from_dict
from core.costing.sweeps import more_crossings
from core.i18n.render import render
from core.pricing.catalog import default_catalog
from core.resources import resource_dir

EXAMPLES = resource_dir() / "examples"
NBSP = "\xa0"  # Babel's German money and percentages: '8.760 €', '20 %'


def _plan(growth=0.0):
    # 100 requests an hour all year (876,000 a year) of 1,000 tokens: the API at 10 per 1M
    # costs 8,760 a year; renting costs 10,000 a month; buying 120,000 at month 0,
    # depreciated over 5 years, with no running cost (tests/costing/test_tco_and_cash.py).
    return calculate(scenario_from_dict({
        "format": "llmplan-scenario", "format_version": 1, "name": "buy or rent",
        "currency": "EUR", "horizon_months": 24,
        "workload": {"requests_per_hour": 100, "input_tokens": 800, "output_tokens": 200,
                     "growth_per_year": growth},
        "options": [
            {"kind": "api", "name": "api", "price_in_per_m": 10, "price_out_per_m": 10},
            {"kind": "cloud", "name": "rent", "price_per_hour": 10_000 * 12 / 8760},
            {"kind": "onprem", "name": "buy", "server_price": 120_000, "servers": 1,
             "gpu_watts": 0, "price_per_kwh": 0, "maintenance_share_per_year": 0,
             "depreciation_years": 5}]}), default_catalog())


def test_the_reasons_name_money_and_criteria_in_either_language():
    reasons = _plan().recommendation.reasons
    english = [str(reason) for reason in reasons]
    german = [render(reason, "de") for reason in reasons]
    assert "the cheapest option that carries the workload (€8,760 a year)" in english
    assert f"die günstigste Option, die die Last trägt (8.760{NBSP}€ pro Jahr)" in german
    # the API's default scores: scalability 5 at the default weight 2 (decision.py)
    assert "Scalability 5/5 (weight 2)" in english
    assert "Skalierbarkeit 5/5 (Gewicht 2)" in german
    assert english[0].startswith("highest weighted score ")
    assert german[0].startswith("höchste gewichtete Bewertung: ")
    assert "," in german[0].split(": ")[1]  # a decimal comma: 4,11 von 5
    staff = next(text for text in german if text.startswith("gerechnetes Personal"))
    assert staff.endswith("keines bei api (nicht angegeben)")
    assert any(text.startswith("zweitbeste Option: ") for text in german)


def test_break_even_and_payback_in_german():
    plan = _plan()
    by_pair = {item.name: item for item in plan.break_even}
    # 120,000 a year of renting against 0.01 a request: 12,000,000 requests a year,
    # 12,000,000 / 365 = 32,877 a day.
    assert str(by_pair["api vs rent"].note) == "above 32,877 requests a day rent is cheaper"
    assert render(by_pair["api vs rent"].note, "de") == \
        "über 32.877 Anfragen pro Tag ist rent günstiger"
    assert render(by_pair["rent vs buy"].title, "de") == "rent gegenüber buy"
    assert render(by_pair["rent vs buy"].note, "de") == (
        "kein Break-even zwischen dem 0- und dem 10.000-Fachen der Menge: buy ist durchweg "
        "günstiger")
    payback = {item.against: item for item in plan.payback}
    # 120,000 paid at month 0 against 10,000 a month: even at month 12.
    assert str(payback["rent"].sentence) == "month 12"
    assert render(payback["rent"].sentence, "de") == "Monat 12"
    assert render(payback["api"].sentence, "de") == "nicht im Zeitraum"


def test_further_crossings_have_a_singular_and_a_plural():
    assert str(more_crossings(1)) == "the costs cross once more at higher volume (capacity " \
                                     "steps)"
    assert str(more_crossings(3)) == "the costs cross 3 more times at higher volume " \
                                     "(capacity steps)"
    assert render(more_crossings(1), "de") == \
        "die Kosten kreuzen sich bei höherer Menge noch einmal (Kapazitätsstufen)"
    assert render(more_crossings(3), "de") == \
        "die Kosten kreuzen sich bei höherer Menge noch 3-mal (Kapazitätsstufen)"


def test_the_plans_notes_in_german():
    notes = _plan().notes
    german = [render(note, "de") for note in notes]
    # 0 per kWh against the catalog's EUR range of energy prices
    (electricity,) = [text for text in german if "Strom" in text]
    assert electricity.startswith(f"buy: Strom zu 0{NBSP}€ pro kWh liegt weit entfernt von")
    assert f"{NBSP}€ bis " in electricity


def test_a_grown_load_is_noted_by_year():
    # tests/costing/test_past_capacity.py: 60 requests an hour growing 50% a year on a server
    # that carries 100 an hour: 135 in year 3.
    plan = calculate(scenario_from_dict({
        "format": "llmplan-scenario", "format_version": 1, "name": "growth",
        "currency": "EUR", "horizon_months": 36,
        "workload": {"requests_per_hour": 60, "input_tokens": 800, "output_tokens": 200,
                     "growth_per_year": 0.5},
        "options": [{"kind": "onprem", "name": "own", "server_price": 10_000, "servers": 1,
                     "seconds_per_request": 36, "gpu_watts": 0, "price_per_kwh": 0.1}]}),
        default_catalog())
    (note,) = [note for note in plan.notes if "grown" in str(note)]
    assert str(note) == "own: by year 3 the grown workload exceeds its capacity"
    assert render(note, "de") == "own: bis Jahr 3 übersteigt die gewachsene Last ihre Kapazität"


def test_the_cost_text_in_german_and_in_english():
    plan = _plan()
    english, german = format_plan(plan), format_plan(plan, "de")
    assert "Options, year 1 (EUR; a month is 30.4167 days; TCO = cost over 24 months " \
           "(depreciated)):" in english
    assert "Optionen, Jahr 1 (EUR; ein Monat hat 30,4167 Tage; TCO = Kosten über 24 Monate " \
           "(abgeschrieben)):" in german
    # buying: 48,000 depreciated over 24 months, 120,000 paid (test_tco_and_cash.py)
    assert f"{tco_label(24, 'de')}: 48.000,00; {cash_label(24, 'de')}: 120.000,00" in german
    assert "Empfehlung: api" in german and "Amortisation des Kaufs" in german
    assert "buy gegenüber rent: Monat 12" in german
    assert "pro Stunde" in german and "Auslastung" in german


def test_the_fine_tuning_memory_in_german():
    plan = calculate(load_scenario(EXAMPLES / "seed-case-b.llmplan.json"), default_catalog())
    german = format_plan(plan, "de")
    # seed-cases.md case B: 70B nominal, LoRA adapters, the article's memory rule
    assert "Speicher für " in german and "trainierbare Parameter)" in german
    assert "nominell 70 Mrd., wie die Quelle angibt" in german


@pytest.mark.parametrize("name", ["support-assistant", "insurer-hybrid", "seed-case-a",
                                  "seed-case-b"])
def test_the_json_is_plain_english(name):
    plan = calculate(load_scenario(EXAMPLES / f"{name}.llmplan.json"), default_catalog())
    document = plan.to_json()
    text = json.dumps(document)  # plain JSON types only: every message rendered
    assert "Message(" not in text and "Term(" not in text
    assert document["recommendation"]["reasons"][0].startswith("highest weighted score")
    assert all(isinstance(note, str) for note in document["notes"])
