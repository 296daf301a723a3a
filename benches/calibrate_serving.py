"""`python -m benches.calibrate_serving`: fit the serving model's constants (core.serving.speed
CALIBRATION) per engine and GPU vendor on the calibration half of the published measurements
in benches/serving_accuracy.py, and print them with the errors of both halves.

Fitted per group: the share of peak bandwidth (e_bw), the shares of peak FLOPs in decode
(e_dec) and prefill (e_pf), the fixed cost per layer and step (o_layer), the all-reduce cost
per layer over NVLink/Infinity Fabric (a_tp) and the fixed time to first token (t0). The
objective is the sum of squared log errors of every figure (output tokens/s, per-user tokens/s,
time to first token) of the group's calibration rows; Nelder-Mead in log space, bounded.
Constants the rows cannot inform keep their value: a_tp without TP>1 rows; t0 without a
time-to-first-token row takes the same engine's on NVIDIA (it is the host's share of a request:
HTTP, tokenizing, scheduling, the same code on either vendor).
"""

import math
import statistics
from dataclasses import replace

import numpy as np

from benches.serving_accuracy import Row, errors, load_rows
from core.model.spec import find_model
from core.serving import speed

FITTED = ("bandwidth_efficiency", "decode_efficiency", "prefill_efficiency",
          "layer_overhead_s", "allreduce_s", "ttft_fixed_s", "expert_efficiency",
          "moe_layer_overhead_s")
# Physically plausible ranges: engines reach 50-90% of peak bandwidth in decode and 20-80% of
# peak FLOPs in large products; a kernel launch costs microseconds, an all-reduce tens.
BOUNDS = {"bandwidth_efficiency": (0.5, 0.9), "decode_efficiency": (0.2, 0.8),
          "prefill_efficiency": (0.2, 0.8), "layer_overhead_s": (2e-6, 100e-6),
          "allreduce_s": (5e-6, 150e-6), "ttft_fixed_s": (5e-3, 0.2),
          "expert_efficiency": (0.1, 0.9), "moe_layer_overhead_s": (1e-6, 500e-6)}
GROUPS = (("vllm", "nvidia"), ("tensorrt-llm", "nvidia"), ("vllm", "amd"))
# Too few rows to fit (SGLang: 4 on NVIDIA, 10 on AMD of which 8 ran DeepSeek-R1 on an early
# 2025 ROCm build): vLLM's constants on the same vendor stand in, checked on their rows.
BORROWED = {("sglang", "nvidia"): ("vllm", "nvidia"), ("sglang", "amd"): ("vllm", "amd")}


def _apply(key: tuple[str, str], names: tuple[str, ...], values: np.ndarray) -> None:
    base = speed.CALIBRATION[key]
    changes = {name: float(value) for name, value in zip(names, values, strict=True)}
    if "bandwidth_efficiency" in changes:  # block formats keep their ratio to 16-bit weights
        ratio = base.quantized_bandwidth_efficiency / base.bandwidth_efficiency
        changes["quantized_bandwidth_efficiency"] = changes["bandwidth_efficiency"] * ratio
    speed.CALIBRATION[key] = replace(base, **changes)


def _loss(rows: list[Row]) -> float:
    errs, _ = errors(rows)
    return sum(math.log(e.predicted / e.measured) ** 2 for e in errs) if errs else 0.0


def _nelder_mead(function, start: np.ndarray, steps: int = 600) -> np.ndarray:
    points = [start] + [start + np.eye(len(start))[i] * 0.3 for i in range(len(start))]
    values = [function(p) for p in points]
    for _ in range(steps):
        order = np.argsort(values)
        points = [points[i] for i in order]
        values = [values[i] for i in order]
        centre = np.mean(points[:-1], axis=0)
        reflected = centre + (centre - points[-1])
        value = function(reflected)
        if value < values[0]:
            expanded = centre + 2 * (centre - points[-1])
            expanded_value = function(expanded)
            points[-1], values[-1] = ((expanded, expanded_value) if expanded_value < value
                                      else (reflected, value))
        elif value < values[-2]:
            points[-1], values[-1] = reflected, value
        else:
            contracted = centre + 0.5 * (points[-1] - centre)
            contracted_value = function(contracted)
            if contracted_value < values[-1]:
                points[-1], values[-1] = contracted, contracted_value
            else:
                points = [points[0] + 0.5 * (p - points[0]) for p in points]
                values = [function(p) for p in points]
    return points[int(np.argmin(values))]


