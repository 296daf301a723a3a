"""Owned servers, idle power, hybrids over the day's load curve, regions and the residency rule,
fine-tuned API prices, staff and integration for every option (scenario format 2)."""

import json

import pytest

from core.cli import main
from core.costing.capacity import Capacity
from core.costing.costs import api_cost, onprem_cost
from core.costing.hybrid import excess_share
from core.costing.plan import calculate
from core.costing.regions import check_residency, jurisdiction
from core.costing.scenario import (
    FORMAT_VERSION,
    ApiOption,
    OnPremOption,
    SelfHosting,
    Workload,
    load_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from core.errors import InputError
from core.hardware.gpus import match_gpu
from core.i18n.render import render
from core.pricing.catalog import default_catalog
from core.pricing.litellm import read_litellm
from core.resources import resource_dir

EXAMPLES = resource_dir() / "examples"


def _lines(cost):
    return {str(line.label): line.per_year for line in cost.lines}


# --- the load curve --------------------------------------------------------------------------


@pytest.mark.parametrize(("peak", "capacity", "share"), [
    # peak 2: the load falls linearly from 2 to 0 over the service hours; above 1 lies the
    # triangle from 2 down to 1 over the first half: 1/2 x 1/2 x 1 = 0.25 of a mean of 1.
    (2.0, 1.0, 0.25),
    # peak 3: load 3 - 4.5 x on [0, 2/3]; above 1.5 for x < 1/3: 1/2 x 1/3 x 1.5 = 0.25.
    (3.0, 1.5, 0.25),
    # peak 1.5: the load falls from 1.5 to 0.5; a capacity of 0.25 is below all of it, so
    # everything above it overflows: 1 - 0.25.
    (1.5, 0.25, 0.75),
    (2.0, 2.0, 0.0),  # the base carries the peak
    (1.0, 0.8, 0.2),  # a flat day: 20% above the capacity every hour
])
def test_overflow_share_of_the_linear_load_curve(peak, capacity, share):
    workload = Workload(requests_per_hour=100, input_tokens=1, output_tokens=1,
                        peak_to_average=peak)
    assert excess_share(workload, capacity) == pytest.approx(share)


def test_overflow_share_matches_a_numeric_integral_of_the_curve():
    workload = Workload(requests_per_hour=100, input_tokens=1, output_tokens=1,
                        peak_to_average=2.6)
    steps = 200_000
    length = 2 / 2.6  # share of the hours with load when the peak is above twice the mean
    loads = [max(0.0, 2.6 - 2.6 / length * (i + 0.5) / steps) for i in range(steps)]
    assert sum(loads) / steps == pytest.approx(1.0, rel=1e-4)
    for capacity in (0.3, 1.0, 1.9):
        numeric = sum(max(0.0, load - capacity) for load in loads) / steps
        assert excess_share(workload, capacity) == pytest.approx(numeric, rel=1e-4)


def test_an_hourly_profile_sets_the_service_hours_and_the_peak():
    profile = [0] * 8 + [1, 1, 2, 2] + [0] * 12
    scenario = scenario_from_dict(_document(workload={"hourly_profile": profile}))
    workload = scenario.workload
    # four busy hours, mean 1.5, peak 2
    assert workload.hours_per_day == 4
    assert workload.peak_to_average == pytest.approx(2 / 1.5)
    # normalised 2/3, 2/3, 4/3, 4/3: above 1 are 1/3 + 1/3 of four hours
    assert excess_share(workload, 1.0) == pytest.approx((1 / 3 + 1 / 3) / 4)


def test_an_hourly_profile_that_disagrees_with_the_hours_is_refused():
    document = _document(workload={"hourly_profile": [0] * 8 + [1] * 10 + [0] * 6,
                                   "hours_per_day": 12})
    with pytest.raises(InputError, match="hours_per_day: 12 disagrees with the hourly profile"):
        scenario_from_dict(document)
    with pytest.raises(InputError, match="give 24 values"):
        scenario_from_dict(_document(workload={"hourly_profile": [1, 2, 3]}))


# --- a hybrid, hand-checked ------------------------------------------------------------------

BASE = {"kind": "onprem", "name": "Box", "owned": True, "servers": 1, "gpus_per_server": 1,
        # 1.8 server-seconds per request: 2,000 requests an hour
        "seconds_per_request": 1.8, "gpu_watts": 300, "idle_watts_per_gpu": 100,
        "host_watts": 0, "pue": 1.0, "price_per_kwh": 0.2, "maintenance_per_year": 1000}
API = {"kind": "api", "name": "API", "price_in_per_m": 1.0, "price_out_per_m": 2.0}
HYBRID = {"kind": "hybrid", "name": "Box + API", "base": "Box", "overflow": "API"}


def _document(options=None, workload=None, **extra):
    work = {"requests_per_hour": 2000, "input_tokens": 1000, "output_tokens": 100,
            "peak_to_average": 2, "hours_per_day": 10, "days_per_year": 250}
    work.update(workload or {})
    if "hourly_profile" in work:  # it sets the service hours and the peak
        for key in ("hours_per_day", "peak_to_average"):
            if key not in (workload or {}):
                del work[key]
    return {"format": "llmplan-scenario", "format_version": 2, "name": "t",
            "workload": work, "options": options or [BASE, API, HYBRID], **extra}


def _plan(document):
    return calculate(scenario_from_dict(document), default_catalog())


def test_a_hybrid_sends_the_load_above_its_base_to_the_overflow():
    plan = _plan(_document())
    hybrid = plan.option("Box + API")
    # The base carries 2,000 requests/h, the average: capacity 1 x the mean, peak 2 -> 25%.
    assert hybrid.cost.overflow_share == pytest.approx(0.25)
    lines = _lines(hybrid.cost)
    # 2,000 x 10 h x 250 days = 5M requests a year, 1.25M to the API:
    # 1.25e9 input tokens at 1 per 1M, 1.25e8 output tokens at 2 per 1M.
    assert lines["overflow: input tokens"] == pytest.approx(1250.0)
    assert lines["overflow: output tokens"] == pytest.approx(250.0)
    # The box carries 1,500 requests/h on average, 75% of its 2,000 in the 2,500 service hours;
    # on all year: 100 W idle + 200 W x load -> 876 kWh + 200 W x 0.75 x 2,500 h = 1,251 kWh.
    assert lines["base: power"] == pytest.approx(1251 * 0.2)
    assert lines["base: maintenance"] == pytest.approx(1000.0)
    assert hybrid.per_year == pytest.approx(1250 + 250 + 1251 * 0.2 + 1000)
    assert hybrid.cost.carries is True
    # the split in words, and each line named by its part, in both languages
    split = hybrid.cost.notes[0]
    assert str(split) == ("Box carries up to 2,000 requests/h on 1 server; 25.0% of the "
                          "requests go to API")
    assert render(split, "de").replace("\xa0", " ") == (
        "Box trägt bis zu 2.000 Anfragen/h auf 1 Server; 25,0 % der Anfragen gehen an API")
    overflow = next(line for line in hybrid.cost.lines
                    if str(line.label) == "overflow: input tokens")
    assert render(overflow.label, "de") == "Überlauf: Eingabe-Token"
    document = plan.to_json()
    entry = next(o for o in document["options"] if o["name"] == "Box + API")
    assert entry["overflow_share"] == pytest.approx(0.25)


def test_an_owned_box_past_its_capacity_has_no_break_even_and_no_payback():
    bought = {**BASE, "name": "New", "owned": False, "servers": None, "server_price": 5000}
    del bought["servers"]
    plan = _plan(_document(options=[BASE, API, HYBRID, bought]))
    box = plan.option("Box")
    assert box.cost.capex == 0  # nothing bought
    assert box.cost.carries is False  # a peak of 4,000 requests/h on a 2,000 box
    assert box.cost.shortfall.share == pytest.approx(0.5)
    for item in plan.break_even:
        if "Box" in (item.a, item.b):
            assert item.requests_per_day is None and str(item.note).startswith("no break-even")
    # Only the purchase pays back; against the owned box past its capacity there is none.
    assert {item.onprem for item in plan.payback} == {"New"}
    against_box = next(item for item in plan.payback if item.against == "Box")
    assert against_box.month is None and str(against_box.reason).startswith("no payback")
    assert plan.recommendation.option != "Box"


def test_an_owned_box_with_a_book_value_and_a_short_life():
    option = OnPremOption(name="o", owned=True, book_value=9000, remaining_life_years=2,
                          server_price=26000, gpus_per_server=2, gpu_watts=350, price_per_kwh=0.2)
    cost = onprem_cost(option, Workload(requests_per_hour=1, input_tokens=1, output_tokens=1),
                       1, Capacity(None, 1, 1, "not checked"), SelfHosting(), None, 3.0)
    lines = _lines(cost)
    assert cost.capex == 0
    assert lines["remaining book value"] == pytest.approx(4500)  # 9,000 over 2 years
    assert lines["maintenance"] == pytest.approx(2600)  # 10% of the 26,000 it cost
    assert any("remaining life of 2 years ends within" in str(note) for note in cost.notes)


def test_idle_power_comes_from_the_catalog_and_counts_while_switched_on():
    l40s = match_gpu("L40S")
    option = OnPremOption(name="o", gpu="L40S", gpus_per_server=2, host_watts=450,
                          host_idle_watts=150, utilisation=0.5, pue=1.0, price_per_kwh=1.0,
                          server_price=1.0, power_hours="service_hours")
    work = Workload(requests_per_hour=1, input_tokens=1, output_tokens=1, hours_per_day=10,
                    days_per_year=250)
    cost = onprem_cost(option, work, 1, Capacity(None, 1, 1, "not checked"), SelfHosting(),
                       l40s, 3.0)
    idle = 2 * l40s.idle_watts + 150
    peak = 2 * l40s.tdp_watts + 450
    # on 2,500 hours: idle + (peak - idle) x 50%
    assert _lines(cost)["power"] == pytest.approx((idle + (peak - idle) * 0.5) * 2500 / 1000)
    always = onprem_cost(option.__class__(**{**option.__dict__, "power_hours": "always_on"}),
                         work, 1, Capacity(None, 1, 1, "not checked"), SelfHosting(), l40s,
                         3.0)
    assert _lines(always)["power"] == pytest.approx(
        (idle + (peak - idle) * 0.5) * 8760 / 1000)


# --- regions and residency -------------------------------------------------------------------


@pytest.mark.parametrize(("region", "where"), [
    ("eu-central-1 (DE)", "eu"), ("us-east-1 (US)", "us"), ("europe-west4", "eu"),
    ("eu-north1", "eu"), ("us-east-1", "us"), ("westeurope", "eu"), ("eastus2", "us"),
    ("germanywestcentral", "eu"), ("uksouth", "uk"), ("onprem", "onprem"), ("de", "eu"),
    ("gb", "uk"), ("ch", "ch"), ("IT-FR2 (IT)", "eu"), ("asia-east1", "unknown"),
    ("mars-1", "unknown"), ("", "unknown"),
])
def test_regions_map_to_jurisdictions(region, where):
    assert jurisdiction(region) == where


def test_residency_names_jurisdictions_only():
    check_residency(("eu", "onprem", "us", "no"))
    for bad in ("europe-west4", "mars", "de"):
        with pytest.raises(InputError, match=f"residency\\[0\\]: '{bad}' is not a jurisdiction"):
            check_residency((bad,))


def test_residency_keeps_an_option_out_of_the_recommendation_with_its_reason():
    us_api = {**API, "name": "US API", "region": "us-east-1", "price_in_per_m": 0.01,
              "price_out_per_m": 0.01}
    eu_api = {**API, "name": "EU API", "region": "eu-west-1"}
    options = [BASE, us_api, eu_api, {**HYBRID, "overflow": "EU API"}]
    free = _plan(_document(options=options))
    assert free.recommendation.option == "US API"  # the cheapest, when data may go anywhere
    ruled = _plan(_document(options=options, residency=["eu", "onprem"]))
    assert ruled.recommendation.option != "US API"
    us = ruled.option("US API")
    assert str(us.excluded) == ("data processed in us (us-east-1); the scenario requires eu, "
                                "onprem")
    # German: the jurisdictions in words, the provider's region code as it is
    assert render(us.excluded, "de") == ("Daten werden verarbeitet in: USA (us-east-1); das "
                                         "Szenario verlangt: EU, eigene Räume des Unternehmens")
    assert ruled.option("EU API").excluded is None
    assert ruled.option("Box + API").excluded is None  # on-prem + EU
    # a hybrid's region names both parts: on-premises in words, a provider's code as it is
    region = ruled.option("Box + API").region
    assert str(region) == "onprem + eu-west-1"
    assert render(region, "de") == "eigene Räume des Unternehmens + eu-west-1"
    assert any("left out by the residency rule: US API" in str(r)
               for r in ruled.recommendation.reasons)
    document = ruled.to_json()
    assert document["residency"] == ["eu", "onprem"]
    entry = next(o for o in document["options"] if o["name"] == "US API")
    assert entry["region"] == "us-east-1" and entry["excluded"] == str(us.excluded)
    # an API with no region and no catalog row cannot be shown to comply
    unknown = _plan(_document(options=[BASE, API], residency=["eu"]))
    assert str(unknown.option("API").excluded).startswith("data processed in unknown")


# --- fine-tuned APIs, staff and integration --------------------------------------------------


def test_a_fine_tuned_api_model_is_billed_at_its_own_prices_and_hosting():
    option = ApiOption(name="ft", price_in_per_m=0.15, price_out_per_m=0.6,
                       fine_tuned=True, price_in_finetuned_per_m=0.3,
                       price_out_finetuned_per_m=1.2, hosting_per_hour=1.0)
    work = Workload(requests_per_hour=10, input_tokens=1000, output_tokens=500,
                    hours_per_day=8, days_per_year=100)
    lines = _lines(api_cost(option, work, 10))
    # 8,000 requests: 8M input tokens at 0.3, 4M output tokens at 1.2; hosting 24 x 365 h
    assert lines["input tokens"] == pytest.approx(2.4)
    assert lines["output tokens"] == pytest.approx(4.8)
    assert lines["fine-tuned model hosting"] == pytest.approx(8760.0)


def test_the_catalog_fills_fine_tuned_prices_litellm_publishes():
    # LiteLLM model_prices_and_context_window.json: "ft:gpt-4o-mini-2024-07-18" input 3e-7,
    # output 1.2e-6 USD per token (the base model 1.5e-7 / 6e-7).
    document = {
        "gpt-4o-mini-2024-07-18": {"litellm_provider": "openai", "mode": "chat",
                                   "input_cost_per_token": 1.5e-7,
                                   "output_cost_per_token": 6e-7},
        "ft:gpt-4o-mini-2024-07-18": {"litellm_provider": "openai", "mode": "chat",
                                      "input_cost_per_token": 3e-7,
                                      "output_cost_per_token": 1.2e-6},
        "ft:unknown-base": {"litellm_provider": "openai", "input_cost_per_token": 1e-6,
                            "output_cost_per_token": 1e-6}}
    prices, skipped = read_litellm(document, "test", "2026-12-01")
    assert len(prices) == 1
    assert prices[0].price_in_finetuned_per_m == pytest.approx(0.3)
    assert prices[0].price_out_finetuned_per_m == pytest.approx(1.2)
    assert [s.where for s in skipped] == ["ft:unknown-base"]
    tuned = {"kind": "api", "name": "tuned", "catalog": "openai/gpt-4o-mini",
             "fine_tuned": True, "currency": "USD"}
    plan = _plan(_document(options=[tuned], currency="USD"))
    # the bundled row carries the same LiteLLM figures: 0.3 per 1M input tokens
    assert "at $0.3 per 1M" in next(str(line.note) for line in plan.option("tuned").cost.lines
                                    if str(line.label) == "input tokens")


def test_staff_and_integration_count_for_an_api_and_say_when_they_are_not_given():
    staffed = {**API, "name": "Staffed", "staff_fte": 0.1, "integration": 30000}
    plan = _plan(_document(options=[API, staffed], horizon_months=36,
                           self_hosting={"staff_fte": 1, "staff_cost_per_fte_year": 100000}))
    lines = _lines(plan.option("Staffed").cost)
    assert lines["staff"] == pytest.approx(10000)
    assert lines["integration"] == pytest.approx(10000)  # 30,000 over the 3-year horizon
    assert plan.option("Staffed").cost.capex == 30000
    assert plan.curves[1].values[0] == 30000  # paid at month 0
    assert "staff" not in _lines(plan.option("API").cost)
    assert any("no staff counted" in str(note) for note in plan.option("API").notes)
    assert any(str(reason).startswith("staff counted: 1 FTE")
               and "none on API (not given)" in str(reason)
               for reason in plan.recommendation.reasons)


# --- the file format and the bundled example --------------------------------------------------


def test_version_1_files_load_and_are_written_as_version_2():
    scenario = load_scenario(EXAMPLES / "support-assistant.llmplan.json")
    assert json.loads((EXAMPLES / "support-assistant.llmplan.json").read_text())[
        "format_version"] == 1
    written = scenario_to_dict(scenario)
    assert written["format_version"] == FORMAT_VERSION == 2
    assert scenario_from_dict(written) == scenario


@pytest.mark.parametrize(("change", "message"), [
    ({"base": "Nope"}, "base: no option named 'Nope'"),
    ({"base": "API"}, "base: 'API' must be on-prem servers or cloud GPUs kept running"),
    ({"overflow": "Box"}, "overflow: 'Box' must be an API or cloud GPUs billed on demand"),
])
def test_a_hybrid_names_a_base_and_an_overflow_it_can_use(change, message):
    with pytest.raises(InputError, match=message):
        scenario_from_dict(_document(options=[BASE, API, {**HYBRID, **change}]))


def test_the_insurer_example_shows_the_box_its_overflow_and_the_rule(capsys):
    path = EXAMPLES / "insurer-hybrid.llmplan.json"
    assert main(["cost", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    options = {o["name"]: o for o in document["options"]}
    box = options["Owned 2x L40S box"]
    hybrid = options["Owned box + Mistral overflow"]
    assert box["carries"] is False and box["capex"] == 0
    assert 0 < hybrid["overflow_share"] < 1 and hybrid["carries"] is True
    assert options["OpenAI GPT-5 mini"]["excluded"].startswith("data processed in us")
    assert options["Nebius L40S, Finland"]["excluded"] is None
    assert document["recommendation"]["option"] != "OpenAI GPT-5 mini"
    assert all(item["month"] is None for item in document["payback"]
               if item["against"] == "Owned 2x L40S box")
    assert main(["cost", str(path)]) == 0
    text = capsys.readouterr().out
    assert "residency data processed only in: eu, onprem" in text
    assert "NOT RECOMMENDABLE, residency: data processed in us" in text
