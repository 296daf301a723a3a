"""Rank model x quantization x engine choices that fit a GPU set."""

from dataclasses import dataclass

from core.errors import InputError
from core.hardware.gpus import GpuSpec
from core.i18n.message import Count, Name, Text, msg
from core.model.quant import QUANTIZATIONS, Quantization, shipped_quant
from core.model.spec import ModelSpec, model_catalog
from core.model.weights import weights_for
from core.model.words import semicolons
from core.serving.fit import fit
from core.serving.memory import FitRequest, MemoryPlan, memory_plan
from core.serving.speed import aggregate_tokens_per_s, decode_tokens_per_s, requests_per_hour

# Engines a serving recommendation considers; transformers is for experiments, not serving.
SERVING_ENGINES = ("vllm", "tensorrt-llm", "llama.cpp")
# fp16 and fp32 repeat bf16 (same size, more memory); fp8-block is fp8 within 0.1% of its size;
# MXFP4_MOE is llama.cpp's format for models trained in MXFP4, offered through "shipped".
_SKIPPED = ("fp16", "fp32", "fp8-block", "MXFP4_MOE")
DEFAULT_MAX_QUALITY_LOSS = 20.0
GOOD_QUALITY_LOSS = 8.0


@dataclass(frozen=True)
class Recommendation:
    """One choice that fits, with what a planner compares."""

    model_id: str
    model_name: str
    params: int
    quant: str
    engine: str
    gpus_used: int
    weights_bytes: int
    total_bytes: int
    headroom_bytes: int  # per GPU: room left on the most loaded card (never summed)
    max_kv_tokens: int
    decode_tokens_per_s: float
    aggregate_tokens_per_s: float
    quality_loss_pct: float
    quality_note: Text
    requests_per_hour: float | None = None  # with `concurrency` requests of the given sizes
    exact: bool = True  # False: the model's sizes are estimates (see its estimate reasons)
    same_as: tuple[str, ...] = ()  # other catalog models with the same architecture
    active_params: int = 0  # parameters one token uses (MoE: the routed experts it reaches)


@dataclass(frozen=True)
class RecommendationTable:
    rows: tuple[Recommendation, ...]
    gpu: str
    gpus: int
    context: int
    concurrency: int
    hint: Text | None  # what would help when nothing fits


def _quality_band(loss_pct: float) -> int:
    # Near-lossless and 4-bit-class choices (up to IQ4_XS, +7.1%) rank before 3-bit ones.
    return 0 if loss_pct <= GOOD_QUALITY_LOSS else 1


def _choices(max_quality_loss: float) -> list[tuple[Quantization, str]]:
    return [(quant, engine) for quant in QUANTIZATIONS.values()
            if quant.name not in _SKIPPED and quant.quality_loss_pct <= max_quality_loss
            for engine in quant.engines if engine in SERVING_ENGINES]


def _model_choices(model: ModelSpec, choices: list[tuple[Quantization, str]],
                   ) -> list[tuple[Quantization, str]]:
    """The general choices plus the model's shipped format when it is one of its own."""
    shipped = model.shipped
    if shipped.scheme is None or shipped.scheme in ("bf16", "fp16", "fp32"):
        return choices
    try:
        quant = shipped_quant(shipped)
    except InputError:
        return choices
    return [*((quant, engine) for engine in quant.engines if engine in SERVING_ENGINES),
            *choices]


def _distinct(models: tuple[ModelSpec, ...]) -> list[tuple[ModelSpec, tuple[str, ...]]]:
    """One model per architecture (the newest), with the ids of the others."""
    groups: dict[object, list[ModelSpec]] = {}
    for model in models:
        groups.setdefault((model.arch, model.shipped), []).append(model)
    picked = []
    for group in groups.values():
        newest = max(group, key=lambda model: model.released)
        picked.append((newest, tuple(m.id for m in group if m is not newest)))
    return picked


def _weights(model: ModelSpec, quant: Quantization) -> int:
    return weights_for(model.arch, model.shipped, quant.name).total


def _undominated(model: ModelSpec, choices: list[tuple[Quantization, str]], memory: int,
                 ) -> list[tuple[Quantization, str, int]]:
    """The choices whose weights fit in `memory` bytes and that no other choice on the same
    engine beats with weights as small and less quality loss (GPTQ next to AWQ, INT8 next to
    FP8, Q5_0 next to Q4_K_M)."""
    by_engine: dict[str, list[tuple[int, float, Quantization]]] = {}
    for quant, engine in choices:
        weights = _weights(model, quant)
        if weights <= memory:
            by_engine.setdefault(engine, []).append((weights, quant.quality_loss_pct, quant))
    kept = []
    for engine, sized in by_engine.items():
        best_loss = float("inf")
        smaller_best = float("inf")  # the least loss among strictly smaller weights
        last_weights = -1
        for weights, loss, quant in sorted(sized, key=lambda item: (item[0], item[1])):
            if weights != last_weights:
                smaller_best, last_weights = best_loss, weights
            if loss <= smaller_best and loss <= best_loss:
                kept.append((quant, engine, weights))
            best_loss = min(best_loss, loss)
    return kept


