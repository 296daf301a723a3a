"""Ranking what fits a GPU set, and saying what would help when nothing does."""

from core.costing.capacity import replica_capacity
from core.hardware.gpus import match_gpu
from core.model.spec import find_model
from core.serving.fit import fit
from core.serving.memory import FitRequest
from core.serving.recommend import recommend


def test_rows_fit_and_rank_good_quality_larger_models_first():
    table = recommend(match_gpu("a100-sxm4-80gb"), 1)
    assert table.rows and table.hint is None
    assert all(row.headroom_bytes >= 0 for row in table.rows)
    good = [row for row in table.rows if row.quality_loss_pct <= 8.0]
    assert list(table.rows[:len(good)]) == good
    assert [row.params for row in good] == sorted((row.params for row in good), reverse=True)


def test_more_gpus_admit_larger_models():
    gpu = match_gpu("rtx-4090")  # 24 GB: a 70B model needs at least two
    one = {row.model_id for row in recommend(gpu, 1).rows}
    four = {row.model_id for row in recommend(gpu, 4).rows}
    assert one < four and "meta-llama/Llama-3.3-70B-Instruct" in four - one


def test_nothing_fits_gives_a_hint():
    tiny_only = (find_model("meta-llama/Llama-3.1-405B"),)
    table = recommend(match_gpu("l4"), 1, context=4096, models=tiny_only)
    assert not table.rows
    assert "nothing in the catalog fits 1 x L4" in str(table.hint)
    assert "needs" in str(table.hint)


def test_models_with_a_shorter_maximum_context_are_left_out():
    table = recommend(match_gpu("h100-sxm"), 1, context=32768)
    models = {row.model_id for row in table.rows}
    assert "google/gemma-2-9b" not in models  # 8,192-token maximum
    assert "meta-llama/Llama-3.1-8B" in models
    none = recommend(match_gpu("h100-sxm"), 1, context=100_000_000)
    assert not none.rows
    assert "no catalog model takes 100,000,000 tokens" in str(none.hint)


def test_requests_per_hour_match_the_capacity_the_cost_plan_uses():
    # The support-assistant example's request: 1,500 prompt + 300 answer tokens, batch 16.
    gpu, model = match_gpu("h100-sxm"), find_model("meta-llama/Llama-3.1-70B")
    table = recommend(gpu, 8, context=1800, concurrency=16, models=(model,),
                      request_tokens=(1500, 300))
    row = next(r for r in table.rows if r.quant == "fp8" and r.engine == "vllm")
    replica = replica_capacity(model, "fp8", "vllm", "fp16", gpu, 1500, 300, 16, None, None)
    assert row.gpus_used == replica.gpus
    assert row.requests_per_hour == replica.requests_per_hour
    assert recommend(gpu, 8, context=1800, models=(model,)).rows[0].requests_per_hour is None


def test_recommend_headroom_is_per_gpu():
    # Issue 19: the headroom column is per GPU (the most loaded card), as the fit engine's.
    gpu = match_gpu("L40S")
    table = recommend(gpu, 2, 4096, 1)
    row = next(row for row in table.rows if row.gpus_used == 2 and row.engine == "vllm")
    result = fit(FitRequest(find_model(row.model_id), row.quant, engine=row.engine,
                            context=4096, gpu=gpu, gpus=2))
    assert row.headroom_bytes == result.headroom_bytes
    assert row.headroom_bytes == result.per_gpu.kv_capacity - result.per_gpu.kv_cache
