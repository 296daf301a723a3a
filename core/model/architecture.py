"""One description of a model, layer by layer, that every size formula reads.

vLLM and llama.cpp both turn a config into a per-layer description before sizing anything: each
layer has an attention (full, sliding window, chunked, multi-head latent, or linear with a fixed
state) and an MLP (dense, or routed experts with optional shared experts). Parameter counts, the
GGUF tensor list, KV bytes per token and state per sequence all come from one walk over
`Architecture.layers`, so a new architecture is one reader, not edits in five formulas.

Tensor names follow llama.cpp's GGUF names (llama-arch.cpp), which its quantizer's per-tensor type
rules match on; a weight's name has no ".weight" suffix, a bias ends in ".bias".
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

# What a tensor is for: which quantization schemes convert it and which it keeps in 16 bits.
EMBEDDING, OUTPUT, ATTENTION, ROUTER, EXPERTS, SHARED, MLP, NORM, LINEAR, INDEXER, HEAD = (
    "embedding", "output", "attention", "router", "experts", "shared_expert", "mlp", "norm",
    "linear_attention", "indexer", "head")


@dataclass(frozen=True, slots=True)
class Tensor:
    """One weight tensor: its GGUF name within its block, layer (-1 outside the blocks), shape
    and role."""

    short: str  # e.g. "attn_q"; outside the blocks the whole name, e.g. "token_embd"
    layer: int
    row_size: int  # ne[0] in ggml terms: the length of one row, what block sizes must divide
    elements: int
    role: str
    routed_share: float = 1.0  # routed-expert tensors: the share of experts one token uses
    depth: int = 1  # ne[2]: matrices stacked in one tensor (experts; MLA's per-head k_b/v_b)

    @property
    def name(self) -> str:
        """The GGUF name, e.g. "blk.3.attn_q"."""
        return f"blk.{self.layer}.{self.short}" if self.layer >= 0 else self.short

    @property
    def is_matrix(self) -> bool:
        return self.elements != self.row_size

    def at(self, layer: int) -> "Tensor":
        """The same tensor in another layer."""
        return Tensor(self.short, layer, self.row_size, self.elements, self.role,
                      self.routed_share, self.depth)


def _matrix(name: str, layer: int, rows_in: int, rows_out: int, role: str) -> Tensor:
    return Tensor(name, layer, rows_in, rows_in * rows_out, role)


def _vector(name: str, layer: int, size: int, role: str) -> Tensor:
    return Tensor(name, layer, size, size, role)


@dataclass(frozen=True)
class FullAttention:
    """Softmax attention with K/V heads (GQA/MQA when fewer than the query heads).

    `window`: a sliding window of W tokens (Mistral, Gemma 2/3, gpt-oss) or, when `chunked`, an
    attention chunk of C tokens (Llama 4): the layer never looks further back than that.
    """

    heads: int
    kv_heads: int
    head_dim: int
    value_dim: int
    window: int | None = None
    chunked: bool = False
    qkv_bias: bool = False
    output_bias: bool = False
    qk_norm: str = ""  # "" none, "head" one norm of head_dim, "full" over all heads (OLMo 2)
    sinks: bool = False  # a learned sink logit per head (gpt-oss)
    gated: bool = False  # the query projection also yields an output gate (Qwen3-Next)
    fused_qkv: bool = False  # one attn_qkv tensor (Phi-3)
    value_from_key: bool = False  # no value projection: values reuse the keys (Gemma 4 global)

    @property
    def kind(self) -> str:
        if self.window is None:
            return "full"
        return "chunked" if self.chunked else "sliding"

    @property
    def kv_elements_per_token(self) -> int:
        return self.kv_heads * (self.head_dim + self.value_dim)

    @property
    def query_width(self) -> int:
        return self.heads * self.head_dim

    @property
    def shard_heads(self) -> int:
        """KV heads a tensor-parallel split divides (each GPU keeps at least one)."""
        return self.kv_heads

    @property
    def activation_width(self) -> int:
        """Values per token the Q/K/V projections produce."""
        return (self.heads * self.head_dim * (2 if self.gated else 1)
                + self.kv_heads * (self.head_dim + self.value_dim))

    def tensors(self, hidden: int, layer: int) -> list[Tensor]:
        q_width = self.heads * self.head_dim
        k_width = self.kv_heads * self.head_dim
        v_width = self.kv_heads * self.value_dim
        out_width = self.heads * self.value_dim
        items: list[Tensor] = []
        if self.fused_qkv:
            items.append(_matrix("attn_qkv", layer, hidden, q_width + k_width + v_width,
                                 ATTENTION))
        else:
            items += [
                _matrix("attn_q", layer, hidden, q_width * (2 if self.gated else 1),
                        ATTENTION),
                _matrix("attn_k", layer, hidden, k_width, ATTENTION),
            ]
            if not self.value_from_key:
                items.append(_matrix("attn_v", layer, hidden, v_width, ATTENTION))
        if self.qkv_bias:
            items += [_vector("attn_q.bias", layer, q_width, ATTENTION),
                      _vector("attn_k.bias", layer, k_width, ATTENTION),
                      _vector("attn_v.bias", layer, v_width, ATTENTION)]
        if self.qk_norm == "head":
            items += [_vector("attn_q_norm", layer, self.head_dim, NORM),
                      _vector("attn_k_norm", layer, self.head_dim, NORM)]
        elif self.qk_norm == "full":
            items += [_vector("attn_q_norm", layer, q_width, NORM),
                      _vector("attn_k_norm", layer, k_width, NORM)]
        if self.sinks:
            items.append(_vector("attn_sinks", layer, self.heads, ATTENTION))
        items.append(_matrix("attn_output", layer, out_width, hidden, ATTENTION))
        if self.output_bias:
            items.append(_vector("attn_output.bias", layer, hidden, ATTENTION))
        return items


@dataclass(frozen=True)
class LatentAttention:
    """Multi-head latent attention (DeepSeek-V2 paper, section 2.1): keys and values are
    rebuilt from one compressed latent of `kv_lora_rank` values plus a shared rotary key of
    `rope_dim`, and only those are cached (DeepSeek-V2 paper, Table 1).

    With `indexer_heads`, DeepSeek Sparse Attention's lightning indexer (DeepSeek-V3.2) adds
    its own projections and a small FP8 key cache per token.
    """

    heads: int
    q_lora_rank: int  # 0: queries projected directly from the hidden state (DeepSeek-V2-Lite)
    kv_lora_rank: int
    nope_dim: int
    rope_dim: int
    value_dim: int
    bias: bool = False
    indexer_heads: int = 0
    indexer_dim: int = 0

    kind = "mla"
    kv_heads = 1
    window = None

    @property
    def kv_elements_per_token(self) -> int:
        return self.kv_lora_rank + self.rope_dim

    @property
    def indexer_bytes_per_token(self) -> int:
        # vLLM's DeepSeek-V3.2 indexer cache: FP8 keys plus one FP32 scale per 128 values.
        if not self.indexer_heads:
            return 0
        return self.indexer_dim + 4 * -(-self.indexer_dim // 128)

    @property
    def head_dim(self) -> int:
        return self.nope_dim + self.rope_dim

    @property
    def query_width(self) -> int:
        return self.heads * self.head_dim

    @property
    def shard_heads(self) -> int:
        return 1  # the latent is not split by heads: every tensor-parallel GPU caches all of it

    @property
    def activation_width(self) -> int:
        """Values per token of the queries, the rebuilt keys and values, and the latent."""
        return (self.heads * (2 * self.nope_dim + self.rope_dim + self.value_dim)
                + self.kv_lora_rank + self.rope_dim)

    def tensors(self, hidden: int, layer: int) -> list[Tensor]:
        q_width = self.heads * (self.nope_dim + self.rope_dim)
        items: list[Tensor] = []
        if self.q_lora_rank:
            items += [_matrix("attn_q_a", layer, hidden, self.q_lora_rank, ATTENTION),
                      _vector("attn_q_a_norm", layer, self.q_lora_rank, NORM),
                      _matrix("attn_q_b", layer, self.q_lora_rank, q_width, ATTENTION)]
        else:
            items.append(_matrix("attn_q", layer, hidden, q_width, ATTENTION))
        items += [
            _matrix("attn_kv_a_mqa", layer, hidden, self.kv_lora_rank + self.rope_dim,
                    ATTENTION),
            _vector("attn_kv_a_norm", layer, self.kv_lora_rank, NORM),
            # llama.cpp's converter splits kv_b_proj per head into k_b (transposed) and v_b.
            Tensor("attn_k_b", layer, self.nope_dim,
                   self.heads * self.nope_dim * self.kv_lora_rank, ATTENTION, depth=self.heads),
            Tensor("attn_v_b", layer, self.kv_lora_rank,
                   self.heads * self.kv_lora_rank * self.value_dim, ATTENTION,
                   depth=self.heads),
            _matrix("attn_output", layer, self.heads * self.value_dim, hidden, ATTENTION),
        ]
        if self.bias:
            if self.q_lora_rank:
                items.append(_vector("attn_q_a.bias", layer, self.q_lora_rank, ATTENTION))
            items += [_vector("attn_kv_a_mqa.bias", layer,
                              self.kv_lora_rank + self.rope_dim, ATTENTION),
                      _vector("attn_output.bias", layer, hidden, ATTENTION)]
        if self.indexer_heads:
            width = self.indexer_heads * self.indexer_dim
            source = self.q_lora_rank or hidden
            items += [_matrix("indexer.q_proj", layer, source, width, INDEXER),
                      _matrix("indexer.k_proj", layer, hidden, self.indexer_dim, INDEXER),
                      _vector("indexer.k_norm", layer, self.indexer_dim, NORM),
                      _vector("indexer.k_norm.bias", layer, self.indexer_dim, NORM),
                      _matrix("indexer.proj", layer, hidden, self.indexer_heads, INDEXER)]
        return items


@dataclass(frozen=True)
class LinearAttention:
    """Gated DeltaNet linear attention (Qwen3-Next, Qwen3.5): no KV cache, a fixed state per
    sequence of a causal convolution and one key x value matrix per value head (transformers'
    Qwen3NextGatedDeltaNet)."""

    key_heads: int
    value_heads: int
    key_dim: int
    value_dim: int
    conv_kernel: int

    kind = "linear"
    kv_elements_per_token = 0
    indexer_bytes_per_token = 0
    window = None

    @property
    def heads(self) -> int:
        return self.value_heads

    @property
    def kv_heads(self) -> int:
        return self.key_heads

    @property
    def head_dim(self) -> int:
        return self.key_dim

    @property
    def query_width(self) -> int:
        return self.key_heads * self.key_dim

    @property
    def shard_heads(self) -> int:
        return self.key_heads

    @property
    def activation_width(self) -> int:
        return 2 * self.key_heads * self.key_dim + 2 * self.value_heads * self.value_dim

    @property
    def conv_channels(self) -> int:
        return 2 * self.key_heads * self.key_dim + self.value_heads * self.value_dim

    @property
    def state_elements(self) -> int:
        """Values held per sequence: the convolution's last kernel-1 inputs and the
        recurrent key x value state of every value head."""
        return ((self.conv_kernel - 1) * self.conv_channels
                + self.value_heads * self.key_dim * self.value_dim)

    def tensors(self, hidden: int, layer: int) -> list[Tensor]:
        keys = self.key_heads * self.key_dim
        values = self.value_heads * self.value_dim
        return [
            _matrix("ssm_in", layer, hidden, 2 * keys + 2 * values, LINEAR),
            _matrix("ssm_beta_alpha", layer, hidden, 2 * self.value_heads, LINEAR),
            Tensor("ssm_conv1d", layer, self.conv_kernel,
                   self.conv_kernel * self.conv_channels, LINEAR),
            _vector("ssm_dt.bias", layer, self.value_heads, LINEAR),
            _vector("ssm_a", layer, self.value_heads, LINEAR),
            _vector("ssm_norm", layer, self.value_dim, NORM),
            _matrix("ssm_out", layer, values, hidden, LINEAR),
        ]


Attention = FullAttention | LatentAttention | LinearAttention


@dataclass(frozen=True)
class DenseMlp:
    """A feed-forward block: gated (SwiGLU/GeGLU: gate, up, down) or plain (up, down)."""

    width: int
    gated: bool = True
    bias: bool = False
    fused_gate_up: bool = False  # Phi-3 stores gate and up as one ffn_up tensor

    kind = "dense"

    @property
    def active_width(self) -> int:
        return self.width

    def tensors(self, hidden: int, layer: int) -> list[Tensor]:
        items: list[Tensor] = []
        if self.fused_gate_up:
            items.append(_matrix("ffn_up", layer, hidden, 2 * self.width, MLP))
        elif self.gated:
            items += [_matrix("ffn_gate", layer, hidden, self.width, MLP),
                      _matrix("ffn_up", layer, hidden, self.width, MLP)]
        else:
            items.append(_matrix("ffn_up", layer, hidden, self.width, MLP))
        items.append(_matrix("ffn_down", layer, self.width, hidden, MLP))
        if self.bias:
            items += [_vector("ffn_up.bias", layer, self.width, MLP),
                      _vector("ffn_down.bias", layer, hidden, MLP)]
            if self.gated and not self.fused_gate_up:
                items.append(_vector("ffn_gate.bias", layer, self.width, MLP))
        return items


@dataclass(frozen=True)
class MoeMlp:
    """Routed experts: `experts` gated MLPs of `width`, `top_k` of them used per token, plus
    `shared_width` of always-used shared experts (DeepSeekMoE, Qwen2-MoE, Llama 4)."""

    experts: int
    width: int
    top_k: int
    shared_width: int = 0
    shared_gate: bool = False  # a sigmoid gate on the shared expert (Qwen2-MoE, Qwen3-Next)
    router_bias: bool = False  # gpt-oss
    expert_bias: bool = False  # gpt-oss
    score_bias: bool = False  # DeepSeek-V3's e_score_correction_bias (aux-loss-free routing)
    dense_width: int = 0  # a dense MLP running beside the experts (Gemma 4)
    router_scale: bool = False  # router input scale and per-expert scale vectors (Gemma 4)

    kind = "moe"

    @property
    def routed_share(self) -> float:
        return self.top_k / self.experts

    @property
    def active_width(self) -> int:
        return self.top_k * self.width + self.shared_width + self.dense_width

    def tensors(self, hidden: int, layer: int) -> list[Tensor]:
        share, count = self.routed_share, self.experts
        width = self.width
        items = DenseMlp(self.dense_width).tensors(hidden, layer) if self.dense_width else []
        items.append(_matrix("ffn_gate_inp", layer, hidden, count, ROUTER))
        if self.router_scale:
            items += [_vector("ffn_gate_inp.scale", layer, hidden, ROUTER),
                      _vector("ffn_gate_inp.expert_scale", layer, count, ROUTER)]
        if self.router_bias:
            items.append(_vector("ffn_gate_inp.bias", layer, count, ROUTER))
        if self.score_bias:
            items.append(_vector("exp_probs_b.bias", layer, count, ROUTER))
        items += [
            Tensor("ffn_gate_exps", layer, hidden, count * hidden * width, EXPERTS, share,
                   count),
            Tensor("ffn_up_exps", layer, hidden, count * hidden * width, EXPERTS, share,
                   count),
            Tensor("ffn_down_exps", layer, width, count * width * hidden, EXPERTS, share,
                   count),
        ]
        if self.expert_bias:
            items += [
                Tensor("ffn_gate_exps.bias", layer, width, count * width, EXPERTS, share),
                Tensor("ffn_up_exps.bias", layer, width, count * width, EXPERTS, share),
                Tensor("ffn_down_exps.bias", layer, hidden, count * hidden, EXPERTS,
                       share),
            ]
        if self.shared_width:
            items += [_matrix("ffn_gate_shexp", layer, hidden, self.shared_width, SHARED),
                      _matrix("ffn_up_shexp", layer, hidden, self.shared_width, SHARED),
                      _matrix("ffn_down_shexp", layer, self.shared_width, hidden, SHARED)]
        if self.shared_gate:
            items.append(_vector("ffn_gate_inp_shexp", layer, hidden, SHARED))
        return items


Mlp = DenseMlp | MoeMlp


@dataclass(frozen=True)
class Layer:
    """One transformer block: its attention, its MLP and its hidden-size norms."""

    attention: Attention
    mlp: Mlp
    norms: int = 2  # pre-attention and pre-MLP; Gemma 2/3 also after each (4); Gemma 4 MoE 7
    norm_bias: bool = False  # LayerNorm with a bias (BERT)

    def tensors(self, hidden: int, layer: int) -> list[Tensor]:
        norm_names = ("attn_norm", "ffn_norm", "post_attention_norm", "post_ffw_norm",
                      "pre_ffw_norm_2", "post_ffw_norm_1", "post_ffw_norm_2")
        items = [_vector(name, layer, hidden, NORM) for name in norm_names[:self.norms]]
        if self.norm_bias:
            items += [_vector(name + ".bias", layer, hidden, NORM)
                      for name in norm_names[:self.norms]]
        return items + self.attention.tensors(hidden, layer) + self.mlp.tensors(hidden, layer)


@dataclass(frozen=True, eq=True)
class Architecture:
    """A model's shape, layer by layer, plus what sits outside the blocks."""

    family: str
    hidden_size: int
    vocab_size: int
    layers: tuple[Layer, ...]
    tied_embeddings: bool
    max_context: int
    positions: int = 0  # learned position embeddings (BERT, RoBERTa)
    token_types: int = 0  # segment embeddings (BERT)
    embedding_norm: bool = False  # a norm right after the embeddings (BERT)
    final_norm: bool = True
    norm_bias: bool = False  # embedding/final norms carry a bias (LayerNorm)
    head: tuple[tuple[str, int, int], ...] = ()  # (name, row size, elements) of extra heads
    encoder_only: bool = False  # BERT-style: no KV cache, no decoding
    mtp_layers: tuple[Layer, ...] = ()  # multi-token prediction modules (counted apart)
    vision_params: int = 0  # vision/audio tower, counted apart

    @cached_property
    def _hash(self) -> int:
        return hash((self.family, self.hidden_size, self.vocab_size, self.layers,
                     self.tied_embeddings, self.max_context, self.positions, self.token_types,
                     self.embedding_norm, self.final_norm, self.norm_bias, self.head,
                     self.encoder_only, self.mtp_layers, self.vision_params))

    def __hash__(self) -> int:
        return self._hash

    @property
    def layer_count(self) -> int:
        return len(self.layers)

    @cached_property
    def is_moe(self) -> bool:
        return any(layer.mlp.kind == "moe" for layer in self.layers)

    @cached_property
    def moe(self) -> MoeMlp | None:
        """The routed-expert MLP of the model's MoE layers (the first one), or None."""
        return next((layer.mlp for layer in self.layers if isinstance(layer.mlp, MoeMlp)), None)

    @cached_property
    def attention_kinds(self) -> dict[str, int]:
        """How many layers use each attention kind, e.g. {"full": 18, "sliding": 18}."""
        kinds: dict[str, int] = {}
        for layer in self.layers:
            kinds[layer.attention.kind] = kinds.get(layer.attention.kind, 0) + 1
        return kinds

    @cached_property
    def heads(self) -> int:
        """Query heads of the attention layers (the most of any layer)."""
        return max(layer.attention.heads for layer in self.layers)

    @cached_property
    def layer_groups(self) -> tuple[tuple[Layer, tuple[int, ...]], ...]:
        """Each distinct layer with the indices where it occurs, in order of first use."""
        groups: dict[Layer, list[int]] = {}
        for index, layer in enumerate(self.layers):
            groups.setdefault(layer, []).append(index)
        return tuple((layer, tuple(indices)) for layer, indices in groups.items())

    @cached_property
    def distinct_attentions(self) -> tuple[Attention, ...]:
        """Each different attention of the layers, once."""
        return tuple(dict.fromkeys(layer.attention for layer in self.layers))

    @cached_property
    def widest_mlp(self) -> int:
        """The widest intermediate a token passes through (experts it uses together)."""
        return max(layer.mlp.active_width for layer in self.layers)

    @cached_property
    def activation_width(self) -> int:
        """Values per token of the widest layer's projections and MLP intermediates (gate and
        up of the experts a token uses): what a forward pass holds at its peak."""
        return max(layer.attention.activation_width + 2 * layer.mlp.active_width
                   for layer in set(self.layers))

    @cached_property
    def kv_heads(self) -> int:
        """The fewest KV heads of any KV-caching layer (GQA ratio and sharding use it)."""
        cached = [layer.attention.kv_heads for layer in self.layers
                  if layer.attention.kind != "linear"]
        return min(cached) if cached else 1


