"""Quantizations: bytes per weight of every tensor, llama.cpp's per-tensor GGUF type mix, the
checkpoint's own shipped format, and quality notes."""

from dataclasses import dataclass
from functools import cache

from core.errors import InputError
from core.model import architecture
from core.model.architecture import (
    ATTENTION,
    EMBEDDING,
    EXPERTS,
    INDEXER,
    LINEAR,
    MLP,
    SHARED,
    Architecture,
    Tensor,
    layer_tensors,
    outside_tensors,
    tensors,
)
from core.model.shipped import ShippedFormat

ENGINES = ("vllm", "llama.cpp", "tensorrt-llm", "transformers")

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

SHIPPED = "shipped"


@dataclass(frozen=True)
class Quantization:
    """A weight format the planner knows."""

    name: str
    kind: str  # "float", "gguf", "fp8", "int8", "int4", "fp4"
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
_SERVING = ("vllm", "tensorrt-llm")

QUANTIZATIONS: dict[str, Quantization] = {q.name: q for q in (
    Quantization("fp32", "float", ("vllm", "llama.cpp", "transformers"), 0.0,
                 "full precision; twice the memory of bf16 for no quality gain", "F32"),
    Quantization("bf16", "float", ENGINES, 0.0, "reference quality", "BF16"),
    Quantization("fp16", "float", ENGINES, 0.0, "reference quality", "F16"),
    Quantization("fp8", "fp8", _SERVING, 0.3,
                 "about 0.1-0.5% perplexity; FP8 checkpoints recover over 99% of benchmark "
                 "accuracy (Neural Magic FP8 Llama 3.1 model cards)"),
    Quantization("fp8-block", "fp8", _SERVING, 0.3,
                 "FP8 E4M3 with one scale per 128x128 block, the format DeepSeek-V3 was trained "
                 "and ships in (DeepSeek-V3 report, section 3.3)"),
    Quantization("int8", "int8", _HF_ENGINES, 0.5,
                 "W8A8/LLM.int8: within about 0.5% perplexity (SmoothQuant, LLM.int8() papers)"),
    Quantization("int4-awq", "int4", _HF_ENGINES, 3.0,
                 "4-bit AWQ, group 128: about +3% perplexity on Llama 2 70B (AWQ paper, table 4)"),
    Quantization("int4-gptq", "int4", _HF_ENGINES, 4.0,
                 "4-bit GPTQ, group 128: slightly behind AWQ (AWQ paper, table 4)"),
    Quantization("nvfp4", "fp4", ("vllm",), 2.0,
                 "NVFP4 (16 FP4 values per FP8 scale): about 1-2% below FP8 on reasoning "
                 "benchmarks after post-training quantization (NVIDIA, 'Introducing NVFP4', "
                 "2025); vLLM runs it natively on Blackwell and with weight-only (Marlin) "
                 "kernels on older GPUs"),
    Quantization("mxfp4", "fp4", ("vllm",), 6.0,
                 "MXFP4 (32 FP4 values per power-of-two scale): coarser than NVFP4 after "
                 "post-training quantization, placed near Q4_K_S; lossless for checkpoints "
                 "trained in it (gpt-oss model card)"),
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
    Quantization("MXFP4_MOE", "gguf", _GGUF_ENGINES, 0.0,
                 "llama.cpp's MXFP4_MOE: experts in MXFP4, everything else Q8_0; lossless for "
                 "models trained in MXFP4 (gpt-oss), coarse for others", "MXFP4"),
)}

# Formats a checkpoint may ship in that are not a user's choice in the list above.
_SHIPPED_ONLY = {
    "int4": Quantization("int4", "int4", _HF_ENGINES, 1.0,
                         "4-bit integer weights as the publisher trained or calibrated them"),
}

_BY_LOWER_NAME = {quant.name.lower(): quant for quant in QUANTIZATIONS.values()}
_SHIPPED_PLACEHOLDER = Quantization(SHIPPED, "shipped", ENGINES, 0.0,
                                    "the publisher's own weights")
_ALIASES = {"f16": "fp16", "float16": "fp16", "half": "fp16", "f32": "fp32", "float32": "fp32",
            "bfloat16": "bf16", "awq": "int4-awq", "gptq": "int4-gptq", "f8": "fp8",
            "auto": SHIPPED, "as-shipped": SHIPPED}

