"""Does a model fit on a set of GPUs, how much memory goes where, and how fast will it run: the
answer with every figure the CLI contract names, and the notes that explain it."""

import math
from dataclasses import dataclass, field, replace
from typing import Any

from core.errors import InputError
from core.model.architecture import Architecture, KvProfile, describe
from core.model.attention import LatentAttention
from core.model.quant import QUANTIZATIONS, Quantization
from core.serving.engines import EngineProfile, OverheadItem
from core.serving.memory import (
    MAX_GPUS,
    CardPlan,
    FitRequest,
    MemoryPlan,
    fits_on,
    gpus_needed,
    kv_bytes_per_token,
    kv_profile_for,
    memory_plan,
)
from core.serving.speed import (
    Serving,
    aggregate_tokens_per_s,
    calibration_for,
    decode_tokens_per_s,
    prefill_tokens_per_s,
    serve,
    speed_range,
)
from core.units import format_gb, format_gib


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
    # Memory left on the most loaded GPU after weights, overhead, the engine's reserve and the
    # requested KV cache: a figure per GPU, never summed (memory is planned per card).
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
    serving: Serving | None = None  # under the request's load of input and output tokens
    speed_error: float | None = None  # half-width of the speed ranges, a share

    @property
    def headroom_bytes_total(self) -> int | None:
        """The per-GPU headroom times the GPU count: exact under tensor parallelism (every
        card holds the same share), a lower bound for a layer split (other cards hold fewer
        layers than the most loaded one)."""
        return None if self.headroom_bytes is None else self.headroom_bytes * self.gpus

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
                "headroom_bytes": self.headroom_bytes,
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
            "headroom_bytes_total": self.headroom_bytes_total,
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
            **self._serving_json(),
        }

    def _serving_json(self) -> dict[str, Any]:
        serving = self.serving
        if serving is None:
            return {}
        return {
            "output_tokens_per_s": _round(serving.output_tokens_per_s),
            "tokens_per_s_per_user": _round(serving.tokens_per_s_per_user),
            "ttft_s": round(serving.ttft_s, 3),
            "requests_per_hour": _round(serving.requests_per_hour),
            "max_concurrency": serving.max_concurrency,
            "batch": serving.batch,
            "queued": serving.queued,
            "speed_error": self.speed_error,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


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


@dataclass(frozen=True)
class _Speeds:
    """Tokens per second of one deployment (None: no GPU, or no figure for it)."""

    decode: float | None = None  # per stream, at half the context
    decode_range: tuple[float, float] | None = None
    prefill: float | None = None
    aggregate: float | None = None  # all streams at the requested concurrency
    classifications: float | None = None  # encoders: texts of `context` tokens per second
    serving: Serving | None = None


def _speeds(plan: MemoryPlan, request: FitRequest, notes: list[str]) -> _Speeds:
    setup = plan.speed_setup()
    assert setup is not None and request.gpu is not None
    context = plan.resolved.context
    prefill = prefill_tokens_per_s(setup, context)
    if prefill is None:
        notes.append(f"{request.gpu.name} has no tensor throughput figure: prefill speed "
                     "unknown")
    if request.model.arch.encoder_only:
        return _Speeds(prefill=prefill,
                       classifications=None if prefill is None else prefill / context,
                       serving=_serving(plan, request, notes))
    average_context = context / 2
    decode = decode_tokens_per_s(setup, average_context)
    return _Speeds(decode, speed_range(setup, decode), prefill,
                   aggregate_tokens_per_s(setup, request.concurrency, average_context),
                   serving=_serving(plan, request, notes))


def _serving(plan: MemoryPlan, request: FitRequest, notes: list[str]) -> Serving | None:
    """The request's load served on its GPUs; None without a load or a compute figure."""
    if request.input_tokens is None or request.output_tokens is None:
        return None
    setup = plan.speed_setup()
    assert setup is not None
    card = plan.card
    sequence = card.kv_bytes_per_token * plan.resolved.context
    held = math.floor(card.kv_capacity / sequence) if sequence > 0 else None
    if held is not None and held < 1:
        notes.append("not one request of this length fits in the KV cache room: the "
                     "serving figures assume one")
    result = serve(setup, request.input_tokens, request.output_tokens, request.concurrency,
                   None if held is None else max(0, held))
    if result is not None and result.queued > 0:
        notes.append(f"the KV cache holds {result.batch} requests of "
                     f"{plan.resolved.context:,} tokens; {result.queued} more wait for a slot "
                     "and their waiting counts in the time to first token")
    return result


def _speed_error(plan: MemoryPlan) -> float | None:
    setup = plan.speed_setup()
    return None if setup is None else round(setup.relative_error, 3)


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
    speeds = _Speeds()
    if gpu is not None:
        fits = plan.fits
        # Per GPU: the most loaded card's room left after its share of the KV cache.
        headroom = card.kv_capacity - card.kv_cache
        if card.kv_bytes_per_token > 0:
            max_tokens = max(0, math.floor(card.kv_capacity / card.kv_bytes_per_token))
        speeds = _speeds(plan, request, notes)
    profile = kv_profile_for(model.arch, engine, resolved.kv_quant, 1)
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
        decode_tokens_per_s=speeds.decode, decode_tokens_per_s_range=speeds.decode_range,
        prefill_tokens_per_s=speeds.prefill, aggregate_tokens_per_s=speeds.aggregate,
        gpus_needed=gpus_needed(request), quality_note=quant.quality_note,
        exact=model.exact, estimate_reasons=model.estimate_reasons,
        architecture=describe(model.arch), mtp_params=model.mtp_params,
        classifications_per_s=speeds.classifications, serving=speeds.serving,
        speed_error=None if gpu is None else _speed_error(plan),
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
        notes.append(_speed_note(request, result))
    return notes


def _speed_note(request: FitRequest, result: FitResult) -> str:
    assert request.gpu is not None
    cal, calibrated = calibration_for(result.engine, request.gpu.vendor)
    error = result.speed_error or 0.0
    text = (f"speed is an estimate within about +-{error:.0%} for this kind of setup "
            f"({cal.source})")
    if not calibrated:
        text += (f"; {result.engine} has no measurements on {request.gpu.vendor} GPUs, so "
                 "NVIDIA's constants stand in and the range is doubled")
    return text


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
