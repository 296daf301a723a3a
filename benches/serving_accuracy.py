"""The serving model (core.serving.speed.serve) against published serving measurements:
throughput, per-user speed and time to first token, and vLLM's KV cache size against its own
start-up logs.

The measurements, each with its source, setup and the verbatim lines it was read from, are in
benches/data/serving_nvidia.json and benches/data/serving_amd_llamacpp.json; the vLLM logs in
benches/data/vllm_kv_logs.json. Half of the measurements (those whose id hashes to an even
number) calibrate the speed constants (benches/calibrate_serving.py); the other half is only
ever predicted, and its errors are what README and the speed ranges report.
"""

import hashlib
import json
import math
import re
import statistics
from dataclasses import dataclass, replace
from pathlib import Path

from benches import peer_aiconfigurator
from core.errors import InputError
from core.hardware.gpus import match_gpu
from core.model.spec import find_model
from core.serving.fit import fit
from core.serving.memory import FitRequest, memory_plan
from core.serving.speed import Serving, serve

DATA = Path(__file__).resolve().parent / "data"
SERVING_FILES = ("serving_nvidia.json", "serving_amd_llamacpp.json")
METRICS = ("output_tokens_per_s", "tokens_per_s_per_user", "ttft_s")

# Requests an engine runs at once when a benchmark gives no cap (maximum-throughput runs):
# vLLM V1's max_num_seqs default on GPUs of 70 GiB and more (1024; 256 below), TensorRT-LLM's
# max_batch_size default (2048); SGLang sizes it from its KV pool.
ENGINE_MAX_SEQUENCES = {"vllm": (256, 1024), "tensorrt-llm": (2048, 2048),
                        "sglang": (4096, 4096), "llama.cpp": (1, 1)}
_QUANT = {"mxfp4": "shipped", "q8_0": "Q8_0"}


@dataclass(frozen=True)
class Row:
    """One published measurement and the figures it gives."""

    id: str
    source: str
    engine: str
    vendor: str
    gpu: str
    tp: int
    model: str
    quant: str
    kv_quant: str
    input_tokens: int
    output_tokens: int
    concurrency: int | None
    burst: int | None  # requests sent at once without a cap (no steady state)
    measured: dict[str, float]
    doubtful: bool

    @property
    def calibration(self) -> bool:
        """In the calibration half (the other half is held out)."""
        return int(hashlib.sha256(self.id.encode()).hexdigest(), 16) % 2 == 0

    @property
    def group(self) -> str:
        return f"{self.engine} / {self.vendor}"

    @property
    def multi_gpu(self) -> bool:
        return self.tp > 1


def _measured(raw: dict) -> dict[str, float]:
    out: dict[str, float] = {}
    inp, outp = raw["input_tokens"] or 0, raw["output_tokens"] or 0
    if raw.get("output_tokens_per_s"):
        out["output_tokens_per_s"] = raw["output_tokens_per_s"]
    elif raw.get("total_tokens_per_s") and outp:
        out["output_tokens_per_s"] = raw["total_tokens_per_s"] * outp / (inp + outp)
    per_token_ms = raw.get("tpot_ms") or raw.get("itl_ms")
    if per_token_ms:
        out["tokens_per_s_per_user"] = 1000.0 / per_token_ms
    elif raw.get("tokens_per_s_per_user"):
        out["tokens_per_s_per_user"] = raw["tokens_per_s_per_user"]
    if raw.get("ttft_ms"):
        out["ttft_s"] = raw["ttft_ms"] / 1000.0
    return out


def _prefill_first(raw: dict) -> bool:
    """vLLM before 0.8 (the V0 engine) ran waiting prompts ahead of running decodes unless
    chunked prefill was switched on; its first tokens come earlier and its inter-token gaps
    later than the chunked-prefill scheduler the model describes (vLLM 0.8 release notes: V1
    on by default). Its throughput still counts."""
    version = str(raw.get("engine_version") or "")
    match = re.search(r"(\d+)\.(\d+)", version)
    return raw["engine"] == "vllm" and match is not None and \
        (int(match.group(1)), int(match.group(2))) < (0, 8)


