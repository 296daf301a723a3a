"""The models of 2025-26 from their published config.json files (tests/data/configs, sources in
its _sources-*.json): parameters, active parameters, KV cache, GGUF sizes and the fit verdicts
a planner relies on."""

import json
import math
from pathlib import Path

import pytest

from benches.accuracy import GGUF_2025, PARAMS_2025
from core.cli import main
from core.errors import InputError
from core.hardware.gpus import match_gpu
from core.model.architecture import (
    active_param_count,
    mtp_param_count,
    mtp_tensors,
    param_count,
    tensors,
)
from core.model.spec import find_model, model_catalog, model_from_config
from core.model.weights import is_converted, weight_bytes
from core.serving.fit import fit
from core.serving.memory import FitRequest, kv_bytes_per_token, kv_cache_bytes
from core.units import GiB

CONFIGS = Path(__file__).parents[1] / "data" / "configs"


def _spec(name: str):
    return model_from_config(json.loads((CONFIGS / name).read_text()), name, name)


# --- parameters -----------------------------------------------------------------------------

@pytest.mark.parametrize(("model_id", "published", "source"), PARAMS_2025)
def test_parameters_are_within_half_a_percent_of_the_published_total(model_id, published,
                                                                     source):
    assert param_count(find_model(model_id).arch) == pytest.approx(published, rel=0.005), source


@pytest.mark.parametrize(("name", "catalog_id"), [
    ("Qwen--Qwen3-30B-A3B.json", "Qwen/Qwen3-30B-A3B"),
    ("deepseek-ai--DeepSeek-V3.json", "deepseek-ai/DeepSeek-V3"),
    ("openai--gpt-oss-120b.json", "openai/gpt-oss-120b"),
    ("google--gemma-3-27b-it.json", "google/gemma-3-27b-it"),
    ("meta-llama--Llama-4-Scout-17B-16E-Instruct.json",
     "meta-llama/Llama-4-Scout-17B-16E-Instruct"),
])
def test_catalog_entries_read_the_published_config(name, catalog_id):
    assert _spec(name).arch == find_model(catalog_id).arch


def _fp8_block_scales(model) -> int:
    # One FP32 scale per 128 x 128 block of every FP8 matrix (DeepSeek-V3 report, 3.3).
    count = 0
    for tensor in (*tensors(model.arch), *mtp_tensors(model.arch)):
        if is_converted(tensor, model.shipped):
            rows = tensor.elements // tensor.row_size // tensor.depth
            count += math.ceil(tensor.row_size / 128) * math.ceil(rows / 128) * tensor.depth
    return count


@pytest.mark.parametrize(("model_id", "published", "stored_copies"), [
    # Hugging Face API total of deepseek-ai/DeepSeek-V3 ("685B" on its page)
    ("deepseek-ai/DeepSeek-V3", 684_531_386_000, True),
    # tensor count of the deepseek-ai/DeepSeek-V3.2 files (gogongxt/python, deepseek_v3.2.md)
    ("deepseek-ai/DeepSeek-V3.2", 685_396_921_376, True),
    # MiniMax-M2.5's Hugging Face total, the same architecture with its scale tensors
    ("MiniMaxAI/MiniMax-M2", 228_703_644_928, False),
])
def test_fp8_checkpoint_totals_are_the_model_its_mtp_layer_and_its_block_scales(
        model_id, published, stored_copies):
    # The checkpoint also stores the multi-token prediction layer with its own copies of the
    # embedding and output head (DeepSeek-V3 README_WEIGHTS.md).
    model = find_model(model_id)
    copies = 2 * model.arch.vocab_size * model.arch.hidden_size if stored_copies else 0
    assert (param_count(model.arch) + mtp_param_count(model.arch) + copies
            + _fp8_block_scales(model)) == published


@pytest.mark.parametrize(("model_id", "published", "stored_copies"), [
    # Hugging Face API totals, quoted with the MTP layer in _sources-deepseek-family.json
    ("zai-org/GLM-4.5", 358_337_791_296, True),
    ("zai-org/GLM-4.5-Air", 110_468_824_832, True),
    ("zai-org/GLM-5", 753_864_139_008, False),
])
def test_glm_totals_are_the_model_and_its_mtp_layer(model_id, published, stored_copies):
    model = find_model(model_id)
    copies = 2 * model.arch.vocab_size * model.arch.hidden_size if stored_copies else 0
    assert param_count(model.arch) + mtp_param_count(model.arch) + copies == published


