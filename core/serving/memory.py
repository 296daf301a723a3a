"""Where a deployment's memory goes: weights, KV cache and engine overheads on the most loaded
GPU, whether that fits, and how many GPUs it needs."""

import math
from dataclasses import dataclass, replace
from functools import cache

from core.errors import InputError
from core.hardware.gpus import GpuSpec
from core.model import architecture
from core.model.architecture import Architecture, KvProfile, kv_profile, tensors
from core.model.attention import LatentAttention, LinearAttention
from core.model.quant import KV_QUANTS, Quantization, get_kv_quant, resolve_quant
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
from core.serving.speed import SpeedSetup

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
    # A serving load: each request's prompt and answer (the context is then their sum).
    input_tokens: int | None = None
    output_tokens: int | None = None


@dataclass(frozen=True)
class CardPlan:
    """Memory on the most loaded GPU of a deployment, in bytes."""

    weights: int
    kv_cache: int
    overhead: int
    kv_capacity: int  # room for KV cache after weights, overhead and the engine's reserve
    kv_bytes_per_token: float  # KV bytes per token of context held on this card, at this length


def kv_bytes_per_token(model: ModelSpec, kv_quant: str) -> int:
    """KV cache bytes one token adds over all layers while every window still grows (GQA- and
    MLA-aware: K and V of each KV head, or one latent per layer)."""
    return architecture.kv_bytes_per_token(model.arch, KV_QUANTS[get_kv_quant(kv_quant)])


def kv_cache_bytes(model: ModelSpec, kv_quant: str, context: int, concurrency: int,
                   engine: str = "vllm") -> int:
    """KV cache and state for `concurrency` sequences of `context` tokens on one GPU, with the
    engine's windowing (windowed layers keep only their window where the engine does so)."""
    profile = kv_profile_for(model.arch, get_engine(engine), kv_quant, 1)
    return round(profile.per_sequence(context) * concurrency)


def kv_profile_for(arch: Architecture, engine: EngineProfile, kv_quant: str,
                tensor_parallel: int) -> KvProfile:
    """The KV profile of `arch` on an engine, with its windowing, per tensor-parallel GPU."""
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
class Resolved:
    """A request's formats and context, checked."""

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


def _check_counts(gpus: int, concurrency: int) -> None:
    if concurrency < 1:
        raise InputError(f"concurrency must be at least 1, got {concurrency}")
    if not 1 <= gpus <= MAX_GPUS:
        raise InputError(f"gpus must be between 1 and {MAX_GPUS}, got {gpus}")


def _resolve(request: FitRequest) -> Resolved:
    quant, scheme, engine, kv_quant = _formats(request.quant, request.model.shipped,
                                               request.engine, request.kv_quant)
    context = request.context if request.context is not None else min(
        DEFAULT_CONTEXT, request.model.max_context)
    if request.input_tokens is not None or request.output_tokens is not None:
        if request.input_tokens is None or request.output_tokens is None:
            raise InputError("give both input and output tokens per request, or neither")
        if request.input_tokens < 1 or request.output_tokens < 1:
            raise InputError("input and output tokens per request must be at least 1, got "
                             f"{request.input_tokens} and {request.output_tokens}")
        if request.context is None:
            context = request.input_tokens + request.output_tokens
    if context < 1:
        raise InputError(f"context must be at least 1 token, got {context}")
    _check_counts(request.gpus, request.concurrency)
    utilization = request.gpu_memory_utilization
    if utilization is not None and not 0 < utilization <= 1:
        raise InputError(f"gpu_memory_utilization must be in (0, 1], got {utilization}")
    return Resolved(quant, scheme, engine, kv_quant, context)


def _weights(request: FitRequest, resolved: Resolved) -> WeightBytes:
    if request.measured is not None:
        return request.measured
    return weights_for(request.model.arch, request.model.shipped, request.quant)


def _tensor_parallel(request: FitRequest, engine: EngineProfile, gpus: int) -> bool:
    return gpus > 1 and not engine.splits_by_layer and tensor_parallel_ok(request.model, gpus)


def _card_plan(request: FitRequest, resolved: Resolved, gpus: int, weights: int,
               overhead: int, concurrency: int) -> CardPlan:
    """Memory on the most loaded card with `concurrency` sequences."""
    arch, engine = request.model.arch, resolved.engine
    tensor_parallel = _tensor_parallel(request, engine, gpus)
    profile = kv_profile_for(arch, engine, resolved.kv_quant, gpus if tensor_parallel else 1)
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
    elif engine.reserve_policy == "reserved":  # the reserve is an overhead item
        capacity = memory - used
    elif engine.reserve_policy == "fraction_of_free":
        capacity = engine.reserve_fraction * (memory - used)
    else:
        capacity = memory - engine.margin_bytes - used
    kv_card = kv_sequence * concurrency
    return CardPlan(round(weights_card), round(kv_card), overhead, math.floor(capacity),
                    kv_sequence / resolved.context)