# ROCm builds that ran DeepSeek's MLA and block-scaled FP8 MoE without AMD's AITER kernels:
# AMD measured AITER at +2x GEMM, +3x MoE, +17x MLA decode and +14x MHA prefill over them
# (ROCm blog 'Supercharge DeepSeek-R1 Inference on AMD Instinct MI300X', 2025-03-21,
# rocm.blogs.amd.com/artificial-intelligence/DeepSeekR1-Part2), which SGLang took up in 0.4.4
# and vLLM's ROCm builds from 0.8. The model describes the current engines, so rows of the
# older builds are reported apart, in neither half.
_BEFORE_AITER = {"sglang": (0, 4, 4), "vllm": (0, 8, 0)}


def superseded(raw: dict) -> str | None:
    """Why a measurement's engine build is not the one the model describes, or None."""
    if raw["vendor"] != "amd" or raw["engine"] not in _BEFORE_AITER:
        return None
    if "mla" not in find_model(raw["model"]).arch.attention_kinds:
        return None
    match = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", str(raw.get("engine_version") or ""))
    if match is None:
        return None
    version = tuple(int(part or 0) for part in match.groups())
    if version < _BEFORE_AITER[raw["engine"]]:
        return (f"{raw['engine']} {'.'.join(map(str, version))} on ROCm ran MLA and the "
                "FP8 MoE before AMD's AITER kernels")
    return None


def _kv_quant(raw: dict) -> str:
    """The KV cache type of a measurement: as the source states it; TensorRT-LLM's FP8 runs
    use NVIDIA's ModelOpt FP8 checkpoints, which quantize the KV cache to FP8 as well
    (hf_quant_config.json of nvidia/Llama-3.1-8B-Instruct-FP8: kv_cache_quant_algo FP8)."""
    if raw["kv_cache"]:
        return "fp8" if raw["kv_cache"] == "fp8" else "fp16"
    if raw["engine"] == "tensorrt-llm" and raw["weights"] == "fp8":
        return "fp8"
    return "fp16"


def load_rows(older_builds: bool = False) -> list[Row]:
    """The measurements of the engine builds the model describes; with older_builds, only
    those of builds it does not (superseded())."""
    rows = []
    for name in SERVING_FILES:
        for raw in json.loads((DATA / name).read_text(encoding="utf-8"))["rows"]:
            if (superseded(raw) is not None) != older_builds:
                continue
            measured = _measured(raw)
            burst = None
            if raw["concurrency"] is None and raw.get("num_prompts") and not raw.get(
                    "request_rate"):
                burst = raw["num_prompts"]
                if raw.get("dataset") == "sharegpt":
                    # a burst of ShareGPT conversations lasts as long as its longest answers,
                    # which mean lengths do not tell: not a figure the model can be held to
                    continue
                # a burst drains a queue: its mean TTFT and TPOT are not a steady load's
                measured = {k: v for k, v in measured.items() if k == "output_tokens_per_s"}
            if _prefill_first(raw):
                measured = {k: v for k, v in measured.items() if k == "output_tokens_per_s"}
            if not measured or raw["pp"] != 1 or raw["dp"] != 1:
                continue
            rows.append(Row(
                raw["id"], raw["source"], raw["engine"], raw["vendor"], raw["gpu"], raw["tp"],
                raw["model"], _QUANT.get(raw["weights"], raw["weights"]),
                _kv_quant(raw),
                max(1, raw["input_tokens"] or 1), max(1, raw["output_tokens"] or 1),
                raw["concurrency"], burst, measured, bool(raw.get("doubtful"))))
    return rows


def predict(row: Row) -> Serving:
    """The serving model's figures for the row's setup and load."""
    gpu = match_gpu(row.gpu)
    request = FitRequest(find_model(row.model), row.quant, engine=row.engine,
                         kv_quant=row.kv_quant, gpu=gpu, gpus=row.tp,
                         input_tokens=row.input_tokens, output_tokens=row.output_tokens)
    plan = memory_plan(request)
    setup = plan.speed_setup()
    assert setup is not None
    card = plan.card
    held = math.floor(card.kv_capacity / (card.kv_bytes_per_token * plan.resolved.context))
    small, large = ENGINE_MAX_SEQUENCES.get(row.engine, (256, 256))
    cap = large if gpu.memory_bytes >= 70 * 2**30 else small
    concurrency = row.concurrency or row.burst or cap
    result = serve(setup, row.input_tokens, row.output_tokens, concurrency,
                   max(1, min(held, cap)))
    assert result is not None
    return result