def _outside_tensors(arch: Architecture) -> tuple[list[Tensor], list[Tensor]]:
    """Tensors before and after the blocks."""
    hidden = arch.hidden_size
    before = [_matrix("token_embd", -1, hidden, arch.vocab_size, EMBEDDING)]
    if arch.positions:
        before.append(_matrix("position_embd", -1, hidden, arch.positions, EMBEDDING))
    if arch.token_types:
        before.append(_matrix("token_types", -1, hidden, arch.token_types, EMBEDDING))
    if arch.embedding_norm:
        before.append(_vector("token_embd_norm", -1, hidden, NORM))
        if arch.norm_bias:
            before.append(_vector("token_embd_norm.bias", -1, hidden, NORM))
    after = []
    if arch.final_norm:
        after.append(_vector("output_norm", -1, hidden, NORM))
        if arch.norm_bias:
            after.append(_vector("output_norm.bias", -1, hidden, NORM))
    if not arch.tied_embeddings and not arch.encoder_only:
        after.append(_matrix("output", -1, hidden, arch.vocab_size, OUTPUT))
    after += [Tensor(name, -1, row, elements, HEAD) for name, row, elements in arch.head]
    return before, after


@cache
def layer_tensors(layer: Layer, hidden: int) -> tuple[Tensor, ...]:
    """The tensors of one block, as layer 0's (`Tensor.at` moves them to another layer)."""
    return tuple(layer.tensors(hidden, 0))


