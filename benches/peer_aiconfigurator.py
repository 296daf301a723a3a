"""NVIDIA's aiconfigurator (PyPI `aiconfigurator`, an optional bench extra: `pip install -e
'.[bench]'`) as a peer of the serving model: its figures for the published serving rows it
covers, so the accuracy report can set them beside the planner's on the same rows.

aiconfigurator predicts from per-operator timings it measured on a set of NVIDIA systems
(h100_sxm, h200_sxm, a100_sxm, l40s, b200_sxm, ...) with one TensorRT-LLM, vLLM and SGLang build
each; it never needs a GPU. It is never imported by the app, and this module imports it only
inside `peer_figures`, which answers {} where it is not installed.

How a row becomes an aiconfigurator estimate (`cli_estimate`, mode "agg": one aggregated
in-flight-batching worker of TP GPUs, its defaults otherwise):
- system: the row's GPU (h100-sxm -> h100_sxm, ...); GPUs it has no tables for (A100 PCIe, RTX
  4090, AMD) are not covered;
- backend: tensorrt-llm -> trtllm, vllm -> vllm, sglang -> sglang, at the database version
  aiconfigurator calls current for that system (it accepts no other version, so the rows'
  own engine versions, mostly older, are not matched; the version used is reported);
- model: a config.json bundled with aiconfigurator (offline, no Hugging Face download);
  Llama 3.3 70B uses Llama 3.1 70B's (the same architecture); Llama 2, Mistral 7B, Qwen3 14B
  and DeepSeek-V3 have none and are not covered;
- precision: FP8 weights as per-tensor FP8 (NVIDIA ModelOpt checkpoints), block FP8 for Qwen3
  dense models (the rows use Qwen's own -FP8 checkpoints), MXFP4 as the checkpoint ships; the
  KV cache as the bench reads it (FP8 or 16-bit); MoE experts tensor-parallel over the TP GPUs;
- load: batch size = the row's concurrency (requests at once), giving all three figures.
  Maximum-throughput rows (no concurrency: a burst of N prompts) ask for min(N, the engine's
  default cap the bench uses, ENGINE_MAX_SEQUENCES). Where aiconfigurator says a batch does not
  fit (out of memory, or its KV-cache warning) the row runs at the largest batch it says fits,
  found by bisection, as the engine would queue the rest; such rows give only output tokens/s
  (their time to first token would include the queue, which aiconfigurator does not model).
"""

import contextlib
import io
import logging
import warnings
from typing import Any

SYSTEMS = {"h100-sxm": "h100_sxm", "h200-sxm": "h200_sxm", "a100-sxm4-80gb": "a100_sxm",
           "l40s": "l40s", "b200": "b200_sxm", "b200-sxm": "b200_sxm", "gb200": "gb200"}
BACKENDS = {"tensorrt-llm": "trtllm", "vllm": "vllm", "sglang": "sglang"}
MODELS = {"meta-llama/Llama-3.1-8B": "meta-llama/Meta-Llama-3.1-8B",
          "meta-llama/Llama-3.1-70B": "meta-llama/Meta-Llama-3.1-70B",
          "meta-llama/Llama-3.3-70B-Instruct": "meta-llama/Meta-Llama-3.1-70B",
          "meta-llama/Llama-3.1-405B": "meta-llama/Meta-Llama-3.1-405B"}
_BLOCK_FP8 = ("Qwen/Qwen3-0.6B", "Qwen/Qwen3-1.7B", "Qwen/Qwen3-8B", "Qwen/Qwen3-32B")


