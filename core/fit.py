"""Does a model fit on a set of GPUs, how much memory goes where, and how fast will it run."""

import math
from dataclasses import dataclass, field, replace
from typing import Any

from core.engines import (
    EngineProfile,
    OverheadItem,
    check_supported,
    default_engine,
    get_engine,
    overhead_items,
)
from core.errors import InputError
from core.params import active_params, is_known_layout, tensor_layout, total_params
from core.quant import (
    KV_QUANTS,
    QUANTIZATIONS,
    Quantization,
    get_kv_quant,
    get_quantization,
    weights_breakdown,
)
from core.specs import GpuSpec, ModelSpec
from core.speed import (
    SPEED_RANGE,
    SpeedSetup,
    aggregate_tokens_per_s,
    decode_tokens_per_s,
    prefill_tokens_per_s,
)
from core.units import format_gb, format_gib

DEFAULT_CONTEXT = 4096
MAX_GPUS = 64


@dataclass(frozen=True)
class FitRequest:
    """The question: this model, stored this way, on these GPUs, with this workload."""

    model: ModelSpec
    quant: str
    engine: str | None = None
    kv_quant: str = "fp16"
    context: int | None = None
    concurrency: int = 1
    gpu: GpuSpec | None = None
    gpus: int = 1
    # Real sizes from a GGUF file, replacing the estimate when the file's type is asked for.
    measured_weights_bytes: int | None = None
    measured_active_weights_bytes: int | None = None
    gpu_memory_utilization: float | None = None


@dataclass(frozen=True)
class CardPlan:
    """Memory on the most loaded GPU of a deployment, in bytes."""

    weights: int
    kv_cache: int
    overhead: int
    kv_capacity: int  # room for KV cache after weights, overhead and the engine's reserve
    kv_bytes_per_token: float  # KV bytes per token of context held on this card


