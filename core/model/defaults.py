"""transformers' config-class defaults per model_type, and a config read through them.

Published config.json files are often sparse: they leave out what the model's transformers
config class fills in (Gemma 3's vocabulary, heads and head_dim). `DEFAULTS` mirrors those
classes' defaults (transformers, src/transformers/models/<type>/configuration_*.py; the table in
tests/data/configs/_transformers-defaults.md), so a key missing from a file means what it means
to transformers.
"""

from collections.abc import Mapping
from typing import Any

from core.errors import InputError
from core.i18n.message import term

# transformers' config class defaults per model_type (the fields that size a model).
LLAMA = {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008,
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
    "llama": LLAMA,
    "mistral": {**LLAMA, "intermediate_size": 14336, "num_key_value_heads": 8,
                "max_position_embeddings": 4096 * 32, "sliding_window": 4096},
    "mixtral": {**LLAMA, "intermediate_size": 14336, "num_key_value_heads": 8,
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
    "smollm3": {**LLAMA, "vocab_size": 128256, "hidden_size": 2048,
                "intermediate_size": 11008, "num_hidden_layers": 36,
                "num_attention_heads": 16, "num_key_value_heads": 4,
                "max_position_embeddings": 32768, "tie_word_embeddings": True,
                "use_sliding_window": False},
    "olmo2": {**LLAMA, "vocab_size": 50304},
    "olmo3": {**LLAMA, "vocab_size": 50304, "sliding_window": 4096},
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
TEXT_TYPES = {"gemma3": "gemma3_text", "llama4": "llama4_text", "mistral3": "mistral",
               "qwen3_5": "qwen3_5_text", "qwen3_5_moe": "qwen3_5_moe_text",
               "gemma4": "gemma4_text"}

# Keys that change a model's size in ways the planner does not model, and what they are.
UNMODELLED = {
    "compress_ratios": term("compressed sparse attention (DeepSeek-V4)"),
    "hc_mult": term("hyper-connections (several residual streams per layer)"),
    "o_lora_rank": term("low-rank grouped output projection"),
    "num_hash_layers": term("hash-routed expert layers"),
    "altup_num_inputs": term("AltUp (Gemma 3n)"),
    "laurel_rank": term("LAuReL residual blocks (Gemma 3n)"),
    "hidden_size_per_layer_input": term("per-layer input embeddings (Gemma 3n)"),
    "num_kv_shared_layers": term("KV cache shared across layers"),
    "mamba_d_state": term("Mamba state-space layers"),
    "ssm_state_size": term("state-space layers"),
    "hybrid_override_pattern": term("a hybrid Mamba/attention layer pattern"),
    "layers_block_type": term("a hybrid layer pattern"),
    "attn_layer_period": term("a hybrid Mamba/attention layer pattern"),
    "attn_type_list": term("lightning (linear) attention layers"),
    "linear_attn_config": term("linear attention layers"),
    "cross_attention_layers": term("cross-attention layers"),
    "n_dense_layers": term("a dense/MoE layer split named by n_dense_layers"),
    "expert_dtype": term("experts stored in another format than the rest of the checkpoint"),
}
KNOWN_LAYER_TYPES = ("full_attention", "sliding_attention", "chunked_attention",
                      "linear_attention", "indexed_attention")
# Older names transformers maps onto the ones above (configuration_utils.py, layer_types).
LAYER_TYPE_ALIASES = {"attention": "full_attention", "mamba": "linear_attention",
                       "deepseek_sparse_attention": "indexed_attention"}
MAX_LAYERS = 1024  # no published model comes near; a larger count is a damaged file


class ConfigView:
    """A config with its model_type's defaults; every read names the key when it is bad."""

    def __init__(self, values: Mapping[str, Any], model_type: str, source: str) -> None:
        self.values = values
        self.defaults = DEFAULTS.get(model_type, LLAMA)
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
