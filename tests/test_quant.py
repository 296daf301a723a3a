"""GGUF sizes follow llama.cpp's per-tensor type mix and match published files."""

import pytest

from core.errors import InputError
from core.params import Tensor
from core.quant import get_quantization, gguf_tensor_type, gguf_type_mix, weights_breakdown
from core.specs import find_model
from core.units import GB, GiB

# llama.cpp-reported model sizes in GiB for Llama 3 70B (same tensors as Llama 3.1 70B):
# dranger003's perplexity table in llama.cpp PR 6745, quoted by
# XiongjieDai/GPU-Benchmarks-on-LLM-Inference README (May 2024).
LLAMA3_70B_GIB = {
    "Q2_K": 24.56, "Q3_K_S": 28.79, "Q3_K_M": 31.91, "Q3_K_L": 34.59, "IQ4_XS": 35.30,
    "Q4_K_S": 37.58, "Q4_K_M": 39.60, "Q5_K_S": 45.32, "Q5_K_M": 46.52, "Q6_K": 53.91,
    "Q8_0": 69.83, "fp16": 131.43,
}


@pytest.mark.parametrize(("quant", "published_gib"), sorted(LLAMA3_70B_GIB.items()))
def test_llama3_70b_gguf_sizes_match_llama_cpp(quant, published_gib):
    weights, _ = weights_breakdown(find_model("meta-llama/Llama-3.1-70B"), quant)
    # published figures are rounded to 0.01 GiB; 0.1% covers that and rope_freqs
    assert weights / GiB == pytest.approx(published_gib, rel=1e-3)


@pytest.mark.parametrize(("quant", "published_gib"), [("Q4_K_M", 4.58), ("fp16", 14.96)])
def test_llama3_8b_gguf_sizes_match_llama_bench(quant, published_gib):
    # llama-bench sizes, XiongjieDai README "Total VRAM Requirements" (GiB, May 2024)
    weights, _ = weights_breakdown(find_model("meta-llama/Llama-3.1-8B"), quant)
    assert weights / GiB == pytest.approx(published_gib, rel=2e-3)


def test_q4_k_m_keeps_output_and_half_of_attn_v_and_ffn_down_at_q6_k():
    model = find_model("meta-llama/Llama-3.1-8B")
    mix = gguf_type_mix(model, "Q4_K_M")
    assert set(mix) == {"Q4_K", "Q6_K", "F32"}
    output = Tensor("output", -1, 4096, 128256 * 4096)
    assert gguf_tensor_type("Q4_K_M", output, model) == "Q6_K"
    down_types = [gguf_tensor_type("Q4_K_M", Tensor(f"blk.{i}.ffn_down", i, 14336, 14336 * 4096),
                                   model) for i in range(32)]
    # use_more_bits: layers 0-3, 28-31 and every third in between -> 16 of 32 layers
    assert down_types.count("Q6_K") == 16


def test_llama_70b_class_bumps_attn_v_to_q5_k():
    model = find_model("meta-llama/Llama-3.1-70B")
    tensor = Tensor("blk.40.attn_v", 40, 8192, 8192 * 1024)
    assert gguf_tensor_type("Q3_K_S", tensor, model) == "Q5_K"
    small = find_model("meta-llama/Llama-3.1-8B")
    assert gguf_tensor_type("Q3_K_S", Tensor("blk.9.attn_v", 9, 4096, 4096 * 1024), small) == "Q3_K"


def test_rows_not_divisible_by_256_fall_back_like_llama_cpp():
    # Qwen2.5 0.5B has hidden size 896: a multiple of 32 but not of 256
    model = find_model("Qwen/Qwen2.5-1.5B")
    assert gguf_tensor_type("Q4_K_M", Tensor("blk.5.ffn_gate", 5, 896, 896 * 512), model) == "Q5_0"
    assert gguf_tensor_type("Q6_K", Tensor("blk.5.ffn_gate", 5, 896, 896 * 512), model) == "Q8_0"
    # not even a multiple of 32: F16
    assert gguf_tensor_type("Q4_K_M", Tensor("blk.5.ffn_gate", 5, 1000, 1000 * 512), model) == "F16"


def test_awq_is_about_a_quarter_of_bf16_plus_scales_and_unquantised_embeddings():
    model = find_model("meta-llama/Llama-3.1-8B")
    bf16, _ = weights_breakdown(model, "bf16")
    awq, _ = weights_breakdown(model, "int4-awq")
    embeddings = 2 * 128256 * 4096 * 2  # embed + lm_head stay 16-bit
    linear_bf16 = bf16 - embeddings
    assert awq == pytest.approx(embeddings + linear_bf16 / 4 * (1 + 2.5 / 128 / 0.5), rel=2e-3)
    assert 5.5 * GB < awq < 6.0 * GB  # published AWQ checkpoints of Llama 3.1 8B: 5.7 GB


def test_moe_reads_only_routed_experts_per_token():
    total, active = weights_breakdown(find_model("mistralai/Mixtral-8x7B-v0.1"), "bf16")
    assert total == pytest.approx(46_702_792_704 * 2, rel=1e-6)
    assert active == pytest.approx(12_879_925_248 * 2, rel=1e-3)


@pytest.mark.parametrize("name", ["q4_k_m", "Q4_K_M", "f16", "FP16", "bf16", "int4-awq"])
def test_quantization_names_are_case_insensitive_with_aliases(name):
    assert get_quantization(name).name.lower() in (name.lower(), "fp16")


def test_unknown_quantization_names_the_accepted_ones():
    with pytest.raises(InputError, match="accepted: .*Q4_K_M"):
        get_quantization("Q4_K_XL")
