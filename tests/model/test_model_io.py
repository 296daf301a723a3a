"""Reading a user's own model offline: config.json, model folders, GGUF headers."""

import json
import math
import struct
import tracemalloc

import pytest

from core.errors import InputError
from core.model.architecture import param_count
from core.model.loader import load_model_ref, model_from_config
from core.model.spec import find_model
from core.model.weights import weights_breakdown
from core.serving.memory import kv_bytes_per_token, kv_cache_bytes
from tests.fakes import (
    LLAMA_31_70B_CONFIG,
    TINY_LLAMA_CONFIG,
    write_gguf,
    write_safetensors,
    write_tiny_gguf,
)

GEMMA2_9B_CONFIG = {
    "model_type": "gemma2", "hidden_size": 3584, "intermediate_size": 14336,
    "num_attention_heads": 16, "num_key_value_heads": 8, "head_dim": 256,
    "num_hidden_layers": 42, "vocab_size": 256000, "max_position_embeddings": 8192,
    "sliding_window": 4096,
}
MIXTRAL_CONFIG = {
    "model_type": "mixtral", "hidden_size": 4096, "intermediate_size": 14336,
    "num_attention_heads": 32, "num_key_value_heads": 8, "num_hidden_layers": 32,
    "vocab_size": 32000, "max_position_embeddings": 32768, "num_local_experts": 8,
    "num_experts_per_tok": 2, "tie_word_embeddings": False,
}
QWEN25_7B_CONFIG = {
    "model_type": "qwen2", "hidden_size": 3584, "intermediate_size": 18944,
    "num_attention_heads": 28, "num_key_value_heads": 4, "num_hidden_layers": 28,
    "vocab_size": 152064, "max_position_embeddings": 131072, "tie_word_embeddings": False,
    "use_sliding_window": False, "sliding_window": 131072,
}


@pytest.mark.parametrize(("config", "published"), [
    (LLAMA_31_70B_CONFIG, 70_553_706_496),
    (GEMMA2_9B_CONFIG, 9_241_705_984),  # head_dim given apart from hidden/heads, tied
    (MIXTRAL_CONFIG, 46_702_792_704),   # MoE
    (QWEN25_7B_CONFIG, 7_615_616_512),  # attention biases
])
def test_config_json_gives_exact_parameter_counts(config, published):
    spec = model_from_config(config, "x", "config.json")
    assert param_count(spec.arch) == published


def test_config_file_path_works_as_model_ref(tmp_path):
    path = tmp_path / "Llama-3.1-70B" / "config.json"
    path.parent.mkdir()
    path.write_text(json.dumps(LLAMA_31_70B_CONFIG))
    loaded = load_model_ref(str(path))
    assert loaded.spec.id == "Llama-3.1-70B"
    catalog = find_model("meta-llama/Llama-3.1-70B")
    assert (weights_breakdown(loaded.spec.arch, "Q4_K_M")
            == weights_breakdown(catalog.arch, "Q4_K_M"))


def test_qwen_sliding_window_is_ignored_when_disabled():
    spec = model_from_config(QWEN25_7B_CONFIG, "q", "config.json")
    assert spec.arch.attention_kinds == {"full": 28}


@pytest.mark.parametrize(("change", "message"), [
    ({"num_hidden_layers": None}, "num_hidden_layers' is missing"),
    ({"hidden_size": -1}, "hidden_size' must be a positive whole number"),
    ({"vocab_size": "lots"}, "vocab_size' must be a positive whole number"),
    ({"num_key_value_heads": 3}, "not a multiple"),
])
def test_malformed_config_names_the_field(change, message):
    config = {**TINY_LLAMA_CONFIG, **change}
    config = {key: value for key, value in config.items() if value is not None}
    with pytest.raises(InputError, match=message):
        model_from_config(config, "tiny", "config.json")


def test_unknown_architecture_is_an_estimate_naming_its_model_type():
    spec = model_from_config({**TINY_LLAMA_CONFIG, "model_type": "falcon_mamba"}, "x", "c")
    assert not spec.exact
    assert "model_type 'falcon_mamba'" in str(spec.estimate_reasons[0])


def test_invalid_json_file_is_a_clear_error(tmp_path):
    path = tmp_path / "config.json"
    path.write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        load_model_ref(str(path))


def _tiny_llama_tensors():
    h, ffn, vocab, kv = 256, 512, 512, 2 * 64
    tensors = {"model.embed_tokens.weight": [vocab, h], "lm_head.weight": [vocab, h],
               "model.norm.weight": [h]}
    for layer in range(2):
        prefix = f"model.layers.{layer}."
        tensors.update({
            prefix + "self_attn.q_proj.weight": [h, h], prefix + "self_attn.k_proj.weight": [kv, h],
            prefix + "self_attn.v_proj.weight": [kv, h], prefix + "self_attn.o_proj.weight": [h, h],
            prefix + "mlp.gate_proj.weight": [ffn, h], prefix + "mlp.up_proj.weight": [ffn, h],
            prefix + "mlp.down_proj.weight": [h, ffn], prefix + "input_layernorm.weight": [h],
            prefix + "post_attention_layernorm.weight": [h]})
    return tensors


