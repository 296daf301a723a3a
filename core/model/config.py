"""Read a Hugging Face config.json into an Architecture, layer by layer.

Published config.json files are often sparse: they leave out what the model's transformers
config class fills in (Gemma 3's vocabulary, heads and head_dim). `DEFAULTS` mirrors those
classes' __init__ defaults (transformers, src/transformers/models/<type>/configuration_*.py), so
a key missing from a file means what it means to transformers. Keys that name a feature the
planner does not model make the reading an estimate with the key named, never a silent guess.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from core.errors import InputError
from core.model.architecture import (
    Architecture,
    Attention,
    DenseMlp,
    FullAttention,
    LatentAttention,
    Layer,
    LinearAttention,
    MoeMlp,
)
from core.model.shipped import ShippedFormat, shipped_format

# transformers' config class defaults per model_type (the fields that size a model).
_LLAMA = {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008,
          "num_hidden_layers": 32, "num_attention_heads": 32, "max_position_embeddings": 2048,
          "tie_word_embeddings": False, "attention_bias": False, "mlp_bias": False}
_QWEN2 = {"vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 22016,
          "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32,
          "max_position_embeddings": 32768, "tie_word_embeddings": False,
          "use_sliding_window": False, "sliding_window": 4096, "max_window_layers": 28}
_DEEPSEEK_V3 = {"vocab_size": 129280, "hidden_size": 7168, "intermediate_size": 18432,
                "moe_intermediate_size": 2048, "num_hidden_layers": 61,
                "num_attention_heads": 128, "num_key_value_heads": 128, "n_shared_experts": 1,
                "n_routed_experts": 256, "kv_lora_rank": 512, "q_lora_rank": 1536,
                "qk_rope_head_dim": 64, "v_head_dim": 128, "qk_nope_head_dim": 128,
                "num_experts_per_tok": 8, "first_k_dense_replace": 3, "moe_layer_freq": 1,
                "max_position_embeddings": 4096, "tie_word_embeddings": False,
                "attention_bias": False, "topk_method": "noaux_tc",
                "num_nextn_predict_layers": 1}
_QWEN3_NEXT = {"vocab_size": 151936, "hidden_size": 2048, "intermediate_size": 5632,
               "num_hidden_layers": 48, "num_attention_heads": 16, "num_key_value_heads": 2,
               "head_dim": 256, "max_position_embeddings": 32768, "tie_word_embeddings": False,
               "attention_bias": False, "linear_conv_kernel_dim": 4,
               "linear_key_head_dim": 128, "linear_value_head_dim": 128,
               "linear_num_key_heads": 16, "linear_num_value_heads": 32,
               "decoder_sparse_step": 1, "moe_intermediate_size": 512,
               "shared_expert_intermediate_size": 512, "num_experts_per_tok": 10,
               "num_experts": 512, "mlp_only_layers": [], "full_attention_interval": 4}

DEFAULTS: dict[str, dict[str, Any]] = {
    "llama": _LLAMA,
    "mistral": {**_LLAMA, "intermediate_size": 14336, "num_key_value_heads": 8,
                "max_position_embeddings": 4096 * 32, "sliding_window": 4096},
    "mixtral": {**_LLAMA, "intermediate_size": 14336, "num_key_value_heads": 8,
                "max_position_embeddings": 4096 * 32, "sliding_window": None,
                "num_experts_per_tok": 2, "num_local_experts": 8},
    "qwen2": _QWEN2,
    "qwen3": {**_QWEN2, "head_dim": 128, "attention_bias": False},
    "qwen2_moe": {**_QWEN2, "hidden_size": 2048, "intermediate_size": 5632,
                  "num_hidden_layers": 24, "num_attention_heads": 16,
                  "num_key_value_heads": 16, "decoder_sparse_step": 1,
                  "moe_intermediate_size": 1408, "shared_expert_intermediate_size": 5632,
                  "num_experts_per_tok": 4, "num_experts": 60, "mlp_only_layers": []},
    "qwen3_moe": {**_QWEN2, "hidden_size": 2048, "intermediate_size": 6144,
                  "num_hidden_layers": 24, "num_attention_heads": 32, "num_key_value_heads": 4,
                  "attention_bias": False, "decoder_sparse_step": 1,
                  "moe_intermediate_size": 768, "num_experts_per_tok": 8, "num_experts": 128,
                  "mlp_only_layers": []},
    "qwen3_next": _QWEN3_NEXT,
    "gemma": {"vocab_size": 256000, "hidden_size": 3072, "intermediate_size": 24576,
              "num_hidden_layers": 28, "num_attention_heads": 16, "num_key_value_heads": 16,
              "head_dim": 256, "max_position_embeddings": 8192, "tie_word_embeddings": True,
              "attention_bias": False},
    "gemma2": {"vocab_size": 256000, "hidden_size": 2304, "intermediate_size": 9216,
               "num_hidden_layers": 26, "num_attention_heads": 8, "num_key_value_heads": 4,
               "head_dim": 256, "max_position_embeddings": 8192, "tie_word_embeddings": True,
               "attention_bias": False, "sliding_window": 4096},
    "gemma3_text": {"vocab_size": 262208, "hidden_size": 2304, "intermediate_size": 9216,
                    "num_hidden_layers": 26, "num_attention_heads": 8,
                    "num_key_value_heads": 4, "head_dim": 256,
                    "max_position_embeddings": 131072, "tie_word_embeddings": True,
                    "attention_bias": False, "sliding_window": 4096,
                    "sliding_window_pattern": 6},
    "phi3": {"vocab_size": 32064, "hidden_size": 3072, "intermediate_size": 8192,
             "num_hidden_layers": 32, "num_attention_heads": 32,
             "max_position_embeddings": 4096, "tie_word_embeddings": False},
    "gpt_oss": {"vocab_size": 201088, "hidden_size": 2880, "intermediate_size": 2880,
                "num_hidden_layers": 36, "num_attention_heads": 64, "num_key_value_heads": 8,
                "head_dim": 64, "max_position_embeddings": 131072,
                "tie_word_embeddings": False, "attention_bias": True, "sliding_window": 128,
                "num_local_experts": 128, "num_experts_per_tok": 4},
    "llama4_text": {"vocab_size": 202048, "hidden_size": 5120, "intermediate_size": 8192,
                    "intermediate_size_mlp": 16384, "num_hidden_layers": 48,
                    "num_attention_heads": 40, "num_key_value_heads": 8, "head_dim": 128,
                    "max_position_embeddings": 4096 * 32, "tie_word_embeddings": False,
                    "attention_bias": False, "num_experts_per_tok": 1,
                    "num_local_experts": 16, "interleave_moe_layer_step": 1,
                    "moe_layers": None, "no_rope_layers": None, "attention_chunk_size": 8192},
    "deepseek_v3": _DEEPSEEK_V3,
    "kimi_k2": _DEEPSEEK_V3,
    "deepseek_v32": _DEEPSEEK_V3,
    "deepseek_v2": {**_DEEPSEEK_V3, "vocab_size": 102400, "hidden_size": 4096,
                    "intermediate_size": 11008, "moe_intermediate_size": 1407,
                    "num_hidden_layers": 32, "num_attention_heads": 32,
                    "num_key_value_heads": 32, "n_shared_experts": 2,
                    "n_routed_experts": 64, "num_experts_per_tok": None,
                    "first_k_dense_replace": 0, "max_position_embeddings": 2048,
                    "topk_method": "greedy", "num_nextn_predict_layers": 0},
    "glm4_moe": {"vocab_size": 151552, "hidden_size": 4096, "intermediate_size": 10944,
                 "num_hidden_layers": 46, "num_attention_heads": 96, "num_key_value_heads": 8,
                 "max_position_embeddings": 131072, "topk_method": "noaux_tc",
                 "tie_word_embeddings": False, "attention_bias": False,
                 "moe_intermediate_size": 1408, "num_experts_per_tok": 8,
                 "n_shared_experts": 1, "n_routed_experts": 128, "first_k_dense_replace": 1,
                 "use_qk_norm": False, "num_nextn_predict_layers": 1},
    "glm_moe_dsa": {**_DEEPSEEK_V3, "vocab_size": 154880, "hidden_size": 6144,
                    "intermediate_size": 12288, "num_hidden_layers": 78,
                    "num_attention_heads": 64, "num_key_value_heads": 64, "q_lora_rank": 2048,
                    "qk_nope_head_dim": 192, "v_head_dim": 256, "index_n_heads": 32,
                    "index_head_dim": 128},
    "minimax_m2": {"vocab_size": 200064, "hidden_size": 3072, "intermediate_size": 1536,
                   "num_hidden_layers": 62, "num_attention_heads": 48,
                   "num_key_value_heads": 8, "head_dim": 128,
                   "max_position_embeddings": 196608, "tie_word_embeddings": False,
                   "num_local_experts": 256, "num_experts_per_tok": 8,
                   "use_qk_norm": True, "use_routing_bias": True},
    "smollm3": {**_LLAMA, "vocab_size": 128256, "hidden_size": 2048,
                "intermediate_size": 11008, "num_hidden_layers": 36,
                "num_attention_heads": 16, "num_key_value_heads": 4,
                "max_position_embeddings": 32768, "tie_word_embeddings": True,
                "use_sliding_window": False},
    "olmo2": {**_LLAMA, "vocab_size": 50304},
    "olmo3": {**_LLAMA, "vocab_size": 50304, "sliding_window": 4096},
    "gemma4_text": {"vocab_size": 262144, "hidden_size": 2304, "intermediate_size": 9216,
                    "num_hidden_layers": 30, "num_attention_heads": 8, "num_key_value_heads": 4,
                    "head_dim": 256, "global_head_dim": 512, "max_position_embeddings": 131072,
                    "tie_word_embeddings": True, "attention_bias": False, "sliding_window": 512,
                    "attention_k_eq_v": False, "enable_moe_block": False},
}
# Encoders (BertConfig, DistilBertConfig, RobertaConfig, DebertaV2Config).
_BERT = {"vocab_size": 30522, "hidden_size": 768, "num_hidden_layers": 12,
         "num_attention_heads": 12, "intermediate_size": 3072, "max_position_embeddings": 512,
         "type_vocab_size": 2}
DEFAULTS["bert"] = _BERT
DEFAULTS["roberta"] = {**_BERT, "vocab_size": 50265}
DEFAULTS["xlm-roberta"] = {**_BERT, "vocab_size": 30522}
DEFAULTS["distilbert"] = {"vocab_size": 30522, "dim": 768, "n_layers": 6, "n_heads": 12,
                          "hidden_dim": 3072, "max_position_embeddings": 512}
DEFAULTS["deberta-v2"] = {"vocab_size": 128100, "hidden_size": 1536, "num_hidden_layers": 24,
                          "num_attention_heads": 24, "intermediate_size": 6144,
                          "max_position_embeddings": 512, "type_vocab_size": 0,
                          "relative_attention": False, "position_biased_input": True,
                          "max_relative_positions": -1}
DEFAULTS["deberta_v2"] = DEFAULTS["deberta-v2"]
_LINEAR_KEYS = ("linear_conv_kernel_dim", "linear_key_head_dim", "linear_value_head_dim",
                "linear_num_key_heads", "linear_num_value_heads", "full_attention_interval")
DEFAULTS["qwen3_5_text"] = {
    **{key: _QWEN3_NEXT[key] for key in _LINEAR_KEYS}, "vocab_size": 248320, "hidden_size": 4096,
    "intermediate_size": 12288, "num_hidden_layers": 32, "num_attention_heads": 16,
    "num_key_value_heads": 4, "head_dim": 256, "max_position_embeddings": 32768,
    "tie_word_embeddings": False, "attention_bias": False}
DEFAULTS["qwen3_5_moe_text"] = {
    **DEFAULTS["qwen3_5_text"], "hidden_size": 2048, "num_hidden_layers": 40,
    "num_key_value_heads": 2, "num_experts": 256, "num_experts_per_tok": 8,
    "moe_intermediate_size": 512, "shared_expert_intermediate_size": 512}

# A multimodal wrapper's text model when its text_config names no model_type.
_TEXT_TYPES = {"gemma3": "gemma3_text", "llama4": "llama4_text", "mistral3": "mistral",
               "qwen3_5": "qwen3_5_text", "qwen3_5_moe": "qwen3_5_moe_text",
               "gemma4": "gemma4_text"}

# Keys that change a model's size in ways the planner does not model, and what they are.
_UNMODELLED = {
    "compress_ratios": "compressed sparse attention (DeepSeek-V4)",
    "hc_mult": "hyper-connections (several residual streams per layer)",
    "o_lora_rank": "low-rank grouped output projection",
    "num_hash_layers": "hash-routed expert layers",
    "altup_num_inputs": "AltUp (Gemma 3n)",
    "laurel_rank": "LAuReL residual blocks (Gemma 3n)",
    "hidden_size_per_layer_input": "per-layer input embeddings (Gemma 3n)",
    "num_kv_shared_layers": "KV cache shared across layers",
    "mamba_d_state": "Mamba state-space layers",
    "ssm_state_size": "state-space layers",
    "hybrid_override_pattern": "a hybrid Mamba/attention layer pattern",
    "layers_block_type": "a hybrid layer pattern",
    "attn_layer_period": "a hybrid Mamba/attention layer pattern",
    "attn_type_list": "lightning (linear) attention layers",
    "linear_attn_config": "linear attention layers",
    "cross_attention_layers": "cross-attention layers",
    "n_dense_layers": "a dense/MoE layer split named by n_dense_layers",
    "expert_dtype": "experts stored in another format than the rest of the checkpoint",
}
_KNOWN_LAYER_TYPES = ("full_attention", "sliding_attention", "chunked_attention",
                      "linear_attention", "indexed_attention")
# Older names transformers maps onto the ones above (configuration_utils.py, layer_types).
_LAYER_TYPE_ALIASES = {"attention": "full_attention", "mamba": "linear_attention",
                       "deepseek_sparse_attention": "indexed_attention"}
MAX_LAYERS = 1024  # no published model comes near; a larger count is a damaged file


@dataclass
class ConfigReading:
    """What the reader learned besides the architecture."""

    model_type: str
    shipped: ShippedFormat
    notes: list[str] = field(default_factory=list)
    estimate_reasons: list[str] = field(default_factory=list)


class _Config:
    """A config with its model_type's defaults; every read names the key when it is bad."""

    def __init__(self, values: Mapping[str, Any], model_type: str, source: str) -> None:
        self.values = values
        self.defaults = DEFAULTS.get(model_type, _LLAMA)
        self.source = source
        self.defaulted: dict[str, Any] = {}  # size keys the file left to the class defaults

    def has(self, key: str) -> bool:
        return key in self.values or key in self.defaults

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.values:
            return self.values[key]
        if key in self.defaults:
            value = self.defaults[key]
            if isinstance(value, int) and not isinstance(value, bool):
                self.defaulted[key] = value
            return value
        return default

    def whole(self, key: str, default: int | None = None, minimum: int = 1) -> int:
        value = self.get(key, default)
        if value is None:
            raise InputError(f"{self.source}: required field '{key}' is missing")
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            kind = "a positive whole number" if minimum == 1 else f"a whole number >= {minimum}"
            raise InputError(f"{self.source}: field '{key}' must be {kind}, got {value!r}")
        if value > 2**40:
            raise InputError(f"{self.source}: field '{key}' = {value} is not plausible")
        return value

    def optional(self, key: str, minimum: int = 1) -> int | None:
        value = self.get(key)
        if value is None:
            return None
        return self.whole(key, minimum=minimum)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool | int):
            raise InputError(f"{self.source}: field '{key}' must be true or false, "
                             f"got {value!r}")
        return bool(value)

    def layer_list(self, key: str, layers: int) -> list[Any] | None:
        value = self.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            raise InputError(f"{self.source}: field '{key}' must be a list")
        if value and len(value) < layers:
            raise InputError(f"{self.source}: field '{key}' lists {len(value)} layers, "
                             f"the model has {layers}")
        return value


