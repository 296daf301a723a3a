"""Whole plans: the seed cases (shared/seed-cases.md), break-even, payback, sensitivity, levers,
plausibility and the recommendation."""

import json

import pytest

from core.cli import main
from core.costing.plan import calculate
from core.costing.scenario import load_scenario, scenario_from_dict
from core.errors import InputError
from core.i18n.render import render
from core.pricing.catalog import default_catalog
from core.resources import resource_dir

EXAMPLES = resource_dir() / "examples"


def _plan(name):
    return calculate(load_scenario(EXAMPLES / name), default_catalog())


def _scenario(options, **extra):
    document = {
        "format": "llmplan-scenario", "format_version": 1, "name": "test", "currency": "EUR",
        "workload": {"requests_per_hour": 100, "input_tokens": 800, "output_tokens": 200},
        "options": options}
    document.update(extra)
    return scenario_from_dict(document)


def _find(items, name):
    return next(item for item in items if item["name"] == name)


def test_seed_case_a():
    plan = _plan("seed-case-a.llmplan.json").to_json()
    option = _find(plan["options"], "Lambda H100 on demand")
    compute = _find(option["breakdown"], "instances (billed while serving)")
    transfer = _find(option["breakdown"], "data transfer")
    # seed-cases.md case A: 100 x 3 x 0.0373 = 11.19/h; 100 x 0.0001 = 0.01/h; 33,600 a year.
    assert compute["per_hour"] == pytest.approx(11.19)
    assert transfer["per_hour"] == pytest.approx(0.01)
    assert option["per_hour"] == pytest.approx(11.20)
    assert option["per_year"] == pytest.approx(33_600)
    # At 1,000 requests an hour: 112.00/h, 336,000 a year, 3,000 GPU-seconds in one GPU-hour.
    tenfold = _find(_find(plan["volume_curve"], "x10")["options"], "Lambda H100 on demand")
    assert tenfold["per_hour"] == pytest.approx(112.00)
    assert tenfold["per_year"] == pytest.approx(336_000)
    assert tenfold["utilisation"] == pytest.approx(3000 / 3600, abs=1e-4)
    assert tenfold["carries"] is True


def test_seed_case_a_notes_the_article_slip_and_the_implausible_price():
    plan = _plan("seed-case-a.llmplan.json")
    transfer = next(check for check in plan.references if "transfer" in check.label)
    assert transfer.quoted == 0.1 and transfer.computed == pytest.approx(0.01)
    assert not transfer.agrees
    assert all(check.agrees for check in plan.references if check is not transfer)
    # EUR 0.0373 a second = EUR 134.28 an hour, far above one H100's catalog price.
    (note,) = [note for note in plan.notes if "per instance-hour" in str(note)]
    assert "€0.0373 per second is €134.28 per instance-hour" in str(note)
    german = render(note, "de")
    # Babel's German money: a non-breaking space before the sign
    assert "0,0373\xa0€ pro Sekunde sind 134,28\xa0€ pro Instanzstunde" in german
    assert "Bitte Preis und Einheit prüfen" in german


def test_seed_case_b():
    plan = _plan("seed-case-b.llmplan.json").to_json()
    memory = plan["memory"]
    # seed-cases.md case B: 140 GB nominal (137.95 exact), LoRA 0.14 GB, 140.7 GB, 210.2 GB.
    assert memory["weights_gb"] == 140 and memory["exact_weights_gb"] == pytest.approx(137.95,
                                                                                        abs=5e-3)
    assert memory["adapter_gb"] == 0.14 and memory["finetune_gb"] == pytest.approx(140.7)
    assert memory["serving_gb"] == pytest.approx(210.21)
    finetune = _find(plan["options"], "AWS fine-tuning 24 h")
    assert finetune["per_day"] == pytest.approx(67.20)
    serving = _find(plan["options"], "AWS serving with a spare replica")
    one = _find(serving["breakdown"], "instances serving (1)")
    assert one["per_day"] == pytest.approx(88.80) and one["per_month"] == pytest.approx(2664)
    assert serving["per_day"] == pytest.approx(177.60)
    assert serving["per_month"] == pytest.approx(5328)
    assert serving["per_year"] == pytest.approx(64_824)
    # Break-even against $0.008 per 1K tokens at 2 tokens a word.
    tuning = _find(plan["break_even"], "GPT-3.5 Turbo fine-tuned vs AWS fine-tuning 24 h")
    assert tuning["tokens_per_day"] == pytest.approx(8.4e6)
    assert tuning["words_per_day"] == pytest.approx(4.2e6)
    hosting = _find(plan["break_even"],
                    "GPT-3.5 Turbo fine-tuned vs AWS serving with a spare replica")
    assert hosting["tokens_per_day"] == pytest.approx(22.2e6)
    assert hosting["words_per_day"] == pytest.approx(11.1e6)
    assert hosting["cheaper_above"] == "AWS serving with a spare replica"


