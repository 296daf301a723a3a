"""Rank model x quantization x engine choices that fit a GPU set."""

from dataclasses import dataclass, replace

from core.fit import FitRequest, fit, fits_on, speed_setup
from core.params import total_params
from core.quant import QUANTIZATIONS, Quantization
from core.specs import GpuSpec, ModelSpec, model_catalog
from core.speed import requests_per_hour

# Engines a serving recommendation considers; transformers is for experiments, not serving.
SERVING_ENGINES = ("vllm", "tensorrt-llm", "llama.cpp")
# fp16 and fp32 repeat bf16 (same size, more memory): left out of the table.
_SKIPPED = ("fp16", "fp32")
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
    headroom_bytes: int
    max_kv_tokens: int
    decode_tokens_per_s: float
    aggregate_tokens_per_s: float
    quality_loss_pct: float
    quality_note: str
    requests_per_hour: float | None = None  # with `concurrency` requests of the given sizes


@dataclass(frozen=True)
class RecommendationTable:
    rows: tuple[Recommendation, ...]
    gpu: str
    gpus: int
    context: int
    concurrency: int
    hint: str | None  # what would help when nothing fits


def _quality_band(loss_pct: float) -> int:
    # Near-lossless and 4-bit-class choices (up to IQ4_XS, +7.1%) rank before 3-bit ones.
    return 0 if loss_pct <= GOOD_QUALITY_LOSS else 1


def _choices(max_quality_loss: float) -> list[tuple[Quantization, str]]:
    return [(quant, engine) for quant in QUANTIZATIONS.values()
            if quant.name not in _SKIPPED and quant.quality_loss_pct <= max_quality_loss
            for engine in quant.engines if engine in SERVING_ENGINES]


def recommend(gpu: GpuSpec, gpus: int, context: int = 4096, concurrency: int = 1,
              models: tuple[ModelSpec, ...] | None = None,
              max_quality_loss: float = DEFAULT_MAX_QUALITY_LOSS,
              request_tokens: tuple[int, int] | None = None) -> RecommendationTable:
    """Every catalog model x quantization x engine that fits on up to `gpus` x `gpu`: choices
    within GOOD_QUALITY_LOSS first, then the largest model, least quality loss, fastest.
    With `request_tokens` (prompt, answer), each row also says how many such requests an hour
    it serves with `concurrency` of them at once."""
    models = models if models is not None else model_catalog()
    rows = []
    for model in models:
        if model.max_context < context:
            continue  # cannot take the context the workload asks for
        for quant, engine in _choices(max_quality_loss):
            request = FitRequest(model, quant.name, engine=engine, context=context,
                                 concurrency=concurrency, gpu=gpu, gpus=1)
            used = next((n for n in range(1, gpus + 1) if fits_on(request, n)), None)
            if used is None:
                continue
            placed = replace(request, gpus=used)
            result = fit(placed)
            rate = None
            if request_tokens is not None:
                rate = requests_per_hour(speed_setup(placed), *request_tokens, concurrency)
            rows.append(Recommendation(
                model.id, model.name, result.params, quant.name, engine, used,
                result.weights_bytes, result.total_bytes, result.headroom_bytes or 0,
                result.max_kv_tokens or 0, result.decode_tokens_per_s or 0.0,
                result.aggregate_tokens_per_s or 0.0, quant.quality_loss_pct,
                quant.quality_note, rate))
    rows.sort(key=lambda row: (_quality_band(row.quality_loss_pct), -row.params,
                               row.quality_loss_pct, -row.decode_tokens_per_s))
    hint = None if rows else _hint(gpu, gpus, context, concurrency, models, max_quality_loss)
    return RecommendationTable(tuple(rows), gpu.name, gpus, context, concurrency, hint)


def _hint(gpu: GpuSpec, gpus: int, context: int, concurrency: int,
          models: tuple[ModelSpec, ...], max_quality_loss: float) -> str:
    long_enough = [model for model in models if model.max_context >= context]
    if not long_enough:
        longest = max(model.max_context for model in models)
        return (f"no catalog model takes {context:,} tokens of context; the longest takes "
                f"{longest:,}")
    smallest = min(long_enough, key=total_params)
    quant = min((q for q, _ in _choices(max_quality_loss) if q.is_gguf),
                key=lambda q: (-q.quality_loss_pct, q.name))
    request = FitRequest(smallest, quant.name, context=context,
                         concurrency=concurrency, gpu=gpu, gpus=gpus)
    result = fit(request)
    parts = [f"nothing in the catalog fits {gpus} x {gpu.name} at {context:,} tokens x "
             f"{concurrency}"]
    if result.max_kv_tokens:
        parts.append(f"{smallest.name} {quant.name} fits with up to "
                     f"{result.max_kv_tokens // concurrency:,} tokens of context")
    if result.gpus_needed:
        parts.append(f"{smallest.name} {quant.name} needs {result.gpus_needed} x {gpu.name}")
    return "; ".join(parts)