@pytest.mark.parametrize(("name", "published"), [
    # tensor counts of the published files, vision tower and MTP layer included
    # (_sources-qwen-family.json: a model report of Qwen3.5-35B-A3B; the HF API for Qwen3.6-27B)
    ("Qwen--Qwen3.5-35B-A3B.json", 35_951_822_704),
    ("Qwen--Qwen3.6-27B.json", 27_781_427_952),
])
def test_qwen35_totals_are_language_model_mtp_and_vision_tower(name, published):
    spec = _spec(name)
    total = param_count(spec.arch) + mtp_param_count(spec.arch) + spec.arch.vision_params
    assert total == pytest.approx(published, rel=0.005)
    # Qwen3.5-35B-A3B's MTP layer is 844,640,768 parameters (keras-hub count without it)
    if "35B" in name:
        assert mtp_param_count(spec.arch) == 844_640_768


def test_tied_checkpoint_stores_the_shared_matrix_once_in_the_count():
    # Qwen3-0.6B: 596,049,920 unique parameters (keras-hub); its checkpoint stores the tied
    # output matrix a second time, 751,632,384 in all (HF API)
    spec = _spec("Qwen--Qwen3-0.6B.json")
    assert param_count(spec.arch) == 596_049_920
    assert param_count(spec.arch) + spec.arch.vocab_size * spec.arch.hidden_size == 751_632_384


@pytest.mark.parametrize(("model_id", "published", "digit"), [
    # model cards; `digit` is the last published digit, so the card is exact to half of it
    ("deepseek-ai/DeepSeek-V3", 37e9, 1e9),
    ("Qwen/Qwen3-30B-A3B", 3.3e9, 0.1e9),
    ("Qwen/Qwen3-235B-A22B", 22e9, 1e9),
    ("Qwen/Qwen3-Coder-480B-A35B-Instruct", 35e9, 1e9),
    ("meta-llama/Llama-4-Scout-17B-16E-Instruct", 17e9, 1e9),
    ("meta-llama/Llama-4-Maverick-17B-128E-Instruct", 17e9, 1e9),
    ("google/gemma-4-26B-A4B", 3.8e9, 0.1e9),
])
def test_active_parameters_match_the_model_card(model_id, published, digit):
    active = active_param_count(find_model(model_id).arch)
    assert abs(active - published) <= digit / 2 + 0.005 * published


@pytest.mark.parametrize(("model_id", "published"), [
    # gpt-oss model card table: active parameters without the input embedding
    ("openai/gpt-oss-120b", 5.13e9), ("openai/gpt-oss-20b", 3.61e9),
])
def test_gpt_oss_active_parameters_leave_out_the_embedding_table(model_id, published):
    arch = find_model(model_id).arch
    active = active_param_count(arch) - arch.vocab_size * arch.hidden_size
    assert active == pytest.approx(published, rel=0.005)


# --- KV cache ---------------------------------------------------------------------------------

def test_latent_attention_caches_one_latent_and_rope_key_per_layer():
    # DeepSeek-V2 paper, Table 1: (d_c + d_h^R) x layers elements; 512 + 64 for V3 and Kimi K2
    assert kv_bytes_per_token(find_model("deepseek-ai/DeepSeek-V3"), "fp16") == 61 * 576 * 2
    assert kv_bytes_per_token(find_model("moonshotai/Kimi-K2-Instruct"), "fp8") == 61 * 576
    # V3.2 adds the indexer's FP8 key (128 values) and its FP32 scale per layer
    assert kv_bytes_per_token(find_model("deepseek-ai/DeepSeek-V3.2"), "fp16") == \
        61 * (576 * 2 + 128 + 4)


def test_latent_cache_is_held_whole_on_every_tensor_parallel_gpu():
    model, gpu = find_model("deepseek-ai/DeepSeek-V3"), match_gpu("h200-sxm")
    one_card = kv_cache_bytes(model, "fp16", 32768, 1)
    result = fit(FitRequest(model, "fp8", gpu=gpu, gpus=8, context=32768))
    assert result.per_gpu.kv_cache == one_card


