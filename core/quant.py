"""Quantizations: bytes per weight, llama.cpp's per-tensor GGUF type mix, quality notes."""

from dataclasses import dataclass
from functools import cache

from core.errors import InputError
from core.params import Tensor, tensor_layout
from core.specs import ModelSpec

ENGINES = ("vllm", "llama.cpp", "tensorrt-llm", "transformers")

# ggml block layouts: type -> (bytes per block, weights per block). Source: ggml's type traits
# (ggml.c type_traits), matching REFERENCES.md's table.
GGML_BLOCKS: dict[str, tuple[int, int]] = {
    "F32": (4, 1), "F16": (2, 1), "BF16": (2, 1), "F64": (8, 1),
    "I8": (1, 1), "I16": (2, 1), "I32": (4, 1), "I64": (8, 1),
    "Q4_0": (18, 32), "Q4_1": (20, 32), "Q5_0": (22, 32), "Q5_1": (24, 32),
    "Q8_0": (34, 32), "Q8_1": (36, 32), "IQ4_NL": (18, 32), "MXFP4": (17, 32),
    "Q2_K": (84, 256), "Q3_K": (110, 256), "Q4_K": (144, 256), "Q5_K": (176, 256),
    "Q6_K": (210, 256), "Q8_K": (292, 256), "IQ4_XS": (136, 256), "IQ2_XXS": (66, 256),
    "IQ2_XS": (74, 256), "IQ2_S": (82, 256), "IQ3_XXS": (98, 256), "IQ3_S": (110, 256),
    "IQ1_S": (50, 256), "IQ1_M": (56, 256), "TQ1_0": (54, 256), "TQ2_0": (66, 256),
}

# llama.cpp's fallback when a row length is not a multiple of the block size
# (llama-quant.cpp, llama_tensor_get_type, "convert_incompatible_tensor").
_FALLBACK = {"Q2_K": "IQ4_NL", "Q3_K": "IQ4_NL", "IQ4_XS": "IQ4_NL", "Q4_K": "Q5_0",
             "Q5_K": "Q5_1", "Q6_K": "Q8_0"}


@dataclass(frozen=True)
class Quantization:
    """A weight format the planner knows."""

    name: str
    kind: str  # "float", "gguf", "fp8", "int8", "int4"
    engines: tuple[str, ...]
    # Perplexity increase over FP16 in percent, used to rank and to warn.
    quality_loss_pct: float
    quality_note: str
    gguf_default_type: str | None = None

    @property
    def is_gguf(self) -> bool:
        return self.kind == "gguf"


_DRANGER = "perplexity vs F16 on Llama 3 70B, dranger003 (llama.cpp PR 6745)"
_LLAMACPP_7B = "placed by llama.cpp's quantize table for LLaMA-v1-7B"
_GGUF_ENGINES = ("llama.cpp",)
_HF_ENGINES = ("vllm", "tensorrt-llm", "transformers")

QUANTIZATIONS: dict[str, Quantization] = {q.name: q for q in (
    Quantization("fp32", "float", ("vllm", "llama.cpp", "transformers"), 0.0,
                 "full precision; twice the memory of bf16 for no quality gain", "F32"),
    Quantization("bf16", "float", ENGINES, 0.0, "reference quality", "BF16"),
    Quantization("fp16", "float", ENGINES, 0.0, "reference quality", "F16"),
    Quantization("fp8", "fp8", ("vllm", "tensorrt-llm"), 0.3,
                 "about 0.1-0.5% perplexity; FP8 checkpoints recover over 99% of benchmark "
                 "accuracy (Neural Magic FP8 Llama 3.1 model cards)"),
    Quantization("int8", "int8", _HF_ENGINES, 0.5,
                 "W8A8/LLM.int8: within about 0.5% perplexity (SmoothQuant, LLM.int8() papers)"),
    Quantization("int4-awq", "int4", _HF_ENGINES, 3.0,
                 "4-bit AWQ, group 128: about +3% perplexity on Llama 2 70B (AWQ paper, table 4)"),
    Quantization("int4-gptq", "int4", _HF_ENGINES, 4.0,
                 "4-bit GPTQ, group 128: slightly behind AWQ (AWQ paper, table 4)"),
    Quantization("Q2_K", "gguf", _GGUF_ENGINES, 68.73, f"+68.7% {_DRANGER}; often unusable",
                 "Q2_K"),
    Quantization("Q3_K_S", "gguf", _GGUF_ENGINES, 28.95, f"+29.0% {_DRANGER}", "Q3_K"),
    Quantization("Q3_K_M", "gguf", _GGUF_ENGINES, 18.75, f"+18.8% {_DRANGER}", "Q3_K"),
    Quantization("Q3_K_L", "gguf", _GGUF_ENGINES, 16.63, f"+16.6% {_DRANGER}", "Q3_K"),
    Quantization("Q4_0", "gguf", _GGUF_ENGINES, 17.0,
                 f"legacy 4-bit; between Q3_K_L and Q3_K_M in quality, {_LLAMACPP_7B}", "Q4_0"),
    Quantization("IQ4_XS", "gguf", _GGUF_ENGINES, 7.07, f"+7.1% {_DRANGER}", "IQ4_XS"),
    Quantization("Q4_K_S", "gguf", _GGUF_ENGINES, 6.15, f"+6.2% {_DRANGER}", "Q4_K"),
    Quantization("Q4_K_M", "gguf", _GGUF_ENGINES, 4.83, f"+4.8% {_DRANGER}; the usual default",
                 "Q4_K"),
    Quantization("Q5_0", "gguf", _GGUF_ENGINES, 5.5,
                 f"legacy 5-bit; between Q4_K_S and Q4_K_M in quality, {_LLAMACPP_7B}", "Q5_0"),
    Quantization("Q5_K_S", "gguf", _GGUF_ENGINES, 1.89, f"+1.9% {_DRANGER}", "Q5_K"),
    Quantization("Q5_K_M", "gguf", _GGUF_ENGINES, 1.23, f"+1.2% {_DRANGER}", "Q5_K"),
    Quantization("Q6_K", "gguf", _GGUF_ENGINES, 0.47, f"+0.5% {_DRANGER}", "Q6_K"),
    Quantization("Q8_0", "gguf", _GGUF_ENGINES, 0.03, f"+0.03% {_DRANGER}; near lossless",
                 "Q8_0"),
)}