def test_seed_case_b_says_where_the_article_differs():
    plan = _plan("seed-case-b.llmplan.json")
    words = next(check for check in plan.references if "serving vs API" in check.label)
    assert (words.quoted, words.computed, words.agrees) == (22.2e6, 11.1e6, False)
    (note,) = [note for note in plan.notes
               if "22,200,000, the correct arithmetic gives 11,100,000" in str(note)]
    assert "($177.60 a day buys 22.2M tokens" in str(note)  # the scenario's explanation
    assert any("$177.60 x 30 days = $5,328" in str(note) for note in plan.notes)
    assert "22.200.000, richtig gerechnet ergibt sich 11.100.000" in render(note, "de")


def test_cost_json_and_text_carry_the_same_figures(capsys):
    path = str(EXAMPLES / "seed-case-b.llmplan.json")
    assert main(["cost", path, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) >= {"currency", "options", "break_even", "payback", "sensitivity",
                             "levers", "notes"}
    for option in document["options"]:
        assert set(option) >= {"name", "kind", "per_hour", "per_day", "per_month",
                               "per_year", "tco", "breakdown"}
    assert main(["cost", path]) == 0
    text = capsys.readouterr().out
    assert "64,824.00" in text and "5,328.00" in text and "177.60" in text
    assert "22,200,000 tokens = 11,100,000 words a day" in text


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ('{"format": "llmplan-scenario", "format_version": 7}', "newer than this program"),
])
def test_cost_rejects_bad_files_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "bad.llmplan.json"
    path.write_text(content)
    assert main(["cost", str(path)]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1 and "Traceback" not in error


def test_break_even_between_an_api_and_an_always_on_instance():
    # API: 1,000 tokens a request at 10 per 1M = 0.01 a request. Instance: 1 per hour always on,
    # 8,760 a year = 876,000 requests a year = 2,400 a day (24 h, 365 days).
    scenario = _scenario([
        {"kind": "api", "name": "api", "price_in_per_m": 10, "price_out_per_m": 10},
        {"kind": "cloud", "name": "gpu", "price_per_hour": 1.0}])
    plan = calculate(scenario, default_catalog())
    (item,) = plan.break_even
    assert item.requests_per_day == pytest.approx(2400)
    assert item.tokens_per_day == pytest.approx(2.4e6)
    assert item.words_per_day is None and item.cheaper_above == "gpu"


def test_payback_month_of_a_server_against_renting():
    # A 120,000 server with no running cost against 10,000 a month rented: month 12.
    scenario = _scenario([
        {"kind": "cloud", "name": "rent", "price_per_hour": 10_000 * 12 / 8760},
        {"kind": "onprem", "name": "buy", "server_price": 120_000, "servers": 1,
         "gpu_watts": 0, "price_per_kwh": 0, "maintenance_share_per_year": 0,
         "depreciation_years": 5}], horizon_months=24)
    plan = calculate(scenario, default_catalog())
    (payback,) = plan.payback
    assert (payback.onprem, payback.against, payback.month) == ("buy", "rent", 12)
    buy = next(curve for curve in plan.curves if curve.name == "buy")
    assert buy.values[0] == 120_000 and buy.values[24] == 120_000
    # TCO counts the server's depreciation (5 years), not its full price, over 2 years.
    assert plan.option("buy").tco == pytest.approx(2 * 24_000)


def test_api_price_decline_and_growth_shape_the_curves():
    api = {"kind": "api", "name": "api", "price_in_per_m": 10, "price_out_per_m": 10}
    flat = calculate(_scenario([api], horizon_months=24), default_catalog())
    grown = calculate(_scenario([api], horizon_months=24, api_price_decline_per_year=0.5,
                                workload={"requests_per_hour": 100, "input_tokens": 800,
                                          "output_tokens": 200, "growth_per_year": 1.0}),
                      default_catalog())
    year = flat.option("api").per_year
    assert flat.option("api").tco == pytest.approx(2 * year)
    # Year 2 doubles the volume: TCO = 1 + 2 years; at half the price: 1 + 1.
    assert grown.option("api").tco == pytest.approx(3 * year)
    (declined,) = grown.decline_curves
    assert declined.values[24] == pytest.approx(2 * year)


def test_sensitivity_moves_each_input_by_the_percentage():
    plan = calculate(_scenario([{"kind": "api", "name": "api", "price_in_per_m": 10,
                                 "price_out_per_m": 10}], sensitivity_pct=10),
                     default_catalog())
    (tornado,) = plan.sensitivity
    bars = {str(bar.label): bar for bar in tornado.bars}
    assert bars["requests"].low == pytest.approx(0.9 * tornado.base)
    assert bars["requests"].high == pytest.approx(1.1 * tornado.base)
    # Input is 800 of 1,000 tokens at one price: +-10% of input moves the cost +-8%.
    assert bars["input tokens per request"].high == pytest.approx(1.08 * tornado.base)
    assert "peak to average" not in bars  # no effect on a pay-per-token API
    german = {render(bar.label, "de") for bar in tornado.bars}
    assert {"Anfragen", "Eingabe-Token pro Anfrage", "Preis pro 1 Mio. Eingabe-Token"} <= german


def test_levers_state_their_saving():
    scenario = _scenario([{"kind": "api", "name": "api", "price_in_per_m": 10,
                           "price_out_per_m": 40, "price_cached_in_per_m": 5,
                           "batch_discount": 0.5}],
                         levers={"cache_hit_rate": 0.5, "prompt_cut": 0.25,
                                 "batch_api_share": 0.2})
    plan = calculate(scenario, default_catalog())
    base = plan.option("api").per_year
    saving = {str(lever.name): lever.savings[0][1] - lever.savings[0][2] for lever in plan.levers}
    # Per request: 800 x 10 + 200 x 40 = 16,000 per 1M. Caching half the prompt saves
    # 400 x 5 = 2,000 (12.5%); a quarter shorter prompt 200 x 10 = 2,000 (12.5%);
    # 20% through the batch API at half price saves 10%.
    assert saving["prompt caching"] == pytest.approx(0.125 * base)
    assert saving["shorter prompts"] == pytest.approx(0.125 * base)
    assert saving["batching"] == pytest.approx(0.10 * base)
    assert saving["smaller model"] == pytest.approx(0.94 * base)


def test_weights_decide_between_cheap_and_controlled():
    options = [{"kind": "api", "name": "api", "price_in_per_m": 1, "price_out_per_m": 1},
               {"kind": "onprem", "name": "own", "server_price": 1000, "servers": 1,
                "gpu_watts": 100, "price_per_kwh": 0.1}]
    by_cost = calculate(_scenario(options, criteria_weights={"cost": 5}), default_catalog())
    by_control = calculate(_scenario(options, criteria_weights={"cost": 1, "data_control": 5}),
                           default_catalog())
    assert by_cost.recommendation.option == "api"
    assert by_control.recommendation.option == "own"
    reasons = by_control.recommendation.reasons
    (dearer,) = [reason for reason in reasons if "more than the cheapest" in str(reason)]
    assert render(dearer, "de").startswith("kostet ")
    # data control 5 against the API's 1: 'Data control 5/5 (weight 5)' (DEFAULT_SCORES)
    assert "Data control 5/5 (weight 5)" in [str(reason) for reason in reasons]
    assert "Datenkontrolle 5/5 (Gewicht 5)" in [render(reason, "de") for reason in reasons]


def test_an_unknown_price_stays_unknown_through_the_plan():
    plan = calculate(_scenario([
        {"kind": "api", "name": "api", "price_in_per_m": 1, "price_out_per_m": 1},
        {"kind": "onprem", "name": "own", "servers": 1, "gpu_watts": 100,
         "price_per_kwh": 0.1}]), default_catalog())
    own = plan.option("own")
    assert own.per_year is None and own.tco is None and own.per_month is None
    assert plan.break_even[0].requests_per_day is None
    assert any("own: a price is unknown" in str(note) for note in plan.notes)
    assert plan.recommendation.option == "api"


def test_options_in_another_currency_use_the_catalog_rate():
    catalog = default_catalog()
    plan = calculate(_scenario([{"kind": "cloud", "name": "usd", "currency": "USD",
                                 "price_per_hour": 1.1607}]), catalog)
    # The bundled ECB rate of 2025-10-21 is 1.1607 USD per EUR: USD 1.1607 an hour is EUR 1.00.
    assert catalog.rates["USD"] == 1.1607
    assert plan.option("usd").per_year == pytest.approx(8760)


def test_catalog_entries_fill_missing_prices_with_their_source():
    plan = calculate(_scenario([{"kind": "api", "name": "4o", "catalog": "openai/gpt-4o"}],
                               currency="USD"), default_catalog())
    option = plan.option("4o")
    # 100 req/h x 24 x 365 = 876,000 requests; 800 in at 2.50 and 200 out at 10.00 per 1M
    # (gpt-4o in genai-prices 0.2.3, the bundled catalog's source).
    assert option.per_year == pytest.approx(876_000 * (800 * 2.5 + 200 * 10) / 1e6)
    assert option.source.startswith("genai-prices") and option.price_date == "2026-12-02"


def test_a_workload_beyond_a_fixed_fleet_is_flagged():
    plan = calculate(_scenario([{"kind": "onprem", "name": "own", "server_price": 1000,
                                 "servers": 1, "seconds_per_request": 60, "gpu_watts": 100,
                                 "price_per_kwh": 0.1}]), default_catalog())
    assert plan.option("own").cost.carries is False
    assert any("own cannot carry the workload" in str(note) for note in plan.notes)
    assert any(render(note, "de").startswith("own kann die Last nicht tragen: ")
               for note in plan.notes)


def test_the_support_example_sizes_self_hosting_with_the_fit_engine():
    plan = _plan("support-assistant.llmplan.json")
    cloud = plan.option("Lambda H100 SXM, office hours")
    assert cloud.cost.capacity.replica is not None
    assert cloud.cost.carries is True and 0 < cloud.cost.utilisation <= 1
    assert {payback.against for payback in plan.payback} == {
        "OpenAI GPT-4o", "Together Llama 3.1 70B", "Lambda H100 SXM, office hours"}
    assert plan.utilisation and plan.levers and plan.sensitivity


def test_an_option_can_run_its_own_model_and_the_others_keep_the_scenarios():
    path = EXAMPLES / "support-assistant.llmplan.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    onprem = next(o for o in document["options"] if o["kind"] == "onprem")
    onprem["model"] = {"id": "meta-llama/Llama-3.1-8B", "quant": "bf16"}
    plan = calculate(scenario_from_dict(document), default_catalog())
    assert plan.option(onprem["name"]).model == "meta-llama/Llama-3.1-8B"
    assert plan.option(onprem["name"]).quant == "bf16"
    assert plan.option("Lambda H100 SXM, office hours").model == document["model"]["id"]
    # an 8B model in bf16 needs fewer H100s per replica than the 70B in fp8
    before = _plan("support-assistant.llmplan.json").option(onprem["name"])
    assert plan.option(onprem["name"]).cost.capacity.replica.gpus \
        < before.cost.capacity.replica.gpus


def test_an_unknown_model_of_one_option_is_named_with_its_option():
    document = json.loads((EXAMPLES / "support-assistant.llmplan.json").read_text("utf-8"))
    index = next(i for i, o in enumerate(document["options"]) if o["kind"] == "onprem")
    document["options"][index]["model"] = {"id": "no/such-model"}
    with pytest.raises(InputError, match=rf"options\[{index}\]\.model\.id: 'no/such-model'"):
        calculate(scenario_from_dict(document), default_catalog())


def test_cost_text_shows_the_article_volume_of_case_a(capsys):
    assert main(["cost", str(EXAMPLES / "seed-case-a.llmplan.json")]) == 0
    text = capsys.readouterr().out
    # seed-cases.md case A at 1,000 requests an hour: 112.00/h, 336,000 a year, 83% of one GPU.
    assert "1,000.0 req/h  Lambda H100 on demand: 112.00/h, 336,000.00/year (83%)" in text
    assert "data transfer per hour: quoted 0.1, computed 0.01 [DIFFERS]" in text


def test_an_unknown_model_in_a_scenario_names_the_file_and_field(tmp_path, capsys):
    document = json.loads((EXAMPLES / "support-assistant.llmplan.json").read_text())
    document["model"]["id"] = "acme/unreleased"
    path = tmp_path / "mine.llmplan.json"
    path.write_text(json.dumps(document))
    assert main(["cost", str(path)]) == 2
    assert "mine.llmplan.json: model.id: 'acme/unreleased'" in capsys.readouterr().err


def test_model_recommend_picks_what_fits_each_option():
    scenario = _scenario(
        [{"kind": "cloud", "name": "l4", "gpu": "L4", "gpus_per_instance": 1,
          "price_per_hour": 0.8}],
        model={"id": "recommend"})
    option = calculate(scenario, default_catalog()).option("l4")
    # One 24 GB L4: the recommendation is a model that fits on it, noted with its quantization.
    assert option.model is not None and option.cost.capacity.replica.gpus == 1
    assert any(str(note).startswith("recommended model:") for note in option.notes)


@pytest.mark.parametrize(("levers", "message"), [
    ({"small_model": "acme/tiny"}, "levers.small_model: 'acme/tiny' is not in the model catalog"),
    ({"quant": "Q1_X"}, "levers.quant:"),
])
def test_lever_assumptions_naming_unknown_things_are_refused(levers, message):
    scenario = _scenario([{"kind": "api", "name": "api", "price_in_per_m": 1,
                           "price_out_per_m": 1}], levers=levers)
    with pytest.raises(InputError, match=message):
        calculate(scenario, default_catalog())


def test_cost_scores_stay_within_0_to_5_when_a_compared_option_is_cheaper():
    plan = _plan("seed-case-b.llmplan.json")
    # seed-case-b: "AWS fine-tuning 24 h" is compared only (not recommendable) and costs
    # less a year than the cheapest recommendable option, GPT-3.5 Turbo fine-tuned
    compared = plan.option("AWS fine-tuning 24 h")
    chosen = plan.option(plan.recommendation.option)
    assert compared.per_year < chosen.per_year
    scores = {name: criteria for name, _, criteria in plan.recommendation.scores}
    assert scores["AWS fine-tuning 24 h"]["cost"] == 5.0
    assert all(0 <= s["cost"] <= 5 for s in scores.values())


def test_smaller_model_lever_can_be_a_classifier_for_classification_work():
    # Seed 002: DistilBERT instead of BERT-Large for sentiment analysis. An L4 billed per
    # second of work running BERT-Large costs less when the lever swaps in DistilBERT (about a
    # fifth of the work per text); an encoder's capacity counts whole texts, not tokens written.
    scenario = _scenario([{"kind": "cloud", "name": "L4 rental", "gpu": "l4",
                           "gpus_per_instance": 1, "price_per_hour": 0.8,
                           "billing": "on_demand"}],
                         workload={"requests_per_hour": 100_000, "input_tokens": 256,
                                   "output_tokens": 1},
                         model={"id": "google-bert/bert-large-uncased", "quant": "fp16"},
                         levers={"small_model":
                                 "distilbert/distilbert-base-uncased-finetuned-sst-2-english"})
    plan = calculate(scenario, default_catalog())
    lever = next(lever for lever in plan.levers if str(lever.name) == "smaller model")
    ((_option, base, smaller),) = lever.savings
    assert smaller < base / 3
    capacity = plan.option("L4 rental").cost.capacity
    assert capacity.requests_per_hour_per_unit > 100_000  # texts classified, not tokens written
