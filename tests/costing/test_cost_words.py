"""The cost engine's words (issue 24): breakdown labels and notes, capacity and sizing lines,
shortfalls, hybrid notes and levers are messages; English reads as before the change (with the
plan's currency and plural forms), German in German words with German numbers and money."""

import pytest

from core.costing.capacity import Capacity, ReplicaCapacity, sizing_text
from core.costing.costs import Shortfall, api_cost, cloud_cost, onprem_cost
from core.costing.plan import calculate
from core.costing.scenario import (
    ApiOption,
    CloudOption,
    OnPremOption,
    SelfHosting,
    Workload,
    scenario_from_dict,
)
from core.i18n.render import render
from core.pricing.catalog import default_catalog

# 10,000 requests an hour, 8 hours a day, 100 days: 8M requests a year.
BUSY = Workload(requests_per_hour=10_000, input_tokens=1000, output_tokens=500, hours_per_day=8,
                days_per_year=100)
STAFF = SelfHosting(staff_fte=0.5, staff_cost_per_fte_year=110_000)


def _de(item):
    """German, with Babel's no-break spaces (before € and %) as plain spaces."""
    return render(item, "de").replace("\xa0", " ")


def _line(cost, label):
    return next(line for line in cost.lines if str(line.label) == label)


def test_an_api_line_in_both_languages():
    option = ApiOption(name="api", currency="EUR", price_in_per_m=2.154, price_out_per_m=8.615)
    line = _line(api_cost(option, BUSY, 10_000), "input tokens")
    # 8M requests x 1,000 tokens = 8,000M input tokens a year at 2.154 per 1M
    assert str(line.note) == "8,000.0M tokens a year at €2.154 per 1M"
    assert _de(line.label) == "Eingabe-Token"
    assert _de(line.note) == "8.000,0 Mio. Token pro Jahr zu 2,154 € pro 1 Mio."


def test_an_api_without_its_own_staff_says_so_in_german():
    cost = api_cost(ApiOption(name="api", currency="EUR", price_in_per_m=1, price_out_per_m=1),
                    BUSY, 10_000)
    (note,) = cost.notes
    assert str(note) == "no staff counted for integrating and running the API (give staff_fte)"
    # German names the field as the form labels it
    assert _de(note) == ("kein Personal für Integration und Betrieb der API angesetzt "
                         "(„Personal für den Betrieb“ angeben)")


def test_rented_instances_and_staff_in_both_languages():
    option = CloudOption(name="c", currency="EUR", price_per_hour=3.696, billing="service_hours",
                         spare_replicas=2, min_replicas=6)
    cost = cloud_cost(option, BUSY, 10_000, Capacity(1e9, 1, 1, "measured"), STAFF)
    serving = _line(cost, "instances serving (6)")
    # 6 instances billed 8 h x 100 days at 3.696 an hour
    assert str(serving.note) == "6 x €3.696 per hour x 8 h x 100 days"
    assert _de(serving.label) == "Instanzen im Betrieb (6)"
    assert _de(serving.note) == "6 × 3,696 € pro Stunde × 8 h × 100 Tage"
    spare = _line(cost, "spare instances (2)")
    assert _de(spare.label) == "Reserveinstanzen (2)"
    staff = _line(cost, "staff")
    assert str(staff.note) == "0.5 FTE x €110,000 a year"
    assert _de(staff.label) == "Personal"
    assert _de(staff.note) == "0,5 VZÄ × 110.000 € pro Jahr"


def test_servers_bought_in_both_languages():
    option = OnPremOption(name="o", currency="EUR", server_price=254_157, servers=2,
                          residual_share=0.1, depreciation_years=5, installation=12_923,
                          gpu_watts=0, price_per_kwh=0.0)
    cost = onprem_cost(option, BUSY, 10, Capacity(None, 1, 1, "not checked"), SelfHosting(),
                       None)
    servers = _line(cost, "servers (2)")
    assert str(servers.note) == "2 x €254,157, depreciation over 5 years, 10% residual"
    assert _de(servers.label) == "Server (2)"
    assert _de(servers.note) == ("2 × 254.157 €, Abschreibung über 5 Jahre, "
                                          "10 % Restwert")
    # 12,923 over 5 years, and over 1 year in the singular
    installation = _line(cost, "installation")
    assert _de(installation.note) == "12.923 € verteilt über 5 Jahre"
    one_year = onprem_cost(OnPremOption(name="o", currency="EUR", server_price=1, servers=1,
                                        depreciation_years=1, installation=500, gpu_watts=0,
                                        price_per_kwh=0.0),
                           BUSY, 10, Capacity(None, 1, 1, "not checked"), SelfHosting(), None)
    assert str(_line(one_year, "installation").note) == "€500 spread over 1 year"
    assert _de(_line(one_year, "installation").note) == "500 € verteilt über 1 Jahr"


@pytest.mark.parametrize(("servers", "english", "german"), [
    (1, "already owned: 1 server, nothing bought; its capacity is a hard ceiling",
     "bereits vorhanden: 1 Server, nichts gekauft; seine Kapazität ist eine feste Obergrenze"),
    (3, "already owned: 3 servers, nothing bought; their capacity is a hard ceiling",
     "bereits vorhanden: 3 Server, nichts gekauft; ihre Kapazität ist eine feste Obergrenze"),
])
def test_servers_already_owned_in_the_singular_and_the_plural(servers, english, german):
    option = OnPremOption(name="o", owned=True, servers=servers, gpu_watts=0, price_per_kwh=0)
    cost = onprem_cost(option, BUSY, 10, Capacity(None, 1, 1, "not checked"), SelfHosting(),
                       None)
    note = next(note for note in cost.notes if str(note).startswith("already owned"))
    assert str(note) == english
    assert _de(note) == german


