"""Tensor layout of a transformer, named as llama.cpp's GGUF files name them.

One list of tensors serves the parameter count (Hugging Face counts every element) and the GGUF
size estimate (llama.cpp picks a type per tensor by name and layer).
"""

from dataclasses import dataclass
from functools import cache

from core.specs import KNOWN_FAMILIES, ModelSpec


@dataclass(frozen=True)
class Tensor:
    """One weight tensor: its GGUF name, layer (-1 outside the blocks) and shape."""

    name: str
    layer: int
    row_size: int  # ne[0] in ggml terms: the length of one row, what block sizes must divide
    elements: int
    expert_share: float = 1.0  # for MoE expert tensors: the share used per token

    @property
    def is_matrix(self) -> bool:
        return self.elements != self.row_size


def _block_tensors(model: ModelSpec, layer: int) -> list[Tensor]:
    hidden, head_dim = model.hidden_size, model.head_dim
    q_size = model.heads * head_dim
    kv_size = model.kv_heads * head_dim
    ffn = model.ffn_size

    def t(name: str, row: int, elements: int, share: float = 1.0) -> Tensor:
        return Tensor(f"blk.{layer}.{name}", layer, row, elements, share)

    tensors = [t("attn_norm", hidden, hidden)]
    if model.family == "phi3":
        tensors.append(t("attn_qkv", hidden, hidden * (q_size + 2 * kv_size)))
    else:
        tensors += [
            t("attn_q", hidden, hidden * q_size),
            t("attn_k", hidden, hidden * kv_size),
            t("attn_v", hidden, hidden * kv_size),
        ]
    if model.attention_bias:
        tensors += [t("attn_q.bias", q_size, q_size), t("attn_k.bias", kv_size, kv_size),
                    t("attn_v.bias", kv_size, kv_size)]
    if model.family == "qwen3":
        tensors += [t("attn_q_norm", head_dim, head_dim), t("attn_k_norm", head_dim, head_dim)]
    tensors.append(t("attn_output", q_size, q_size * hidden))
    if model.family == "gemma2":
        tensors.append(t("post_attention_norm", hidden, hidden))
    tensors.append(t("ffn_norm", hidden, hidden))
    if model.is_moe:
        share = model.experts_per_token / model.experts
        experts = model.experts
        tensors += [
            t("ffn_gate_inp", hidden, hidden * experts),
            t("ffn_gate_exps", hidden, experts * hidden * ffn, share),
            t("ffn_up_exps", hidden, experts * hidden * ffn, share),
            t("ffn_down_exps", ffn, experts * ffn * hidden, share),
        ]
    elif model.family == "phi3":
        tensors += [t("ffn_up", hidden, hidden * 2 * ffn), t("ffn_down", ffn, ffn * hidden)]
    else:
        tensors += [t("ffn_gate", hidden, hidden * ffn), t("ffn_up", hidden, hidden * ffn),
                    t("ffn_down", ffn, ffn * hidden)]
    if model.family == "gemma2":
        tensors.append(t("post_ffw_norm", hidden, hidden))
    return tensors


@cache
def tensor_layout(model: ModelSpec) -> tuple[Tensor, ...]:
    """Every weight tensor of the model, in GGUF naming.

    Families outside KNOWN_FAMILIES get the Llama layout (the caller notes it is an estimate).
    """
    embedding = model.vocab_size * model.hidden_size
    tensors = [Tensor("token_embd", -1, model.hidden_size, embedding)]
    for layer in range(model.layers):
        tensors += _block_tensors(model, layer)
    tensors.append(Tensor("output_norm", -1, model.hidden_size, model.hidden_size))
    if not model.tied_embeddings:
        tensors.append(Tensor("output", -1, model.hidden_size, embedding))
    return tuple(tensors)


@cache
def params_from_architecture(model: ModelSpec) -> int:
    """Total parameters as Hugging Face counts them (every element of every tensor)."""
    return sum(tensor.elements for tensor in tensor_layout(model))


@cache
def active_params_from_architecture(model: ModelSpec) -> int:
    """Parameters used per token: for MoE only experts_per_token of the experts count."""
    return round(sum(tensor.elements * tensor.expert_share for tensor in tensor_layout(model)))


def total_params(model: ModelSpec) -> int:
    """The best known total: counted from a file, else published, else computed."""
    if model.counted_params is not None:
        return model.counted_params
    if model.params is not None:
        return model.params
    return params_from_architecture(model)


def active_params(model: ModelSpec) -> int:
    """Parameters used per token, scaled to the best known total."""
    if not model.is_moe:
        return total_params(model)
    computed_total = params_from_architecture(model)
    return round(active_params_from_architecture(model) * total_params(model) / computed_total)


def is_known_layout(model: ModelSpec) -> bool:
    return model.family in KNOWN_FAMILIES