def calibrate(key: tuple[str, str], rows: list[Row]) -> None:
    group = [row for row in rows if (row.engine, row.vendor) == key and row.calibration]
    moe = any(find_model(row.model).is_moe for row in group)
    timed = any("ttft_s" in row.measured for row in group)
    names = tuple(name for name in FITTED
                  if (name != "allreduce_s" or any(row.multi_gpu for row in group))
                  and (name != "ttft_fixed_s" or timed)
                  and (name not in ("expert_efficiency", "moe_layer_overhead_s") or moe))
    if not timed and (key[0], "nvidia") in speed.CALIBRATION:
        speed.CALIBRATION[key] = replace(
            speed.CALIBRATION[key],
            ttft_fixed_s=speed.CALIBRATION[(key[0], "nvidia")].ttft_fixed_s)
    low = np.log([BOUNDS[name][0] for name in names])
    high = np.log([BOUNDS[name][1] for name in names])
    # start from the middle of each range (geometric), not from the constants in use
    start = (low + high) / 2

    def objective(x: np.ndarray) -> float:
        _apply(key, names, np.exp(np.clip(x, low, high)))
        return _loss(group)

    best = np.clip(_nelder_mead(objective, start), low, high)
    _apply(key, names, np.exp(best))


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _band(errs: list[float], fallback: float) -> float:
    """The range half-width: the 80th percentile of held-out |error|s (at least 5 of them)."""
    return round(_p(errs, 0.8), 2) if len(errs) >= 5 else fallback


def main() -> None:
    rows = load_rows()
    for key in GROUPS:
        calibrate(key, rows)
    for key, donor in BORROWED.items():
        speed.CALIBRATION[key] = replace(speed.CALIBRATION[donor],
                                         source=speed.CALIBRATION[key].source)
    held_errors = {key: errors([r for r in rows if (r.engine, r.vendor) == key
                                and not r.calibration])[0] for key in (*GROUPS, *BORROWED)}
    # A group's own held-out rows cover few setups (vLLM on ROCm: dense Llama in FP8 almost
    # only), so its range is never narrower than that of all groups together.
    pooled_one = _band([e.absolute / 100 for errs in held_errors.values() for e in errs
                        if not e.row.multi_gpu], 0.5)
    pooled_multi = _band([e.absolute / 100 for errs in held_errors.values() for e in errs
                          if e.row.multi_gpu], 0.5)
    for key, errs in held_errors.items():
        every = [e.absolute / 100 for e in errs]
        one = [e.absolute / 100 for e in errs if not e.row.multi_gpu]
        multi = [e.absolute / 100 for e in errs if e.row.multi_gpu]
        overall = _band(every, 0.5) if every else 0.5
        cal = replace(speed.CALIBRATION[key],
                      error_one_gpu=max(_band(one, overall), pooled_one),
                      error_multi_gpu=max(_band(multi, overall), pooled_multi))
        speed.CALIBRATION[key] = cal
        print(f"{key}: " + ", ".join(f"{name}={getattr(cal, name):.3g}" for name in FITTED))
        print(f"  held-out: {len(one)} figures on 1 GPU, median |error| "
              f"{statistics.median(one) if one else 0:.2f}; {len(multi)} on TP>1, median "
              f"{statistics.median(multi) if multi else 0:.2f}; range half-widths (p80, at "
              f"least all groups' {pooled_one} / {pooled_multi}) "
              f"{cal.error_one_gpu} / {cal.error_multi_gpu}")


if __name__ == "__main__":
    main()
