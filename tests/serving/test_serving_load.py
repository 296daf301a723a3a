"""The serving model under load (core.serving.speed.serve): queueing beyond the KV cache, the
figures `llmplan fit --input-tokens --output-tokens --concurrency` prints, the cost engine
sizing replicas from the same figures, and vLLM's KV cache size against its start-up logs."""

import json
from dataclasses import replace

import pytest

from benches.serving_accuracy import kv_cases, load_rows, predict
from core.cli import main
from core.costing.capacity import replica_options
from core.hardware.gpus import match_gpu
from core.model.spec import find_model
from core.serving.engines import sglang_reserve_bytes
from core.serving.fit import fit
from core.serving.memory import FitRequest, speed_setup
from core.serving.speed import serve
from core.units import GiB

LLAMA_70B = find_model("meta-llama/Llama-3.1-70B")


def _setup(gpus=4):
    return speed_setup(FitRequest(LLAMA_70B, "fp8", gpu=match_gpu("h100-sxm"), gpus=gpus))


def test_requests_beyond_what_the_kv_cache_holds_wait_and_add_no_throughput():
    setup = _setup()
    held = serve(setup, 1000, 1000, 300, 300)
    over = serve(setup, 1000, 1000, 600, 300)
    assert over.batch == 300 and over.queued == 300
    assert over.output_tokens_per_s == pytest.approx(held.output_tokens_per_s)
    # Little's law: 300 more requests ahead, each batch of 300 takes 300 x 1000 / X seconds
    wait = 300 * 1000 / held.output_tokens_per_s
    assert over.ttft_s == pytest.approx(held.ttft_s + wait)


def test_more_users_share_the_gpus_each_gets_fewer_tokens_and_waits_longer_for_the_first():
    setup = _setup()
    loads = [serve(setup, 2000, 500, users, None) for users in (1, 8, 64, 256)]
    throughputs = [load.output_tokens_per_s for load in loads]
    per_user = [load.tokens_per_s_per_user for load in loads]
    ttfts = [load.ttft_s for load in loads]
    assert throughputs == sorted(throughputs)
    assert per_user == sorted(per_user, reverse=True)
    assert ttfts == sorted(ttfts)
    # prefill is included: the throughput stays below decoding alone at that batch
    for users, load in zip((1, 8, 64, 256), loads, strict=True):
        assert load.output_tokens_per_s * (1 - 1e-9) < users * load.tokens_per_s_per_user * 1.5


def test_one_user_alone_waits_at_least_one_pass_over_the_weights():
    setup = _setup(gpus=1)
    alone = serve(setup, 1, 100, 1, None)
    step = 1 / alone.tokens_per_s_per_user
    assert alone.ttft_s >= step


def test_the_cli_prints_the_serving_figures_of_the_contract(capsys):
    code = main(["fit", "--model", "meta-llama/Llama-3.1-8B", "--quant", "bf16",
                 "--gpu", "h100-sxm", "--input-tokens", "1000", "--output-tokens", "200",
                 "--concurrency", "32", "--json"])
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    for key in ("output_tokens_per_s", "tokens_per_s_per_user", "ttft_s",
                "requests_per_hour", "max_concurrency"):
        assert document[key] is not None and document[key] > 0
    assert document["context"] == 1200  # input + output
    assert document["requests_per_hour"] == pytest.approx(
        document["output_tokens_per_s"] * 3600 / 200, rel=1e-3)


def test_the_cli_refuses_a_context_beside_input_and_output_tokens(capsys):
    code = main(["fit", "--model", "meta-llama/Llama-3.1-8B", "--gpu", "h100-sxm",
                 "--context", "4096", "--input-tokens", "1000", "--output-tokens", "200"])
    assert code == 2
    assert "not both" in capsys.readouterr().err
    code = main(["fit", "--model", "meta-llama/Llama-3.1-8B", "--gpu", "h100-sxm",
                 "--input-tokens", "1000"])
    assert code == 2


def test_the_cost_engine_sizes_a_replica_from_the_figures_the_cli_prints():
    gpu = match_gpu("h100-sxm")
    model = find_model("meta-llama/Llama-3.1-8B")
    replica = replica_options(model, "bf16", None, "fp16", gpu, 1000.0, 200.0, 32, None, None,
                              1)[0]
    result = fit(FitRequest(model, "bf16", gpu=gpu, gpus=replica.gpus,
                            concurrency=replica.batch, input_tokens=1000, output_tokens=200))
    assert result.serving.requests_per_hour == pytest.approx(replica.requests_per_hour)
    assert result.serving.tokens_per_s_per_user == pytest.approx(replica.decode_tokens_per_s)
    assert result.serving.ttft_s == pytest.approx(replica.ttft_s)


