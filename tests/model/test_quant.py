"""GGUF sizes follow llama.cpp's per-tensor type mix and match published files."""

import pytest

from benches.accuracy import WEIGHTS
from core.errors import InputError
from core.model.gguf_types import gguf_tensor_type
from core.model.quant import get_quantization
from core.model.spec import find_model
from core.model.tensor import Tensor
from core.model.weights import gguf_type_mix, weights_breakdown
from core.units import GB, GiB


# llama.cpp-reported GGUF sizes in GiB with their sources (benches/accuracy.py): Llama 3 70B
# in twelve types (dranger003's table in llama.cpp PR 6745), Llama 3 8B (llama-bench sizes in
# the XiongjieDai README) and Llama 3.1 70B Q4_0 (a llama.cpp load log in ollama PR 6279).
@pytest.mark.parametrize(("model", "quant", "published_gib", "source"), WEIGHTS)
def test_gguf_sizes_match_what_llama_cpp_reports(model, quant, published_gib, source):
    weights, _ = weights_breakdown(find_model(model).arch, quant)
    # published figures are rounded to 0.01 GiB: 0.15% covers that for the smallest (4.58 GiB)
    assert weights / GiB == pytest.approx(published_gib, rel=1.5e-3)


def test_q4_k_m_keeps_output_and_half_of_attn_v_and_ffn_down_at_q6_k():
    model = find_model("meta-llama/Llama-3.1-8B").arch
    mix = gguf_type_mix(model, "Q4_K_M")
    assert set(mix) == {"Q4_K", "Q6_K", "F32"}
    output = Tensor("output", -1, 4096, 128256 * 4096, "output")
    assert gguf_tensor_type("Q4_K_M", output, model) == "Q6_K"
    downs = [Tensor("ffn_down", i, 14336, 14336 * 4096, "mlp") for i in range(32)]
    down_types = [gguf_tensor_type("Q4_K_M", down, model) for down in downs]
    # use_more_bits: layers 0-3, 28-31 and every third in between -> 16 of 32 layers
    assert down_types.count("Q6_K") == 16


def test_llama_70b_class_bumps_attn_v_to_q5_k():
    model = find_model("meta-llama/Llama-3.1-70B").arch
    tensor = Tensor("attn_v", 40, 8192, 8192 * 1024, "attention")
    assert gguf_tensor_type("Q3_K_S", tensor, model) == "Q5_K"
    small = find_model("meta-llama/Llama-3.1-8B").arch
    assert gguf_tensor_type("Q3_K_S", Tensor("attn_v", 9, 4096, 4096 * 1024, "attention"),
                            small) == "Q3_K"


def test_rows_not_divisible_by_256_fall_back_like_llama_cpp():
    # Qwen2.5 0.5B has hidden size 896: a multiple of 32 but not of 256
    model = find_model("Qwen/Qwen2.5-1.5B").arch
    gate = Tensor("ffn_gate", 5, 896, 896 * 512, "mlp")
    assert gguf_tensor_type("Q4_K_M", gate, model) == "Q5_0"
    assert gguf_tensor_type("Q6_K", gate, model) == "Q8_0"
    # not even a multiple of 32: F16
    odd = Tensor("ffn_gate", 5, 1000, 1000 * 512, "mlp")
    assert gguf_tensor_type("Q4_K_M", odd, model) == "F16"


def test_awq_is_about_a_quarter_of_bf16_plus_scales_and_unquantised_embeddings():
    model = find_model("meta-llama/Llama-3.1-8B").arch
    bf16, _ = weights_breakdown(model, "bf16")
    awq, _ = weights_breakdown(model, "int4-awq")
    embeddings = 2 * 128256 * 4096 * 2  # embed + lm_head stay 16-bit
    linear_bf16 = bf16 - embeddings
    assert awq == pytest.approx(embeddings + linear_bf16 / 4 * (1 + 2.5 / 128 / 0.5), rel=2e-3)
    assert 5.5 * GB < awq < 6.0 * GB  # published AWQ checkpoints of Llama 3.1 8B: 5.7 GB


def test_moe_reads_only_routed_experts_per_token():
    total, active = weights_breakdown(find_model("mistralai/Mixtral-8x7B-v0.1").arch, "bf16")
    assert total == pytest.approx(46_702_792_704 * 2, rel=1e-6)
    assert active == pytest.approx(12_879_925_248 * 2, rel=1e-3)


@pytest.mark.parametrize("name", ["q4_k_m", "Q4_K_M", "f16", "FP16", "bf16", "int4-awq"])
def test_quantization_names_are_case_insensitive_with_aliases(name):
    assert get_quantization(name).name.lower() in (name.lower(), "fp16")


def test_unknown_quantization_names_the_accepted_ones():
    with pytest.raises(InputError, match="accepted: .*Q4_K_M"):
        get_quantization("Q4_K_XL")
