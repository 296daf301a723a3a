"""The attention of one layer: softmax attention with K/V heads (full, sliding window or chunked),
multi-head latent attention, or linear attention with a fixed state; each kind lists its tensors
and what it caches per token or holds per sequence."""

from dataclasses import dataclass

from core.model.tensor import ATTENTION, INDEXER, LINEAR, NORM, Tensor, matrix, vector


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
            items.append(matrix("attn_qkv", layer, hidden, q_width + k_width + v_width,
                                 ATTENTION))
        else:
            items += [
                matrix("attn_q", layer, hidden, q_width * (2 if self.gated else 1),
                        ATTENTION),
                matrix("attn_k", layer, hidden, k_width, ATTENTION),
            ]
            if not self.value_from_key:
                items.append(matrix("attn_v", layer, hidden, v_width, ATTENTION))
        if self.qkv_bias:
            items += [vector("attn_q.bias", layer, q_width, ATTENTION),
                      vector("attn_k.bias", layer, k_width, ATTENTION),
                      vector("attn_v.bias", layer, v_width, ATTENTION)]
        if self.qk_norm == "head":
            items += [vector("attn_q_norm", layer, self.head_dim, NORM),
                      vector("attn_k_norm", layer, self.head_dim, NORM)]
        elif self.qk_norm == "full":
            items += [vector("attn_q_norm", layer, q_width, NORM),
                      vector("attn_k_norm", layer, k_width, NORM)]
        if self.sinks:
            items.append(vector("attn_sinks", layer, self.heads, ATTENTION))
        items.append(matrix("attn_output", layer, out_width, hidden, ATTENTION))
        if self.output_bias:
            items.append(vector("attn_output.bias", layer, hidden, ATTENTION))
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
            items += [matrix("attn_q_a", layer, hidden, self.q_lora_rank, ATTENTION),
                      vector("attn_q_a_norm", layer, self.q_lora_rank, NORM),
                      matrix("attn_q_b", layer, self.q_lora_rank, q_width, ATTENTION)]
        else:
            items.append(matrix("attn_q", layer, hidden, q_width, ATTENTION))
        items += [
            matrix("attn_kv_a_mqa", layer, hidden, self.kv_lora_rank + self.rope_dim,
                    ATTENTION),
            vector("attn_kv_a_norm", layer, self.kv_lora_rank, NORM),
            # llama.cpp's converter splits kv_b_proj per head into k_b (transposed) and v_b.
            Tensor("attn_k_b", layer, self.nope_dim,
                   self.heads * self.nope_dim * self.kv_lora_rank, ATTENTION, depth=self.heads),
            Tensor("attn_v_b", layer, self.kv_lora_rank,
                   self.heads * self.kv_lora_rank * self.value_dim, ATTENTION,
                   depth=self.heads),
            matrix("attn_output", layer, self.heads * self.value_dim, hidden, ATTENTION),
        ]
        if self.bias:
            if self.q_lora_rank:
                items.append(vector("attn_q_a.bias", layer, self.q_lora_rank, ATTENTION))
            items += [vector("attn_kv_a_mqa.bias", layer,
                              self.kv_lora_rank + self.rope_dim, ATTENTION),
                      vector("attn_output.bias", layer, hidden, ATTENTION)]
        if self.indexer_heads:
            width = self.indexer_heads * self.indexer_dim
            source = self.q_lora_rank or hidden
            items += [matrix("indexer.q_proj", layer, source, width, INDEXER),
                      matrix("indexer.k_proj", layer, hidden, self.indexer_dim, INDEXER),
                      vector("indexer.k_norm", layer, self.indexer_dim, NORM),
                      vector("indexer.k_norm.bias", layer, self.indexer_dim, NORM),
                      matrix("indexer.proj", layer, hidden, self.indexer_heads, INDEXER)]
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
            matrix("ssm_in", layer, hidden, 2 * keys + 2 * values, LINEAR),
            matrix("ssm_beta_alpha", layer, hidden, 2 * self.value_heads, LINEAR),
            Tensor("ssm_conv1d", layer, self.conv_kernel,
                   self.conv_kernel * self.conv_channels, LINEAR),
            vector("ssm_dt.bias", layer, self.value_heads, LINEAR),
            vector("ssm_a", layer, self.value_heads, LINEAR),
            vector("ssm_norm", layer, self.value_dim, NORM),
            matrix("ssm_out", layer, values, hidden, LINEAR),
        ]


Attention = FullAttention | LatentAttention | LinearAttention
