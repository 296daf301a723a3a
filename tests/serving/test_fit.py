"""KV cache, overheads, multi-GPU planning and the fit verdict."""

import pytest

from core.errors import InputError
from core.hardware.gpus import match_gpu
from core.model.spec import find_model
from core.serving.fit import fit
from core.serving.memory import FitRequest, gpus_needed, kv_bytes_per_token, kv_cache_bytes
from core.units import GiB, MiB

LLAMA_70B = find_model("meta-llama/Llama-3.1-70B")
LLAMA_8B = find_model("meta-llama/Llama-3.1-8B")


def test_kv_bytes_per_token_is_gqa_aware():
    # 2 (K and V) x layers x kv_heads x head_dim x 2 bytes, from each config.json
    assert kv_bytes_per_token(LLAMA_70B, "fp16") == 2 * 80 * 8 * 128 * 2 == 327_680
    assert kv_bytes_per_token(LLAMA_8B, "fp16") == 131_072
    # Llama 2 7B has no GQA: 32 KV heads
    assert kv_bytes_per_token(find_model("meta-llama/Llama-2-7b-hf"), "fp16") == 524_288
    # Gemma 2 9B: head_dim 256 given separately from hidden/heads (3584/16 = 224)
    assert kv_bytes_per_token(find_model("google/gemma-2-9b"), "fp16") == 2 * 42 * 8 * 256 * 2


@pytest.mark.parametrize(("kv_quant", "bytes_per_element"),
                         [("fp8", 1), ("q8_0", 34 / 32), ("q4_0", 18 / 32)])
def test_kv_quantization_scales_per_element_bytes(kv_quant, bytes_per_element):
    assert kv_bytes_per_token(LLAMA_70B, kv_quant) == round(2 * 80 * 8 * 128 * bytes_per_element)


def test_kv_cache_scales_with_context_and_concurrency():
    assert kv_cache_bytes(LLAMA_70B, "fp16", 8192, 4) == 327_680 * 8192 * 4


def test_sliding_window_layers_keep_only_their_window():
    gemma = find_model("google/gemma-2-9b")
    per_layer_token = 2 * 8 * 256 * 2
    # 21 of 42 layers are local (window 4096), 21 global; vLLM holds a local layer for
    # window - 1 + max_num_batched_tokens (8192) + one 16-token block, so at 8,192 tokens the
    # whole context (vllm/v1/kv_cache_interface.py, SlidingWindowSpec)
    assert kv_cache_bytes(gemma, "fp16", 8192, 1) == per_layer_token * 42 * 8192
    assert kv_cache_bytes(gemma, "fp16", 32768, 1) == \
        per_layer_token * (21 * 32768 + 21 * (4096 - 1 + 8192 + 16))
    # llama.cpp keeps the window and its 512-token micro-batch (llama-kv-cache-iswa.cpp)
    assert kv_cache_bytes(gemma, "fp16", 8192, 1, engine="llama.cpp") == \
        per_layer_token * (21 * 8192 + 21 * (4096 + 512))
    mistral = find_model("mistralai/Mistral-7B-v0.1")  # every layer slides over 4,096 tokens
    held = 4096 - 1 + 8192 + 16
    assert kv_cache_bytes(mistral, "fp16", 32768, 1) == kv_cache_bytes(mistral, "fp16", held, 1)
    assert kv_cache_bytes(mistral, "fp16", 32768, 1, engine="llama.cpp") == \
        kv_cache_bytes(mistral, "fp16", 4096 + 512, 1, engine="llama.cpp")


def test_contract_example_fits_a_single_a100_80gb():
    result = fit(FitRequest(LLAMA_70B, "Q4_K_M", gpu=match_gpu("NVIDIA A100-SXM4-80GB")))
    assert result.engine == "llama.cpp"
    assert result.fits is True
    assert result.weights_bytes / GiB == pytest.approx(39.60, rel=1e-3)
    assert result.total_bytes == (result.weights_bytes + result.kv_cache_bytes
                                  + result.overhead_bytes)
    # A100 80GB reports 81920 MiB; llama.cpp keeps 1 GiB free
    free_for_kv = 81920 * MiB - GiB - result.weights_bytes - result.overhead_bytes
    assert result.max_kv_tokens == free_for_kv // 327_680
    assert result.headroom_bytes == free_for_kv - result.kv_cache_bytes
    assert result.gpus_needed == 1


def test_vllm_reserves_gpu_memory_utilization_of_total():
    gpu = match_gpu("h100-sxm")
    default = fit(FitRequest(LLAMA_8B, "bf16", gpu=gpu))
    tighter = fit(FitRequest(LLAMA_8B, "bf16", gpu=gpu, gpu_memory_utilization=0.5))
    assert default.per_gpu.kv_capacity - tighter.per_gpu.kv_capacity == pytest.approx(
        0.4 * gpu.memory_bytes, abs=1)


