"""Does a model fit on a set of GPUs, how much memory goes where, and how fast will it run: the
answer with every figure the CLI contract names, and the notes that explain it."""

import math
from dataclasses import dataclass, field, replace
from typing import Any

from core.errors import InputError
from core.i18n.message import Count, Name, Share, Text, msg, nmsg, term
from core.model.architecture import Architecture, KvProfile, describe
from core.model.attention import LatentAttention
from core.model.quant import QUANTIZATIONS, Quantization
from core.model.words import billions, gb, gib
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
    parallelism: Text
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
    quality_note: Text
    notes: tuple[Text, ...] = field(default=())
    exact: bool = True
    estimate_reasons: tuple[Text, ...] = ()
    architecture: Text = ""
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
    def verdict(self) -> Text | None:
        """FITS / DOES NOT FIT, marked as an estimate when the sizes are not exact."""
        if self.fits is None:
            return None
        word = msg("FITS") if self.fits else msg("DOES NOT FIT")
        return word if self.exact else msg("{verdict} (estimate)", verdict=word)

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object, its sentences in English."""
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
            "parallelism": str(self.parallelism),
            "architecture": str(self.architecture),
            "exact": self.exact,
            "estimate_reasons": [str(reason) for reason in self.estimate_reasons],
            "params": self.params,
            "active_params": self.active_params,
            "mtp_params": self.mtp_params,
            "weights_bytes": self.weights_bytes,
            "kv_bytes_per_token": self.kv_bytes_per_token,
            "kv_cache_bytes": self.kv_cache_bytes,
            "overhead_bytes": self.overhead_bytes,
            "overhead_items": [
                {"label": str(item.label), "bytes_per_gpu": item.bytes, "source": item.source}
                for item in self.overhead_items
            ],
            "total_bytes": self.total_bytes,
            "per_gpu": per_gpu,
            "fits": self.fits,
            "verdict": None if self.verdict is None else str(self.verdict),
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
            "quality_note": str(self.quality_note),
            "notes": [str(note) for note in self.notes],
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


def _alternatives(request: FitRequest, result: FitResult, engine: EngineProfile) -> list[Text]:
    """What would fit when the request does not."""
    notes: list[Text] = []
    if result.max_kv_tokens is not None and result.max_kv_tokens >= request.concurrency:
        longest = result.max_kv_tokens // request.concurrency
        notes.append(msg("fits with at most {tokens} tokens of context per sequence at "
                         "concurrency {concurrency}", tokens=Count(longest),
                         concurrency=Count(request.concurrency)))
    same_family = [q for q in QUANTIZATIONS.values()
                   if engine.name in q.engines and q.name != result.quant]
    for quant in sorted(same_family, key=lambda q: q.quality_loss_pct):
        candidate = replace(request, quant=quant.name, engine=engine.name, measured=None)
        try:
            ok = fits_on(candidate, request.gpus)
        except InputError:
            continue
        if ok:
            notes.append(msg("fits as {quant} ({quality})", quant=Name(quant.name),
                             quality=quant.quality_note))
            break
    if result.gpus_needed is not None:
        notes.append(msg("needs {gpus} x {gpu}", gpus=Count(result.gpus_needed),
                         gpu=Name(str(result.gpu))))
    elif request.gpu is not None:
        notes.append(msg("does not fit on {most} or fewer {gpu}", most=Count(MAX_GPUS),
                         gpu=Name(str(result.gpu))))
    return notes


def _parallelism(request: FitRequest, engine: EngineProfile, tensor_parallel: bool,
                 notes: list[Text]) -> Text:
    gpus = Count(request.gpus)
    if request.gpus == 1:
        return msg("single GPU")
    if tensor_parallel:
        return msg("tensor parallel x{gpus}", gpus=gpus)
    if engine.splits_by_layer:
        return msg("layer split x{gpus}", gpus=gpus)
    arch = request.model.arch
    notes.append(msg("{heads} attention heads / {kv_heads} KV heads do not divide by {gpus}: "
                     "no tensor parallelism, layers are split instead",
                     heads=Count(arch.heads), kv_heads=Count(arch.kv_heads), gpus=gpus))
    return msg("pipeline parallel x{gpus}", gpus=gpus)


@dataclass(frozen=True)
class _Speeds:
    """Tokens per second of one deployment (None: no GPU, or no figure for it)."""

    decode: float | None = None  # per stream, at half the context
    decode_range: tuple[float, float] | None = None
    prefill: float | None = None
    aggregate: float | None = None  # all streams at the requested concurrency
    classifications: float | None = None  # encoders: texts of `context` tokens per second
    serving: Serving | None = None


def _speeds(plan: MemoryPlan, request: FitRequest, notes: list[Text]) -> _Speeds:
    setup = plan.speed_setup()
    assert setup is not None and request.gpu is not None
    context = plan.resolved.context
    prefill = prefill_tokens_per_s(setup, context)
    if prefill is None:
        notes.append(msg("{gpu} has no tensor throughput figure: prefill speed unknown",
                         gpu=Name(request.gpu.name)))
    if request.model.arch.encoder_only:
        return _Speeds(prefill=prefill,
                       classifications=None if prefill is None else prefill / context,
                       serving=_serving(plan, request, notes))
    average_context = context / 2
    decode = decode_tokens_per_s(setup, average_context)
    return _Speeds(decode, speed_range(setup, decode), prefill,
                   aggregate_tokens_per_s(setup, request.concurrency, average_context),
                   serving=_serving(plan, request, notes))


def _serving(plan: MemoryPlan, request: FitRequest, notes: list[Text]) -> Serving | None:
    """The request's load served on its GPUs; None without a load or a compute figure."""
    if request.input_tokens is None or request.output_tokens is None:
        return None
    setup = plan.speed_setup()
    assert setup is not None
    card = plan.card
    sequence = card.kv_bytes_per_token * plan.resolved.context
    held = math.floor(card.kv_capacity / sequence) if sequence > 0 else None
    if held is not None and held < 1:
        notes.append(msg("not one request of this length fits in the KV cache room: the "
                         "serving figures assume one"))
    result = serve(setup, request.input_tokens, request.output_tokens, request.concurrency,
                   None if held is None else max(0, held))
    if result is not None and result.queued > 0:
        waiting = nmsg("{n} more waits for a slot and its waiting counts in the time to first "
                       "token", "{n} more wait for a slot and their waiting counts in the time "
                       "to first token", n=Count(result.queued))
        notes.append(nmsg("the KV cache holds {n} request of {context} tokens; {waiting}",
                          "the KV cache holds {n} requests of {context} tokens; {waiting}",
                          n=Count(result.batch), context=Count(plan.resolved.context),
                          waiting=waiting))
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
    notes: list[Text] = []
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
              quant: Quantization, profile: KvProfile) -> list[Text]:
    model = request.model
    arch = model.arch
    notes: list[Text] = [msg("estimate: {reason}", reason=reason)
                         for reason in model.estimate_reasons]
    weights = result.weights_bytes
    if request.measured is not None:
        notes.append(msg("weights measured from {source}: {size}",
                         source=request.measured.source or msg("the files"), size=gb(weights)))
    elif quant.is_gguf:
        notes.append(msg("weights follow llama.cpp's {quant} tensor type mix: {size} ({gib})",
                         quant=Name(quant.name), size=gb(weights), gib=gib(weights)))
    elif quant.name == "shipped":
        notes.append(msg("weights as the checkpoint ships them ({format}): {size}",
                         format=model.shipped.label, size=gb(weights)))
    if model.counted_params is not None:
        notes.append(msg("parameters counted from the file's tensors"))
    elif model.params is not None:
        notes.append(msg("parameters: exact published count ({source})",
                         source=Name(model.params_source)))
    else:
        notes.append(msg("parameters computed from the architecture"))
    notes.append(msg("architecture: {architecture}", architecture=result.architecture))
    notes += list(model.notes)
    if result.mtp_params:
        notes.append(msg("{billions}B parameters of multi-token prediction layers are not "
                         "loaded (speculative decoding off)",
                         billions=billions(result.mtp_params)))
    if arch.encoder_only:
        notes.append(msg("encoder model: no KV cache and no token generation; throughput is "
                         "whole texts classified per second"))
    if model.is_moe:
        moe = arch.moe
        assert moe is not None
        notes.append(msg("mixture of experts: {top_k} of {experts} experts per token, "
                         "{billions}B active parameters; all experts must be in memory",
                         top_k=Count(moe.top_k), experts=Count(moe.experts),
                         billions=billions(result.active_params)))
    notes += _kv_notes(arch, engine, result.context, profile)
    if result.context > model.max_context:
        notes.append(msg("context {context} exceeds the model's trained maximum {maximum}",
                         context=Count(result.context), maximum=Count(model.max_context)))
    if engine.reserve_policy == "fraction_of_total":
        share = request.gpu_memory_utilization or engine.reserve_fraction
        notes.append(msg("{engine} uses {share} of each GPU's memory (gpu_memory_utilization)",
                         engine=Name(engine.name), share=Share(share)))
    elif engine.margin_bytes:
        notes.append(msg("{engine} keeps {size} free per GPU", engine=Name(engine.name),
                         size=gib(engine.margin_bytes)))
    if result.gpu is not None and result.gpus > 1:
        notes.append(msg("memory is planned per GPU ({parallelism}); the most loaded GPU "
                         "decides the fit", parallelism=result.parallelism))
    if quant.quality_loss_pct >= 15:
        notes.append(msg("quality warning for {quant}: {quality}", quant=Name(quant.name),
                         quality=quant.quality_note))
    if result.decode_tokens_per_s is not None or result.classifications_per_s is not None:
        notes.append(_speed_note(request, result))
    return notes