def test_windowed_layers_keep_their_window_where_the_engine_allocates_per_layer_type():
    gpt_oss = find_model("openai/gpt-oss-120b")
    per_layer = 2 * 8 * 64 * 2  # K and V, 8 KV heads of 64, 16-bit
    # 18 full-attention layers keep 131,072 tokens, 18 sliding layers their 128 (layer_types)
    # and, in vLLM, one prefill chunk and one block more: window - 1 + max_num_batched_tokens
    # (8192) tokens + a 16-token block (vLLM v1/kv_cache_interface.py, SlidingWindowSpec)
    vllm_window = 128 - 1 + 8192 + 16
    assert kv_cache_bytes(gpt_oss, "fp16", 131072, 1) == \
        per_layer * (18 * 131072 + 18 * vllm_window)
    # llama.cpp's SWA cache keeps the window plus its 512-token micro-batch
    assert kv_cache_bytes(gpt_oss, "fp16", 131072, 1, engine="llama.cpp") == \
        per_layer * (18 * 131072 + 18 * (128 + 512))
    gemma = find_model("google/gemma-3-27b-it")
    per_layer = 2 * 16 * 128 * 2
    # every sixth of 62 layers is global (10), the rest keep a 1,024-token window (and vLLM's
    # chunk and block)
    assert kv_cache_bytes(gemma, "fp16", 131072, 1) == \
        per_layer * (10 * 131072 + 52 * (1024 - 1 + 8192 + 16))


def test_chunked_attention_is_full_length_where_the_engine_does_not_chunk_its_cache():
    scout = find_model("meta-llama/Llama-4-Scout-17B-16E-Instruct")
    per_layer = 2 * 8 * 128 * 2
    # 3 of 4 layers attend within 8,192-token chunks (no_rope_layers' default pattern); vLLM
    # holds them for the chunk plus one prefill chunk of max_num_batched_tokens (8192) and a
    # 16-token block, as its windowed layers (vllm/v1/kv_cache_interface.py)
    assert kv_cache_bytes(scout, "fp16", 131072, 1) == \
        per_layer * (12 * 131072 + 36 * (8192 + 8192 - 1 + 16))
    full = kv_cache_bytes(scout, "fp16", 131072, 1, engine="tensorrt-llm")
    assert full == per_layer * 48 * 131072
    result = fit(FitRequest(scout, "fp8", engine="tensorrt-llm", gpu=match_gpu("h100-sxm"),
                            gpus=2, context=131072))
    assert any("allocates them for the whole context" in str(note) for note in result.notes)


def test_linear_attention_layers_hold_a_fixed_state_instead_of_a_kv_cache():
    next80 = find_model("Qwen/Qwen3-Next-80B-A3B-Instruct")
    # 12 of 48 layers are gated full attention: 2 KV heads of 256
    assert kv_bytes_per_token(next80, "fp16") == 12 * 2 * 2 * 256 * 2
    # the other 36 keep a conv state (kernel 4: 3 x (2 x 16 x 128 + 32 x 128)) and a recurrent
    # 32 x 128 x 128 state (transformers' Qwen3NextGatedDeltaNet), 16-bit
    state = 36 * (3 * (2 * 16 * 128 + 32 * 128) + 32 * 128 * 128) * 2
    assert kv_cache_bytes(next80, "fp16", 1000, 1) == 12 * 2 * 2 * 256 * 2 * 1000 + state
    assert kv_cache_bytes(next80, "fp16", 1000, 4) == 4 * kv_cache_bytes(next80, "fp16", 1000, 1)


# --- weights ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("model_id", "quant", "size", "unit", "source"), GGUF_2025)
def test_gguf_sizes_match_published_files(model_id, quant, size, unit, source):
    model = find_model(model_id)
    published = size * {"GiB": GiB, "GB": 1e9, "bytes": 1}[unit]
    # GiB figures are rounded to 0.01 GiB; files also hold a few MB of metadata
    assert weight_bytes(model.arch, quant, model.shipped).total == pytest.approx(
        published, rel=2.5e-3), source


def test_shipped_mxfp4_converts_only_the_experts():
    model = find_model("openai/gpt-oss-120b")
    experts = sum(t.elements for t in tensors(model.arch) if t.role == "experts" and t.depth > 1)
    rest = param_count(model.arch) - experts
    # OCP MX: 32 FP4 values and one E8M0 scale per block (17 bytes); the rest BF16
    assert weight_bytes(model.arch, "mxfp4", model.shipped).total == experts // 32 * 17 + 2 * rest
    shipped = fit(FitRequest(model, "shipped", gpu=match_gpu("h100-sxm")))
    assert shipped.weights_bytes == experts // 32 * 17 + 2 * rest