def test_memory_is_planned_per_card_never_summed():
    gpu = match_gpu("NVIDIA GeForce RTX 4090")
    one = fit(FitRequest(LLAMA_70B, "bf16", gpu=gpu, gpus=4, engine="vllm"))
    assert str(one.parallelism) == "tensor parallel x4"
    assert one.per_gpu.weights == one.weights_bytes // 4
    # 141 GB of bf16 weights do not fit 4 x 24 GB even though 96 GB < 141 GB is obvious,
    # and 8 cards hold 17.6 GB each
    assert one.fits is False
    assert one.gpus_needed == 8


def test_tensor_parallel_needs_heads_to_divide():
    # Qwen2.5 7B: 28 heads and 4 KV heads; 3 GPUs divide neither
    qwen = find_model("Qwen/Qwen2.5-7B")
    result = fit(FitRequest(qwen, "bf16", gpu=match_gpu("l4"), gpus=3, engine="vllm"))
    assert str(result.parallelism) == "pipeline parallel x3"
    assert any("do not divide" in str(note) for note in result.notes)


def test_layer_split_puts_whole_layers_on_each_card():
    result = fit(FitRequest(LLAMA_70B, "Q4_K_M", gpu=match_gpu("rtx-4090"), gpus=3))
    assert str(result.parallelism) == "layer split x3"
    # 80 layers on 3 cards: the fullest holds 27 layers plus embeddings and output
    assert result.weights_bytes / 3 < result.per_gpu.weights < result.weights_bytes / 2


def test_no_gpu_gives_null_fit():
    result = fit(FitRequest(LLAMA_8B, "Q4_K_M"))
    assert result.fits is None and result.headroom_bytes is None
    assert result.gpus_needed is None and result.decode_tokens_per_s is None


def test_when_nothing_fits_the_notes_say_what_would():
    # 70B parameters: 141 GB in fp16 do not fit on one 80 GB H100, 70.6 GB in fp8 do
    result = fit(FitRequest(LLAMA_70B, "fp16", gpu=match_gpu("h100-sxm"), gpus=1))
    assert result.fits is False
    notes = [str(note) for note in result.notes]
    assert any(note.startswith("fits as fp8") for note in notes)
    assert result.gpus_needed is not None and result.gpus_needed >= 2
    assert f"needs {result.gpus_needed} x H100 SXM 80GB" in notes
    long_context = fit(FitRequest(LLAMA_8B, "Q4_K_M", gpu=match_gpu("rtx-4090"), context=131072,
                                  concurrency=4))
    assert long_context.fits is False
    assert any("tokens of context per sequence" in str(note) for note in long_context.notes)


def test_gpus_needed_grows_with_concurrency():
    gpu = match_gpu("l40s")
    small = FitRequest(LLAMA_70B, "fp8", gpu=gpu, context=8192, concurrency=1)
    large = FitRequest(LLAMA_70B, "fp8", gpu=gpu, context=8192, concurrency=64)
    assert gpus_needed(small) < gpus_needed(large)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("context", 0, "context must be at least 1"),
    ("concurrency", 0, "concurrency must be at least 1"),
    ("gpus", 0, "gpus must be between"),
    ("engine", "ollama", "unknown engine"),
    ("kv_quant", "q4_0", "not supported by vllm"),
])
def test_bad_requests_raise_input_errors(field, value, message):
    request = FitRequest(LLAMA_8B, "bf16", **{field: value})
    with pytest.raises(InputError, match=message):
        fit(request)


def test_gguf_types_do_not_run_on_vllm():
    with pytest.raises(InputError, match="runs on: llama.cpp"):
        fit(FitRequest(LLAMA_8B, "Q4_K_M", engine="vllm"))


def test_headroom_is_per_gpu_on_two_l40s():
    # Issue 19: 2 x L40S showed the sum of both cards' headroom where each card has half.
    # Under tensor parallelism every card holds the same share, so the headroom per GPU is
    # the most loaded card's KV room less its KV cache, and the total is that times 2.
    result = fit(FitRequest(LLAMA_70B, "fp8", gpu=match_gpu("L40S"), gpus=2, context=1800,
                            concurrency=8))
    assert str(result.parallelism) == "tensor parallel x2"
    card = result.per_gpu
    assert result.headroom_bytes == card.kv_capacity - card.kv_cache
    assert result.headroom_bytes_total == 2 * result.headroom_bytes
    assert result.to_json()["headroom_bytes"] == result.headroom_bytes
    assert result.to_json()["per_gpu"]["headroom_bytes"] == result.headroom_bytes
    # One card of the pair holds half the weights and half the KV cache: its own memory less
    # vLLM's 10% reserve and its share is what is left, not the pair's.
    assert result.headroom_bytes < result.gpu_memory_bytes