@cache
def outside_tensors(arch: Architecture) -> tuple[Tensor, ...]:
    """The tensors before and after the blocks: embeddings, final norm, output head."""
    before, after = _outside_tensors(arch)
    return tuple(before + after)


@cache
def tensors(arch: Architecture) -> tuple[Tensor, ...]:
    """Every weight tensor of the served model (multi-token prediction and vision apart)."""
    before, after = _outside_tensors(arch)
    items = before
    for index, layer in enumerate(arch.layers):
        items += [tensor.at(index) for tensor in layer_tensors(layer, arch.hidden_size)]
    return tuple(items + after)


def _mtp_extra(hidden: int, index: int) -> list[Tensor]:
    return [_matrix("nextn.eh_proj", index, 2 * hidden, hidden, HEAD),
            _vector("nextn.enorm", index, hidden, NORM),
            _vector("nextn.hnorm", index, hidden, NORM),
            _vector("nextn.shared_head_norm", index, hidden, NORM)]


@cache
def mtp_tensors(arch: Architecture) -> tuple[Tensor, ...]:
    """The multi-token prediction modules: a block each, plus the projection of the previous
    hidden state and the next token's embedding (eh_proj) and its norms (DeepSeek-V3 report,
    section 2.2); the embedding and output head are shared with the main model."""
    hidden = arch.hidden_size
    items: list[Tensor] = []
    for offset, layer in enumerate(arch.mtp_layers):
        index = arch.layer_count + offset
        items += [tensor.at(index) for tensor in layer_tensors(layer, hidden)]
        items += _mtp_extra(hidden, index)
    return tuple(items)