def _first_fit(request: FitRequest, gpus: int, memory: int, weights: int,
               ) -> MemoryPlan | None:
    # No split puts less than an even share of the weights on a GPU: start there.
    for count in range(max(1, -(-weights // memory)), gpus + 1):
        plan = memory_plan(request, count)
        if plan.fits:
            return plan
    return None


def _row(model: ModelSpec, same_as: tuple[str, ...], quant: Quantization, plan: MemoryPlan,
         concurrency: int, context: int, request_tokens: tuple[int, int] | None,
         ) -> Recommendation:
    card = plan.card
    setup = plan.speed_setup()
    assert setup is not None
    gpus = plan.request.gpus
    kv_total = card.kv_cache * gpus
    rate = requests_per_hour(setup, *request_tokens, concurrency) if request_tokens else None
    max_tokens = int(card.kv_capacity / card.kv_bytes_per_token) if card.kv_bytes_per_token else 0
    decode = decode_tokens_per_s(setup, context / 2)
    aggregate = decode if concurrency == 1 else aggregate_tokens_per_s(setup, concurrency,
                                                                       context / 2)
    return Recommendation(
        model.id, model.name, model.total_params, quant.name, plan.resolved.engine.name, gpus,
        plan.weights.total, plan.weights.total + kv_total + plan.overhead_per_gpu * gpus,
        card.kv_capacity - card.kv_cache, max_tokens, decode, aggregate,
        quant.quality_loss_pct,
        quant.quality_note, rate, model.exact, same_as, model.active_params)


def recommend(gpu: GpuSpec, gpus: int, context: int = 4096, concurrency: int = 1,
              models: tuple[ModelSpec, ...] | None = None,
              max_quality_loss: float = DEFAULT_MAX_QUALITY_LOSS,
              request_tokens: tuple[int, int] | None = None) -> RecommendationTable:
    """Every generative catalog model x quantization x engine that fits on up to `gpus` x
    `gpu`: choices within GOOD_QUALITY_LOSS first, then models sized exactly before estimates,
    then the largest model, least quality loss, fastest. With `request_tokens` (prompt,
    answer), each row also says how many such requests an hour it serves with `concurrency`
    of them at once."""
    if models is None:
        models = tuple(model for model in model_catalog() if model.task == "generate")
    choices = _choices(max_quality_loss)
    memory = gpu.memory_bytes
    rows = []
    for model, same_as in _distinct(models):
        if model.max_context < context:
            continue  # cannot take the context the workload asks for
        options = _undominated(model, _model_choices(model, choices), gpus * memory)
        for quant, engine, weights in options:
            request = FitRequest(model, quant.name, engine=engine, context=context,
                                 concurrency=concurrency, gpu=gpu)
            plan = _first_fit(request, gpus, memory, weights)
            if plan is not None:
                rows.append(_row(model, same_as, quant, plan, concurrency, context,
                                 request_tokens))
    rows.sort(key=lambda row: (_quality_band(row.quality_loss_pct), not row.exact, -row.params,
                               row.quality_loss_pct, -row.decode_tokens_per_s))
    hint = None if rows else _hint(gpu, gpus, context, concurrency, models, max_quality_loss)
    return RecommendationTable(tuple(rows), gpu.name, gpus, context, concurrency, hint)


def _hint(gpu: GpuSpec, gpus: int, context: int, concurrency: int,
          models: tuple[ModelSpec, ...], max_quality_loss: float) -> Text:
    long_enough = [model for model in models if model.max_context >= context]
    if not long_enough:
        longest = max(model.max_context for model in models)
        return msg("no catalog model takes {context} tokens of context; the longest takes "
                   "{longest}", context=Count(context), longest=Count(longest))
    smallest = min(long_enough, key=lambda model: model.total_params)
    quant = min((q for q, _ in _choices(max_quality_loss) if q.is_gguf),
                key=lambda q: (-q.quality_loss_pct, q.name))
    request = FitRequest(smallest, quant.name, context=context,
                         concurrency=concurrency, gpu=gpu, gpus=gpus)
    result = fit(request)
    parts: list[Text] = [msg("nothing in the catalog fits {gpus} x {gpu} at {context} tokens x "
                             "{concurrency}", gpus=Count(gpus), gpu=Name(gpu.name),
                             context=Count(context), concurrency=Count(concurrency))]
    if result.max_kv_tokens:
        parts.append(msg("{model} {quant} fits with up to {tokens} tokens of context",
                         model=Name(smallest.name), quant=Name(quant.name),
                         tokens=Count(result.max_kv_tokens // concurrency)))
    if result.gpus_needed:
        parts.append(msg("{model} {quant} needs {gpus} x {gpu}", model=Name(smallest.name),
                         quant=Name(quant.name), gpus=Count(result.gpus_needed),
                         gpu=Name(gpu.name)))
    return semicolons(parts)