def test_model_folder_counts_safetensors_headers_exactly(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps(TINY_LLAMA_CONFIG))
    tensors = _tiny_llama_tensors()
    names = sorted(tensors)
    write_safetensors(tmp_path / "model-00001-of-00002.safetensors",
                      {n: tensors[n] for n in names[:10]})
    write_safetensors(tmp_path / "model-00002-of-00002.safetensors",
                      {n: tensors[n] for n in names[10:]})
    loaded = load_model_ref(str(tmp_path))
    architecture = param_count(loaded.spec.arch)
    assert loaded.spec.counted_params == architecture == 2 * 512 * 256 + 256 + 2 * (
        2 * 256 * 256 + 2 * 128 * 256 + 3 * 256 * 512 + 2 * 256)


def test_truncated_safetensors_header_is_a_clear_error(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps(TINY_LLAMA_CONFIG))
    (tmp_path / "model.safetensors").write_bytes(b"\x10\x00")
    with pytest.raises(InputError, match="too short"):
        load_model_ref(str(tmp_path))


def test_gguf_header_gives_architecture_and_real_tensor_sizes(tmp_path):
    path = tmp_path / "tiny-Q4_K_M.gguf"
    q4_k, q6_k = 12, 14
    write_tiny_gguf(path, {"embd": q4_k, "output": q6_k, "rest": q4_k, "v": q6_k, "down": q6_k})
    loaded = load_model_ref(str(path))
    spec = loaded.spec
    arch = spec.arch
    assert (arch.layer_count, arch.hidden_size, arch.heads, arch.kv_heads, arch.vocab_size) == (
        2, 256, 4, 2, 512)
    assert loaded.file_quant == "Q4_K_M"
    # block sizes from REFERENCES.md: Q4_K 144 bytes / 256 weights, Q6_K 210 / 256, F32 4 bytes
    q4_weights = 512 * 256 + 2 * (256 * 256 * 2 + 256 * 128 + 2 * 256 * 512)
    q6_weights = 512 * 256 + 2 * (256 * 128 + 512 * 256)
    f32_weights = 256 + 2 * 2 * 256
    expected = q4_weights // 256 * 144 + q6_weights // 256 * 210 + f32_weights * 4
    assert loaded.measured.total == expected
    assert spec.counted_params == q4_weights + q6_weights + f32_weights


@pytest.mark.parametrize(("content", "message"), [
    (b"NOPE" + bytes(20), "not a GGUF file"),
    (b"GGUF\x03\x00\x00\x00\x01", "truncated"),
    (b"GGUF\x09\x00\x00\x00" + bytes(16), "version 9 is not supported"),
])
def test_damaged_gguf_files_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "bad.gguf"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_model_ref(str(path))


def test_unknown_model_ref_suggests_close_catalog_ids():
    with pytest.raises(InputError, match="unknown model 'Qwen3-30B-A3'.*did you mean "
                                         "Qwen/Qwen3-30B-A3B.*catalog list --kind models"):
        load_model_ref("Qwen3-30B-A3")


def test_a_quantized_upload_points_at_its_base_model_and_its_config():
    # the -FP8 upload ships another format than the catalog's base model: not silently its size
    with pytest.raises(InputError, match="quantized upload of the catalog's zai-org/GLM-4.5-Air"):
        load_model_ref("zai-org/GLM-4.5-Air-FP8")


F16 = 1  # ggml type ids (ggml.h): 0 is F32


def _gguf_frame(h, vocab, layers):
    """Embedding, output head and final norm, and each block's two norms, in F16/F32."""
    tensors = [("token_embd.weight", (h, vocab), F16), ("output.weight", (h, vocab), F16),
               ("output_norm.weight", (h,), 0)]
    for layer in range(layers):
        tensors += [(f"blk.{layer}.attn_norm.weight", (h,), 0),
                    (f"blk.{layer}.ffn_norm.weight", (h,), 0)]
    return tensors


