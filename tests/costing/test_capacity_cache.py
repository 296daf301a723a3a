"""The remembered capacities are the ones unit_capacities gives for each workload: a cold and a
warm plan agree, and workloads that differ only in volume, peak or service hours share them."""

import json
from dataclasses import replace

import pytest

from core.costing import capacity
from core.costing.capacity import unit_capacities
from core.costing.context import Context, model_choice
from core.costing.plan import calculate
from core.costing.scenario import ApiOption, HybridOption, load_scenario
from core.model.weights import clear_caches
from core.pricing.catalog import default_catalog
from core.resources import resource_dir

EXAMPLES = sorted((resource_dir() / "examples").glob("*.llmplan.json"))


def _variants(workload):
    yield workload
    yield replace(workload, peak_to_average=workload.peak_to_average + 0.5)
    yield replace(workload, hours_per_day=workload.hours_per_day / 2)
    yield replace(workload, batch_size=workload.batch_size * 4)
    yield replace(workload, tokens_per_s_per_user=(workload.tokens_per_s_per_user or 10) * 2)
    yield replace(workload, ttft_target_s=0.1)
    if workload.input_tokens is not None:
        yield replace(workload, input_tokens=workload.input_tokens * 0.8)
    else:
        yield replace(workload, input_words=(workload.input_words or 0) * 0.8)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_remembered_capacities_are_unit_capacities(path):
    scenario = load_scenario(path)
    context = Context(scenario, default_catalog())
    for resolved in context.resolved:
        if isinstance(resolved.option, (ApiOption, HybridOption)):
            continue  # priced by the token, or from its parts' capacities
        choice = model_choice(resolved.option, scenario)
        kv_quant = choice.kv_quant if choice else "fp16"
        for _ in range(2):  # asked again: found by identity
            for workload in _variants(scenario.workload):
                assert context.capacities(resolved, workload) == unit_capacities(
                    resolved.option, resolved.gpu, resolved.model, resolved.quant or "bf16",
                    resolved.engine, kv_quant, workload)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_a_cold_plan_and_a_warm_plan_agree(path):
    scenario = load_scenario(path)
    catalog = default_catalog()
    capacity.clear_caches()
    clear_caches()
    cold = json.dumps(calculate(scenario, catalog).to_json())
    assert json.dumps(calculate(scenario, catalog).to_json()) == cold