def _sum(arch: Architecture, weight: Callable[[Tensor], float]) -> float:
    """Sum of `weight` over every tensor, each distinct layer's tensors weighed once."""
    total = sum(weight(tensor) for tensor in outside_tensors(arch))
    for layer, indices in arch.layer_groups:
        total += len(indices) * sum(weight(tensor)
                                    for tensor in layer_tensors(layer, arch.hidden_size))
    return total


@cache
def param_count(arch: Architecture) -> int:
    """Parameters of the served model, as Hugging Face counts them (every element)."""
    return round(_sum(arch, lambda tensor: tensor.elements))


@cache
def active_param_count(arch: Architecture) -> int:
    """Parameters one token uses: routed experts count top_k of their experts."""
    return round(_sum(arch, lambda tensor: tensor.elements * tensor.routed_share))


@cache
def mtp_param_count(arch: Architecture) -> int:
    """Parameters of the multi-token prediction modules (not served by default)."""
    return sum(tensor.elements for tensor in mtp_tensors(arch))


def kv_bytes_per_token(arch: Architecture, bytes_per_element: float) -> int:
    """KV cache bytes one token of context adds while every window still grows (all KV-caching
    layers; linear-attention layers hold a fixed state instead)."""
    total = 0.0
    if arch.encoder_only:
        return 0
    for layer in arch.layers:
        attention = layer.attention
        total += attention.kv_elements_per_token * bytes_per_element
        if isinstance(attention, LatentAttention):
            total += attention.indexer_bytes_per_token
    return round(total)