@dataclass(frozen=True)
class FitResult:
    """The answer, with every figure the CLI contract names."""

    model_id: str
    quant: str
    engine: str
    kv_quant: str
    context: int
    concurrency: int
    gpu: str | None
    gpus: int
    parallelism: str
    params: int
    active_params: int
    weights_bytes: int
    kv_bytes_per_token: int
    kv_cache_bytes: int
    overhead_bytes: int
    overhead_items: tuple[OverheadItem, ...]
    total_bytes: int
    per_gpu: CardPlan | None
    gpu_memory_bytes: int | None
    fits: bool | None
    headroom_bytes: int | None
    max_kv_tokens: int | None
    decode_tokens_per_s: float | None
    decode_tokens_per_s_range: tuple[float, float] | None
    prefill_tokens_per_s: float | None
    aggregate_tokens_per_s: float | None
    gpus_needed: int | None
    quality_note: str
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object."""
        per_gpu = None
        if self.per_gpu is not None:
            per_gpu = {
                "weights_bytes": self.per_gpu.weights,
                "kv_cache_bytes": self.per_gpu.kv_cache,
                "overhead_bytes": self.per_gpu.overhead,
                "kv_capacity_bytes": self.per_gpu.kv_capacity,
                "memory_bytes": self.gpu_memory_bytes,
            }
        return {
            "model": self.model_id,
            "quant": self.quant,
            "engine": self.engine,
            "kv_quant": self.kv_quant,
            "context": self.context,
            "concurrency": self.concurrency,
            "gpu": self.gpu,
            "gpus": self.gpus,
            "parallelism": self.parallelism,
            "params": self.params,
            "active_params": self.active_params,
            "weights_bytes": self.weights_bytes,
            "kv_bytes_per_token": self.kv_bytes_per_token,
            "kv_cache_bytes": self.kv_cache_bytes,
            "overhead_bytes": self.overhead_bytes,
            "overhead_items": [
                {"label": item.label, "bytes_per_gpu": item.bytes, "source": item.source}
                for item in self.overhead_items
            ],
            "total_bytes": self.total_bytes,
            "per_gpu": per_gpu,
            "fits": self.fits,
            "headroom_bytes": self.headroom_bytes,
            "max_kv_tokens": self.max_kv_tokens,
            "decode_tokens_per_s": _round(self.decode_tokens_per_s),
            "decode_tokens_per_s_range": (
                [_round(value) for value in self.decode_tokens_per_s_range]
                if self.decode_tokens_per_s_range else None),
            "prefill_tokens_per_s": _round(self.prefill_tokens_per_s),
            "aggregate_tokens_per_s": _round(self.aggregate_tokens_per_s),
            "gpus_needed": self.gpus_needed,
            "quality_note": self.quality_note,
            "notes": list(self.notes),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def kv_bytes_per_token(model: ModelSpec, kv_quant: str) -> int:
    """KV cache bytes per token over all layers: K and V, kv_heads x head_dim each (GQA-aware)."""
    return round(2 * model.layers * model.kv_heads * model.head_dim * KV_QUANTS[kv_quant])


def kv_cache_bytes(model: ModelSpec, kv_quant: str, context: int, concurrency: int) -> int:
    """KV cache for `concurrency` sequences of `context` tokens; sliding-window layers keep
    only their window."""
    per_layer_token = 2 * model.kv_heads * model.head_dim * KV_QUANTS[kv_quant]
    sliding = model.sliding_layers
    window = min(context, model.sliding_window or context)
    tokens = (model.layers - sliding) * context + sliding * window
    return round(per_layer_token * tokens * concurrency)


def _non_layer_share(model: ModelSpec) -> float:
    layout = tensor_layout(model)
    outside = sum(tensor.elements for tensor in layout if tensor.layer < 0)
    return outside / sum(tensor.elements for tensor in layout)


def tensor_parallel_ok(model: ModelSpec, gpus: int) -> bool:
    """vLLM/TensorRT-LLM shard attention heads: heads must divide, and KV heads must divide
    or be replicated evenly."""
    if gpus == 1:
        return True
    kv_ok = model.kv_heads % gpus == 0 or gpus % model.kv_heads == 0
    return model.heads % gpus == 0 and kv_ok


def _card_plan(model: ModelSpec, engine: EngineProfile, gpu: GpuSpec | None, gpus: int,
               weights: int, kv_total: int, kv_per_token: int, overhead: int,
               utilization: float | None) -> tuple[CardPlan, bool]:
    """Memory on the most loaded card and whether the split is tensor parallel."""
    tensor_parallel = gpus > 1 and not engine.splits_by_layer and tensor_parallel_ok(model, gpus)
    if gpus == 1:
        weights_card, kv_share = float(weights), 1.0
    elif tensor_parallel:
        weights_card = weights / gpus
        kv_share = max(1 / gpus, 1 / model.kv_heads)
    else:
        # Whole layers per card; the card with the most layers also holds embeddings/output.
        layer_share = math.ceil(model.layers / gpus) / model.layers
        outside = _non_layer_share(model)
        weights_card = weights * (outside + (1 - outside) * layer_share)
        kv_share = layer_share
    memory = gpu.memory_bytes if gpu else 0
    used = weights_card + overhead
    if engine.reserve_policy == "fraction_of_total":
        capacity = (utilization or engine.reserve_fraction) * memory - used
    elif engine.reserve_policy == "fraction_of_free":
        capacity = engine.reserve_fraction * (memory - used)
    else:
        capacity = memory - engine.margin_bytes - used
    plan = CardPlan(round(weights_card), round(kv_total * kv_share), overhead,
                    math.floor(capacity), kv_per_token * kv_share)
    return plan, tensor_parallel


def _resolve(request: FitRequest) -> tuple[Quantization, EngineProfile, str, int]:
    quant = get_quantization(request.quant)
    engine = get_engine(request.engine) if request.engine else get_engine(default_engine(quant))
    kv_quant = get_kv_quant(request.kv_quant)
    check_supported(engine, quant, kv_quant)
    context = request.context if request.context is not None else min(
        DEFAULT_CONTEXT, request.model.max_context)
    if context < 1:
        raise InputError(f"context must be at least 1 token, got {context}")
    if request.concurrency < 1:
        raise InputError(f"concurrency must be at least 1, got {request.concurrency}")
    if not 1 <= request.gpus <= MAX_GPUS:
        raise InputError(f"gpus must be between 1 and {MAX_GPUS}, got {request.gpus}")
    utilization = request.gpu_memory_utilization
    if utilization is not None and not 0 < utilization <= 1:
        raise InputError(f"gpu_memory_utilization must be in (0, 1], got {utilization}")
    return quant, engine, kv_quant, context


@dataclass(frozen=True)
class _Sizes:
    weights: int
    active_weights: int
    kv_per_token: int
    kv_total: int


def _sizes(request: FitRequest, quant: Quantization, kv_quant: str, context: int) -> _Sizes:
    model = request.model
    if request.measured_weights_bytes is not None:
        weights = request.measured_weights_bytes
        active = request.measured_active_weights_bytes or weights
    else:
        weights, active = weights_breakdown(model, quant.name)
    return _Sizes(weights, active, kv_bytes_per_token(model, kv_quant),
                  kv_cache_bytes(model, kv_quant, context, request.concurrency))


def _overhead(engine: EngineProfile, request: FitRequest, gpus: int, context: int,
              ) -> tuple[OverheadItem, ...]:
    tensor_parallel = gpus if (not engine.splits_by_layer
                               and tensor_parallel_ok(request.model, gpus)) else 1
    return overhead_items(engine, request.model, request.gpu, tensor_parallel, context,
                          request.concurrency)


def fits_on(request: FitRequest, gpus: int) -> bool:
    """Whether the request fits on `gpus` of its GPU (a quick check without speed or notes)."""
    quant, engine, kv_quant, context = _resolve(replace(request, gpus=gpus))
    sizes = _sizes(request, quant, kv_quant, context)
    overhead = sum(item.bytes for item in _overhead(engine, request, gpus, context))
    card, _ = _card_plan(request.model, engine, request.gpu, gpus, sizes.weights,
                         sizes.kv_total, sizes.kv_per_token, overhead,
                         request.gpu_memory_utilization)
    return card.kv_capacity >= card.kv_cache


def gpus_needed(request: FitRequest) -> int | None:
    """The fewest GPUs of the request's type that hold it, or None (no GPU, or over MAX_GPUS)."""
    if request.gpu is None:
        return None
    for gpus in range(1, MAX_GPUS + 1):
        if fits_on(request, gpus):
            return gpus
    return None