_ALIASES = {"f16": "fp16", "float16": "fp16", "half": "fp16", "f32": "fp32", "float32": "fp32",
            "bfloat16": "bf16", "awq": "int4-awq", "gptq": "int4-gptq", "f8": "fp8"}

KV_QUANTS: dict[str, float] = {
    # bytes per cached element; q8_0/q4_0 blocks are 34/32 and 18/32 bytes (ggml type traits)
    "fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "q8_0": 34 / 32, "q4_0": 18 / 32,
}
KV_QUANT_ENGINES: dict[str, tuple[str, ...]] = {
    "fp16": ENGINES, "bf16": ENGINES,
    "fp8": ("vllm", "tensorrt-llm"),
    "q8_0": ("llama.cpp",), "q4_0": ("llama.cpp",),
}


def get_quantization(name: str) -> Quantization:
    """The quantization called `name` (case-insensitive, with f16/f32 aliases).

    Raises:
        InputError: the name is not known.
    """
    key = name.strip()
    key = _ALIASES.get(key.lower(), key)
    for quant in QUANTIZATIONS.values():
        if quant.name.lower() == key.lower():
            return quant
    known = ", ".join(QUANTIZATIONS)
    raise InputError(f"unknown quantization '{name}'; accepted: {known} (case-insensitive)")


def get_kv_quant(name: str) -> str:
    """The KV cache type called `name` (case-insensitive).

    Raises:
        InputError: the name is not known.
    """
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in KV_QUANTS:
        raise InputError(f"unknown KV cache type '{name}'; accepted: {', '.join(KV_QUANTS)}")
    return key