def _deepseek_like_gguf(path):
    # A tiny DeepSeek-V3-shaped file: latent attention, one dense layer, then experts with a
    # shared expert; names and keys as llama.cpp writes them (llama-arch.cpp, deepseek2)
    h, vocab, heads, q_rank, kv_rank, rope, nope, value = 256, 512, 4, 128, 64, 32, 64, 64
    experts, width = 8, 128
    f16 = F16
    tensors = _gguf_frame(h, vocab, 3)
    for layer in range(3):
        b = f"blk.{layer}."
        tensors += [(b + "attn_q_a.weight", (h, q_rank), f16),
                    (b + "attn_q_a_norm.weight", (q_rank,), 0),
                    (b + "attn_q_b.weight", (q_rank, heads * (nope + rope)), f16),
                    (b + "attn_kv_a_mqa.weight", (h, kv_rank + rope), f16),
                    (b + "attn_kv_a_norm.weight", (kv_rank,), 0),
                    (b + "attn_k_b.weight", (nope, kv_rank, heads), f16),
                    (b + "attn_v_b.weight", (kv_rank, value, heads), f16),
                    (b + "attn_output.weight", (heads * value, h), f16)]
        if layer == 0:
            tensors += [(b + "ffn_gate.weight", (h, 512), f16),
                        (b + "ffn_up.weight", (h, 512), f16),
                        (b + "ffn_down.weight", (512, h), f16)]
        else:
            tensors += [(b + "ffn_gate_inp.weight", (h, experts), 0),
                        (b + "ffn_gate_exps.weight", (h, width, experts), f16),
                        (b + "ffn_up_exps.weight", (h, width, experts), f16),
                        (b + "ffn_down_exps.weight", (width, h, experts), f16),
                        (b + "ffn_gate_shexp.weight", (h, width), f16),
                        (b + "ffn_up_shexp.weight", (h, width), f16),
                        (b + "ffn_down_shexp.weight", (width, h), f16)]
    metadata = {
        "general.architecture": "deepseek2", "general.name": "tiny-deepseek",
        "general.file_type": 1, "deepseek2.block_count": 3, "deepseek2.context_length": 4096,
        "deepseek2.embedding_length": h, "deepseek2.feed_forward_length": 512,
        "deepseek2.attention.head_count": heads, "deepseek2.attention.head_count_kv": 1,
        "deepseek2.attention.q_lora_rank": q_rank, "deepseek2.attention.kv_lora_rank": kv_rank,
        "deepseek2.attention.key_length_mla": nope + rope,
        "deepseek2.attention.value_length_mla": value, "deepseek2.rope.dimension_count": rope,
        "deepseek2.expert_count": experts, "deepseek2.expert_used_count": 2,
        "deepseek2.expert_shared_count": 1, "deepseek2.expert_feed_forward_length": width,
        "deepseek2.leading_dense_block_count": 1,
        "tokenizer.ggml.tokens": [f"t{i}" for i in range(vocab)],
    }
    write_gguf(path, metadata, tensors)
    return tensors


def test_gguf_of_a_latent_attention_moe_model_reads_its_layers(tmp_path):
    path = tmp_path / "tiny-deepseek-F16.gguf"
    tensors = _deepseek_like_gguf(path)
    loaded = load_model_ref(str(path))
    arch = loaded.spec.arch
    assert arch.attention_kinds == {"mla": 3}
    assert [layer.mlp.kind for layer in arch.layers] == ["dense", "moe", "moe"]
    assert (arch.moe.experts, arch.moe.top_k, arch.moe.width, arch.moe.shared_width) == (
        8, 2, 128, 128)
    # one latent (64) plus the rotary key (32) per layer, 16-bit (DeepSeek-V2 paper, Table 1)
    assert kv_bytes_per_token(loaded.spec, "fp16") == 3 * (64 + 32) * 2
    elements = {name: math.prod(dims) for name, dims, _ in tensors}
    assert loaded.spec.counted_params == sum(elements.values())
    expert_elements = sum(count for name, count in elements.items() if "_exps" in name)
    assert loaded.measured.routed == 2 * expert_elements  # F16 experts
    assert loaded.measured.routed_share == 2 / 8
    assert loaded.spec.exact