def speed_setup(request: FitRequest) -> SpeedSetup:
    """What the speed formulas need for the request's deployment (its GPU must be given).

    Raises:
        InputError: no GPU, or a quantization, engine or number outside its range.
    """
    if request.gpu is None:
        raise InputError("a GPU is needed to estimate speed")
    quant, engine, kv_quant, context = _resolve(request)
    sizes = _sizes(request, quant, kv_quant, context)
    tensor_parallel = (request.gpus > 1 and not engine.splits_by_layer
                       and tensor_parallel_ok(request.model, request.gpus))
    return SpeedSetup(request.model, quant, engine, request.gpu, request.gpus, tensor_parallel,
                      sizes.weights, sizes.active_weights, sizes.kv_per_token,
                      active_params(request.model))


def _alternatives(request: FitRequest, result: FitResult, engine: EngineProfile) -> list[str]:
    """What would fit when the request does not."""
    notes = []
    if result.max_kv_tokens is not None and result.max_kv_tokens >= request.concurrency:
        longest = result.max_kv_tokens // request.concurrency
        notes.append(f"fits with at most {longest:,} tokens of context per sequence "
                     f"at concurrency {request.concurrency}")
    same_family = [q for q in QUANTIZATIONS.values()
                   if engine.name in q.engines and q.name != result.quant]
    for quant in sorted(same_family, key=lambda q: q.quality_loss_pct):
        candidate = replace(request, quant=quant.name, engine=engine.name,
                            measured_weights_bytes=None, measured_active_weights_bytes=None)
        try:
            ok = fits_on(candidate, request.gpus)
        except InputError:
            continue
        if ok:
            notes.append(f"fits as {quant.name} ({quant.quality_note})")
            break
    if result.gpus_needed is not None:
        notes.append(f"fits on {result.gpus_needed} x {result.gpu}")
    elif request.gpu is not None:
        notes.append(f"does not fit on {MAX_GPUS} or fewer {result.gpu}")
    return notes


