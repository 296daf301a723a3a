"""The Monte Carlo run: ranges in a scenario, every sample priced as the engine prices it, and
the percentiles, probabilities and drivers drawn from the samples."""

import copy
import json
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.costing.context import Context
from core.costing.plan import calculate
from core.costing.ranges import parse_path, set_field, take_ranges
from core.costing.scenario import load_scenario, scenario_from_dict, scenario_to_dict
from core.costing.sweeps import cumulative_curve
from core.costing.uncertainty import draw_samples, run
from core.errors import InputError
from core.pricing.catalog import default_catalog
from core.resources import resource_dir

EXAMPLE = resource_dir() / "examples" / "support-assistant.llmplan.json"
CATALOG = default_catalog()
FORMAT = {"format": "llmplan-scenario", "format_version": 2}


def _document():
    """The support-assistant example with its figures, none of its ranges."""
    return take_ranges(json.loads(EXAMPLE.read_text()))[0]


def _path(where):
    """options_3__server_price -> options[3].server_price"""
    return re.sub(r"_(\d+)\.", r"[\1].", where.replace("__", "."))


def _with(document, speed_model_error=False, **ranges):
    """The document with ranges put at the paths given as options_3__server_price=..."""
    document = copy.deepcopy(document)
    for where, value in ranges.items():
        path = parse_path(_path(where))
        target = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    document.setdefault("uncertainty", {})["speed_model_error"] = speed_model_error
    return scenario_from_dict(document)


# --- today's figures --------------------------------------------------------------------------


def test_with_zero_spread_every_percentile_is_todays_figure_exactly():
    document = _document()
    document["api_price_decline_per_year"] = 0.0
    scenario = _with(document, workload__requests_per_day={
        "low": 100000, "likely": 100000, "high": 100000},
        options_3__server_price={"low": 295000, "likely": 295000, "high": 295000})
    plan = calculate(scenario, CATALOG)
    result = run(scenario, CATALOG, samples=500)
    assert result.sizing_draws == 1 and result.inputs == ()
    for option, spread in zip(plan.options, result.options, strict=True):
        assert option.name == spread.name
        for figure, band in ((option.per_year, spread.per_year), (option.tco, spread.tco),
                             (option.per_1k_requests, spread.per_1k_requests)):
            assert band.p10 == band.p50 == band.p90 == figure
        curve = next(c for c in plan.curves if c.name == option.name)
        assert spread.curve[-1] == (36, spread.curve[-1][1])
        assert spread.curve[-1][1].p50 == curve.values[36]


def test_with_zero_spread_api_prices_fall_by_the_scenarios_decline():
    # The run prices API options with the scenario's yearly fall of API prices (0.3 in the
    # example): its TCO is the engine's TCO with that decline.
    scenario = _with(_document())
    result = run(scenario, CATALOG, samples=100)
    context = Context(scenario, CATALOG)
    for resolved, spread in zip(context.resolved, result.options, strict=True):
        _, tco = cumulative_curve(context, resolved, 36, 0.3)
        assert spread.tco.p50 == tco


# --- every sample is the engine's figure --------------------------------------------------------


def _engine(scenario, inputs, values, sample):
    """The engine's first-year cost, TCO (with the decline) and cash at the horizon of each
    option with the inputs at their values in one sample."""
    for item, drawn in zip(inputs, values, strict=True):
        scenario = set_field(scenario, item.path, float(drawn[sample]))
    context = Context(scenario, CATALOG)
    figures = []
    decline = scenario.api_price_decline_per_year
    for resolved in context.resolved:
        cash, tco = cumulative_curve(context, resolved, scenario.horizon_months, decline)
        first = context.cost(resolved, scenario.workload,
                             scenario.workload.hourly_requests).per_year
        figures.append((first, tco, cash[-1]))
    return figures


def _assert_samples_match_the_engine(scenario, count=40, checked=(0, 7, 19, 33)):
    samples = draw_samples(scenario, CATALOG, samples=count, seed=5)
    for sample in checked:
        expected = _engine(scenario, samples.inputs, samples.values, sample)
        for option, (first, tco, cash_end) in enumerate(expected):
            got_first, got_tco, got_cash, _ = samples.figures[option]
            assert got_first[sample] == pytest.approx(first, rel=1e-9)
            assert got_tco[sample] == pytest.approx(tco, rel=1e-9)
            assert got_cash[sample, -1] == pytest.approx(cash_end, rel=1e-9)
    return samples