KV_QUANTS: dict[str, float] = {
    # bytes per cached element; q8_0/q4_0 blocks are 34/32 and 18/32 bytes (ggml type traits)
    "fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "q8_0": 34 / 32, "q4_0": 18 / 32,
}
KV_QUANT_ENGINES: dict[str, tuple[str, ...]] = {
    "fp16": ENGINES, "bf16": ENGINES,
    "fp8": ("vllm", "tensorrt-llm"),
    "q8_0": ("llama.cpp",), "q4_0": ("llama.cpp",),
}


def quant_names() -> tuple[str, ...]:
    """Every name `--quant` accepts."""
    return (*QUANTIZATIONS, SHIPPED)


def get_quantization(name: str) -> Quantization:
    """The quantization called `name` (case-insensitive, with f16/f32 aliases); "shipped"
    (the checkpoint's own format) has its own quantization per model, see `shipped_quant`.

    Raises:
        InputError: the name is not known.
    """
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key == SHIPPED:
        return _SHIPPED_PLACEHOLDER
    quant = _BY_LOWER_NAME.get(key)
    if quant is not None:
        return quant
    known = ", ".join(quant_names())
    raise InputError(f"unknown quantization '{name}'; accepted: {known} (case-insensitive)")


@cache
def shipped_quant(shipped: ShippedFormat) -> Quantization:
    """The Quantization a checkpoint ships in, under the name "shipped".

    Raises:
        InputError: the checkpoint's format is not one the planner can size.
    """
    if shipped.scheme is None:
        raise InputError(f"the checkpoint's format cannot be sized ({shipped.problem}); "
                         "choose a quantization with --quant")
    base = QUANTIZATIONS.get(shipped.scheme) or _SHIPPED_ONLY[shipped.scheme]
    return Quantization(SHIPPED, base.kind, base.engines, 0.0,
                        f"as shipped: {shipped.label}; the publisher's own weights",
                        base.gguf_default_type)


def resolve_quant(name: str, shipped: ShippedFormat) -> tuple[Quantization, str]:
    """(the quantization, the scheme that sizes its tensors) for a model shipped as `shipped`.

    Raises:
        InputError: an unknown name, or "shipped" for a format the planner cannot size.
    """
    quant = get_quantization(name)
    if quant.name != SHIPPED:
        return quant, quant.name
    resolved = shipped_quant(shipped)
    return resolved, str(shipped.scheme)


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


# --- llama.cpp's quantizer ---------------------------------------------------------------------


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
def _gguf_context(arch: Architecture) -> _GgufContext:
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


def _layer_dependent(short: str) -> bool:
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


def gguf_tensor_type(ftype: str, tensor: Tensor, arch: Architecture) -> str:
    """The ggml type llama.cpp's quantizer gives `tensor` for file type `ftype`.

    Follows llama_tensor_get_type_impl in llama.cpp's src/llama-quant.cpp for the types in
    QUANTIZATIONS, assuming an importance matrix for IQ4_XS (as published IQ files use).
    """
    quant = QUANTIZATIONS[ftype]
    default = quant.gguf_default_type or "F16"
    if _keeps_type(tensor):
        return "F32"
    if quant.kind == "float":
        return default
    context = _gguf_context(arch)
    short = tensor.short
    layer, layers = tensor.layer, context.layers
    new_type = default
    eight_experts = context.experts == 8
    is_output = short == "output" or (context.tied and short == "token_embd")
    if is_output:
        if ftype == "MXFP4_MOE" or tensor.row_size % GGML_BLOCKS[default][1] != 0:
            return "Q8_0"
        return default if default == "Q8_0" else "Q6_K"
    if ftype == "MXFP4_MOE":
        return "MXFP4" if tensor.depth > 1 else "Q8_0"
    if short == "token_embd":
        return _fallback(default, tensor)
    if _is_attn_v(short):
        index = context.attn_v_index.get((layer, tensor.short), layer)
        count = len(context.attn_v_index) or layers
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
        elif ftype in ("Q4_K_M", "Q5_K_M"):
            if _use_more_bits(layer, layers):
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
    return _fallback(new_type, tensor)


def _fallback(new_type: str, tensor: Tensor) -> str:
    if tensor.row_size % GGML_BLOCKS[new_type][1] != 0:
        new_type = _FALLBACK.get(new_type, "F16")
        if tensor.row_size % GGML_BLOCKS[new_type][1] != 0:
            new_type = "F16"
    return new_type


# --- other formats -------------------------------------------------------------------------------

# Tensors a weight format converts: the linear layers of attention and MLPs. Embeddings, the
# output head, routers, norms, biases and convolutions stay in 16 bits.
_CONVERTED = (ATTENTION, EXPERTS, SHARED, MLP, LINEAR, INDEXER)


