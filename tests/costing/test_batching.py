"""Issue 19: allowing larger batches never makes capacity smaller or self-hosting dearer, and no
lever saves or costs more than the option's whole cost (the batching lever once gave -961%)."""

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.costing.capacity import replica_options, unit_capacity
from core.costing.context import Context
from core.costing.plan import calculate
from core.costing.scenario import (
    ApiOption,
    OnPremOption,
    Workload,
    load_scenario,
    scenario_from_dict,
)
from core.hardware.gpus import match_gpu
from core.i18n.render import render
from core.model.spec import find_model
from core.pricing.catalog import default_catalog
from core.resources import resource_dir
from core.serving.memory import MAX_GPUS

EXAMPLES = sorted((resource_dir() / "examples").glob("*.llmplan.json"))
# Issue 19 asks for batch sizes 1..256; 64 is the default batching lever (scenario.Levers).
BATCHES = range(1, 257)
# The issue's case: an insurer's 40,000 requests a day on an existing 2x L40S box (fixed) and
# the same boxes sized to the load, Llama 3.1 70B FP8 at 15 tokens/s per user (the bundled
# support assistant's request: 1,500 + 300 tokens, peak 2x, 12 h x 250 days).
ISSUE_CASE = {
    "format": "llmplan-scenario", "format_version": 1, "name": "issue 19", "currency": "EUR",
    "horizon_months": 36,
    "workload": {"requests_per_day": 40000, "input_tokens": 1500, "output_tokens": 300,
                 "peak_to_average": 2, "hours_per_day": 12, "days_per_year": 250,
                 "tokens_per_s_per_user": 15},
    "model": {"id": "meta-llama/Llama-3.1-70B", "quant": "fp8", "engine": "vllm"},
    "options": [
        {"kind": "api", "name": "OpenAI GPT-4o", "catalog": "openai/gpt-4o"},
        {"kind": "onprem", "name": "Existing 2x L40S", "gpu": "L40S", "gpus_per_server": 2,
         "servers": 1, "server_price": 30000, "price_per_kwh": 0.3},
        {"kind": "onprem", "name": "Sized 2x L40S", "gpu": "L40S", "gpus_per_server": 2,
         "server_price": 30000, "price_per_kwh": 0.3},
        {"kind": "cloud", "name": "Lambda H100, spare",
         "catalog": "lambda-gpu_1x_h100_sxm5@us-east-1", "billing": "service_hours",
         "spare_replicas": 1}]}


def _scenarios():
    yield from (load_scenario(path) for path in EXAMPLES)
    yield scenario_from_dict(ISSUE_CASE)


def _ratio(before, after):
    """The lever's saving as a share of the cost before it."""
    return (before - after) / before


@pytest.mark.parametrize("model_id,quant", [("meta-llama/Llama-3.1-70B", "fp8"),
                                            ("Qwen/Qwen3-30B-A3B", "bf16")])
@pytest.mark.parametrize("gpu_name", ["h100-sxm", "L40S", "rtx-4090"])
@pytest.mark.parametrize("gpus_per_unit", [1, 2, 8])
@pytest.mark.parametrize("target", [None, 15.0])
def test_capacity_never_falls_when_more_batching_is_allowed(model_id, quant, gpu_name,
                                                           gpus_per_unit, target):
    model, gpu = find_model(model_id), match_gpu(gpu_name)
    option = OnPremOption(name="o", gpus_per_server=gpus_per_unit)
    previous = None
    for batch in BATCHES:
        work = Workload(requests_per_hour=1000, input_tokens=1500, output_tokens=300,
                        batch_size=batch, tokens_per_s_per_user=target)
        capacity = unit_capacity(option, gpu, model, quant, None, "fp16", work)
        replica = capacity.replica
        # every way to run a replica, by its GPU count
        shapes = {r.gpus: r.requests_per_hour for r in replica_options(
            model, quant, None, "fp16", gpu, 1500, 300, batch, target, None, gpus_per_unit)}
        assert replica.batch <= batch
        if previous is not None:
            unit_before, replica_before, shapes_before = previous
            assert capacity.requests_per_hour_per_unit >= unit_before * (1 - 1e-12), batch
            assert replica.requests_per_hour >= replica_before * (1 - 1e-12), batch
            for gpus, rate in shapes_before.items():
                if gpus in shapes:
                    assert shapes[gpus] >= rate * (1 - 1e-12), (batch, gpus)
        previous = capacity.requests_per_hour_per_unit, replica.requests_per_hour, shapes


@pytest.mark.parametrize("scenario", list(_scenarios()), ids=lambda s: s.name[:30])
def test_self_hosted_cost_never_rises_when_more_batching_is_allowed(scenario):
    context = Context(scenario, default_catalog())
    workload = scenario.workload
    for resolved in context.resolved:
        if isinstance(resolved.option, ApiOption):
            continue
        # at a tenth, once and ten times the volume (VOLUME_MULTIPLIERS' ends)
        for share in (0.1, 1.0, 10.0):
            volume = workload.hourly_requests * share
            before = None
            for batch in BATCHES:
                cost = context.cost(resolved, replace(workload, batch_size=batch), volume)
                if before is not None and cost.per_year is not None:
                    assert cost.per_year <= before * (1 + 1e-9), (resolved.option.name, batch)
                before = cost.per_year


