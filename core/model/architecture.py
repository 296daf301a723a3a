"""One description of a model, layer by layer, that every size formula reads.

vLLM and llama.cpp both turn a config into a per-layer description before sizing anything: each
layer has an attention (core.model.attention: full, sliding window, chunked, multi-head latent,
or linear with a fixed state) and an MLP (core.model.mlp: dense, or routed experts with optional
shared experts). Parameter counts, the GGUF tensor list, KV bytes per token and state per
sequence all come from one walk over `Architecture.layers`, so a new architecture is one
reader, not edits in five formulas.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from core.i18n.message import Count, Message, Text, msg, nmsg
from core.model.attention import Attention, LatentAttention, LinearAttention
from core.model.mlp import Mlp, MoeMlp
from core.model.tensor import EMBEDDING, HEAD, NORM, OUTPUT, Tensor, matrix, vector
from core.model.words import commas, semicolons


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
        items = [vector(name, layer, hidden, NORM) for name in norm_names[:self.norms]]
        if self.norm_bias:
            items += [vector(name + ".bias", layer, hidden, NORM)
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
    before = [matrix("token_embd", -1, hidden, arch.vocab_size, EMBEDDING)]
    if arch.positions:
        before.append(matrix("position_embd", -1, hidden, arch.positions, EMBEDDING))
    if arch.token_types:
        before.append(matrix("token_types", -1, hidden, arch.token_types, EMBEDDING))
    if arch.embedding_norm:
        before.append(vector("token_embd_norm", -1, hidden, NORM))
        if arch.norm_bias:
            before.append(vector("token_embd_norm.bias", -1, hidden, NORM))
    after = []
    if arch.final_norm:
        after.append(vector("output_norm", -1, hidden, NORM))
        if arch.norm_bias:
            after.append(vector("output_norm.bias", -1, hidden, NORM))
    if not arch.tied_embeddings and not arch.encoder_only:
        after.append(matrix("output", -1, hidden, arch.vocab_size, OUTPUT))
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
    return [matrix("nextn.eh_proj", index, 2 * hidden, hidden, HEAD),
            vector("nextn.enorm", index, hidden, NORM),
            vector("nextn.hnorm", index, hidden, NORM),
            vector("nextn.shared_head_norm", index, hidden, NORM)]


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
    # Layers share their attention objects: what one adds is worked out once per attention,
    # and the sums still run layer by layer.
    adds: dict[int, tuple[bool, float, int | None]] = {}
    for layer in arch.layers:
        attention = layer.attention
        add = adds.get(id(attention))
        if add is None:
            add = _kv_add(attention, bytes_per_element, windowed_kinds, window_extra,
                          tensor_parallel)
            adds[id(attention)] = add
        linear, amount, window = add
        if linear:
            state += amount
        elif window is not None:
            windows[window] = windows.get(window, 0.0) + amount
        else:
            per_token += amount
    return KvProfile(per_token, tuple(sorted(windows.items())), state)


def _kv_add(attention: Attention, bytes_per_element: float, windowed_kinds: tuple[str, ...],
            window_extra: int, tensor_parallel: int) -> tuple[bool, float, int | None]:
    """What one layer with `attention` adds to a KV profile: (linear-attention state or not,
    bytes (per token of context, or of state), the window it keeps or None)."""
    share = 1.0 / max(1, min(tensor_parallel, attention.shard_heads))
    if isinstance(attention, LinearAttention):
        return True, attention.state_elements * max(bytes_per_element, 2.0) * share, None
    token_bytes = attention.kv_elements_per_token * bytes_per_element
    if isinstance(attention, LatentAttention):
        token_bytes += attention.indexer_bytes_per_token
    token_bytes *= share
    if attention.window is not None and attention.kind in windowed_kinds:
        return False, token_bytes, attention.window + window_extra
    return False, token_bytes, None


@lru_cache(maxsize=4096)
def attention_flops_per_token(arch: Architecture, context: float,
                              absorbed: bool = False) -> float:
    """Attention FLOPs of one token that sees `context` earlier tokens (windows capped):
    2 x heads x head_dim for the scores and 2 x heads x value_dim for the weighted values per
    token attended; linear attention updates and reads a key x value state per head. With
    `absorbed`, latent attention works on the cached latent itself, as engines decode it (the
    up-projections folded into the query and output, DeepSeek-V2 paper, section 2.1.2): each
    head scores kv_lora_rank + rope_dim values and weighs kv_lora_rank."""
    total = 0.0
    # Layers share their attention objects: each one's FLOPs are worked out once, and the sum
    # still runs layer by layer.
    flops: dict[int, float] = {}
    for layer in arch.layers:
        attention = layer.attention
        layer_flops = flops.get(id(attention))
        if layer_flops is None:
            layer_flops = flops[id(attention)] = _attention_flops(attention, context, absorbed)
        total += layer_flops
    return total


def _attention_flops(attention: Attention, context: float, absorbed: bool) -> float:
    if isinstance(attention, LinearAttention):
        return 4 * attention.value_heads * attention.key_dim * attention.value_dim
    seen = context if attention.window is None else min(context, attention.window)
    if isinstance(attention, LatentAttention) and absorbed:
        width = attention.heads * (2 * attention.kv_lora_rank + attention.rope_dim)
    elif isinstance(attention, LatentAttention):
        width = attention.heads * (attention.nope_dim + attention.rope_dim
                                   + attention.value_dim)
    else:
        width = attention.heads * (attention.head_dim + attention.value_dim)
    return 2 * width * seen


def _attention_count(kind: str, count: int) -> Message:
    if kind == "full":
        return msg("{count} full attention", count=Count(count))
    if kind == "sliding":
        return msg("{count} sliding-window", count=Count(count))
    if kind == "chunked":
        return msg("{count} chunked", count=Count(count))
    if kind == "mla":
        return msg("{count} latent attention (MLA)", count=Count(count))
    return msg("{count} linear attention", count=Count(count))


def describe(arch: Architecture) -> Text:
    """One line: layers by attention and MLP kind, e.g. '61 layers (61 latent attention
    (MLA)); 8 of 256 experts per token in 58 MoE layers and 3 dense, shared expert always
    used'."""
    kinds = arch.attention_kinds
    attention = commas([_attention_count(kind, count) for kind, count in kinds.items()])
    layers = nmsg("{n} layer ({attention})", "{n} layers ({attention})",
                  n=Count(arch.layer_count), attention=attention)
    moe = arch.moe
    if moe is None:
        return layers
    moe_layers = sum(1 for layer in arch.layers if layer.mlp.kind == "moe")
    dense = arch.layer_count - moe_layers
    experts: Message
    if dense:
        experts = nmsg("{top_k} of {experts} experts per token in {n} MoE layer and {dense} dense",
                       "{top_k} of {experts} experts per token in {n} MoE layers and {dense} "
                       "dense", top_k=Count(moe.top_k), experts=Count(moe.experts),
                       n=Count(moe_layers), dense=Count(dense))
    else:
        experts = nmsg("{top_k} of {experts} experts per token in {n} MoE layer",
                       "{top_k} of {experts} experts per token in {n} MoE layers",
                       top_k=Count(moe.top_k), experts=Count(moe.experts), n=Count(moe_layers))
    if moe.shared_width:
        experts = msg("{experts}, shared expert always used", experts=experts)
    return semicolons([layers, experts])