def test_scaled_prices_rebuild_the_engines_figures_in_every_sample():
    # Server price, electricity, PUE (both in the power line: a product), staff cost and the
    # fall of API prices (with its own factor per year) are drawn by rescaling lines.
    scenario = _with(
        _document(),
        options_3__server_price={"low": 250000, "likely": 295000, "high": 360000},
        options_3__price_per_kwh={"low": 0.15, "likely": 0.21, "high": 0.3},
        options_3__pue={"low": 1.2, "likely": 1.5, "high": 1.8, "dist": "triangular"},
        self_hosting__staff_cost_per_fte_year={"likely": 110000, "sd": 15000,
                                               "dist": "normal"},
        api_price_decline_per_year={"low": 0.0, "likely": 0.3, "high": 0.6})
    samples = _assert_samples_match_the_engine(scenario)
    assert samples.sizing_draws == 1
    assert samples.scaled == {item.key for item in samples.inputs}


def test_sizing_inputs_are_priced_by_the_engine_in_each_draw():
    # Volume and growth change how many servers and instances run; the depreciation period
    # divides the server price: none of them is a multiplier of lines.
    scenario = _with(
        _document(),
        workload__requests_per_day={"low": 40000, "likely": 100000, "high": 300000},
        workload__growth_per_year={"low": 0.0, "likely": 0.3, "high": 0.8},
        options_3__depreciation_years={"low": 3, "likely": 5, "high": 6},
        options_3__server_price={"low": 250000, "likely": 295000, "high": 360000})
    samples = _assert_samples_match_the_engine(scenario)
    assert samples.scaled == {"options[3].server_price"}
    assert samples.sizing_draws == 40


def test_the_speed_models_error_moves_self_hosted_capacity_only():
    scenario = _with(_document(), speed_model_error=True)
    result = run(scenario, CATALOG, samples=2000)
    assert [item.key for item in result.inputs] == ["throughput"]
    by_name = {option.name: option for option in result.options}
    api = by_name["OpenAI GPT-4o"]
    assert api.tco.p10 == api.tco.p90  # an API's cost does not depend on GPU speed
    onprem = by_name["On-prem 8x H100 server"]
    assert onprem.tco.p10 < onprem.tco.p90
    # The default range is the calibration's measured error (vLLM on CUDA, several GPUs).
    assert "33%" in str(result.notes[-1])


# --- the closed form ----------------------------------------------------------------------


def _triangular_quantile(p, low, likely, high):
    """The triangular inverse CDF (e.g. Johnson, Kotz & Balakrishnan, Continuous Univariate
    Distributions 2, 2nd ed., ch. 26)."""
    split = (likely - low) / (high - low)
    if p < split:
        return low + math.sqrt(p * (high - low) * (likely - low))
    return high - math.sqrt((1 - p) * (high - low) * (high - likely))


def test_one_api_with_a_triangular_price_has_the_closed_form_percentiles():
    # 1,000 requests an hour, 8 h a day, 250 days: 2e6 requests of 1,000 input tokens = 2e9
    # tokens a year, so the yearly cost is 2,000 x the price per 1M input tokens.
    scenario = scenario_from_dict({
        **FORMAT, "name": "one API", "currency": "EUR",
        "workload": {"requests_per_hour": 1000, "input_tokens": 1000, "output_tokens": 0,
                     "hours_per_day": 8, "days_per_year": 250},
        "options": [{"kind": "api", "name": "API", "price_out_per_m": 0,
                     "price_in_per_m": {"low": 1, "likely": 2, "high": 4,
                                        "dist": "triangular"}}]})
    result = run(scenario, CATALOG, samples=20000, seed=3)
    band = result.options[0].per_year
    for got, p in ((band.p10, 0.1), (band.p50, 0.5), (band.p90, 0.9)):
        # the sampling error of these quantiles at 20,000 samples is below 0.3%
        assert got == pytest.approx(2000 * _triangular_quantile(p, 1, 2, 4), rel=0.01)
    assert result.options[0].p_cheapest == 1.0


def test_pert_draws_have_the_pert_mean():
    # PERT mean (a + 4b + c) / 6 (Malcolm et al. 1959): 2 + 4x3 + 7 = 21 / 6 = 3.5
    scenario = scenario_from_dict({
        **FORMAT, "name": "pert", "workload": {"requests_per_hour": 1000, "input_tokens": 1000,
                                     "output_tokens": 0},
        "options": [{"kind": "api", "name": "API", "price_out_per_m": 0,
                     "price_in_per_m": {"low": 2, "likely": 3, "high": 7}}]})
    samples = draw_samples(scenario, CATALOG, samples=20000, seed=2)
    assert samples.values[0].mean() == pytest.approx(3.5, rel=0.01)
    assert samples.values[0].min() >= 2 and samples.values[0].max() <= 7


# --- probabilities --------------------------------------------------------------------------