def hf_module(tensor: Tensor) -> str:
    """The Hugging Face module path a tensor belongs to, for a checkpoint's exclusion lists."""
    if tensor.layer < 0:
        return {"token_embd": "model.embed_tokens", "output": "lm_head"}.get(
            tensor.name, f"model.{tensor.name}")
    short = tensor.short.removesuffix(".bias")
    prefix = f"model.layers.{tensor.layer}."
    if tensor.role == EXPERTS:
        part = short.split("_")[1]
        return f"{prefix}mlp.experts.{part}_proj"
    if tensor.role == SHARED:
        part = short.split("_")[1]
        return f"{prefix}mlp.shared_experts.{part}_proj"
    if tensor.role == MLP:
        return f"{prefix}mlp.{short.removeprefix('ffn_')}_proj"
    if short.startswith("ffn_gate_inp") or short.startswith("exp_probs"):
        return f"{prefix}mlp.gate"
    if tensor.role == LINEAR:
        return f"{prefix}linear_attn.{short}"
    if tensor.role == INDEXER:
        return f"{prefix}self_attn.{short}"
    names = {"attn_q": "q_proj", "attn_k": "k_proj", "attn_v": "v_proj", "attn_qkv": "qkv_proj",
             "attn_output": "o_proj", "attn_q_a": "q_a_proj", "attn_q_b": "q_b_proj",
             "attn_kv_a_mqa": "kv_a_proj_with_mqa", "attn_k_b": "kv_b_proj",
             "attn_v_b": "kv_b_proj", "attn_sinks": "sinks"}
    return f"{prefix}self_attn.{names.get(short, short)}"


def is_converted(tensor: Tensor, shipped: ShippedFormat | None) -> bool:
    """Whether a weight format (with `shipped`'s exclusions) converts `tensor`: the linear
    layers of attention and MLPs do; embeddings, head, routers, norms, biases do not."""
    if tensor.role not in _CONVERTED or not tensor.is_matrix or tensor.short.endswith(".bias"):
        return False
    if tensor.short.startswith(("ssm_conv1d", "indexer.proj")):
        return False  # a convolution, and the indexer's small head-weight projection
    return shipped is None or not shipped.excludes(hf_module(tensor))