def test_quantization_config_names_the_shipped_format():
    assert find_model("openai/gpt-oss-120b").shipped.scheme == "mxfp4"
    assert find_model("deepseek-ai/DeepSeek-V3").shipped.scheme == "fp8-block"
    assert find_model("Qwen/Qwen3-8B").shipped.scheme == "bf16"
    assert _spec("allenai--OLMo-2-1124-7B.json").shipped.scheme == "fp32"


# --- what a planner asks ------------------------------------------------------------------------

def test_deepseek_v3_fp8_fits_eight_h200_and_not_one():
    model, gpu = find_model("deepseek-ai/DeepSeek-V3"), match_gpu("h200-sxm")
    eight = fit(FitRequest(model, "fp8", gpu=gpu, gpus=8, context=32768))
    assert eight.fits and eight.exact and str(eight.verdict) == "FITS"
    one = fit(FitRequest(model, "fp8", gpu=gpu, gpus=1, context=32768))
    assert one.fits is False and one.gpus_needed > 1
    assert f"needs {one.gpus_needed} x {gpu.name}" in [str(note) for note in one.notes]
    h100 = fit(FitRequest(model, "fp8", gpu=match_gpu("h100-sxm"), context=4096))
    assert h100.fits is False


def test_deepseek_cli_says_how_many_gpus_it_needs(capsys):
    args = ["fit", "--model", "deepseek-ai/DeepSeek-V3", "--quant", "fp8", "--gpu", "h200-sxm",
            "--context", "32768"]
    assert main([*args, "--gpus", "8"]) == 0
    assert "verdict         FITS" in capsys.readouterr().out
    assert main([*args, "--gpus", "1"]) == 0
    out = capsys.readouterr().out
    assert "DOES NOT FIT" in out and "note: needs " in out


def test_gpt_oss_120b_as_shipped_fits_one_80_gb_gpu():
    result = fit(FitRequest(find_model("openai/gpt-oss-120b"), "shipped",
                            gpu=match_gpu("h100-sxm"), context=32768))
    assert result.fits and result.gpus_needed == 1
    bf16 = fit(FitRequest(find_model("openai/gpt-oss-120b"), "bf16", gpu=match_gpu("h100-sxm")))
    assert bf16.fits is False