def _text_part(config: Mapping[str, Any]) -> tuple[dict[str, Any], str, bool]:
    """The language model's part of a (possibly multimodal) config, its model_type, and
    whether it was a wrapper's text_config."""
    outer_type = str(config.get("model_type", "")).lower()
    text = config.get("text_config")
    if isinstance(text, dict) and (outer_type in _TEXT_TYPES or "num_hidden_layers" not in config):
        merged = {key: value for key, value in config.items()
                  if key in ("tie_word_embeddings", "quantization_config", "torch_dtype",
                             "dtype")}
        merged.update(text)
        text_type = str(text.get("model_type") or _TEXT_TYPES.get(outer_type, outer_type))
        return merged, text_type.lower(), True
    return dict(config), outer_type, False


def _vision_params(config: Mapping[str, Any], text_hidden: int) -> int:
    """A ViT-style vision tower's parameters from its vision_config (an estimate): per layer
    QKV and output projections with biases, an MLP with biases and two LayerNorms; patch and
    position embeddings; and a projection into the language model's width."""
    vision = config.get("vision_config")
    if not isinstance(vision, dict):
        return 0
    def number(*keys: str) -> int:
        for key in keys:
            value = vision.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
        return 0
    hidden = number("hidden_size", "embed_dim", "width")
    layers = number("num_hidden_layers", "depth", "num_layers")
    if not hidden or not layers or layers > MAX_LAYERS:
        return 0
    width = number("intermediate_size", "mlp_dim") or 4 * hidden
    patch = number("patch_size") or 14
    image = number("image_size") or 224
    channels = number("num_channels", "in_channels") or 3
    per_layer = 4 * hidden * hidden + 4 * hidden + 2 * hidden * width + width + hidden + 4 * hidden
    embeddings = channels * patch * patch * hidden + hidden + (image // patch) ** 2 * hidden
    return layers * per_layer + embeddings + 2 * hidden + hidden * text_hidden


def _layer_types(cfg: _Config, model_type: str, layers: int) -> list[str]:
    """Each layer's attention kind, as transformers names them."""
    listed = cfg.layer_list("layer_types", layers)
    if listed:
        return [_LAYER_TYPE_ALIASES.get(str(kind), str(kind)) for kind in listed[:layers]]
    if model_type in ("qwen3_next", "qwen3_5_text", "qwen3_5_moe_text"):
        interval = cfg.whole("full_attention_interval")
        return ["full_attention" if (i + 1) % interval == 0 else "linear_attention"
                for i in range(layers)]
    window = cfg.get("sliding_window")
    if model_type == "gemma3_text":
        pattern = cfg.whole("sliding_window_pattern")
        return ["sliding_attention" if (i + 1) % pattern else "full_attention"
                for i in range(layers)]
    if model_type == "gemma4_text":  # every sixth layer full, and always the last
        return ["full_attention" if (i + 1) % 6 == 0 or i == layers - 1 else
                "sliding_attention" for i in range(layers)]
    if model_type == "olmo3":
        return ["sliding_attention" if (i + 1) % 4 else "full_attention" for i in range(layers)]
    if model_type in ("gemma2", "gpt_oss"):
        return ["sliding_attention" if (i + 1) % 2 else "full_attention" for i in range(layers)]
    if model_type in ("mistral", "mixtral") and window:
        return ["sliding_attention"] * layers
    if model_type in ("qwen2", "qwen3", "qwen2_moe", "qwen3_moe"):
        if cfg.flag("use_sliding_window") and window:
            first = cfg.whole("max_window_layers", minimum=0)
            return ["sliding_attention" if i >= first else "full_attention"
                    for i in range(layers)]
        return ["full_attention"] * layers
    if model_type == "llama4_text" and cfg.get("attention_chunk_size"):
        uses_rope = cfg.layer_list("no_rope_layers", layers) or [
            int((i + 1) % 4 != 0) for i in range(layers)]
        return ["chunked_attention" if uses_rope[i] else "full_attention"
                for i in range(layers)]
    return ["full_attention"] * layers


def _moe_layers(cfg: _Config, model_type: str, layers: int) -> set[int]:
    """Indices of the layers whose MLP is routed experts."""
    kinds = cfg.layer_list("mlp_layer_types", layers)
    if kinds:
        return {i for i, kind in enumerate(kinds[:layers]) if kind == "sparse"}
    if model_type.startswith("llama4"):
        listed = cfg.get("moe_layers")
        if isinstance(listed, list):
            return {int(i) for i in listed if isinstance(i, int)}
        step = cfg.whole("interleave_moe_layer_step")
        return {i for i in range(layers) if (i + 1) % step == 0}
    if cfg.has("first_k_dense_replace"):
        first = cfg.whole("first_k_dense_replace", 0, minimum=0)
        every = cfg.whole("moe_layer_freq", 1)
        return {i for i in range(layers) if i >= first and i % every == 0}
    if cfg.has("decoder_sparse_step") or cfg.has("mlp_only_layers"):
        step = cfg.whole("decoder_sparse_step", 1)
        only_dense = set(cfg.layer_list("mlp_only_layers", 0) or [])
        return {i for i in range(layers) if i not in only_dense and (i + 1) % step == 0}
    return set(range(layers))


def _experts(cfg: _Config) -> tuple[str, int] | None:
    if cfg.has("enable_moe_block") and not cfg.flag("enable_moe_block"):
        return None
    for key in ("num_local_experts", "num_experts", "n_routed_experts"):
        value = cfg.get(key)
        if value is not None and value != 0:
            experts = cfg.whole(key)
            return (key, experts) if experts > 1 else None
    return None


def _moe_mlp(cfg: _Config, model_type: str, hidden: int) -> MoeMlp:
    _, experts = _experts(cfg) or ("", 0)
    top_k = cfg.whole("top_k_experts" if cfg.get("top_k_experts") else "num_experts_per_tok")
    if top_k > experts:
        raise InputError(f"{cfg.source}: num_experts_per_tok ({top_k}) is more than the "
                         f"{experts} experts")
    width = cfg.whole("moe_intermediate_size") if cfg.get("moe_intermediate_size") else \
        cfg.whole("intermediate_size")
    shared_width = 0
    shared_gate = False
    if cfg.get("n_shared_experts"):
        shared_width = cfg.whole("n_shared_experts") * width
    elif cfg.get("shared_expert_intermediate_size"):
        shared_width = cfg.whole("shared_expert_intermediate_size")
        shared_gate = True
    elif model_type.startswith("llama4"):
        shared_width = width  # one shared expert of the routed experts' width
    score_bias = (cfg.get("topk_method") == "noaux_tc"
                  or (model_type == "minimax_m2" and cfg.flag("use_routing_bias", True)))
    is_oss, is_gemma = model_type == "gpt_oss", model_type == "gemma4_text"
    return MoeMlp(experts, width, top_k, shared_width, shared_gate, router_bias=is_oss,
                  expert_bias=is_oss, score_bias=score_bias,
                  dense_width=cfg.whole("intermediate_size") if is_gemma else 0,
                  router_scale=is_gemma)


def _attention(cfg: _Config, model_type: str, kind: str, hidden: int) -> Attention:
    heads = cfg.whole("num_attention_heads")
    if cfg.get("kv_lora_rank"):
        indexer = model_type in ("deepseek_v32", "glm_moe_dsa") or bool(cfg.get("index_n_heads"))
        return LatentAttention(
            heads, cfg.whole("q_lora_rank") if cfg.get("q_lora_rank") else 0,
            cfg.whole("kv_lora_rank"), cfg.whole("qk_nope_head_dim"),
            cfg.whole("qk_rope_head_dim"), cfg.whole("v_head_dim"),
            bias=cfg.flag("attention_bias"),
            indexer_heads=cfg.whole("index_n_heads", 64) if indexer else 0,
            indexer_dim=cfg.whole("index_head_dim", 128) if indexer else 0)
    if kind == "linear_attention":
        return LinearAttention(cfg.whole("linear_num_key_heads"),
                               cfg.whole("linear_num_value_heads"),
                               cfg.whole("linear_key_head_dim"),
                               cfg.whole("linear_value_head_dim"),
                               cfg.whole("linear_conv_kernel_dim"))
    kv_heads = cfg.whole("num_key_value_heads", heads)
    value_from_key = False
    global_layer = model_type == "gemma4_text" and kind == "full_attention"
    if global_layer:
        value_from_key = cfg.flag("attention_k_eq_v")
        if value_from_key and cfg.get("num_global_key_value_heads"):
            kv_heads = cfg.whole("num_global_key_value_heads")
    if heads % kv_heads:
        raise InputError(f"{cfg.source}: num_attention_heads ({heads}) is not a multiple of "
                         f"num_key_value_heads ({kv_heads})")
    head_dim = cfg.get("global_head_dim" if global_layer else "head_dim") or hidden // heads
    if isinstance(head_dim, bool) or not isinstance(head_dim, int) or head_dim <= 0:
        raise InputError(f"{cfg.source}: field 'head_dim' must be a positive whole number")
    window = None
    if kind == "sliding_attention":
        window = cfg.whole("sliding_window")
    elif kind == "chunked_attention":
        window = cfg.whole("attention_chunk_size")
    bias = cfg.flag("attention_bias")
    qkv_bias, output_bias = bias, bias
    if model_type in ("qwen2", "qwen2_moe"):
        qkv_bias, output_bias = True, False
    elif model_type in ("glm4_moe",):
        output_bias = False
    elif model_type in ("mistral", "mixtral", "phi3", "gemma"):
        qkv_bias = output_bias = False
    qk_norm = ""
    if model_type in ("qwen3", "qwen3_moe", "qwen3_next", "gemma3_text", "gemma4_text",
                      "qwen3_5_text", "qwen3_5_moe_text") or (model_type == "glm4_moe"
                                               and cfg.flag("use_qk_norm")):
        qk_norm = "head"
    elif model_type in ("olmo2", "olmo3") or (model_type == "minimax_m2"
                                               and cfg.flag("use_qk_norm")):
        qk_norm = "full"
    gated = model_type == "qwen3_next" or (
        model_type in ("qwen3_5_text", "qwen3_5_moe_text") and cfg.flag("attn_output_gate", True))
    return FullAttention(heads, kv_heads, head_dim, head_dim, window,
                         chunked=kind == "chunked_attention", qkv_bias=qkv_bias,
                         output_bias=output_bias, qk_norm=qk_norm,
                         sinks=model_type == "gpt_oss", gated=gated,
                         fused_qkv=model_type == "phi3", value_from_key=value_from_key)


def _dense_mlp(cfg: _Config, model_type: str) -> DenseMlp:
    key = "intermediate_size_mlp" if model_type.startswith("llama4") else "intermediate_size"
    return DenseMlp(cfg.whole(key), bias=cfg.flag("mlp_bias"),
                    fused_gate_up=model_type == "phi3")


def _decoder(cfg: _Config, model_type: str, reading: ConfigReading) -> Architecture:
    layers = cfg.whole("num_hidden_layers")
    if layers > MAX_LAYERS:
        raise InputError(f"{cfg.source}: num_hidden_layers = {layers} is not plausible "
                         f"(at most {MAX_LAYERS})")
    hidden = cfg.whole("hidden_size")
    kinds = _layer_types(cfg, model_type, layers)
    unknown = sorted({kind for kind in kinds if kind not in _KNOWN_LAYER_TYPES})
    if unknown:
        reading.estimate_reasons.append(
            f"layer_types names {', '.join(unknown)}: read as full attention")
    moe_layers = _moe_layers(cfg, model_type, layers) if _experts(cfg) else set()
    moe = _moe_mlp(cfg, model_type, hidden) if moe_layers else None
    dense = _dense_mlp(cfg, model_type) if len(moe_layers) < layers else None
    norms = 4 if model_type in ("gemma2", "gemma3_text", "gemma4_text") else 2
    cache: dict[tuple[str, bool], Layer] = {}
    built = []
    for index, kind in enumerate(kinds):
        is_moe = index in moe_layers
        key = (kind, is_moe)
        if key not in cache:
            attention = _attention(cfg, model_type, kind, hidden)
            mlp = moe if is_moe else dense
            assert mlp is not None
            extra = 3 if is_moe and model_type == "gemma4_text" else 0  # MoE block's own norms
            cache[key] = Layer(attention, mlp, norms + extra)
        built.append(cache[key])
    mtp = 0
    for name in ("num_nextn_predict_layers", "mtp_num_hidden_layers", "num_mtp_modules"):
        if cfg.get(name):
            mtp = cfg.whole(name, minimum=0)
            break
    tied = cfg.flag("tie_word_embeddings", True)
    return Architecture(
        family=model_type, hidden_size=hidden, vocab_size=cfg.whole("vocab_size"),
        layers=tuple(built), tied_embeddings=tied,
        max_context=cfg.whole("max_position_embeddings", 4096),
        mtp_layers=(built[-1],) * mtp if mtp <= 16 else ())


def _encoder(cfg: _Config, model_type: str, config: Mapping[str, Any]) -> Architecture:
    """BERT-family encoders: learned positions, LayerNorms with biases, plain GELU MLPs."""
    if model_type == "distilbert":
        hidden, layers = cfg.whole("dim", 768), cfg.whole("n_layers", 6)
        heads, width = cfg.whole("n_heads", 12), cfg.whole("hidden_dim", 3072)
        token_types, positions = 0, cfg.whole("max_position_embeddings", 512)
    else:
        hidden, layers = cfg.whole("hidden_size", 768), cfg.whole("num_hidden_layers", 12)
        heads, width = cfg.whole("num_attention_heads", 12), cfg.whole("intermediate_size", 3072)
        token_types = cfg.whole("type_vocab_size", 2, minimum=0)
        positions = cfg.whole("max_position_embeddings", 512)
    if layers > MAX_LAYERS:
        raise InputError(f"{cfg.source}: {layers} layers is not plausible")
    if hidden % heads:
        raise InputError(f"{cfg.source}: hidden size {hidden} is not a multiple of {heads} heads")
    vocab = cfg.whole("vocab_size", 30522)
    attention = FullAttention(heads, heads, hidden // heads, hidden // heads, qkv_bias=True,
                              output_bias=True)
    layer = Layer(attention, DenseMlp(width, gated=False, bias=True), 2, norm_bias=True)
    head: list[tuple[str, int, int]] = []
    if model_type in ("deberta-v2", "deberta_v2"):
        # DebertaV2Embeddings / DebertaV2Encoder: relative embeddings of 2 x position_buckets
        # rows, else 2 x max_relative_positions (below 1: max_position_embeddings)
        table = positions
        if not cfg.flag("position_biased_input", True):
            positions = 0
        if cfg.flag("relative_attention"):
            buckets, span = cfg.get("position_buckets"), cfg.get("max_relative_positions")
            if isinstance(buckets, int) and not isinstance(buckets, bool) and buckets > 0:
                rows = 2 * min(buckets, MAX_LAYERS * 64)
            elif isinstance(span, int) and not isinstance(span, bool) and span > 0:
                rows = 2 * min(span, MAX_LAYERS * 64)
            else:
                rows = 2 * table
            head.append(("rel_embeddings", hidden, rows * hidden))
            if "layer_norm" in str(cfg.get("norm_rel_ebd", "")):
                head += [("rel_embeddings_norm", hidden, hidden),
                         ("rel_embeddings_norm.bias", hidden, hidden)]
        token_types = cfg.whole("type_vocab_size", 0, minimum=0)
    architectures = config.get("architectures") or []
    task = str(architectures[0]) if architectures and isinstance(architectures[0], str) else ""
    labels = config.get("id2label")
    num_labels = len(labels) if isinstance(labels, dict) and labels else 2
    pooled = model_type in ("bert", "roberta") and (
        not task or task.endswith(("Model", "ForPreTraining")) or
        (model_type == "bert" and task.endswith("ForSequenceClassification")))
    if pooled:
        head += [("pooler", hidden, hidden * hidden), ("pooler.bias", hidden, hidden)]
    if task.endswith(("ForMaskedLM", "ForPreTraining")):
        # transform, LayerNorm and an output bias; the decoder shares the word embeddings
        head += [("mlm.transform", hidden, hidden * hidden), ("mlm.transform.bias", hidden, hidden),
                 ("mlm.norm", hidden, hidden), ("mlm.norm.bias", hidden, hidden),
                 ("mlm.bias", vocab, vocab)]
        if task.endswith("ForPreTraining"):
            head += [("nsp", hidden, hidden * 2), ("nsp.bias", 2, 2)]
    elif task.endswith("ForSequenceClassification"):
        if model_type in ("roberta", "distilbert"):
            head += [("cls.dense", hidden, hidden * hidden), ("cls.dense.bias", hidden, hidden)]
        if model_type in ("deberta-v2", "deberta_v2"):
            head += [("cls.pooler", hidden, hidden * hidden), ("cls.pooler.bias", hidden, hidden)]
        head += [("cls.out", hidden, hidden * num_labels),
                 ("cls.out.bias", num_labels, num_labels)]
    return Architecture(
        family=model_type, hidden_size=hidden, vocab_size=vocab, layers=(layer,) * layers,
        tied_embeddings=True, max_context=positions or cfg.whole("max_position_embeddings", 512),
        positions=positions, token_types=token_types, embedding_norm=True, final_norm=False,
        norm_bias=True, head=tuple(head), encoder_only=True)


ENCODER_TYPES = ("bert", "distilbert", "roberta", "xlm-roberta", "deberta-v2", "deberta_v2")
_DECODER_TYPES = frozenset(DEFAULTS)


def read_config(config: Any, source: str) -> tuple[Architecture, ConfigReading]:
    """The Architecture a config.json describes, and what else the reading found.

    Raises:
        InputError: the file is not a JSON object, or a field is missing or malformed.
    """
    if not isinstance(config, dict):
        raise InputError(f"{source}: expected a JSON object")
    text, model_type, wrapped = _text_part(config)
    reading = ConfigReading(model_type or "unknown", shipped_format(text, source))
    if wrapped:
        reading.notes.append("multimodal config: the language model is planned")
    cfg = _Config(text, model_type, source)
    if model_type in ENCODER_TYPES:
        arch = _encoder(cfg, model_type, config)
        return arch, reading
    if not wrapped:
        # Published stand-alone configs always carry these; a file without them is damaged.
        for key in ("num_hidden_layers", "hidden_size"):
            if key not in text:
                raise InputError(f"{source}: required field '{key}' is missing")
    for key, feature in _UNMODELLED.items():
        if text.get(key) or config.get(key):
            reading.estimate_reasons.append(f"'{key}' names {feature}, which the planner "
                                            "does not size exactly")
    if model_type not in _DECODER_TYPES:
        reading.estimate_reasons.append(
            f"model_type '{model_type or 'missing'}' is not one the planner knows: read "
            "with the generic decoder layout")
    arch = _decoder(cfg, model_type, reading)
    if cfg.defaulted:
        filled = ", ".join(f"{key} {value:,}" for key, value in sorted(cfg.defaulted.items()))
        reading.notes.append(f"not in the file, so transformers' {model_type} defaults apply: "
                             f"{filled}")
    vision = _vision_params(config, arch.hidden_size) if wrapped else 0
    if vision:
        reading.notes.append(f"vision tower of about {vision / 1e9:.2f}B parameters "
                             "(estimate) counted apart; text-only serving is planned")
        arch = replace(arch, vision_params=vision)
    return arch, reading