def version() -> str | None:
    """The installed aiconfigurator's version, None where it is not installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("aiconfigurator")
    except PackageNotFoundError:
        return None


def _quant(row: Any, model: str, moe: bool) -> dict[str, str]:
    kv = {"kvcache_quant_mode": "fp8" if row.kv_quant == "fp8" else "bfloat16"}
    if row.quant == "shipped":  # MXFP4 as the checkpoint's config.json says
        return kv
    if row.quant == "fp8":
        gemm = "fp8_block" if model in _BLOCK_FP8 else "fp8"
        return {**kv, "gemm_quant_mode": gemm, **({"moe_quant_mode": "fp8"} if moe else {})}
    if row.quant in ("bf16", "fp16"):
        return {**kv, "gemm_quant_mode": "bfloat16",
                **({"moe_quant_mode": "bfloat16"} if moe else {})}
    raise ValueError(f"no aiconfigurator mode for {row.quant} weights")


def _cap(row: Any) -> int:
    """The most requests the engine runs at once by default, as the bench assumes."""
    from benches.serving_accuracy import ENGINE_MAX_SEQUENCES
    from core.hardware.gpus import match_gpu

    small, large = ENGINE_MAX_SEQUENCES.get(row.engine, (256, 256))
    return large if match_gpu(row.gpu).memory_bytes >= 70 * 2**30 else small


def peer_figures(rows: list[Any], versions: dict[str, str] | None = None
                 ) -> dict[str, dict[str, float]]:
    """Row id -> aiconfigurator's {"output_tokens_per_s", "tokens_per_s_per_user", "ttft_s"}
    for each row it covers; {} where aiconfigurator is not installed. A row it cannot run
    (unknown GPU, model, precision, out of memory, any error) is left out. `versions`, when
    given, is filled with row id -> "backend version on system" of the database used."""
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            from aiconfigurator.cli.api import cli_estimate
            from aiconfigurator.sdk.common import DefaultHFModels
            from aiconfigurator.sdk.models.helpers import check_is_moe
            from aiconfigurator.sdk.perf_database import get_latest_database_version
    except Exception:  # not installed (ImportError), or an install that does not load
        return {}

    # its loggers say which tables fall back to coarser data on every call
    loggers = [logging.getLogger(name) for name in ("aiconfigurator", "aiconfigurator_core")]
    levels = [logger.level for logger in loggers]
    database: dict[tuple[str, str], str | None] = {}
    out: dict[str, dict[str, float]] = {}

    def estimate(row: Any, model: str, system: str, backend: str, db: str, batch: int) -> Any:
        moe = check_is_moe(model)
        return cli_estimate(
            model, system, mode="agg", backend_name=backend, backend_version=db,
            isl=row.input_tokens, osl=row.output_tokens, batch_size=batch, tp_size=row.tp,
            **({"moe_tp_size": row.tp, "moe_ep_size": 1} if moe else {}),
            **_quant(row, model, moe))

    def fits(row: Any, model: str, system: str, backend: str, db: str, batch: int) -> Any:
        try:
            result = estimate(row, model, system, backend, db, batch)
        except RuntimeError as error:  # its out-of-memory answer
            if "OOM" in str(error):
                return None
            raise
        return None if result.kv_cache_warning else result

    try:
        for logger in loggers:
            logger.setLevel(logging.CRITICAL)
        for row in rows:
            system, backend = SYSTEMS.get(row.gpu), BACKENDS.get(row.engine)
            model = MODELS.get(row.model, row.model)
            if row.vendor != "nvidia" or system is None or backend is None \
                    or model not in DefaultHFModels:
                continue
            try:
                with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()), \
                        contextlib.redirect_stdout(io.StringIO()):
                    warnings.simplefilter("ignore")
                    if (system, backend) not in database:
                        database[system, backend] = get_latest_database_version(
                            system=system, backend=backend)
                    db = database[system, backend]
                    if db is None:
                        continue
                    steady = bool(row.concurrency)
                    target = row.concurrency or min(row.burst or 10**9, _cap(row))
                    best = fits(row, model, system, backend, db, target)
                    if best is None:  # more than fits: the engine queues the rest
                        steady, low, high = False, 0, target - 1
                        while low < high:  # the largest batch it says fits
                            middle = (low + high + 1) // 2
                            result = fits(row, model, system, backend, db, middle)
                            if result is None:
                                high = middle - 1
                            else:
                                low, best = middle, result
                    if best is None:
                        continue
                    figures = {"output_tokens_per_s": float(best.raw["tokens/s"])}
                    if steady:
                        figures["tokens_per_s_per_user"] = 1000.0 / float(best.tpot)
                        figures["ttft_s"] = float(best.ttft) / 1000.0
            except Exception:  # a row it cannot run is not covered
                continue
            out[row.id] = figures
            if versions is not None:
                versions[row.id] = f"{backend} {db} on {system}"
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
    return out