def test_a_config_naming_an_unmodelled_feature_is_an_estimate_everywhere(capsys):
    spec = _spec("deepseek-ai--DeepSeek-V4-Flash.json")
    assert not spec.exact
    reasons = " ".join(str(reason) for reason in spec.estimate_reasons)
    assert "'compress_ratios'" in reasons and "'hc_mult'" in reasons
    result = fit(FitRequest(spec, "fp8", gpu=match_gpu("h200-sxm"), gpus=8))
    assert str(result.verdict) in ("FITS (estimate)", "DOES NOT FIT (estimate)")
    path = str(CONFIGS / "deepseek-ai--DeepSeek-V4-Flash.json")
    assert main(["fit", "--model", path, "--quant", "fp8", "--gpu", "h200-sxm", "--gpus", "8",
                 "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["exact"] is False and document["estimate_reasons"]
    assert document["verdict"].endswith("(estimate)")
    assert main(["fit", "--model", path, "--quant", "fp8", "--gpu", "h200-sxm"]) == 0
    text = capsys.readouterr().out
    assert "(estimate)" in text and "EXACTNESS" in text and "compress_ratios" in text


def test_sparse_published_config_takes_transformers_defaults_and_says_so():
    # google/gemma-3-4b-it's text_config leaves vocabulary, heads and head_dim to
    # Gemma3TextConfig (vocab 262,208, 8 heads, 4 KV heads, head_dim 256, tied embeddings)
    spec = _spec("google--gemma-3-4b-it.json")
    attention = spec.arch.layers[0].attention
    assert spec.arch.vocab_size == 262_208 and spec.arch.tied_embeddings
    assert (attention.heads, attention.kv_heads, attention.head_dim) == (8, 4, 256)
    assert any("vocab_size 262,208" in str(note) for note in spec.notes)
    assert spec.arch.vision_params > 0  # the SigLIP tower, counted apart


@pytest.mark.parametrize(("asked", "found"), [
    ("Qwen/Qwen3-30B-A3B-Instruct-2507", "Qwen/Qwen3-30B-A3B"),
    ("google/gemma-3-27b-pt", "google/gemma-3-27b-it"),
    ("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B"),
    ("deepseek-ai/DeepSeek-R1-0528", "deepseek-ai/DeepSeek-V3"),
    ("unsloth/Qwen3-8B", "Qwen/Qwen3-8B"),
    ("openai/gpt-oss-120b", "openai/gpt-oss-120b"),
])
def test_instruct_and_mirror_ids_resolve_to_the_catalog_model(asked, found):
    assert find_model(asked).id == found


def test_the_catalog_holds_the_families_planners_deploy():
    ids = {model.id for model in model_catalog()}
    for required in ("deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-V3.2",
                     "moonshotai/Kimi-K2-Instruct", "zai-org/GLM-4.5", "zai-org/GLM-4.5-Air",
                     "zai-org/GLM-5", "Qwen/Qwen3-8B", "Qwen/Qwen3-14B", "Qwen/Qwen3-32B",
                     "Qwen/Qwen3-30B-A3B", "Qwen/Qwen3-235B-A22B",
                     "Qwen/Qwen3-Coder-480B-A35B-Instruct", "Qwen/Qwen3-Next-80B-A3B-Instruct",
                     "Qwen/Qwen3.5-397B-A17B", "meta-llama/Llama-3.3-70B-Instruct",
                     "meta-llama/Llama-4-Scout-17B-16E-Instruct",
                     "meta-llama/Llama-4-Maverick-17B-128E-Instruct", "openai/gpt-oss-20b",
                     "openai/gpt-oss-120b", "google/gemma-3-1b-it", "google/gemma-3-4b-it",
                     "google/gemma-3-12b-it", "google/gemma-3-27b-it",
                     "google/gemma-4-26B-A4B", "mistralai/Mistral-Small-3.1-24B-Instruct-2503",
                     "mistralai/Mistral-Large-Instruct-2411", "microsoft/phi-4",
                     "MiniMaxAI/MiniMax-M2", "HuggingFaceTB/SmolLM3-3B",
                     "allenai/OLMo-2-1124-7B", "distilbert/distilbert-base-uncased",
                     "google-bert/bert-large-uncased"):
        assert required in ids, required


# --- encoders -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("model_id", "published"), [
    # Hugging Face safetensors totals of the masked-LM checkpoints (_sources-encoders.json)
    ("distilbert/distilbert-base-uncased", 66_985_530),
    ("distilbert/distilbert-base-uncased-finetuned-sst-2-english", 66_955_010),
    ("FacebookAI/roberta-base", 124_697_433),
    ("microsoft/deberta-v3-base", 183_831_552),  # DebertaV2Model (keras-hub)
])
def test_encoder_parameters_are_exact(model_id, published):
    assert param_count(find_model(model_id).arch) == published


def test_bert_counts_its_masked_lm_model_from_the_published_config():
    # bert-base-uncased's checkpoint is BertForPreTraining (110,106,428, HF API): it also holds
    # the pooler (768 x 768 + 768) and the next-sentence head (768 x 2 + 2) a MaskedLM lacks
    arch = find_model("google-bert/bert-base-uncased").arch
    assert param_count(arch) + 590_592 + 1_538 == 110_106_428


def test_encoders_classify_whole_texts_without_a_kv_cache():
    sst2 = find_model("distilbert/distilbert-base-uncased-finetuned-sst-2-english")
    result = fit(FitRequest(sst2, "fp16", gpu=match_gpu("l4"), context=128, concurrency=64))
    assert result.kv_cache_bytes == 0 and result.decode_tokens_per_s is None
    assert result.classifications_per_s > 1000
    large = fit(FitRequest(find_model("google-bert/bert-large-uncased"), "fp16",
                           gpu=match_gpu("l4"), context=128, concurrency=64))
    # BERT-Large does about five times the work per text of DistilBERT (seed 002's example)
    assert large.classifications_per_s < result.classifications_per_s / 4


# --- bad configs --------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "message"), [
    ({"num_hidden_layers": 10**9}, "not plausible"),
    ({"num_experts_per_tok": 300}, "more than the 128 experts"),
    ({"layer_types": ["full_attention"]}, "lists 1 layers"),
])
def test_damaged_moe_config_is_refused_naming_the_field(change, message):
    config = {**json.loads((CONFIGS / "Qwen--Qwen3-30B-A3B.json").read_text()), **change}
    with pytest.raises(InputError, match=message):
        model_from_config(config, "x", "config.json")