@dataclass(frozen=True)
class Error:
    row: Row
    metric: str
    predicted: float
    measured: float

    @property
    def signed(self) -> float:
        return (self.predicted - self.measured) / self.measured * 100

    @property
    def absolute(self) -> float:
        return abs(self.signed)


def errors(rows: list[Row]) -> tuple[list[Error], list[tuple[Row, str]]]:
    """Every metric of every row predicted, and the rows the model cannot run (why)."""
    out, skipped = [], []
    for row in rows:
        try:
            result = predict(row)
        except InputError as error:
            skipped.append((row, str(error)))
            continue
        for metric, value in row.measured.items():
            out.append(Error(row, metric, getattr(result, metric), value))
    return out, skipped


def summary(errs: list[Error]) -> list[tuple[str, str, int, float, float]]:
    """(group, metric, cases, median |error| %, max |error| %) per engine/vendor, one or
    several GPUs, and metric."""
    groups: dict[tuple[str, str], list[float]] = {}
    for error in errs:
        where = f"{error.row.group}, {'TP>1' if error.row.multi_gpu else '1 GPU'}"
        groups.setdefault((where, error.metric), []).append(error.absolute)
        groups.setdefault(("all", error.metric), []).append(error.absolute)
    return [(group, metric, len(values), statistics.median(values), max(values))
            for (group, metric), values in sorted(groups.items())]


def _kv_request(log: dict) -> FitRequest | None:
    """The fit request of a vLLM start-up log; None for what the planner does not model (a
    float32 KV cache, pipeline stages, a model outside the catalog)."""
    dtype = log["dtype"].replace("bfloat16", "bf16").replace("float16", "fp16")
    quant = {"fp8": "fp8", None: dtype}.get(log["quantization"])
    if quant not in ("bf16", "fp16", "fp8") or log.get("pp", 1) != 1 \
            or log.get("in_catalog") is False:
        return None
    return FitRequest(find_model(log["model"]), quant, engine="vllm",
                      kv_quant="fp8" if log["kv_cache_dtype"] == "fp8" else "fp16",
                      context=log.get("max_model_len") or None, gpu=match_gpu(log["gpu"]),
                      gpus=log["tp"], gpu_memory_utilization=log["gpu_memory_utilization"])


_CONCURRENCY = re.compile(r"Maximum concurrency for ([\d,]+) tokens per request: ([\d.]+)x")


def kv_cases() -> list[tuple[str, float, float, str]]:
    """(label, predicted, logged, source) for each vLLM log of a catalog model on a catalog
    GPU: the requests of the log's length the KV cache holds ("Maximum concurrency for N
    tokens per request: X", the contract's max_concurrency), or, where a log has no such
    line, its "GPU KV cache size: N tokens" (max_kv_tokens)."""
    cases = []
    logs = json.loads((DATA / "vllm_kv_logs.json").read_text(encoding="utf-8"))["rows"]
    for log in logs:
        try:
            request = _kv_request(log)
            if request is None:
                continue
            line = _CONCURRENCY.search(log.get("max_concurrency_line") or "")
            if line:
                length = int(line.group(1).replace(",", ""))
                result = fit(replace(request, context=length))
                card = result.per_gpu
                assert card is not None
                predicted = card.kv_capacity / (card.kv_bytes_per_token * length)
                logged, unit = float(line.group(2)), "requests"
            elif log.get("kv_cache_tokens"):
                predicted = float(fit(request).max_kv_tokens or 0)
                logged, unit = float(log["kv_cache_tokens"]), "tokens"
            else:
                continue
        except InputError:
            continue
        label = (f"{log['model'].split('/')[1]} {request.quant} kv {log['kv_cache_dtype']} on "
                 f"{log['tp']} x {log['gpu']}, gmu {log['gpu_memory_utilization']}, "
                 f"vLLM {log['vllm_version']} ({unit})")
        cases.append((label, predicted, logged, log["source"]))
    return cases