def _overhead(request: FitRequest, resolved: Resolved, gpus: int, concurrency: int,
              ) -> tuple[OverheadItem, ...]:
    tensor_parallel = gpus if _tensor_parallel(request, resolved.engine, gpus) else 1
    return overhead_items(resolved.engine, request.model.arch, request.gpu, tensor_parallel,
                          resolved.context, concurrency)


def _fits(card: CardPlan) -> bool:
    return card.kv_capacity >= card.kv_cache and card.kv_capacity >= 0


@dataclass(frozen=True)
class MemoryPlan:
    """Where the memory of one deployment goes: the figures fit and recommend share."""

    request: FitRequest
    resolved: Resolved
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
        return _speed_setup(self.request, self.resolved, self.request.gpus,
                            self.tensor_parallel, gpu)


def memory_plan(request: FitRequest, gpus: int | None = None) -> MemoryPlan:
    """The memory plan of `request` on `gpus` of its GPU (default: the request's count).

    Raises:
        InputError: a quantization, engine, KV type or number outside its accepted range.
    """
    if gpus is not None and gpus != request.gpus:
        request = replace(request, gpus=gpus)
    resolved = _resolve(request)
    weights = _weights(request, resolved)
    items = _overhead(request, resolved, request.gpus, request.concurrency)
    card = _card_plan(request, resolved, request.gpus, weights.total,
                      sum(item.bytes for item in items), request.concurrency)
    return MemoryPlan(request, resolved, weights, items, card,
                      _tensor_parallel(request, resolved.engine, request.gpus))


def fits_on(request: FitRequest, gpus: int) -> bool:
    """Whether the request fits on `gpus` of its GPU (a quick check without speed or notes)."""
    return memory_plan(request, gpus).fits


def gpus_needed(request: FitRequest) -> int | None:
    """The fewest GPUs of the request's type that hold it, or None (no GPU, or over MAX_GPUS)."""
    if request.gpu is None:
        return None
    return MemoryPlans(request).gpus_needed(request.concurrency)


class MemoryPlans:
    """The memory of one request (model, formats, context, GPU type) on any number of its GPUs
    at any concurrency: formats and weights are resolved once, and each card plan is the one
    memory_plan gives for that GPU count and concurrency, computed once (the capacity search
    asks for many, often the same).

    Raises:
        InputError: as memory_plan, for the request and for each count asked for.
    """

    def __init__(self, request: FitRequest):
        self.request = request
        self.resolved = _resolve(request)
        self.weights = _weights(request, self.resolved)
        self._cards: dict[tuple[int, int], CardPlan] = {}

    def card(self, gpus: int, concurrency: int) -> CardPlan:
        """memory_plan(request with this concurrency, gpus).card."""
        key = (gpus, concurrency)
        card = self._cards.get(key)
        if card is None:
            _check_counts(gpus, concurrency)
            items = _overhead(self.request, self.resolved, gpus, concurrency)
            card = _card_plan(self.request, self.resolved, gpus, self.weights.total,
                              sum(item.bytes for item in items), concurrency)
            self._cards[key] = card
        return card

    def fits(self, gpus: int, concurrency: int) -> bool:
        """fits_on(request with this concurrency, gpus)."""
        return _fits(self.card(gpus, concurrency))

    def gpus_needed(self, concurrency: int) -> int | None:
        """gpus_needed(request with this concurrency)."""
        gpu = self.request.gpu
        if gpu is None:
            return None
        # No split puts less than an even share of the weights on a card: start there.
        first = max(1, min(MAX_GPUS, math.ceil(self.weights.total / gpu.memory_bytes)))
        for gpus in range(first, MAX_GPUS + 1):
            if self.fits(gpus, concurrency):
                return gpus
        return None

    def speed_setup(self, gpus: int) -> SpeedSetup:
        """speed_setup(request on `gpus` GPUs); its GPU must be given."""
        gpu = self.request.gpu
        if gpu is None:
            raise InputError("a GPU is needed to estimate speed")
        _check_counts(gpus, 1)
        tensor_parallel = _tensor_parallel(self.request, self.resolved.engine, gpus)
        return _speed_setup(self.request, self.resolved, gpus, tensor_parallel, gpu)


def speed_setup(request: FitRequest) -> SpeedSetup:
    """What the speed formulas need for the request's deployment (its GPU must be given).

    Raises:
        InputError: no GPU, or a quantization, engine or number outside its range.
    """
    if request.gpu is None:
        raise InputError("a GPU is needed to estimate speed")
    resolved = _resolve(request)
    tensor_parallel = _tensor_parallel(request, resolved.engine, request.gpus)
    return _speed_setup(request, resolved, request.gpus, tensor_parallel, request.gpu)


def _speed_setup(request: FitRequest, resolved: Resolved, gpus: int, tensor_parallel: bool,
                 gpu: GpuSpec) -> SpeedSetup:
    model = request.model
    profile = kv_profile_for(model.arch, resolved.engine, resolved.kv_quant,
                          gpus if tensor_parallel else 1)
    return SpeedSetup(model, resolved.quant, resolved.engine, gpu, gpus,
                      tensor_parallel, _weights(request, resolved), profile,
                      model.active_params)