def test_a_first_token_target_lowers_the_batch_until_it_is_met():
    gpu = match_gpu("l40s")
    model = find_model("meta-llama/Llama-3.1-8B")
    free = replica_options(model, "fp8", None, "fp16", gpu, 4000.0, 300.0, 128, None, None, 1)
    target = free[0].ttft_s / 2
    held = replica_options(model, "fp8", None, "fp16", gpu, 4000.0, 300.0, 128, None, target,
                           1)
    assert held[0].ttft_s <= target and held[0].batch < free[0].batch
    assert any("first token" in str(note) for note in held[0].notes)


def test_vllm_kv_cache_room_matches_its_start_up_logs():
    # vLLM 0.9-0.19 start-up logs ("Maximum concurrency for N tokens per request", "GPU KV
    # cache size"), benches/data/vllm_kv_logs.json with their sources. Text-only dense and MoE
    # models within 5%; Gemma 3 loads a vision tower the planner does not count, a 72B model
    # on two GPUs has 3 GiB of room where an overhead error weighs six times.
    cases = kv_cases()
    assert len(cases) >= 30
    errors = [(label, abs(p - m) / m) for label, p, m, _ in cases]
    assert sum(error <= 0.05 for _, error in errors) >= 0.8 * len(cases)
    for label, error in errors:
        assert error <= 0.25, label


def test_sglang_keeps_its_documented_reserve_outside_the_pool():
    # sglang srt/server_args.py: 9.5 + n/2 GiB below 90 GiB, 12 + n/2 below 160, 32 above
    assert sglang_reserve_bytes(80 * GiB, 1) == round(10.0 * GiB)
    assert sglang_reserve_bytes(141 * GiB, 8) == round(16.0 * GiB)
    assert sglang_reserve_bytes(192 * GiB, 8) == round(32.0 * GiB)
    result = fit(FitRequest(find_model("meta-llama/Llama-3.1-8B"), "bf16", engine="sglang",
                            gpu=match_gpu("h100-sxm")))
    card = result.per_gpu
    assert card.kv_capacity == pytest.approx(
        match_gpu("h100-sxm").memory_bytes - card.weights - 10.0 * GiB, abs=2)


def test_every_published_measurement_can_be_predicted():
    # benches/data/serving_*.json: each row names a catalog model and GPU the planner runs
    rows = load_rows()
    assert len(rows) >= 60
    for row in rows:
        result = predict(row)
        assert result.output_tokens_per_s > 0 and result.ttft_s > 0, row.id


def test_rocm_builds_before_aiter_are_set_apart_from_both_halves():
    # benches/data/serving_amd_llamacpp.json: dstack's DeepSeek-R1 runs on MI300X used vLLM
    # 0.7.3 and SGLang 0.4.2 staging images of February 2025, before AMD's AITER MLA and MoE
    # kernels; the model describes current engines, so they are reported apart
    older = load_rows(older_builds=True)
    assert older and {row.vendor for row in older} == {"amd"}
    assert {row.model for row in older} == {"deepseek-ai/DeepSeek-V3"}
    current = {row.id for row in load_rows()}
    assert not current & {row.id for row in older}
    # Llama 3.1 405B on the same vendor and era stays: dense models ran hipBLASLt GEMMs
    assert any(row.id.startswith("dstack-405b") for row in load_rows())


def test_the_plan_says_in_one_line_why_it_needs_its_replicas():
    from core.costing.plan import calculate
    from core.costing.scenario import load_scenario
    from core.pricing.catalog import default_catalog
    from core.resources import resource_dir

    scenario = load_scenario(resource_dir() / "examples" / "support-assistant.llmplan.json")
    plan = calculate(scenario, default_catalog())
    cloud = next(option for option in plan.options if option.kind == "cloud")
    cost, capacity = cloud.cost, cloud.cost.capacity
    replicas = cost.serving_units // capacity.units_per_replica * capacity.replicas_per_unit
    replica = capacity.replica
    sizing = str(cost.sizing)
    # the example sizes several replicas of several GPUs each (plural forms)
    assert replicas > 1 and replica.gpus > 1
    assert sizing.startswith(f"{replicas} replicas of {replica.gpus} GPUs")
    # the figures are the ones `llmplan fit` prints for one replica at its batch
    result = fit(replace(replica.fit_request, input_tokens=1500, output_tokens=300))
    assert f"{result.serving.tokens_per_s_per_user:,.1f} tokens/s per user" in sizing
    assert f"first token after {result.serving.ttft_s:,.2f} s" in sizing