def report() -> str:
    rows = load_rows()
    lines = ["", "Serving under load (core.serving.speed.serve) against published "
             "measurements", f"  {len(rows)} measurements with a steady load or a maximum "
             "throughput; calibration half / held-out half by a hash of the row id"]
    for half, chosen in (("held out", [r for r in rows if not r.calibration]),
                         ("calibration", [r for r in rows if r.calibration])):
        errs, skipped = errors(chosen)
        lines += ["", f"  {half} half: {len(chosen)} rows, {len(errs)} figures"
                  f"{f', {len(skipped)} rows the model refuses' if skipped else ''}",
                  f"    {'group':<28} {'metric':<22} {'cases':>5} {'median':>8} {'max':>8}"]
        for group, metric, count, median, worst in summary(errs):
            lines.append(f"    {group:<28} {metric:<22} {count:>5} {median:>7.1f}% "
                         f"{worst:>7.1f}%")
        lines += [f"    refused: {row.id}: {why}" for row, why in skipped]
    older = load_rows(older_builds=True)
    if older:
        errs, _ = errors(older)
        lines += ["", f"  older engine builds, in neither half ({len(older)} rows: "
                  "benches/serving_accuracy.superseded says why)"]
        for group, metric, count, median, worst in summary(errs):
            if group != "all":
                lines.append(f"    {group:<28} {metric:<22} {count:>5} {median:>7.1f}% "
                             f"{worst:>7.1f}%")
    kv = kv_cases()
    if kv:
        errs = [abs(p - m) / m * 100 for _, p, m, _ in kv]
        lines += ["", "vLLM KV cache room against vLLM start-up logs: requests of the log's "
                  "length held ('Maximum concurrency for N tokens per request'), else KV "
                  "tokens ('GPU KV cache size')"]
        for (label, predicted, logged, _), err in zip(kv, errs, strict=True):
            lines.append(f"  {label:<92} {predicted:>10,.2f} {logged:>10,.2f} {err:6.1f}%")
        lines.append(f"  median {statistics.median(errs):.1f}%, max {max(errs):.1f}% "
                     f"({len(kv)} logs; sources in benches/data/vllm_kv_logs.json)")
    lines += peer_lines(rows)
    return "\n".join(lines)


def peer_lines(rows: list[Row]) -> list[str]:
    """NVIDIA's aiconfigurator beside the planner on the rows it covers (where it is
    installed: benches/peer_aiconfigurator.py), else one line saying how to get it."""
    versions: dict[str, str] = {}
    peer = peer_aiconfigurator.peer_figures(rows, versions)
    if not peer:
        return ["", "aiconfigurator (NVIDIA) is not installed: `.venv/bin/pip install -e "
                "'.[bench]'` (an optional bench extra) sets its figures beside the planner's"]
    ours, _ = errors([row for row in rows if row.id in peer])
    lines = ["", f"aiconfigurator {peer_aiconfigurator.version()} beside the planner on the "
             f"rows it covers ({len(peer)} of {len(rows)}; median |error| on the same figures)",
             f"  {'metric':<22} {'half':<12} {'rows':>5} {'aiconfigurator':>15} "
             f"{'planner':>8}"]
    for metric in METRICS:
        for half, keep in (("held out", lambda e: not e.row.calibration),
                           ("all", lambda e: True)):
            pairs = [(abs(peer[e.row.id][metric] - e.measured) / e.measured * 100, e.absolute)
                     for e in ours if e.metric == metric and metric in peer[e.row.id]
                     and keep(e)]
            if pairs:
                lines.append(
                    f"  {metric:<22} {half:<12} {len(pairs):>5} "
                    f"{statistics.median(p for p, _ in pairs):>14.1f}% "
                    f"{statistics.median(o for _, o in pairs):>7.1f}%")
    used: dict[str, set[str]] = {}
    for label in versions.values():
        database, system = label.split(" on ")
        used.setdefault(database, set()).add(system)
    lines.append("  its databases: " + "; ".join(
        f"{database} ({', '.join(sorted(systems))})" for database, systems in sorted(used.items())))
    lines.append("  (how rows map to its inputs: benches/peer_aiconfigurator.py)")
    return lines


if __name__ == "__main__":
    print(report())