@dataclass(frozen=True)
class KvProfile:
    """What one sequence holds on one GPU, in bytes: `per_token` for every token of context in
    the layers that keep them all, `windows` (window, bytes per token) for layers that keep only
    their last window of tokens, and a fixed `state` (linear attention)."""

    per_token: float
    windows: tuple[tuple[int, float], ...]
    state: float

    def per_sequence(self, context: float) -> float:
        """Bytes one sequence of `context` tokens holds."""
        windowed = sum(per_token * min(context, window) for window, per_token in self.windows)
        return self.per_token * context + windowed + self.state

    @property
    def per_token_uncapped(self) -> float:
        """Bytes a token adds while every window still grows."""
        return self.per_token + sum(per_token for _, per_token in self.windows)


@cache
def kv_profile(arch: Architecture, bytes_per_element: float,
               windowed_kinds: tuple[str, ...] = ("sliding", "chunked"), window_extra: int = 0,
               tensor_parallel: int = 1) -> KvProfile:
    """The KV cache and state of one sequence on one GPU of a `tensor_parallel` split.

    Layers of a kind in `windowed_kinds` keep only their window (plus `window_extra` tokens, e.g.
    llama.cpp's micro-batch); an engine that allocates every layer for the whole context passes
    fewer kinds. Heads shard across GPUs down to one KV head per GPU; a latent (MLA) cache is not
    split by heads, so every GPU holds all of it. Linear-attention state is kept in at least
    16 bits.
    """
    per_token = state = 0.0
    windows: dict[int, float] = {}
    if arch.encoder_only:
        return KvProfile(0.0, (), 0.0)  # an encoder reads each text whole: nothing is cached
    for layer in arch.layers:
        attention = layer.attention
        share = 1.0 / max(1, min(tensor_parallel, attention.shard_heads))
        if isinstance(attention, LinearAttention):
            state += attention.state_elements * max(bytes_per_element, 2.0) * share
            continue
        token_bytes = attention.kv_elements_per_token * bytes_per_element
        if isinstance(attention, LatentAttention):
            token_bytes += attention.indexer_bytes_per_token
        token_bytes *= share
        if attention.window is not None and attention.kind in windowed_kinds:
            window = attention.window + window_extra
            windows[window] = windows.get(window, 0.0) + token_bytes
        else:
            per_token += token_bytes
    return KvProfile(per_token, tuple(sorted(windows.items())), state)