def _speed_note(request: FitRequest, result: FitResult) -> Text:
    assert request.gpu is not None
    cal, calibrated = calibration_for(result.engine, request.gpu.vendor)
    error = result.speed_error or 0.0
    text = msg("speed is an estimate within about +-{error} for this kind of setup ({source})",
               error=Share(error), source=cal.source)
    if not calibrated:
        text = msg("{estimate}; {engine} has no measurements on {vendor} GPUs, so NVIDIA's "
                   "constants stand in and the range is doubled", estimate=text,
                   engine=Name(result.engine), vendor=Name(request.gpu.vendor))
    return text


def _kv_notes(arch: Architecture, engine: EngineProfile, context: int,
              profile: KvProfile) -> list[Text]:
    notes: list[Text] = []
    kinds = arch.attention_kinds
    if "mla" in kinds:
        first = next(layer.attention for layer in arch.layers
                     if isinstance(layer.attention, LatentAttention))
        assert isinstance(first, LatentAttention)
        notes.append(msg("latent attention (MLA): {rank} + {rope} values cached per token and "
                         "layer (DeepSeek-V2 paper, Table 1), held whole on every "
                         "tensor-parallel GPU", rank=Count(first.kv_lora_rank),
                         rope=Count(first.rope_dim)))
    windowed = {kind: count for kind, count in kinds.items() if kind in ("sliding", "chunked")}
    for kind, count in windowed.items():
        window = next(layer.attention.window for layer in arch.layers
                      if layer.attention.kind == kind)
        if context <= (window or 0):
            continue
        how = term("sliding") if kind == "sliding" else term("chunked")
        if kind in engine.windowed_kinds:
            notes.append(msg("{count} of {layers} layers use {kind} attention over {window} "
                             "tokens and keep only those ({source})", count=Count(count),
                             layers=Count(arch.layer_count), kind=how,
                             window=Count(window or 0), source=engine.window_source))
        else:
            notes.append(msg("{count} of {layers} layers use {kind} attention over {window} "
                             "tokens, but {engine} allocates them for the whole context "
                             "({source})", count=Count(count), layers=Count(arch.layer_count),
                             kind=how, window=Count(window or 0), engine=Name(engine.name),
                             source=engine.window_source))
    if profile.state:
        notes.append(msg("{count} linear-attention layers hold a fixed state of {size} per "
                         "sequence instead of a KV cache", count=Count(kinds.get("linear", 0)),
                         size=gb(profile.state)))
    return notes
