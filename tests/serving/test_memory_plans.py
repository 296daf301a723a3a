"""MemoryPlans (the capacity search's shared memory plans) gives what memory_plan, fits_on,
gpus_needed and speed_setup give for the same request, GPU count and concurrency."""

from dataclasses import replace

import pytest

from core.errors import InputError
from core.hardware.gpus import match_gpu
from core.model.spec import find_model
from core.serving.memory import (
    FitRequest,
    MemoryPlans,
    fits_on,
    gpus_needed,
    memory_plan,
    speed_setup,
)

CASES = [
    # (model, quant, engine, kv_quant, gpu, context)
    ("meta-llama/Llama-3.1-70B", "fp8", "vllm", "fp16", "h100-sxm", 1800),
    ("meta-llama/Llama-3.1-70B", "bf16", None, "fp8", "L40S", 8500),
    ("Qwen/Qwen2.5-7B", "bf16", "vllm", "fp16", "rtx-4090", 4096),  # 3 GPUs: no tensor parallel
    ("Qwen/Qwen3-30B-A3B", "bf16", "tensorrt-llm", "fp16", "h100-sxm", 32000),
    ("google/gemma-2-9b", "Q4_K_M", "llama.cpp", "q8_0", "rtx-4090", 12000),  # layer split
    ("meta-llama/Llama-3.1-8B", "bf16", "transformers", "fp16", "L40S", 2000),  # activations
    ("google-bert/bert-base-uncased", "bf16", None, "fp16", "L40S", 512),  # an encoder
]


@pytest.mark.parametrize("model_id,quant,engine,kv_quant,gpu_name,context", CASES)
def test_each_plan_is_the_one_memory_plan_gives(model_id, quant, engine, kv_quant, gpu_name,
                                                context):
    request = FitRequest(find_model(model_id), quant, engine=engine, kv_quant=kv_quant,
                         context=context, gpu=match_gpu(gpu_name))
    plans = MemoryPlans(request)
    for gpus in (1, 2, 3, 4, 8, 64):
        for concurrency in (1, 2, 7, 64, 4096):
            asked = replace(request, gpus=gpus, concurrency=concurrency)
            assert plans.card(gpus, concurrency) == memory_plan(asked).card
            assert plans.fits(gpus, concurrency) == fits_on(asked, gpus)
        assert plans.speed_setup(gpus) == speed_setup(replace(request, gpus=gpus))
    for concurrency in (1, 16, 4096):
        assert plans.gpus_needed(concurrency) == gpus_needed(
            replace(request, concurrency=concurrency))


def test_counts_out_of_range_are_refused_as_memory_plan_refuses_them():
    request = FitRequest(find_model("meta-llama/Llama-3.1-8B"), "bf16",
                         gpu=match_gpu("h100-sxm"))
    plans = MemoryPlans(request)
    for gpus, concurrency in ((65, 1), (0, 1), (1, 0)):
        with pytest.raises(InputError) as expected:
            memory_plan(replace(request, concurrency=concurrency), gpus)
        with pytest.raises(InputError) as given:
            plans.card(gpus, concurrency)
        assert str(given.value) == str(expected.value)
    with pytest.raises(InputError, match="gpus must be between 1 and 64, got 65"):
        plans.speed_setup(65)