def ggml_type_bytes(type_name: str, elements: int) -> int:
    """Bytes that `elements` weights take in ggml type `type_name`."""
    block_bytes, block_weights = GGML_BLOCKS[type_name]
    return -(-elements // block_weights) * block_bytes


def _use_more_bits(layer: int, layers: int) -> bool:
    # llama-quant.cpp: the first and last eighth, and every third layer in between
    return layer < layers // 8 or layer >= 7 * layers // 8 or (layer - layers // 8) % 3 == 2


def _is_70b_class(model: ModelSpec) -> bool:
    # llama.cpp marks 80-layer Llama/Qwen2 models LLM_TYPE_70B and bumps their attn_v
    return model.layers == 80 and model.family in ("llama", "qwen2")


def gguf_tensor_type(ftype: str, tensor: Tensor, model: ModelSpec) -> str:
    """The ggml type llama.cpp's quantizer gives `tensor` for file type `ftype`.

    Follows llama_tensor_get_type in llama.cpp's src/llama-quant.cpp for the types in
    QUANTIZATIONS, assuming an importance matrix for IQ4_XS (as published IQ files use).
    """
    quant = QUANTIZATIONS[ftype]
    default = quant.gguf_default_type or "F16"
    if not tensor.is_matrix or tensor.name.endswith("ffn_gate_inp"):
        return "F32"
    if quant.kind == "float":
        return default
    short = tensor.name.split(".", 2)[-1]
    layer, layers = tensor.layer, model.layers
    gqa = model.heads // max(model.kv_heads, 1)
    eight_experts = model.experts == 8
    new_type = default
    is_output = short == "output" or (model.tied_embeddings and short == "token_embd")
    if is_output:
        if tensor.row_size % GGML_BLOCKS[default][1] != 0:
            return "Q8_0"
        return default if default == "Q8_0" else "Q6_K"
    if short == "attn_v":
        if ftype == "Q2_K":
            new_type = "Q4_K" if gqa >= 4 else "Q3_K"
        elif ftype == "Q3_K_M":
            new_type = "Q5_K" if layer < 2 else "Q4_K"
        elif ftype == "Q3_K_L" or (ftype == "IQ4_XS" and gqa >= 4):
            new_type = "Q5_K"
        elif ftype in ("Q4_K_M", "Q5_K_M") and _use_more_bits(layer, layers):
            new_type = "Q6_K"
        elif ftype == "Q4_K_S" and layer < 4:
            new_type = "Q5_K"
        if _is_70b_class(model) and new_type in ("Q3_K", "Q4_K"):
            new_type = "Q5_K"
        if eight_experts:
            new_type = "Q8_0"
    elif short == "attn_k":
        if eight_experts:
            new_type = "Q8_0"
    elif short.startswith("ffn_down"):
        if ftype == "Q2_K":
            new_type = "Q3_K"
        elif ftype == "Q3_K_M":
            new_type = "Q5_K" if layer < layers // 16 else "Q4_K"
        elif ftype == "Q3_K_L":
            new_type = "Q5_K"
        elif ftype == "Q4_K_M":
            if _use_more_bits(layer, layers):
                new_type = "Q6_K"
        elif ftype == "Q5_K_M" and _use_more_bits(layer, layers):
            new_type = "Q6_K"
        elif ftype == "Q4_K_S" and layer < layers // 8:
            new_type = "Q5_K"
    elif short == "attn_output":
        if eight_experts:
            if ftype in ("Q2_K", "Q3_K_S", "Q3_K_M", "Q4_K_S", "Q4_K_M", "IQ4_XS"):
                new_type = "Q5_K"
        elif ftype == "Q2_K":
            new_type = "Q3_K"
        elif ftype == "Q3_K_M":
            new_type = "Q4_K"
        elif ftype == "Q3_K_L":
            new_type = "Q5_K"
    elif short == "attn_qkv":
        if ftype in ("Q3_K_M", "Q3_K_L"):
            new_type = "Q4_K"
        elif ftype == "Q4_K_M":
            new_type = "Q5_K"
        elif ftype == "Q5_K_M":
            new_type = "Q6_K"
    if tensor.row_size % GGML_BLOCKS[new_type][1] != 0:
        new_type = _FALLBACK.get(new_type, "F16")
        if tensor.row_size % GGML_BLOCKS[new_type][1] != 0:
            new_type = "F16"
    return new_type


# Non-GGUF formats: bytes per weight of the quantized linear layers, including scales.
# AWQ/GPTQ: 4-bit weights plus an fp16 scale and a 4-bit zero point per group of 128
# (AutoAWQ / AutoGPTQ packing); fp8/int8: one byte plus a per-row scale (llm-compressor).
_LINEAR_BYTES = {"fp8": 1.0, "int8": 1.0, "int4": 0.5 + 2.5 / 128}


def _tensor_bytes(quant: Quantization, tensor: Tensor, model: ModelSpec) -> int:
    if quant.is_gguf:
        return ggml_type_bytes(gguf_tensor_type(quant.name, tensor, model), tensor.elements)
    if quant.name == "fp32":
        return 4 * tensor.elements
    short = tensor.name.split(".", 2)[-1]
    quantized = quant.kind != "float" and tensor.is_matrix and short not in (
        "token_embd", "output", "ffn_gate_inp")
    if not quantized:
        return 2 * tensor.elements
    row_count = tensor.elements // tensor.row_size
    scales = 4 * row_count if quant.kind in ("fp8", "int8") else 0
    return round(_LINEAR_BYTES[quant.kind] * tensor.elements) + scales


@cache
def weights_breakdown(model: ModelSpec, quant_name: str) -> tuple[int, int]:
    """(all weight bytes, bytes read per token) for `model` stored as `quant_name`.

    For GGUF types this is the tensor data of the file llama.cpp writes; MoE models read
    only experts_per_token of their expert tensors per token.
    """
    quant = QUANTIZATIONS[quant_name]
    total = 0
    active = 0.0
    for tensor in tensor_layout(model):
        size = _tensor_bytes(quant, tensor, model)
        total += size
        active += size * tensor.expert_share
    return total, round(active)


def gguf_type_mix(model: ModelSpec, quant_name: str) -> dict[str, int]:
    """Weights per ggml type in the file llama.cpp writes: {type: element count}."""
    mix: dict[str, int] = {}
    for tensor in tensor_layout(model):
        kind = gguf_tensor_type(quant_name, tensor, model)
        mix[kind] = mix.get(kind, 0) + tensor.elements
    return mix