def _check_levers(plan):
    for lever in plan.levers:
        for option, before, after in lever.savings:
            if before is None or after is None or before == 0:
                continue
            assert -1 <= _ratio(before, after) <= 1, (lever.name, option, before, after)


@pytest.mark.parametrize("scenario", list(_scenarios()), ids=lambda s: s.name[:30])
def test_every_lever_saving_is_within_the_options_cost(scenario):
    _check_levers(calculate(scenario, default_catalog()))


@settings(max_examples=25, deadline=None)
@given(batch=st.integers(1, 256), lever=st.integers(1, 256))
def test_levers_stay_within_the_options_cost_for_any_batch(batch, lever):
    document = json.loads(json.dumps(ISSUE_CASE))
    document["workload"]["batch_size"] = batch
    document["levers"] = {"batch_size": lever}
    _check_levers(calculate(scenario_from_dict(document), default_catalog()))


def test_the_issue_case_batching_lever_saves_instead_of_costing_twenty_times_more():
    # Before: the lever (batch 64) sized 3-GPU replicas across two 2-GPU servers and cut the
    # batch to 1 for the per-user speed target, -2,080% on the sized L40S option.
    plan = calculate(scenario_from_dict(ISSUE_CASE), default_catalog())
    batching = next(lever for lever in plan.levers if str(lever.name) == "batching")
    for option, before, after in batching.savings:
        assert after <= before, option
    sized = plan.option("Sized 2x L40S").cost.capacity
    assert sized.replica.batch > 1


def test_a_fixed_fleet_runs_only_replicas_it_can_hold():
    # Llama 3.1 70B in bf16 (141 GB of weights) cannot sit on one server of 2 x L40S (2 x 45 GiB):
    # a replica would span servers the fleet does not have, so the fleet carries nothing.
    document = json.loads(json.dumps(ISSUE_CASE))
    document["model"]["quant"] = "bf16"
    plan = calculate(scenario_from_dict(document), default_catalog())
    fixed = plan.option("Existing 2x L40S").cost
    assert fixed.capacity.requests_per_hour_per_unit == 0
    assert str(fixed.capacity.basis).endswith("; the 1 server cannot hold it")
    # German: the one server in the singular, the servers a replica needs in the plural
    assert render(fixed.capacity.basis, "de").startswith("ein Replikat braucht 2 Server (")
    assert render(fixed.capacity.basis, "de").endswith("; 1 Server fasst es nicht")
    assert fixed.carries is False
    sized = plan.option("Sized 2x L40S").cost
    assert sized.carries is True and sized.capacity.units_per_replica > 1


def test_options_that_differ_only_in_kv_cache_type_are_sized_apart():
    # The capacities are remembered per option shape; an option's own model with an FP8 KV
    # cache holds twice the requests of an FP16 one (1 byte per value instead of 2), so it
    # must not reuse the FP16 option's sizing.
    server = {"kind": "onprem", "gpu": "h100-sxm", "gpus_per_server": 1, "server_price": 1}
    document = {
        "format": "llmplan-scenario", "format_version": 1, "name": "kv", "currency": "EUR",
        "workload": {"requests_per_hour": 100, "input_tokens": 8000, "output_tokens": 500,
                     "batch_size": 256},
        "model": {"id": "meta-llama/Llama-3.1-8B", "quant": "bf16"},
        "options": [{**server, "name": "fp16 KV"},
                    {**server, "name": "fp8 KV",
                     "model": {"id": "meta-llama/Llama-3.1-8B", "quant": "bf16",
                               "kv_quant": "fp8"}}]}
    plan = calculate(scenario_from_dict(document), default_catalog())
    fp16 = plan.option("fp16 KV").cost.capacity.replica
    fp8 = plan.option("fp8 KV").cost.capacity.replica
    assert fp8.batch > fp16.batch


def test_units_that_do_not_divide_the_gpu_limit_still_get_a_replica():
    """DeepSeek-V3 in bf16 (about 1.34 TB of weights) on 48 GB L40S cards needs about 60
    GPUs: with 5-GPU servers the whole batch rounded up to whole servers was 65 GPUs, past the
    planner's 64 (core.serving.memory.MAX_GPUS), and sizing failed with 'gpus must be between
    1 and 64, got 65' instead of sizing within the limit."""
    model = find_model("deepseek-ai/DeepSeek-V3")
    for unit in (3, 5, 7):
        replicas = replica_options(model, "bf16", None, "fp16", match_gpu("L40S"), 20_000,
                                   1_000, 64, None, None, unit)
        assert replicas and all(r.gpus <= MAX_GPUS for r in replicas)
