"""Does a model fit on a set of GPUs, how much memory goes where, and how fast will it run."""

import math
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from core.errors import InputError
from core.hardware.gpus import GpuSpec
from core.model import architecture
from core.model.architecture import Architecture, KvProfile, describe, kv_profile, tensors
from core.model.attention import LatentAttention, LinearAttention
from core.model.quant import KV_QUANTS, QUANTIZATIONS, Quantization, get_kv_quant, resolve_quant
from core.model.shipped import ShippedFormat
from core.model.spec import ModelSpec
from core.model.weights import WeightBytes, weights_for
from core.serving.engines import (
    EngineProfile,
    OverheadItem,
    check_supported,
    default_engine,
    get_engine,
    overhead_items,
)
from core.serving.speed import (
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
    # Real sizes from a GGUF file or safetensors headers, for the quantization they hold.
    measured: WeightBytes | None = None
    gpu_memory_utilization: float | None = None


@dataclass(frozen=True)
class CardPlan:
    """Memory on the most loaded GPU of a deployment, in bytes."""

    weights: int
    kv_cache: int
    overhead: int
    kv_capacity: int  # room for KV cache after weights, overhead and the engine's reserve
    kv_bytes_per_token: float  # KV bytes per token of context held on this card, at this length


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
    exact: bool = True
    estimate_reasons: tuple[str, ...] = ()
    architecture: str = ""
    mtp_params: int = 0
    classifications_per_s: float | None = None

    @property
    def verdict(self) -> str | None:
        """FITS / DOES NOT FIT, marked as an estimate when the sizes are not exact."""
        if self.fits is None:
            return None
        word = "FITS" if self.fits else "DOES NOT FIT"
        return word if self.exact else f"{word} (estimate)"

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
            "architecture": self.architecture,
            "exact": self.exact,
            "estimate_reasons": list(self.estimate_reasons),
            "params": self.params,
            "active_params": self.active_params,
            "mtp_params": self.mtp_params,
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
            "verdict": self.verdict,
            "headroom_bytes": self.headroom_bytes,
            "max_kv_tokens": self.max_kv_tokens,
            "decode_tokens_per_s": _round(self.decode_tokens_per_s),
            "decode_tokens_per_s_range": (
                [_round(value) for value in self.decode_tokens_per_s_range]
                if self.decode_tokens_per_s_range else None),
            "prefill_tokens_per_s": _round(self.prefill_tokens_per_s),
            "aggregate_tokens_per_s": _round(self.aggregate_tokens_per_s),
            "classifications_per_s": _round(self.classifications_per_s),
            "gpus_needed": self.gpus_needed,
            "quality_note": self.quality_note,
            "notes": list(self.notes),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def kv_bytes_per_token(model: ModelSpec, kv_quant: str) -> int:
    """KV cache bytes one token adds over all layers while every window still grows (GQA- and
    MLA-aware: K and V of each KV head, or one latent per layer)."""
    return architecture.kv_bytes_per_token(model.arch, KV_QUANTS[get_kv_quant(kv_quant)])


def kv_cache_bytes(model: ModelSpec, kv_quant: str, context: int, concurrency: int,
                   engine: str = "vllm") -> int:
    """KV cache and state for `concurrency` sequences of `context` tokens on one GPU, with the
    engine's windowing (windowed layers keep only their window where the engine does so)."""
    profile = _kv_profile(model.arch, get_engine(engine), kv_quant, 1)
    return round(profile.per_sequence(context) * concurrency)


def _kv_profile(arch: Architecture, engine: EngineProfile, kv_quant: str,
                tensor_parallel: int) -> KvProfile:
    return kv_profile(arch, KV_QUANTS[kv_quant], engine.windowed_kinds, engine.window_extra,
                      tensor_parallel)


@cache
def _non_layer_share(arch: Architecture) -> float:
    layout = tensors(arch)
    outside = sum(tensor.elements for tensor in layout if tensor.layer < 0)
    return outside / sum(tensor.elements for tensor in layout)


def tensor_parallel_ok(model: ModelSpec, gpus: int) -> bool:
    """vLLM/TensorRT-LLM shard attention heads: query heads must divide, KV heads must divide
    or be replicated evenly; linear-attention heads must divide; a latent cache is replicated."""
    return gpus == 1 or _shards_evenly(model.arch, gpus)


@cache
def _shards_evenly(arch: Architecture, gpus: int) -> bool:
    for attention in arch.distinct_attentions:
        if attention.heads % gpus:
            return False
        if isinstance(attention, LinearAttention):
            if attention.key_heads % gpus:
                return False
        elif not isinstance(attention, LatentAttention):
            kv = attention.kv_heads
            if kv % gpus and gpus % kv:
                return False
    return True


@dataclass(frozen=True)
class _Resolved:
    quant: Quantization
    scheme: str  # what sizes the tensors: a quantization name or the shipped format's scheme
    engine: EngineProfile
    kv_quant: str
    context: int


@cache
def _formats(quant_name: str, shipped: ShippedFormat, engine_name: str | None,
             kv_name: str) -> tuple[Quantization, str, EngineProfile, str]:
    quant, scheme = resolve_quant(quant_name, shipped)
    engine = get_engine(engine_name) if engine_name else get_engine(default_engine(quant))
    kv_quant = get_kv_quant(kv_name)
    check_supported(engine, quant, kv_quant)
    return quant, scheme, engine, kv_quant


def _resolve(request: FitRequest) -> _Resolved:
    quant, scheme, engine, kv_quant = _formats(request.quant, request.model.shipped,
                                               request.engine, request.kv_quant)
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
    return _Resolved(quant, scheme, engine, kv_quant, context)


def _weights(request: FitRequest, resolved: _Resolved) -> WeightBytes:
    if request.measured is not None:
        return request.measured
    return weights_for(request.model.arch, request.model.shipped, request.quant)


def _tensor_parallel(request: FitRequest, engine: EngineProfile, gpus: int) -> bool:
    return gpus > 1 and not engine.splits_by_layer and tensor_parallel_ok(request.model, gpus)


def _card_plan(request: FitRequest, resolved: _Resolved, gpus: int, weights: int,
               overhead: int) -> CardPlan:
    """Memory on the most loaded card."""
    arch, engine = request.model.arch, resolved.engine
    tensor_parallel = _tensor_parallel(request, engine, gpus)
    profile = _kv_profile(arch, engine, resolved.kv_quant, gpus if tensor_parallel else 1)
    kv_sequence = profile.per_sequence(resolved.context)
    if gpus == 1 or tensor_parallel:
        weights_card = weights / gpus
    else:
        # Whole layers per card; the card with the most layers also holds embeddings/output.
        layer_share = math.ceil(arch.layer_count / gpus) / arch.layer_count
        outside = _non_layer_share(arch)
        weights_card = weights * (outside + (1 - outside) * layer_share)
        kv_sequence *= layer_share
    gpu = request.gpu
    memory = gpu.memory_bytes if gpu else 0
    used = weights_card + overhead
    if engine.reserve_policy == "fraction_of_total":
        capacity = (request.gpu_memory_utilization or engine.reserve_fraction) * memory - used
    elif engine.reserve_policy == "fraction_of_free":
        capacity = engine.reserve_fraction * (memory - used)
    else:
        capacity = memory - engine.margin_bytes - used
    kv_card = kv_sequence * request.concurrency
    return CardPlan(round(weights_card), round(kv_card), overhead, math.floor(capacity),
                    kv_sequence / resolved.context)


def _overhead(request: FitRequest, resolved: _Resolved, gpus: int) -> tuple[OverheadItem, ...]:
    tensor_parallel = gpus if _tensor_parallel(request, resolved.engine, gpus) else 1
    return overhead_items(resolved.engine, request.model.arch, request.gpu, tensor_parallel,
                          resolved.context, request.concurrency)


def _fits(card: CardPlan) -> bool:
    return card.kv_capacity >= card.kv_cache and card.kv_capacity >= 0


@dataclass(frozen=True)
class MemoryPlan:
    """Where the memory of one deployment goes: the figures fit and recommend share."""

    request: FitRequest
    resolved: _Resolved
    weights: WeightBytes
    overhead: tuple[OverheadItem, ...]
    card: CardPlan
    tensor_parallel: bool

    @property
    def fits(self) -> bool:
        return _fits(self.card)

    @property
    def overhead_per_gpu(self) -> int:
        return sum(item.bytes for item in self.overhead)

    def speed_setup(self) -> SpeedSetup | None:
        """What the speed formulas need; None without a GPU."""
        gpu = self.request.gpu
        if gpu is None:
            return None
        return _speed_setup(self.request, self.resolved, self.tensor_parallel, gpu)


def memory_plan(request: FitRequest, gpus: int | None = None) -> MemoryPlan:
    """The memory plan of `request` on `gpus` of its GPU (default: the request's count).

    Raises:
        InputError: a quantization, engine, KV type or number outside its accepted range.
    """
    if gpus is not None and gpus != request.gpus:
        request = replace(request, gpus=gpus)
    resolved = _resolve(request)
    weights = _weights(request, resolved)
    items = _overhead(request, resolved, request.gpus)
    card = _card_plan(request, resolved, request.gpus, weights.total,
                      sum(item.bytes for item in items))
    return MemoryPlan(request, resolved, weights, items, card,
                      _tensor_parallel(request, resolved.engine, request.gpus))


def fits_on(request: FitRequest, gpus: int) -> bool:
    """Whether the request fits on `gpus` of its GPU (a quick check without speed or notes)."""
    return memory_plan(request, gpus).fits


def gpus_needed(request: FitRequest) -> int | None:
    """The fewest GPUs of the request's type that hold it, or None (no GPU, or over MAX_GPUS)."""
    if request.gpu is None:
        return None
    resolved = _resolve(request)
    weights = _weights(request, resolved).total
    # No split puts less than an even share of the weights on a card: start there.
    first = max(1, min(MAX_GPUS, math.ceil(weights / request.gpu.memory_bytes)))
    for gpus in range(first, MAX_GPUS + 1):
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
    resolved = _resolve(request)
    tensor_parallel = _tensor_parallel(request, resolved.engine, request.gpus)
    return _speed_setup(request, resolved, tensor_parallel, request.gpu)


def _speed_setup(request: FitRequest, resolved: _Resolved, tensor_parallel: bool,
                 gpu: GpuSpec) -> SpeedSetup:
    model = request.model
    profile = _kv_profile(model.arch, resolved.engine, resolved.kv_quant,
                          request.gpus if tensor_parallel else 1)
    return SpeedSetup(model, resolved.quant, resolved.engine, gpu, request.gpus,
                      tensor_parallel, _weights(request, resolved), profile,
                      model.active_params)


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
        candidate = replace(request, quant=quant.name, engine=engine.name, measured=None)
        try:
            ok = fits_on(candidate, request.gpus)
        except InputError:
            continue
        if ok:
            notes.append(f"fits as {quant.name} ({quant.quality_note})")
            break
    if result.gpus_needed is not None:
        notes.append(f"needs {result.gpus_needed} x {result.gpu}")
    elif request.gpu is not None:
        notes.append(f"does not fit on {MAX_GPUS} or fewer {result.gpu}")
    return notes


def _parallelism(request: FitRequest, engine: EngineProfile, tensor_parallel: bool,
                 notes: list[str]) -> str:
    if request.gpus == 1:
        return "single GPU"
    if tensor_parallel:
        return f"tensor parallel x{request.gpus}"
    if engine.splits_by_layer:
        return f"layer split x{request.gpus}"
    arch = request.model.arch
    notes.append(f"{arch.heads} attention heads / {arch.kv_heads} KV heads do not divide "
                 f"by {request.gpus}: no tensor parallelism, layers are split instead")
    return f"pipeline parallel x{request.gpus}"


def fit(request: FitRequest) -> FitResult:
    """Memory plan, fit verdict and speed of one deployment.

    Raises:
        InputError: a quantization, engine, KV type or number outside its accepted range.
    """
    model = request.model
    plan = memory_plan(request)
    resolved, sizes, items, card = plan.resolved, plan.weights, plan.overhead, plan.card
    quant, engine, context = resolved.quant, resolved.engine, resolved.context
    overhead_per_gpu = plan.overhead_per_gpu
    tensor_parallel = plan.tensor_parallel
    notes: list[str] = []
    parallelism = _parallelism(request, engine, tensor_parallel, notes)
    gpu = request.gpu
    fits = headroom = max_tokens = None
    decode = prefill = aggregate = classifications = None
    decode_range = None
    encoder = model.arch.encoder_only
    if gpu is not None:
        fits = _fits(card)
        headroom = (card.kv_capacity - card.kv_cache) * request.gpus
        if card.kv_bytes_per_token > 0:
            max_tokens = max(0, math.floor(card.kv_capacity / card.kv_bytes_per_token))
        setup = _speed_setup(request, resolved, tensor_parallel, gpu)
        prefill = prefill_tokens_per_s(setup, context)
        if encoder:
            if prefill is not None:
                classifications = prefill / context
        else:
            average_context = context / 2
            decode = decode_tokens_per_s(setup, average_context)
            decode_range = (decode * SPEED_RANGE[0], decode * SPEED_RANGE[1])
            aggregate = aggregate_tokens_per_s(setup, request.concurrency, average_context)
        if prefill is None:
            notes.append(f"{gpu.name} has no tensor throughput figure: prefill speed unknown")
    profile = _kv_profile(model.arch, engine, resolved.kv_quant, 1)
    kv_total = round(profile.per_sequence(context) * request.concurrency)
    total = sizes.total + kv_total + overhead_per_gpu * request.gpus
    result = FitResult(
        model_id=model.id, quant=quant.name, engine=engine.name, kv_quant=resolved.kv_quant,
        context=context, concurrency=request.concurrency,
        gpu=gpu.name if gpu else None, gpus=request.gpus, parallelism=parallelism,
        params=model.total_params, active_params=model.active_params,
        weights_bytes=sizes.total,
        kv_bytes_per_token=kv_bytes_per_token(model, resolved.kv_quant),
        kv_cache_bytes=kv_total, overhead_bytes=overhead_per_gpu * request.gpus,
        overhead_items=items, total_bytes=total, per_gpu=card if gpu else None,
        gpu_memory_bytes=gpu.memory_bytes if gpu else None,
        fits=fits, headroom_bytes=headroom, max_kv_tokens=max_tokens,
        decode_tokens_per_s=decode, decode_tokens_per_s_range=decode_range,
        prefill_tokens_per_s=prefill, aggregate_tokens_per_s=aggregate,
        gpus_needed=gpus_needed(request), quality_note=quant.quality_note,
        exact=model.exact, estimate_reasons=model.estimate_reasons,
        architecture=describe(model.arch), mtp_params=model.mtp_params,
        classifications_per_s=classifications,
    )
    notes += _describe(request, result, engine, quant, profile)
    if fits is False:
        notes += _alternatives(request, result, engine)
    return replace(result, notes=tuple(notes))


def _describe(request: FitRequest, result: FitResult, engine: EngineProfile,
              quant: Quantization, profile: KvProfile) -> list[str]:
    model = request.model
    arch = model.arch
    notes = [f"estimate: {reason}" for reason in model.estimate_reasons]
    if request.measured is not None:
        notes.append(f"weights measured from {request.measured.source or 'the files'}: "
                     f"{format_gb(result.weights_bytes)}")
    elif quant.is_gguf:
        notes.append(f"weights follow llama.cpp's {quant.name} tensor type mix: "
                     f"{format_gb(result.weights_bytes)} ({format_gib(result.weights_bytes)})")
    elif quant.name == "shipped":
        notes.append(f"weights as the checkpoint ships them ({model.shipped.label}): "
                     f"{format_gb(result.weights_bytes)}")
    if model.counted_params is not None:
        notes.append("parameters counted from the file's tensors")
    elif model.params is not None:
        notes.append(f"parameters: exact published count ({model.params_source})")
    else:
        notes.append("parameters computed from the architecture")
    notes.append(f"architecture: {result.architecture}")
    notes += list(model.notes)
    if result.mtp_params:
        notes.append(f"{result.mtp_params / 1e9:.1f}B parameters of multi-token prediction "
                     "layers are not loaded (speculative decoding off)")
    if arch.encoder_only:
        notes.append("encoder model: no KV cache and no token generation; throughput is "
                     "whole texts classified per second")
    if model.is_moe:
        moe = arch.moe
        assert moe is not None
        notes.append(f"mixture of experts: {moe.top_k} of {moe.experts} experts per token, "
                     f"{result.active_params / 1e9:.1f}B active parameters; all experts must "
                     "be in memory")
    notes += _kv_notes(arch, engine, result.context, profile)
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
    if result.decode_tokens_per_s is not None or result.classifications_per_s is not None:
        notes.append(f"speed is an estimate ({engine.speed_source})")
    return notes


def _kv_notes(arch: Architecture, engine: EngineProfile, context: int,
              profile: KvProfile) -> list[str]:
    notes = []
    kinds = arch.attention_kinds
    if "mla" in kinds:
        first = next(layer.attention for layer in arch.layers
                     if isinstance(layer.attention, LatentAttention))
        assert isinstance(first, LatentAttention)
        notes.append(f"latent attention (MLA): {first.kv_lora_rank} + {first.rope_dim} values "
                     "cached per token and layer (DeepSeek-V2 paper, Table 1), held whole on "
                     "every tensor-parallel GPU")
    windowed = {kind: count for kind, count in kinds.items() if kind in ("sliding", "chunked")}
    for kind, count in windowed.items():
        window = next(layer.attention.window for layer in arch.layers
                      if layer.attention.kind == kind)
        if context <= (window or 0):
            continue
        if kind in engine.windowed_kinds:
            notes.append(f"{count} of {arch.layer_count} layers use {kind} attention over "
                         f"{window:,} tokens and keep only those ({engine.window_source})")
        else:
            notes.append(f"{count} of {arch.layer_count} layers use {kind} attention over "
                         f"{window:,} tokens, but {engine.name} allocates them for the whole "
                         f"context ({engine.window_source})")
    if profile.state:
        notes.append(f"{kinds.get('linear', 0)} linear-attention layers hold a fixed state of "
                     f"{format_gb(profile.state)} per sequence instead of a KV cache")
    return notes