@pytest.mark.parametrize(("units", "unit", "english", "german"), [
    (1, "server", "own carries only 43% of the peak load at its 1 server",
     "own trägt mit 1 Server nur 43 % der Spitzenlast"),
    (3, "server", "own carries only 43% of the peak load at its 3 servers",
     "own trägt mit 3 Servern nur 43 % der Spitzenlast"),
    (1, "instance", "own carries only 43% of the peak load at its 1 instance",
     "own trägt mit 1 Instanz nur 43 % der Spitzenlast"),
    (4, "instance", "own carries only 43% of the peak load at its 4 instances",
     "own trägt mit 4 Instanzen nur 43 % der Spitzenlast"),
    (0, "", "own carries only 43% of the peak load within its rate limit",
     "own trägt innerhalb des Ratenlimits nur 43 % der Spitzenlast"),
])
def test_a_shortfall_in_both_languages(units, unit, english, german):
    shortfall = Shortfall("own", 0.4329, units, unit)
    assert str(shortfall.sentence) == english
    assert _de(shortfall.sentence) == german
    later = Shortfall("own", 0.4329, units, unit, year=3)
    assert str(later.sentence) == f"by year 3, {english}"
    assert _de(later.sentence) == f"bis Jahr 3: {german}"


def _capacity(gpus, per_replica):
    replica = ReplicaCapacity(gpus, per_replica, 16, 34.0, 0.3)
    return Capacity(per_replica, 1, 1, "fit engine", replica)


def test_the_sizing_line_with_one_replica_and_with_several():
    # 16,667 requests/h at the peak over 6,353 per replica: 3 replicas; 529 output tokens/s is
    # 6,353 requests/h x 300 output tokens / 3,600 s.
    several = sizing_text(16_667, _capacity(2, 6353), 300)
    assert str(several) == (
        "3 replicas of 2 GPUs for a peak of 16,667 requests/h: each carries 6,353 requests/h "
        "with 16 at once (529 output tokens/s, 34.0 tokens/s per user, first token after 0.30 s)")
    assert _de(several) == (
        "3 Replikate mit 2 GPUs für eine Spitzenlast von 16.667 Anfragen/h: jedes trägt 6.353 "
        "Anfragen/h mit 16 gleichzeitig (529 Ausgabe-Token/s, 34,0 Token/s pro Nutzer, erstes "
        "Token nach 0,30 s)")
    one = sizing_text(5000, _capacity(1, 6353), 300)
    assert str(one).startswith("1 replica of 1 GPU for a peak of 5,000 requests/h: each carries")
    assert _de(one).startswith("1 Replikat mit 1 GPU für eine Spitzenlast von 5.000 "
                                        "Anfragen/h: es trägt")


def test_the_capacity_basis_names_replicas_and_gpus_with_plurals():
    from core.costing.capacity import unit_capacity
    from core.hardware.gpus import match_gpu
    from core.model.spec import find_model

    # Llama 3.1 8B bf16 fits on one H100: an 8-GPU server holds 8 replicas of 1 GPU.
    model = find_model("meta-llama/Llama-3.1-8B")
    gpu = match_gpu("NVIDIA H100 80GB HBM3")
    work = Workload(requests_per_hour=10, input_tokens=1000, output_tokens=500)
    server = unit_capacity(OnPremOption(name="o", gpus_per_server=8), gpu, model, "bf16", None,
                           "fp16", work)
    batch = server.replica.batch
    assert str(server.basis) == f"fit engine: 8 replicas of 1 GPU per unit, batch {batch}"
    assert _de(server.basis) == (f"berechnet aus Modell und GPUs: 8 Replikate mit 1 GPU pro "
                                 f"Einheit, Batch {batch}")
    single = unit_capacity(CloudOption(name="c", gpus_per_instance=1), gpu, model, "bf16", None,
                           "fp16", work)
    assert str(single.basis).startswith("fit engine: 1 replica of 1 GPU per unit")
    assert _de(single.basis).startswith("berechnet aus Modell und GPUs: 1 Replikat mit 1 GPU pro")


def test_levers_in_both_languages():
    document = {"format": "llmplan-scenario", "format_version": 2, "name": "levers",
                "workload": {"requests_per_hour": 100, "input_tokens": 800, "output_tokens": 200},
                "options": [{"kind": "api", "name": "api", "price_in_per_m": 10,
                             "price_out_per_m": 40, "price_cached_in_per_m": 5}],
                "levers": {"cache_hit_rate": 0.5, "prompt_cut": 0.25}}
    plan = calculate(scenario_from_dict(document), default_catalog())
    levers = {str(lever.name): lever for lever in plan.levers}
    caching = levers["prompt caching"]
    assert str(caching.assumption) == "50% of prompt tokens from cache"
    assert _de(caching.name) == "Prompt-Caching"
    assert _de(caching.assumption) == "50 % der Prompt-Token aus dem Cache"
    shorter = levers["shorter prompts"]
    assert str(shorter.assumption) == ("prompts 25% shorter by managing the context window "
                                       "(seed 002: 7,000 -> 3,000 tokens)")
    assert _de(shorter.assumption) == (
        "Prompts 25 % kürzer durch Pflege des Kontextfensters (Seed 002: 7.000 → 3.000 Token)")
    assert _de(levers["smaller model"].name) == "kleineres Modell"