def test_gguf_of_a_hybrid_linear_attention_model_keeps_a_state_not_a_cache(tmp_path):
    # Qwen3-Next-shaped: three gated delta-net layers, then one full-attention layer
    h, vocab = 256, 512
    f16 = F16
    tensors = _gguf_frame(h, vocab, 4)
    for layer in range(4):
        b = f"blk.{layer}."
        tensors += [(b + "ffn_gate.weight", (h, 512), f16), (b + "ffn_up.weight", (h, 512), f16),
                    (b + "ffn_down.weight", (512, h), f16)]
        if layer < 3:
            tensors += [(b + "ssm_in.weight", (h, 2 * 128 + 2 * 256), f16),
                        (b + "ssm_out.weight", (256, h), f16)]
        else:
            tensors += [(b + "attn_q.weight", (h, 512), f16), (b + "attn_k.weight", (h, 128), f16),
                        (b + "attn_v.weight", (h, 128), f16),
                        (b + "attn_output.weight", (256, h), f16)]
    metadata = {
        "general.architecture": "qwen3next", "general.name": "tiny-next",
        "qwen3next.block_count": 4, "qwen3next.context_length": 4096,
        "qwen3next.embedding_length": h, "qwen3next.feed_forward_length": 512,
        "qwen3next.attention.head_count": 2, "qwen3next.attention.head_count_kv": 1,
        "qwen3next.attention.key_length": 128, "qwen3next.ssm.group_count": 1,
        "qwen3next.ssm.time_step_rank": 2, "qwen3next.ssm.state_size": 128,
        "qwen3next.ssm.inner_size": 256, "qwen3next.ssm.conv_kernel": 4,
        "tokenizer.ggml.tokens": [f"t{i}" for i in range(vocab)],
    }
    path = tmp_path / "tiny-next.gguf"
    write_gguf(path, metadata, tensors)
    spec = load_model_ref(str(path)).spec
    assert spec.arch.attention_kinds == {"linear": 3, "full": 1}
    # only the full-attention layer caches K and V: 1 KV head of 128, 16-bit
    assert kv_bytes_per_token(spec, "fp16") == 2 * 128 * 2
    # each linear layer keeps (4 - 1) x (2 x 128 + 256) conv values and 2 x 128 x 128 state
    state = 3 * (3 * (2 * 128 + 256) + 2 * 128 * 128) * 2
    assert kv_cache_bytes(spec, "fp16", 1000, 1) == 2 * 128 * 2 * 1000 + state


def test_unknown_gguf_architecture_is_an_estimate(tmp_path):
    path = tmp_path / "odd.gguf"
    write_tiny_gguf(path, {"embd": 12, "output": 14, "rest": 12, "v": 14, "down": 14})
    raw = path.read_bytes().replace(b"llama", b"zorro")
    path.write_bytes(raw)
    spec = load_model_ref(str(path)).spec
    assert not spec.exact and "zorro" in str(spec.estimate_reasons[0])


def test_model_folder_with_packed_mxfp4_experts_measures_the_shipped_bytes(tmp_path):
    # gpt-oss-shaped checkpoint: experts as U8 '_blocks' and '_scales' (OCP MX), rest BF16
    config = {"model_type": "gpt_oss", "hidden_size": 256, "intermediate_size": 256,
              "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
              "head_dim": 64, "vocab_size": 512, "num_local_experts": 4,
              "num_experts_per_tok": 2, "max_position_embeddings": 4096,
              "quantization_config": {"quant_method": "mxfp4",
                                      "modules_to_not_convert": ["model.layers.*.self_attn",
                                                                 "model.layers.*.mlp.router",
                                                                 "model.embed_tokens", "lm_head"]}}
    (tmp_path / "config.json").write_text(json.dumps(config))
    bf16 = {"model.embed_tokens.weight": [512, 256], "lm_head.weight": [512, 256]}
    packed = {}
    for layer in range(2):
        p = f"model.layers.{layer}.mlp.experts."
        packed[p + "gate_up_proj_blocks"] = [4, 512, 8, 16]  # 2 x 256 rows, 256 / 32 blocks
        packed[p + "gate_up_proj_scales"] = [4, 512, 8]
        packed[p + "down_proj_blocks"] = [4, 256, 8, 16]
        packed[p + "down_proj_scales"] = [4, 256, 8]
    write_safetensors(tmp_path / "model-00001-of-00002.safetensors", bf16)
    write_safetensors(tmp_path / "model-00002-of-00002.safetensors", packed, dtype="U8")
    loaded = load_model_ref(str(tmp_path))
    assert loaded.file_quant == "shipped"
    expert_bytes = sum(math.prod(shape) for shape in packed.values())
    assert loaded.measured.routed == expert_bytes
    assert loaded.measured.total == expert_bytes + 2 * 2 * 512 * 256
    assert any("packed low-bit tensors" in str(note) for note in loaded.spec.notes)
    assert loaded.spec.counted_params is None  # from the architecture, not the packed bytes


def test_gguf_number_arrays_past_a_thousand_items_are_skipped_not_read(tmp_path):
    # one metadata array of 10^7 float64 values (80 MB, a sparse file) and nothing else
    path = tmp_path / "huge.gguf"
    key = b"scores"
    body = struct.pack("<Q", len(key)) + key + struct.pack("<IIQ", 9, 12, 10**7)
    with path.open("wb") as handle:
        handle.write(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + body)
        handle.truncate(handle.tell() + 8 * 10**7)
    tracemalloc.start()
    with pytest.raises(InputError, match="general.architecture"):
        load_model_ref(str(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10 * 2**20
    short = tmp_path / "short.gguf"
    short.write_bytes(path.read_bytes()[:200])
    with pytest.raises(InputError, match="truncated"):
        load_model_ref(str(short))