def fit(request: FitRequest) -> FitResult:
    """Memory plan, fit verdict and speed of one deployment.

    Raises:
        InputError: a quantization, engine, KV type or number outside its accepted range.
    """
    model = request.model
    quant, engine, kv_quant, context = _resolve(request)
    sizes = _sizes(request, quant, kv_quant, context)
    items = _overhead(engine, request, request.gpus, context)
    overhead_per_gpu = sum(item.bytes for item in items)
    card, tensor_parallel = _card_plan(model, engine, request.gpu, request.gpus, sizes.weights,
                                       sizes.kv_total, sizes.kv_per_token, overhead_per_gpu,
                                       request.gpu_memory_utilization)
    notes: list[str] = []
    if request.gpus == 1:
        parallelism = "single GPU"
    elif tensor_parallel:
        parallelism = f"tensor parallel x{request.gpus}"
    elif engine.splits_by_layer:
        parallelism = f"layer split x{request.gpus}"
    else:
        parallelism = f"pipeline parallel x{request.gpus}"
        notes.append(f"{model.heads} attention heads / {model.kv_heads} KV heads do not divide "
                     f"by {request.gpus}: no tensor parallelism, layers are split instead")
    gpu = request.gpu
    fits = headroom = max_tokens = None
    decode = prefill = aggregate = None
    decode_range = None
    if gpu is not None:
        fits = card.kv_capacity >= card.kv_cache
        headroom = (card.kv_capacity - card.kv_cache) * request.gpus
        max_tokens = max(0, math.floor(card.kv_capacity / card.kv_bytes_per_token))
        setup = SpeedSetup(model, quant, engine, gpu, request.gpus, tensor_parallel,
                           sizes.weights, sizes.active_weights,
                           sizes.kv_per_token, active_params(model))
        average_context = context / 2
        decode = decode_tokens_per_s(setup, average_context)
        decode_range = (decode * SPEED_RANGE[0], decode * SPEED_RANGE[1])
        prefill = prefill_tokens_per_s(setup, context)
        aggregate = aggregate_tokens_per_s(setup, request.concurrency, average_context)
        if prefill is None:
            notes.append(f"{gpu.name} has no tensor throughput figure: prefill speed unknown")
    total = sizes.weights + sizes.kv_total + overhead_per_gpu * request.gpus
    result = FitResult(
        model_id=model.id, quant=quant.name, engine=engine.name, kv_quant=kv_quant,
        context=context, concurrency=request.concurrency,
        gpu=gpu.name if gpu else None, gpus=request.gpus, parallelism=parallelism,
        params=total_params(model), active_params=active_params(model),
        weights_bytes=sizes.weights, kv_bytes_per_token=sizes.kv_per_token,
        kv_cache_bytes=sizes.kv_total, overhead_bytes=overhead_per_gpu * request.gpus,
        overhead_items=items, total_bytes=total, per_gpu=card if gpu else None,
        gpu_memory_bytes=gpu.memory_bytes if gpu else None,
        fits=fits, headroom_bytes=headroom, max_kv_tokens=max_tokens,
        decode_tokens_per_s=decode, decode_tokens_per_s_range=decode_range,
        prefill_tokens_per_s=prefill, aggregate_tokens_per_s=aggregate,
        gpus_needed=gpus_needed(request), quality_note=quant.quality_note,
    )
    notes += _describe(request, result, engine, quant)
    if fits is False:
        notes += _alternatives(request, result, engine)
    return replace(result, notes=tuple(notes))


def _describe(request: FitRequest, result: FitResult, engine: EngineProfile,
              quant: Quantization) -> list[str]:
    model = request.model
    notes = []
    if request.measured_weights_bytes is not None:
        notes.append(f"weights measured from the file's tensor table: "
                     f"{format_gb(result.weights_bytes)}")
    elif quant.is_gguf:
        notes.append(f"weights follow llama.cpp's {quant.name} tensor type mix: "
                     f"{format_gb(result.weights_bytes)} ({format_gib(result.weights_bytes)})")
    if model.counted_params is not None:
        notes.append("parameters counted from the file's tensors")
    elif model.params is not None:
        notes.append(f"parameters: exact published count ({model.params_source})")
    else:
        notes.append("parameters computed from the architecture")
    for note in model.notes:
        notes.append(note)
    if not is_known_layout(model):
        notes.append(f"architecture '{model.family}' is not one the planner knows exactly: "
                     "sizes assume a Llama-style layout (estimate)")
    if model.is_moe:
        notes.append(f"mixture of experts: {model.experts_per_token} of {model.experts} experts "
                     f"per token, {result.active_params / 1e9:.1f}B active parameters; all "
                     "experts must be in memory")
    if model.sliding_layers and result.context > (model.sliding_window or 0):
        notes.append(f"{model.sliding_layers} of {model.layers} layers keep only a "
                     f"{model.sliding_window:,}-token sliding window in the KV cache")
    if result.context > model.max_context:
        notes.append(f"context {result.context:,} exceeds the model's trained maximum "
                     f"{model.max_context:,}")
    if engine.reserve_policy == "fraction_of_total":
        share = request.gpu_memory_utilization or engine.reserve_fraction
        notes.append(f"{engine.name} uses {share:.0%} of each GPU's memory "
                     "(gpu_memory_utilization)")
    elif engine.margin_bytes:
        notes.append(f"{engine.name} keeps {format_gib(engine.margin_bytes)} free per GPU")
    if result.gpu is not None and result.gpus > 1:
        notes.append(f"memory is planned per GPU ({result.parallelism}); "
                     "the most loaded GPU decides the fit")
    if quant.quality_loss_pct >= 15:
        notes.append(f"quality warning for {quant.name}: {quant.quality_note}")
    if result.decode_tokens_per_s is not None:
        notes.append(f"speed is an estimate ({engine.speed_source})")
    return notes

