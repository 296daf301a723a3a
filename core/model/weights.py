"""What a model weighs in a format: bytes of every tensor (llama.cpp's GGUF type mix, FP8 with its
scales, AWQ/GPTQ groups, MXFP4/NVFP4 blocks, a checkpoint's unconverted modules) and what a
decode step reads of them."""

from dataclasses import dataclass
from functools import cache

from core.i18n.message import Text
from core.model import architecture
from core.model.architecture import Architecture, layer_tensors, outside_tensors, tensors
from core.model.gguf_types import (
    ggml_type_bytes,
    gguf_context,
    gguf_tensor_type,
    layer_dependent,
)
from core.model.quant import QUANTIZATIONS, SHIPPED, resolve_quant
from core.model.shipped import ShippedFormat
from core.model.tensor import ATTENTION, EMBEDDING, EXPERTS, INDEXER, LINEAR, MLP, SHARED, Tensor

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
    source: Text = ""  # where measured sizes come from (a file's tensor table)

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
            if gguf and layer_dependent(tensor.short):
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
                   architecture.kv_profile, architecture.attention_flops_per_token,
                   weight_bytes, weights_for, gguf_context):
        cached.cache_clear()