def attention_flops_per_token(arch: Architecture, context: float) -> float:
    """Attention FLOPs of one token that sees `context` earlier tokens (windows capped):
    2 x heads x head_dim for the scores and 2 x heads x value_dim for the weighted values per
    token attended; linear attention updates and reads a key x value state per head."""
    total = 0.0
    for layer in arch.layers:
        attention = layer.attention
        if isinstance(attention, LinearAttention):
            total += 4 * attention.value_heads * attention.key_dim * attention.value_dim
            continue
        seen = context if attention.window is None else min(context, attention.window)
        if isinstance(attention, LatentAttention):
            width = attention.heads * (attention.nope_dim + attention.rope_dim
                                       + attention.value_dim)
        else:
            width = attention.heads * (attention.head_dim + attention.value_dim)
        total += 2 * width * seen
    return total


def describe(arch: Architecture) -> str:
    """One line: layers by attention and MLP kind, e.g. '61 layers: 3 dense + 58 MoE ...'."""
    parts = []
    kinds = arch.attention_kinds
    names = {"full": "full attention", "sliding": "sliding-window", "chunked": "chunked",
             "mla": "latent attention (MLA)", "linear": "linear attention"}
    attention = ", ".join(f"{count} {names[kind]}" for kind, count in kinds.items())
    parts.append(f"{arch.layer_count} layers ({attention})")
    moe = arch.moe
    if moe is not None:
        moe_layers = sum(1 for layer in arch.layers if layer.mlp.kind == "moe")
        dense = arch.layer_count - moe_layers
        text = (f"{moe.top_k} of {moe.experts} experts per token in {moe_layers} MoE layers"
                + (f" and {dense} dense" if dense else ""))
        if moe.shared_width:
            text += ", shared expert always used"
        parts.append(text)
    return "; ".join(parts)