_OPTIONS = [
    {"kind": "api", "name": "API", "price_in_per_m": 2.5, "price_out_per_m": 10},
    {"kind": "onprem", "name": "Servers", "gpu": "L40S", "gpus_per_server": 4,
     "server_price": 60000, "host_watts": 800, "price_per_kwh": 0.25,
     "depreciation_years": 4},
]


@settings(max_examples=12, deadline=None)
@given(volume=st.floats(200, 20000), spread=st.floats(0.0, 0.9), seed=st.integers(0, 1000),
       price=st.floats(0.5, 10))
def test_percentiles_are_ordered_and_probabilities_sum_to_one(volume, spread, seed, price):
    document = {**FORMAT, "name": "property", "currency": "EUR",
                "workload": {"requests_per_day": {"low": volume * (1 - spread),
                                                  "likely": volume,
                                                  "high": volume * (1 + spread)},
                             "input_tokens": 500, "output_tokens": 200},
                "model": {"id": "meta-llama/Llama-3.1-8B", "quant": "fp8", "engine": "vllm"},
                "options": copy.deepcopy(_OPTIONS)}
    document["options"][0]["price_in_per_m"] = {"low": price * (1 - spread), "likely": price,
                                                "high": price * (1 + spread)}
    result = run(scenario_from_dict(document), CATALOG, samples=300, seed=seed)
    total = result.p_none
    for option in result.options:
        for band in (option.per_year, option.tco, option.per_1k_requests):
            assert band.p10 <= band.p50 <= band.p90
        for _, band in option.curve:
            assert band.p10 <= band.p50 <= band.p90
        total += option.p_cheapest
        assert 0 <= option.p_cheapest <= 1
    assert total == pytest.approx(1.0, abs=1e-12)
    if result.drivers:
        assert sum(driver.share for driver in result.drivers) == pytest.approx(1.0)


def test_one_providers_prices_are_drawn_together():
    # Gaussian copula with correlation 0.8: Spearman's rho of the draws is
    # (6 / pi) asin(0.8 / 2) = 0.786 (Kruskal, JASA 53, 1958).
    document = _document()
    document["api_price_decline_per_year"] = 0.0
    scenario = _with(document,
                     options_1__price_in_per_m={"low": 0.6, "likely": 0.88, "high": 1.0},
                     options_1__price_out_per_m={"low": 0.6, "likely": 0.88, "high": 1.0})
    samples = draw_samples(scenario, CATALOG, samples=20000, seed=4)
    first, second = (np.argsort(np.argsort(values)) for values in samples.values)
    assert np.corrcoef(first, second)[0, 1] == pytest.approx(6 / math.pi * math.asin(0.4),
                                                             abs=0.02)


def test_the_same_seed_gives_the_same_run():
    scenario = _with(_document(), workload__requests_per_day={
        "low": 50000, "likely": 100000, "high": 200000})
    assert run(scenario, CATALOG, 1000, seed=9) == run(scenario, CATALOG, 1000, seed=9)
    assert run(scenario, CATALOG, 1000, seed=9) != run(scenario, CATALOG, 1000, seed=10)


def test_volume_decides_between_api_and_buying():
    # Low volume favours the API, high volume the servers: the drivers name volume first,
    # and the probability that buying pays back lies strictly between 0 and 1.
    document = {**FORMAT, "name": "decide", "currency": "EUR", "horizon_months": 36,
                "workload": {"requests_per_day": {"low": 2000, "likely": 60000,
                                                  "high": 400000},
                             "input_tokens": 500, "output_tokens": 200},
                "model": {"id": "meta-llama/Llama-3.1-8B", "quant": "fp8", "engine": "vllm"},
                "options": copy.deepcopy(_OPTIONS),
                "uncertainty": {"speed_model_error": False}}
    result = run(scenario_from_dict(document), CATALOG, samples=4000)
    api, servers = result.options
    assert 0 < api.p_cheapest < 1 and 0 < servers.p_cheapest < 1
    assert 0 < servers.p_payback_within_horizon < 1
    assert api.p_payback_within_horizon is None
    assert result.drivers[0].key == "workload.requests_per_day"
    assert set(result.decided_between) == {"API", "Servers"}


# --- the file format --------------------------------------------------------------------------


def test_a_range_is_read_as_its_likely_value_and_written_back_in_place():
    scenario = _with(_document(), options_3__server_price={
        "low": 250000, "likely": 295000, "high": 360000, "dist": "triangular"})
    assert scenario.options[3].server_price == 295000
    document = scenario_to_dict(scenario)
    assert document["options"][3]["server_price"] == {
        "low": 250000, "likely": 295000, "high": 360000, "dist": "triangular"}
    assert "ranges" not in document.get("uncertainty", {})
    assert scenario_from_dict(document) == scenario


