"""Decode speed estimates against published llama-bench measurements."""

import pytest

from benches.accuracy import DECODE_LLAMA3
from core.hardware.gpus import match_gpu
from core.model.spec import find_model
from core.serving.fit import fit
from core.serving.memory import FitRequest, speed_setup
from core.serving.speed import (
    aggregate_tokens_per_s,
    prefill_tokens_per_s,
    replicas_for,
    requests_per_hour,
)

# llama-bench tg1024 (tokens/s) of Llama 3 8B/70B, XiongjieDai/GPU-Benchmarks-on-LLM-Inference
# README, May 2024, llama.cpp CUDA builds on RunPod; kept with its source in benches/accuracy.py.
MEASURED = DECODE_LLAMA3


@pytest.mark.parametrize(("gpu", "gpus", "model", "quant", "measured"), MEASURED)
def test_llama_cpp_decode_estimate_is_within_25_percent_of_measurement(gpu, gpus, model, quant,
                                                                       measured):
    result = fit(FitRequest(find_model(model), quant, engine="llama.cpp", context=1024,
                            gpu=match_gpu(gpu), gpus=gpus))
    assert result.decode_tokens_per_s == pytest.approx(measured, rel=0.25)


def test_the_range_around_a_speed_holds_most_measurements_of_its_kind():
    # The range's half-width is the 80th percentile of the held-out errors of this kind of
    # setup (core.serving.speed.CALIBRATION): it holds at least about 4 of 5 measurements.
    inside = 0
    for gpu, gpus, model, quant, measured in MEASURED:
        result = fit(FitRequest(find_model(model), quant, engine="llama.cpp", context=1024,
                                gpu=match_gpu(gpu), gpus=gpus))
        low, high = result.decode_tokens_per_s_range
        inside += low <= measured <= high
    assert inside >= 0.7 * len(MEASURED)


def test_decode_slows_as_context_grows_and_aggregate_grows_with_concurrency():
    model, gpu = find_model("meta-llama/Llama-3.1-8B"), match_gpu("h100-sxm")
    short = fit(FitRequest(model, "bf16", gpu=gpu, context=2048))
    long = fit(FitRequest(model, "bf16", gpu=gpu, context=131072))
    assert long.decode_tokens_per_s < short.decode_tokens_per_s
    batched = fit(FitRequest(model, "bf16", gpu=gpu, context=2048, concurrency=32))
    assert batched.aggregate_tokens_per_s > 10 * short.decode_tokens_per_s
    assert batched.aggregate_tokens_per_s < 32 * short.decode_tokens_per_s


def test_tensor_parallel_decodes_faster_than_one_card_for_the_same_model():
    model, gpu = find_model("meta-llama/Llama-3.1-70B"), match_gpu("h100-sxm")
    two = fit(FitRequest(model, "fp8", gpu=gpu, gpus=2))
    four = fit(FitRequest(model, "fp8", gpu=gpu, gpus=4))
    assert four.decode_tokens_per_s > two.decode_tokens_per_s


def test_prefill_is_faster_than_decode():
    result = fit(FitRequest(find_model("meta-llama/Llama-3.1-8B"), "bf16",
                            gpu=match_gpu("a100-sxm4-80gb")))
    assert result.prefill_tokens_per_s > 20 * result.decode_tokens_per_s


def _setup(model_id, quant, gpu, gpus=1):
    return speed_setup(FitRequest(find_model(model_id), quant, engine="vllm",
                                  gpu=match_gpu(gpu), gpus=gpus))


def test_requests_per_hour_is_gpu_time_per_request_inverted():
    setup = _setup("meta-llama/Llama-3.1-8B", "bf16", "h100-sxm")
    prefill = prefill_tokens_per_s(setup, 1000)
    decode = aggregate_tokens_per_s(setup, 16, 1000 + 100)
    expected = 3600 / (1000 / prefill + 200 / decode)
    assert requests_per_hour(setup, 1000, 200, 16) == pytest.approx(expected)
    assert requests_per_hour(setup, 1000, 200, 16) > requests_per_hour(setup, 1000, 200, 1)


def test_replicas_cover_the_workload():
    assert replicas_for(1000, 300) == 4
    assert replicas_for(0.5, 300) == 1
    assert replicas_for(1000, 0) == 0


def test_moe_batch_reads_more_experts_than_one_stream():
    setup = _setup("mistralai/Mixtral-8x7B-v0.1", "bf16", "h100-sxm", 2)
    one = aggregate_tokens_per_s(setup, 1, 2048)
    eight = aggregate_tokens_per_s(setup, 8, 2048)
    # 8 streams touch 1-(6/8)^8 = 90% of the experts, 3.3x the bytes one stream reads:
    # about 2.4x one stream's speed (reading only the routed experts would give about 7x)
    assert one < eight < 3 * one
