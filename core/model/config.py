"""Read a Hugging Face config.json into an Architecture, layer by layer.

Keys the file leaves out take transformers' config-class defaults (core.model.defaults). Keys
that name a feature the planner does not model make the reading an estimate with the key named,
never a silent guess; a missing or malformed required field is refused, naming it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from core.errors import InputError
from core.i18n.message import Count, Name, Text, msg, term
from core.model.architecture import Architecture, Layer
from core.model.attention import Attention, FullAttention, LatentAttention, LinearAttention
from core.model.defaults import (
    DEFAULTS,
    KNOWN_LAYER_TYPES,
    LAYER_TYPE_ALIASES,
    MAX_LAYERS,
    TEXT_TYPES,
    UNMODELLED,
    ConfigView,
)
from core.model.encoders import ENCODER_TYPES, read_encoder
from core.model.mlp import DenseMlp, MoeMlp
from core.model.shipped import ShippedFormat, shipped_format
from core.model.words import billions, commas


@dataclass
class ConfigReading:
    """What the reader learned besides the architecture."""

    model_type: str
    shipped: ShippedFormat
    notes: list[Text] = field(default_factory=list)
    estimate_reasons: list[Text] = field(default_factory=list)


def _text_part(config: Mapping[str, Any]) -> tuple[dict[str, Any], str, bool]:
    """The language model's part of a (possibly multimodal) config, its model_type, and
    whether it was a wrapper's text_config."""
    outer_type = str(config.get("model_type", "")).lower()
    text = config.get("text_config")
    if isinstance(text, dict) and (outer_type in TEXT_TYPES or "num_hidden_layers" not in config):
        merged = {key: value for key, value in config.items()
                  if key in ("tie_word_embeddings", "quantization_config", "torch_dtype",
                             "dtype")}
        merged.update(text)
        text_type = str(text.get("model_type") or TEXT_TYPES.get(outer_type, outer_type))
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


def _layer_types(cfg: ConfigView, model_type: str, layers: int) -> list[str]:
    """Each layer's attention kind, as transformers names them."""
    listed = cfg.layer_list("layer_types", layers)
    if listed:
        return [LAYER_TYPE_ALIASES.get(str(kind), str(kind)) for kind in listed[:layers]]
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


def _moe_layers(cfg: ConfigView, model_type: str, layers: int) -> set[int]:
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


def _experts(cfg: ConfigView) -> tuple[str, int] | None:
    if cfg.has("enable_moe_block") and not cfg.flag("enable_moe_block"):
        return None
    for key in ("num_local_experts", "num_experts", "n_routed_experts"):
        value = cfg.get(key)
        if value is not None and value != 0:
            experts = cfg.whole(key)
            return (key, experts) if experts > 1 else None
    return None


def _moe_mlp(cfg: ConfigView, model_type: str, hidden: int) -> MoeMlp:
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


def _attention(cfg: ConfigView, model_type: str, kind: str, hidden: int) -> Attention:
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


def _dense_mlp(cfg: ConfigView, model_type: str) -> DenseMlp:
    key = "intermediate_size_mlp" if model_type.startswith("llama4") else "intermediate_size"
    return DenseMlp(cfg.whole(key), bias=cfg.flag("mlp_bias"),
                    fused_gate_up=model_type == "phi3")


def _decoder(cfg: ConfigView, model_type: str, reading: ConfigReading) -> Architecture:
    layers = cfg.whole("num_hidden_layers")
    if layers > MAX_LAYERS:
        raise InputError(f"{cfg.source}: num_hidden_layers = {layers} is not plausible "
                         f"(at most {MAX_LAYERS})")
    hidden = cfg.whole("hidden_size")
    kinds = _layer_types(cfg, model_type, layers)
    unknown = sorted({kind for kind in kinds if kind not in KNOWN_LAYER_TYPES})
    if unknown:
        reading.estimate_reasons.append(msg("layer_types names {kinds}: read as full attention",
                                            kinds=Name(", ".join(unknown))))
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
        reading.notes.append(msg("multimodal config: the language model is planned"))
    cfg = ConfigView(text, model_type, source)
    if model_type in ENCODER_TYPES:
        arch = read_encoder(cfg, model_type, config)
        return arch, reading
    if not wrapped:
        # Published stand-alone configs always carry these; a file without them is damaged.
        for key in ("num_hidden_layers", "hidden_size"):
            if key not in text:
                raise InputError(f"{source}: required field '{key}' is missing")
    for key, feature in UNMODELLED.items():
        if text.get(key) or config.get(key):
            reading.estimate_reasons.append(msg("'{key}' names {feature}, which the planner "
                                                "does not size exactly", key=Name(key),
                                                feature=feature))
    if model_type not in _DECODER_TYPES:
        reading.estimate_reasons.append(msg(
            "model_type '{model_type}' is not one the planner knows: read with the generic "
            "decoder layout", model_type=Name(model_type) if model_type else term("missing")))
    arch = _decoder(cfg, model_type, reading)
    if cfg.defaulted:
        filled = commas([msg("{key} {value}", key=Name(key), value=Count(value))
                         for key, value in sorted(cfg.defaulted.items())])
        reading.notes.append(msg("not in the file, so transformers' {model_type} defaults "
                                 "apply: {values}", model_type=Name(model_type), values=filled))
    vision = _vision_params(config, arch.hidden_size) if wrapped else 0
    if vision:
        reading.notes.append(msg("vision tower of about {billions}B parameters (estimate) "
                                 "counted apart; text-only serving is planned",
                                 billions=billions(vision, 2)))
        arch = replace(arch, vision_params=vision)
    return arch, reading
