"""llama.cpp's type for each tensor of a GGUF file (src/llama-quant.cpp, llama_tensor_get_type)
and the bytes of ggml's block types."""

from dataclasses import dataclass
from functools import cache

from core.model.architecture import Architecture, layer_tensors
from core.model.quant import QUANTIZATIONS
from core.model.tensor import Tensor

# ggml block layouts: type -> (bytes per block, weights per block). Source: ggml's type traits
# (ggml.c type_traits), matching REFERENCES.md's table; MXFP4: 32 E2M1 values and an E8M0 scale.
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
# (src/llama-quant.cpp, tensor_type_fallback).
_FALLBACK = {"Q2_K": "Q4_0", "Q3_K": "Q4_0", "IQ4_XS": "IQ4_NL", "Q4_K": "Q5_0",
             "Q5_K": "Q5_1", "Q6_K": "Q8_0"}


def ggml_type_bytes(type_name: str, elements: int) -> int:
    """Bytes that `elements` weights take in ggml type `type_name`."""
    block_bytes, block_weights = GGML_BLOCKS[type_name]
    return -(-elements // block_weights) * block_bytes


def _use_more_bits(layer: int, layers: int) -> bool:
    # llama-quant.cpp: the first and last eighth, and every third layer in between
    return layer < layers // 8 or layer >= 7 * layers // 8 or (layer - layers // 8) % 3 == 2


def _is_70b_class(arch: Architecture) -> bool:
    # llama.cpp marks 80-layer Llama/Qwen2 models LLM_TYPE_70B and bumps their attn_v
    return arch.layer_count == 80 and arch.family in ("llama", "qwen2")


def _is_attn_v(short: str) -> bool:
    # llama-quant.cpp category_is_attn_v: attn_v, attn_qkv and attn_kv_b weights
    return short in ("attn_v", "attn_qkv", "attn_kv_b")


@dataclass(frozen=True)
class _GgufContext:
    """What llama.cpp's quantizer knows about the model besides the tensor itself."""

    layers: int
    gqa: int
    experts: int
    is_70b: bool
    tied: bool
    attn_v_index: dict[tuple[int, str], int]  # (layer, name) -> its place among attn_v tensors


@cache
def gguf_context(arch: Architecture) -> _GgufContext:
    """What llama.cpp's quantizer knows of the model besides each tensor."""
    first = arch.layers[0].attention if arch.layers else None
    gqa = first.heads // max(first.kv_heads, 1) if first is not None else 1
    index: dict[tuple[int, str], int] = {}
    for layer_index, layer in enumerate(arch.layers):
        for tensor in layer_tensors(layer, arch.hidden_size):
            if _is_attn_v(tensor.short):
                index[layer_index, tensor.short] = len(index)
    moe = arch.moe
    return _GgufContext(arch.layer_count, gqa, moe.experts if moe else 0, _is_70b_class(arch),
                        arch.tied_embeddings, index)


def layer_dependent(short: str) -> bool:
    """Whether llama.cpp's type for this tensor depends on its layer (attn_v, ffn_down)."""
    return _is_attn_v(short) or short.startswith("ffn_down")


def _keeps_type(tensor: Tensor) -> bool:
    """Tensors llama.cpp's converter stores in F32 and its quantizer leaves alone: vectors,
    norms, routers, position/segment embeddings, convolutions (convert_hf_to_gguf.py,
    llama-quant.cpp tensor_allows_quantization)."""
    if not tensor.is_matrix or tensor.short.endswith(".bias"):
        return True
    short = tensor.short
    return short.startswith(("ffn_gate_inp", "ssm_conv1d", "position_embd", "token_types",
                             "indexer.k_proj", "indexer.q_proj")) or short.endswith("_norm")


def _attn_v_type(ftype: str, new_type: str, tensor: Tensor, context: _GgufContext) -> str:
    index = context.attn_v_index.get((tensor.layer, tensor.short), tensor.layer)
    count = len(context.attn_v_index) or context.layers
    if ftype == "Q2_K":
        new_type = "Q4_K" if context.gqa >= 4 else "Q3_K"
    elif ftype == "Q3_K_M":
        new_type = "Q5_K" if index < 2 else "Q4_K"
    elif ftype == "Q3_K_L" or (ftype == "IQ4_XS" and context.gqa >= 4):
        new_type = "Q5_K"
    elif ftype in ("Q4_K_M", "Q5_K_M") and _use_more_bits(index, count):
        new_type = "Q6_K"
    elif ftype == "Q4_K_S" and index < 4:
        new_type = "Q5_K"
    if context.is_70b and new_type in ("Q3_K", "Q4_K"):
        new_type = "Q5_K"
    if context.experts == 8:
        new_type = "Q8_0"
    return new_type


def _ffn_down_type(ftype: str, new_type: str, tensor: Tensor, context: _GgufContext) -> str:
    layer, layers = tensor.layer, context.layers
    if ftype == "Q2_K":
        new_type = "Q3_K"
    elif ftype == "Q3_K_M":
        new_type = "Q5_K" if layer < layers // 16 else "Q4_K"
    elif ftype == "Q3_K_L":
        new_type = "Q5_K"
    elif ftype in ("Q4_K_M", "Q5_K_M"):
        if _use_more_bits(layer, layers):
            new_type = "Q6_K"
    elif ftype == "Q4_K_S" and layer < layers // 8:
        new_type = "Q5_K"
    return new_type


def _attn_output_type(ftype: str, new_type: str, context: _GgufContext) -> str:
    if context.experts == 8:
        if ftype in ("Q2_K", "Q3_K_S", "Q3_K_M", "Q4_K_S", "Q4_K_M", "IQ4_XS"):
            new_type = "Q5_K"
    elif ftype == "Q2_K":
        new_type = "Q3_K"
    elif ftype == "Q3_K_M":
        new_type = "Q4_K"
    elif ftype == "Q3_K_L":
        new_type = "Q5_K"
    return new_type


def _attn_qkv_type(ftype: str, new_type: str) -> str:
    return {"Q3_K_M": "Q4_K", "Q3_K_L": "Q4_K", "Q4_K_M": "Q5_K",
            "Q5_K_M": "Q6_K"}.get(ftype, new_type)


def gguf_tensor_type(ftype: str, tensor: Tensor, arch: Architecture) -> str:
    """The ggml type llama.cpp's quantizer gives `tensor` for file type `ftype`.

    Follows llama_tensor_get_type_impl in llama.cpp's src/llama-quant.cpp for the types in
    QUANTIZATIONS, assuming an importance matrix for IQ4_XS (as published IQ files use); the
    per-tensor rules (attn_v, ffn_down, attn_output, attn_qkv) are its branches of that name.
    """
    quant = QUANTIZATIONS[ftype]
    default = quant.gguf_default_type or "F16"
    if _keeps_type(tensor):
        return "F32"
    if quant.kind == "float":
        return default
    context = gguf_context(arch)
    short = tensor.short
    is_output = short == "output" or (context.tied and short == "token_embd")
    if is_output:
        if ftype == "MXFP4_MOE" or tensor.row_size % GGML_BLOCKS[default][1] != 0:
            return "Q8_0"
        return default if default == "Q8_0" else "Q6_K"
    if ftype == "MXFP4_MOE":
        return "MXFP4" if tensor.depth > 1 else "Q8_0"
    new_type = default
    if _is_attn_v(short):
        new_type = _attn_v_type(ftype, new_type, tensor, context)
    elif short == "attn_k":
        if context.experts == 8:
            new_type = "Q8_0"
    elif short.startswith("ffn_down"):
        new_type = _ffn_down_type(ftype, new_type, tensor, context)
    elif short == "attn_output":
        new_type = _attn_output_type(ftype, new_type, context)
    elif short == "attn_qkv":
        new_type = _attn_qkv_type(ftype, new_type)
    return _fallback(new_type, tensor)


def _fallback(new_type: str, tensor: Tensor) -> str:
    if tensor.row_size % GGML_BLOCKS[new_type][1] != 0:
        new_type = _FALLBACK.get(new_type, "F16")
        if tensor.row_size % GGML_BLOCKS[new_type][1] != 0:
            new_type = "F16"
    return new_type
