"""Speed estimates: decode is memory-bandwidth bound, prefill compute bound.

Decode time per step = bytes read per GPU / (bandwidth x efficiency) + per-layer fixed cost
+ all-reduce latency (tensor parallel) or hand-over between cards (layer split). Efficiencies
and fixed costs are in core.serving.engines with their calibration sources.
"""

import math
from dataclasses import dataclass

from core.hardware.gpus import GpuSpec
from core.model.architecture import KvProfile, attention_flops_per_token
from core.model.quant import Quantization
from core.model.spec import ModelSpec
from core.model.weights import WeightBytes
from core.serving.engines import ALLREDUCE_LATENCY_S, LLAMA_CPP_HBM_FACTOR, EngineProfile

# Range shown around every central estimate: published tools and our calibration cases differ
# from measurements by up to about a quarter (REFERENCES.md: "give a range, not one number").
SPEED_RANGE = (0.75, 1.25)


@dataclass(frozen=True)
class SpeedSetup:
    """What the speed formulas need about one deployment."""

    model: ModelSpec
    quant: Quantization
    engine: EngineProfile
    gpu: GpuSpec
    gpus: int
    tensor_parallel: bool
    weights: WeightBytes
    kv: KvProfile  # KV cache and state of one sequence on one GPU (all of it unless sharded)
    active_params: int


def _bandwidth_efficiency(setup: SpeedSetup) -> float:
    quant = setup.quant
    block_format = (quant.is_gguf and quant.name != "Q8_0") or quant.kind in ("int4", "fp4")
    efficiency = (setup.engine.quantized_bandwidth_efficiency if block_format
                  else setup.engine.bandwidth_efficiency)
    if setup.engine.name == "llama.cpp" and setup.gpu.is_hbm:
        efficiency *= LLAMA_CPP_HBM_FACTOR
    return efficiency


def _peak_flops(setup: SpeedSetup) -> float:
    gpu, quant = setup.gpu, setup.quant
    if quant.kind in ("fp8", "fp4") and gpu.fp8_tflops:
        return gpu.fp8_tflops * 1e12
    if quant.kind == "int8" and gpu.int8_tops:
        return gpu.int8_tops * 1e12
    return (gpu.bf16_tflops or 0.0) * 1e12


def _interconnect_latency(gpu: GpuSpec) -> float:
    kind = "nvlink" if "nvlink" in gpu.interconnect.lower() or "infinity" in \
        gpu.interconnect.lower() else "pcie"
    return ALLREDUCE_LATENCY_S[kind]


def _weights_read(setup: SpeedSetup, streams: int) -> float:
    # Every step reads the attention, dense and shared-expert weights and the output head;
    # of the routed experts, those any stream routes to: 1 - (1 - k/E)^streams of them
    # (uniform routing). The input embedding table counts whole, as in the calibration.
    weights = setup.weights
    touched = 1 - (1 - weights.routed_share) ** max(streams, 1)
    return weights.always_read + weights.embedding + weights.routed * touched


def decode_step_seconds(setup: SpeedSetup, streams: int, context_tokens: float) -> float:
    """Seconds for one decode step of `streams` sequences each holding `context_tokens`."""
    bandwidth = setup.gpu.bandwidth_gbps * 1e9 * _bandwidth_efficiency(setup)
    weights = _weights_read(setup, streams)
    kv = streams * setup.kv.per_sequence(context_tokens)
    layers = setup.model.arch.layer_count
    fixed = layers * setup.engine.layer_overhead_s
    if setup.gpus == 1:
        memory_time = (weights + kv) / bandwidth
        comm = 0.0
    elif setup.tensor_parallel:
        memory_time = (weights / setup.gpus + kv) / bandwidth
        comm = 2 * layers * _interconnect_latency(setup.gpu)  # two all-reduces per layer
    else:
        memory_time = (weights + kv) / bandwidth  # cards take turns, layer by layer
        comm = (setup.gpus - 1) * _interconnect_latency(setup.gpu)
    flops = _peak_flops(setup) * setup.engine.prefill_efficiency
    compute_time = 0.0
    if flops > 0:
        parallel = setup.gpus if setup.tensor_parallel else 1
        compute_time = streams * 2 * setup.active_params / (flops * parallel)
    return max(memory_time, compute_time) + fixed + comm


def decode_tokens_per_s(setup: SpeedSetup, context_tokens: float) -> float:
    """Steady decode speed of one stream, tokens per second."""
    return 1.0 / decode_step_seconds(setup, 1, context_tokens)


def aggregate_tokens_per_s(setup: SpeedSetup, streams: int, context_tokens: float) -> float:
    """Decode tokens per second summed over `streams` concurrent sequences."""
    return streams / decode_step_seconds(setup, streams, context_tokens)


def prefill_tokens_per_s(setup: SpeedSetup, prompt_tokens: float) -> float | None:
    """Prompt processing speed, tokens per second; None without a compute figure."""
    flops = _peak_flops(setup) * setup.engine.prefill_efficiency
    if flops <= 0:
        return None
    # 2 FLOPs per weight, plus attention scores and values over half the prompt on average
    attention = attention_flops_per_token(setup.model.arch, prompt_tokens / 2)
    per_token = 2 * setup.active_params + attention
    parallel = setup.gpus if setup.tensor_parallel else 1
    scaling = 1.0 if parallel == 1 else 0.9 if "nvlink" in setup.gpu.interconnect.lower() else 0.75
    return flops * parallel * scaling / per_token


def requests_per_hour(setup: SpeedSetup, input_tokens: int, output_tokens: int,
                      streams: int) -> float | None:
    """Requests per hour one deployment sustains at `streams` concurrent requests. An encoder
    reads each request whole and answers with a label: its output tokens cost nothing."""
    prefill = prefill_tokens_per_s(setup, input_tokens)
    if prefill is None:
        return None
    if setup.model.arch.encoder_only:
        return 3600.0 * prefill / input_tokens
    context = input_tokens + output_tokens / 2
    decode = aggregate_tokens_per_s(setup, streams, context)
    gpu_seconds = input_tokens / prefill + output_tokens / decode
    return 3600.0 / gpu_seconds


def replicas_for(requests_needed: float, requests_per_replica: float) -> int:
    """Deployments needed to carry `requests_needed` per hour (at least one)."""
    if requests_per_replica <= 0:
        return 0
    return max(1, math.ceil(requests_needed / requests_per_replica))