@pytest.mark.parametrize(("where", "value", "words"), [
    ("options_3__server_price", {"low": 300000, "likely": 295000, "high": 360000},
     "low <= likely <= high"),
    ("options_3__pue", {"low": 0.5, "likely": 1.5, "high": 1.8}, "below what the field"),
    ("api_price_decline_per_year", {"low": 0.1, "likely": 0.3, "high": 1.5},
     "above what the field"),
    ("options_3__server_price", {"likely": 295000, "dist": "normal"}, "needs sd"),
    ("options_3__name", {"low": 1, "likely": 2, "high": 3}, "expected text"),
    ("horizon_months", {"low": 24, "likely": 36, "high": 60}, "takes no range"),
])
def test_a_wrong_range_is_refused_naming_the_input(where, value, words):
    with pytest.raises(InputError) as error:
        _with(_document(), **{where: value})
    assert words in str(error.value)
    assert _path(where) in str(error.value)


def test_the_example_with_ranges_names_the_likeliest_cheapest_and_its_drivers():
    # The bundled support assistant has ranges on volume, the fall of API prices and the
    # server price (the catalog's $270-320k quotes).
    result = run(load_scenario(EXAMPLE), CATALOG, samples=2000)
    keys = {item.key for item in result.inputs}
    assert {"workload.requests_per_day", "api_price_decline_per_year",
            "options[3].server_price", "throughput"} == keys
    assert sum(option.p_cheapest for option in result.options) + result.p_none \
        == pytest.approx(1.0)
    assert result.drivers[0].key == "workload.requests_per_day"


def test_a_sample_count_out_of_range_is_refused():
    scenario = load_scenario(EXAMPLE)
    with pytest.raises(InputError, match="samples"):
        run(scenario, CATALOG, samples=0)


def test_a_catalog_spread_draws_an_apis_prices_as_the_engine_prices_them():
    # A catalog entry may say how far its prices may lie from its figures (spread 0.25:
    # PERT from 0.75 to 1.25 times each); the option takes them from the entry.
    from dataclasses import replace as changed

    entry = CATALOG.find_api("openai/gpt-4o")
    catalog = changed(CATALOG, api=tuple(changed(item, spread=0.25) if item is entry else item
                                         for item in CATALOG.api))
    document = _document()
    document["api_price_decline_per_year"] = 0.0
    scenario = _with(document)
    samples = draw_samples(scenario, catalog, samples=40, seed=5)
    assert [item.key for item in samples.inputs] == ["options[0].catalog"]
    factors = samples.values[0]
    assert 0.75 <= factors.min() < 1 < factors.max() <= 1.25
    context = Context(scenario, catalog)
    base = context.cost(context.resolved[0], scenario.workload,
                        scenario.workload.hourly_requests).per_year
    first = samples.figures[0][0]
    # every line of a pay-per-token API is a price times tokens: the cost moves with them
    assert first == pytest.approx(base * factors, rel=1e-9)


def test_the_break_even_volume_is_a_band_around_the_plans():
    # API against four L40S: the plan's break-even lies inside the band the draws of the
    # API's price and the server price give (the volume itself is what it solves for).
    options = copy.deepcopy(_OPTIONS)
    options[0]["price_in_per_m"] = {"low": 1.5, "likely": 2.5, "high": 3.5}
    options[1]["server_price"] = {"low": 45000, "likely": 60000, "high": 80000}
    document = {**FORMAT, "name": "band", "currency": "EUR",
                "workload": {"requests_per_day": 60000, "input_tokens": 500,
                             "output_tokens": 200},
                "model": {"id": "meta-llama/Llama-3.1-8B", "quant": "fp8", "engine": "vllm"},
                "options": options, "uncertainty": {"speed_model_error": False}}
    scenario = scenario_from_dict(document)
    plan = calculate(scenario, CATALOG)
    crossing = plan.break_even[0].requests_per_day
    assert crossing is not None
    result = run(scenario, CATALOG, samples=1000, break_even=True)
    band = result.break_even[0]
    assert {band.a, band.b} == {"API", "Servers"} and band.draws == 40
    assert band.p_break_even == 1.0
    volumes = band.requests_per_day
    assert volumes.p10 < crossing < volumes.p90
    # the text says it as a sentence
    from core.costing.uncertainty_text import sentences
    assert any("cost the same between" in str(sentence) for sentence in sentences(result))


def test_a_run_too_large_for_memory_is_refused_before_it_starts():
    # 4 options x 600,000 samples: 2.4M option-samples, above the 2M a run holds
    scenario = load_scenario(EXAMPLE)
    with pytest.raises(InputError, match="give fewer samples"):
        run(scenario, CATALOG, samples=600_000)