def _scheme_bytes(scheme: str, tensor: Tensor, group: int) -> int:
    elements, rows = tensor.elements, tensor.elements // tensor.row_size
    if scheme in ("fp8", "int8"):
        return elements + 4 * rows  # one FP32 scale per output channel (llm-compressor)
    if scheme == "fp8-block":
        # one FP32 scale per 128 x 128 block of each stacked matrix (DeepSeek-V3 report 3.3)
        per_matrix = rows // tensor.depth
        blocks = -(-tensor.row_size // 128) * -(-per_matrix // 128) * tensor.depth
        return elements + 4 * blocks
    if scheme in ("int4-awq", "int4-gptq"):
        # 4-bit weights plus an fp16 scale and a 4-bit zero point per group of 128
        # (AutoAWQ / AutoGPTQ packing)
        return round(elements * (0.5 + 2.5 / (group or 128)))
    if scheme == "int4":
        return round(elements * (0.5 + 2 / (group or 128)))  # symmetric: a bf16 scale per group
    if scheme == "mxfp4":
        return ggml_type_bytes("MXFP4", elements)  # OCP MX: 32 E2M1 values + an E8M0 scale
    if scheme == "nvfp4":
        # 16 E2M1 values share an FP8 (E4M3) scale; plus FP32 global scales per matrix
        return -(-elements // 16) * 9 + 8 * tensor.depth
    raise KeyError(scheme)


def tensor_bytes(scheme: str, tensor: Tensor, arch: Architecture,
                 shipped: ShippedFormat | None = None) -> int:
    """Bytes of one tensor stored as `scheme` (a quantization name, or a shipped format's).

    For GGUF types, `shipped` is the checkpoint's own format: llama.cpp's converter keeps
    experts a checkpoint ships in MXFP4 as they are, and its quantizer leaves them so
    (gpt-oss GGUFs of every type hold MXFP4 experts).
    """
    quant = QUANTIZATIONS.get(scheme)
    if quant is not None and quant.is_gguf:
        if (shipped is not None and shipped.scheme == "mxfp4" and tensor.role == EXPERTS
                and tensor.depth > 1 and is_converted(tensor, shipped)):
            return ggml_type_bytes("MXFP4", tensor.elements)
        return ggml_type_bytes(gguf_tensor_type(scheme, tensor, arch), tensor.elements)
    if scheme == "fp32":
        return 4 * tensor.elements
    if scheme in ("bf16", "fp16") or not is_converted(tensor, shipped):
        return 2 * tensor.elements
    return _scheme_bytes(scheme, tensor, shipped.group_size if shipped else 0)


@dataclass(frozen=True)
class WeightBytes:
    """Weight bytes of a model in one format, and what a decode step reads of them."""

    total: int
    always_read: int  # read for every token: attention, dense and shared MLPs, output head
    routed: int  # all routed-expert bytes; a token reads routed_share of them
    routed_share: float
    embedding: int  # the input embedding table: one row read per token
    source: str = ""  # where measured sizes come from (a file's tensor table)

    @property
    def active(self) -> int:
        """Bytes one token reads: everything but the experts it is not routed to. The input
        embedding table counts whole, as the decode calibration (benches/accuracy.py) did."""
        return round(self.always_read + self.embedding + self.routed * self.routed_share)


@cache
def weight_bytes(arch: Architecture, scheme: str,
                 shipped: ShippedFormat | None = None) -> WeightBytes:
    """Weights of `arch` stored as `scheme`; `shipped` gives a checkpoint's unconverted
    modules and group size when `scheme` is its shipped format.

    For GGUF types this is the tensor data of the file llama.cpp writes.
    """
    total = always = routed = embedding = 0
    gguf = scheme in QUANTIZATIONS and QUANTIZATIONS[scheme].is_gguf

    def add(tensor: Tensor, size: int) -> None:
        nonlocal total, always, routed, embedding
        total += size
        if tensor.role == EXPERTS:
            routed += size
        elif tensor.role == EMBEDDING and not (arch.tied_embeddings and tensor.short ==
                                               "token_embd" and not arch.encoder_only):
            embedding += size
        else:
            always += size

    for tensor in outside_tensors(arch):
        add(tensor, tensor_bytes(scheme, tensor, arch, shipped))
    for layer, indices in arch.layer_groups:
        for tensor in layer_tensors(layer, arch.hidden_size):
            if gguf and _layer_dependent(tensor.short):
                for index in indices:
                    add(tensor, tensor_bytes(scheme, tensor.at(index), arch, shipped))
            else:
                add(tensor, tensor_bytes(scheme, tensor.at(indices[0]), arch, shipped)
                    * len(indices))
    if arch.encoder_only:
        always += embedding
        embedding = 0
    moe = arch.moe
    return WeightBytes(total, always, routed, moe.routed_share if moe else 1.0, embedding)


def weights_breakdown(model_arch: Architecture, scheme: str,
                      shipped: ShippedFormat | None = None) -> tuple[int, int]:
    """(all weight bytes, bytes read per token) of `model_arch` stored as `scheme`."""
    sizes = weight_bytes(model_arch, scheme, shipped)
    return sizes.total, sizes.active


@cache
def weights_for(arch: Architecture, shipped: ShippedFormat, quant_name: str) -> WeightBytes:
    """Weights of a model (its architecture and shipped format) stored as `quant_name`, the
    figure fit, recommend and the plan use: "shipped" sizes the checkpoint's own format; GGUF
    types keep what llama.cpp's converter keeps of it.

    Raises:
        InputError: an unknown name, or "shipped" for a format the planner cannot size.
    """
    quant, scheme = resolve_quant(quant_name, shipped)
    keeps_shipped = quant.name == SHIPPED or quant.is_gguf
    return weight_bytes(arch, scheme, shipped if keeps_shipped else None)


def gguf_type_mix(arch: Architecture, quant_name: str) -> dict[str, int]:
    """Weights per ggml type in the file llama.cpp writes: {type: element count}."""
    mix: dict[str, int] = {}
    for tensor in tensors(arch):
        kind = gguf_tensor_type(quant_name, tensor, arch)
        mix[kind] = mix.get(kind, 0) + tensor.elements
    return mix


def clear_caches() -> None:
    """Forget every size computed so far (benchmarks of a cold start use it)."""
    for cached in (architecture.tensors, architecture.mtp_tensors, architecture.param_count,
                   architecture.layer_tensors, architecture.outside_tensors,
                   architecture.active_param_count, architecture.mtp_param_count,
                   architecture.kv_profile, weight_bytes, weights_for, _gguf_context):
        cached.cache_clear()
