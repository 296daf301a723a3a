"""Serving speed of one deployment, alone and under load.

One decode step (a token for each of B streams, each holding L tokens of context), on the most
loaded GPU:

    t_step = (weights read + B x KV(L)) / (bandwidth x e_bw)        memory
           + B x 2 x active parameters / (g x peak FLOPs x e_dec)   the batch's matrix products
           + layers x o_layer                                       kernel launches, fixed
           + layers x (a_tp + 2 x 2(g-1)/g x B x hidden x 2 B / link)  two all-reduces per layer

with g GPUs under tensor parallelism. The memory and compute terms add: an engine runs the
weight read and the batch's products as kernels one after another, and measured steps grow
with the batch from the first stream on (vLLM's own roofline in its benchmarks, and the step
times in the serving measurements of benches/accuracy.py). Of a mixture of experts' routed
experts a step reads those any stream routes to; latent attention (MLA) caches its latent
vector, held whole on every GPU.

Prefill costs each prompt token c = (2 x active parameters + attention FLOPs at half the
prompt) / (g x peak x e_pf), plus its all-reduce bytes over the link.

Under load (C requests at once, each I tokens in and O out, every finished request replaced at
once, as serving benchmarks run them), the KV cache holds B = min(C, KV tokens / (I + O)) of
them and the rest wait. Chunked prefill interleaves each new prompt with the running decode
steps (vLLM, SGLang and TensorRT-LLM do by default), so per request the GPUs spend I x c on
its prompt and O steps shared with B - 1 others:

    output tokens/s   X    = B x O / (O x t_step(B, I + O/2) + B x I x c)
    request time      R    = C x O / X                                  (Little's law)
    first token       TTFT = t0 + max(I x c, t_step(1, I)) + (B - 1)/2 x I x c + (C - B) x O / X
    per user          1 / ITL = (O - 1) / (R - TTFT)

Prompts that arrive together are prefilled one after another, so the mean request waits for
half of the others' (serving benchmarks start all requests at once and keep them in step);
t0 is the engine's fixed cost to the first token (scheduling, tokenizer, sampling). The
constants e_bw, e_dec, e_pf, o_layer, a_tp and t0 are per engine and GPU vendor
(CALIBRATION), fitted on half of the published measurements in benches/accuracy.py and checked
on the other half there.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from core.hardware.gpus import GpuSpec
from core.i18n.message import Arg, Message, Name, Text, msg
from core.model.architecture import Architecture, KvProfile, attention_flops_per_token
from core.model.quant import Quantization
from core.model.spec import ModelSpec
from core.model.weights import WeightBytes
from core.serving.engines import EngineProfile


@dataclass(frozen=True)
class Calibration:
    """Speed constants of one engine on one GPU vendor's cards."""

    bandwidth_efficiency: float  # share of peak memory bandwidth, 16- and 8-bit weights
    quantized_bandwidth_efficiency: float  # the same for sub-8-bit block formats
    layer_overhead_s: float  # per layer and decode step
    allreduce_s: float  # per layer and step at tensor parallelism over NVLink/Infinity Fabric
    allreduce_pcie_s: float  # the same over PCIe
    decode_efficiency: float  # share of peak tensor FLOPs in a decode step's products
    prefill_efficiency: float  # share of peak tensor FLOPs in prefill
    ttft_fixed_s: float  # t0
    expert_efficiency: float  # share of peak bandwidth and FLOPs the routed experts' kernels reach
    moe_layer_overhead_s: float  # more per MoE layer and step: routing, dispatch, combine kernels
    # Median absolute error of the held-out measurements (benches/accuracy.py) for one GPU
    # and for tensor parallelism, the half-width of the range shown around a figure.
    error_one_gpu: float
    error_multi_gpu: float
    source: Text


def _fitted(setup: Arg) -> Message:
    """The source of constants fitted to the serving measurements of `setup`."""
    return msg("{setup}, fitted on the calibration half of the serving measurements in "
               "benches/accuracy.py (benches/calibrate_serving.py)", setup=setup)


def _on(engine: str, platform: str) -> Message:
    return msg("{engine} on {platform}", engine=Name(engine), platform=Name(platform))

# Fields: e_bw, e_bw of block formats (the ratio to e_bw of llama.cpp's calibration), o_layer,
# a_tp over NVLink/Infinity Fabric, a_tp over PCIe (no PCIe multi-GPU rows: an estimate), e_dec,
# e_pf, t0, expert efficiency, the extra cost of a MoE layer; then the range half-widths, the
# 80th percentile of the held-out |error|s on 1 GPU and on several, never below that of all
# groups together (benches/calibrate_serving.py prints them all).
CALIBRATION: dict[tuple[str, str], Calibration] = {
    ("vllm", "nvidia"): Calibration(0.90, 0.70, 42.6e-6, 26.2e-6, 80e-6, 0.80, 0.291, 0.0348,
                                    0.641, 7.8e-6, 0.25, 0.33,
                                    _fitted(_on("vLLM 0.10-0.11", "CUDA"))),
    ("vllm", "amd"): Calibration(0.639, 0.497, 17.1e-6, 91e-6, 150e-6, 0.20, 0.224, 0.0348,
                                 0.503, 2.4e-6, 0.22, 0.33,
                                 msg("{fitted}; t0 is vLLM on CUDA's (no time-to-first-token "
                                     "row on ROCm)",
                                     fitted=_fitted(_on("vLLM 0.6-0.17", "ROCm")))),
    # Too few SGLang rows to fit (4 on NVIDIA; 2 on AMD, once the DeepSeek-R1 rows of a ROCm
    # build before AMD's AITER kernels are set apart): vLLM's constants on the same vendor,
    # with SGLang's own measured error.
    ("sglang", "nvidia"): Calibration(0.90, 0.70, 42.6e-6, 26.2e-6, 80e-6, 0.80, 0.291, 0.0348,
                                      0.641, 7.8e-6, 0.50, 0.50,
                                      msg("SGLang on CUDA: vLLM on CUDA's constants, checked on "
                                          "SGLang 0.5 rows (benches/accuracy.py)")),
    ("sglang", "amd"): Calibration(0.639, 0.497, 17.1e-6, 91e-6, 150e-6, 0.20, 0.224, 0.0348,
                                   0.503, 2.4e-6, 0.90, 0.90,
                                   msg("SGLang on ROCm: vLLM on ROCm's constants, checked on "
                                       "SGLang 0.5 rows of Llama 4 Scout (benches/accuracy.py)")),
    ("tensorrt-llm", "nvidia"): Calibration(0.90, 0.70, 60.7e-6, 13.8e-6, 80e-6, 0.628, 0.545,
                                            0.0264, 0.462, 22.1e-6, 0.22, 0.33,
                                            _fitted(Name("TensorRT-LLM 0.5-1.2"))),
    # llama-bench tg1024 of Llama 3 8B Q4_K_M/F16 on RTX 3090/4090, A100 80GB, L40S, RTX 6000
    # Ada (XiongjieDai/GPU-Benchmarks-on-LLM-Inference, May 2024): 0.90 / 0.70 of peak
    # bandwidth and 40 us per layer; on HBM parts llama.cpp reaches 0.65 of that (A100 80GB
    # Llama 3 8B Q4_K_M 138 tokens/s, F16 55, the same as an RTX 4090 with half the bandwidth).
    ("llama.cpp", "nvidia"): Calibration(0.90, 0.70, 40e-6, 25e-6, 25e-6, 0.35, 0.35, 0.05,
                                         0.9, 0.0, 0.17, 0.9,
                                         msg("llama-bench runs of Llama 3 8B/70B "
                                             "(XiongjieDai/GPU-Benchmarks-on-LLM-Inference, May "
                                             "2024); ranges from the Llama 2 runs held out in "
                                             "benches/accuracy.py")),
    ("transformers", "nvidia"): Calibration(0.55, 0.45, 300e-6, 50e-6, 100e-6, 0.3, 0.3, 0.05,
                                            0.55, 0.0, 0.5, 0.5,
                                            msg("eager PyTorch decode is launch-bound (about "
                                                "0.3 ms per layer); an estimate without "
                                                "calibration")),
}
LLAMA_CPP_HBM_FACTOR = 0.65


def calibration_for(engine: str, vendor: str) -> tuple[Calibration, bool]:
    """The constants for this engine on this vendor's GPUs, and whether they were calibrated
    for that vendor (False: another vendor's stand in, and the range is widened)."""
    key = (engine, vendor.strip().lower())
    if key in CALIBRATION:
        return CALIBRATION[key], True
    return CALIBRATION.get((engine, "nvidia"), CALIBRATION[("vllm", "nvidia")]), False


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

    @property
    def calibration(self) -> Calibration:
        return calibration_for(self.engine.name, self.gpu.vendor)[0]

    @property
    def calibrated_vendor(self) -> bool:
        return calibration_for(self.engine.name, self.gpu.vendor)[1]

    @property
    def relative_error(self) -> float:
        """Half-width of the range around a speed, from the measured error of this kind of
        setup (wider for several GPUs, doubled for a vendor without calibration)."""
        cal = self.calibration
        error = cal.error_one_gpu if self.gpus == 1 else cal.error_multi_gpu
        return min(0.9, error * (1 if self.calibrated_vendor else 2))


def speed_range(setup: SpeedSetup, value: float) -> tuple[float, float]:
    """The range shown around a speed: the measured error of this kind of setup."""
    error = setup.relative_error
    return value * (1 - error), value * (1 + error)


def _bandwidth(setup: SpeedSetup) -> float:
    quant, cal = setup.quant, setup.calibration
    block_format = (quant.is_gguf and quant.name != "Q8_0") or quant.kind in ("int4", "fp4")
    efficiency = cal.quantized_bandwidth_efficiency if block_format else cal.bandwidth_efficiency
    if setup.engine.name == "llama.cpp" and setup.gpu.is_hbm:
        efficiency *= LLAMA_CPP_HBM_FACTOR
    return setup.gpu.bandwidth_gbps * 1e9 * efficiency


def _peak_flops(setup: SpeedSetup) -> float:
    gpu, quant = setup.gpu, setup.quant
    if quant.kind == "fp4" and gpu.fp4_tflops:
        return gpu.fp4_tflops * 1e12
    if quant.kind in ("fp8", "fp4") and gpu.fp8_tflops:
        return gpu.fp8_tflops * 1e12
    if quant.kind == "int8" and gpu.int8_tops:
        return gpu.int8_tops * 1e12
    # cards without BF16 (V100, T4, Turing) run 16-bit weights in FP16
    return (gpu.bf16_tflops or gpu.fp16_tflops or 0.0) * 1e12


def _fast_link(gpu: GpuSpec) -> bool:
    link = gpu.interconnect.lower()
    return ("nvlink" in link and "bridge" not in link) or "infinity" in link


# PCIe 4.0 x16, 64 GB/s both ways (PCI-SIG): the link assumed for a GPU whose link is unknown.
_UNKNOWN_LINK_GBPS = 64.0


def _link_bytes_per_s(gpu: GpuSpec) -> float:
    # One direction: half the both-ways figure the catalog keeps (datasheets give NVLink,
    # Infinity Fabric and PCIe as the sum of both directions).
    return (gpu.interconnect_gbps or _UNKNOWN_LINK_GBPS) * 1e9 / 2


def _parallel(setup: SpeedSetup) -> int:
    return setup.gpus if setup.tensor_parallel else 1


def _weights_read(setup: SpeedSetup, streams: int) -> tuple[float, float]:
    """Bytes a step reads: (attention, dense and shared-expert weights with the output head
    and the input embedding table, as in the calibration; the routed experts any of
    `streams` streams routes to: 1 - (1 - k/E)^streams of them under uniform routing)."""
    weights = setup.weights
    touched = 1 - (1 - weights.routed_share) ** max(streams, 1)
    return weights.always_read + weights.embedding, weights.routed * touched


def _routed_share_of_compute(setup: SpeedSetup) -> float:
    """Of a token's weight FLOPs, the share in routed experts (k of E experts' bytes)."""
    weights = setup.weights
    routed = weights.routed * weights.routed_share
    total = weights.always_read + routed
    return routed / total if total > 0 else 0.0


def _compute_scale(setup: SpeedSetup) -> float:
    """How much slower than dense matrix products a token's products run: routed experts
    reach expert_efficiency where dense products reach the decode/prefill share."""
    share = _routed_share_of_compute(setup)
    cal = setup.calibration
    return 1 - share + share * cal.bandwidth_efficiency / cal.expert_efficiency


def _allreduce_latency_s(setup: SpeedSetup) -> float:
    """The fixed cost a_tp of one layer's two all-reduces under tensor parallelism."""
    if not setup.tensor_parallel or setup.gpus == 1:
        return 0.0
    cal = setup.calibration
    return cal.allreduce_s if _fast_link(setup.gpu) else cal.allreduce_pcie_s


def _allreduce_bytes_s(setup: SpeedSetup, tokens: float) -> float:
    """Moving `tokens` hidden states through one layer's two all-reduces: a ring sends and
    receives 2(g-1)/g of the data on each GPU (NCCL ring all-reduce), 16-bit values."""
    if not setup.tensor_parallel or setup.gpus == 1:
        return 0.0
    gpus = setup.gpus
    volume = 2 * 2 * (gpus - 1) / gpus * tokens * setup.model.arch.hidden_size * 2
    return volume / _link_bytes_per_s(setup.gpu)


def decode_step_seconds(setup: SpeedSetup, streams: int, context_tokens: float) -> float:
    """Seconds for one decode step of `streams` sequences each holding `context_tokens`."""
    cal = setup.calibration
    bandwidth = _bandwidth(setup)
    dense, experts = _weights_read(setup, streams)
    expert_bandwidth = bandwidth * cal.expert_efficiency / cal.bandwidth_efficiency
    kv = streams * setup.kv.per_sequence(context_tokens)
    layers = setup.model.arch.layer_count
    fixed = (layers * cal.layer_overhead_s
             + _moe_layers(setup.model.arch) * cal.moe_layer_overhead_s)
    shards = setup.gpus if setup.gpus == 1 or setup.tensor_parallel else 1
    # a layer split: cards take turns, layer by layer, each reading its own layers
    memory = (dense / shards + kv) / bandwidth + experts / shards / expert_bandwidth
    if setup.gpus == 1 or setup.tensor_parallel:
        comm = layers * (_allreduce_latency_s(setup) + _allreduce_bytes_s(setup, streams))
    else:
        comm = (setup.gpus - 1) * cal.allreduce_pcie_s
    flops = _peak_flops(setup) * cal.decode_efficiency * _parallel(setup)
    per_token = (2 * setup.active_params * _compute_scale(setup)
                 + _decode_attention_flops(setup.model.arch, round(context_tokens)))
    compute = streams * per_token / flops if flops > 0 else 0.0
    return memory + compute + fixed + comm


@lru_cache(maxsize=1024)
def _moe_layers(arch: Architecture) -> int:
    return sum(1 for layer in arch.layers if layer.mlp.kind == "moe")


@lru_cache(maxsize=4096)
def _decode_attention_flops(arch: Architecture, context: int) -> float:
    """A decode token's attention FLOPs (latent attention on its absorbed latent)."""
    return attention_flops_per_token(arch, context, absorbed=True)


def decode_tokens_per_s(setup: SpeedSetup, context_tokens: float) -> float:
    """Steady decode speed of one stream, tokens per second."""
    return 1.0 / decode_step_seconds(setup, 1, context_tokens)


def aggregate_tokens_per_s(setup: SpeedSetup, streams: int, context_tokens: float) -> float:
    """Decode tokens per second summed over `streams` concurrent sequences (no prefill)."""
    return streams / decode_step_seconds(setup, streams, context_tokens)


def prefill_seconds_per_token(setup: SpeedSetup, prompt_tokens: float) -> float | None:
    """GPU seconds one prompt token costs in prefill; None without a compute figure."""
    flops = _peak_flops(setup) * setup.calibration.prefill_efficiency * _parallel(setup)
    if flops <= 0:
        return None
    # 2 FLOPs per weight, plus attention scores and values over half the prompt on average
    attention = attention_flops_per_token(setup.model.arch, prompt_tokens / 2)
    # A prefill chunk pays the all-reduce latency once for thousands of tokens: per token
    # only the bytes count.
    layers = setup.model.arch.layer_count
    return ((2 * setup.active_params * _compute_scale(setup) + attention) / flops
            + layers * _allreduce_bytes_s(setup, 1))


def prefill_tokens_per_s(setup: SpeedSetup, prompt_tokens: float) -> float | None:
    """Prompt processing speed, tokens per second; None without a compute figure."""
    per_token = prefill_seconds_per_token(setup, prompt_tokens)
    return None if per_token is None else 1.0 / per_token


@dataclass(frozen=True)
class Serving:
    """One deployment under a steady load of `concurrency` requests of fixed sizes."""

    concurrency: int
    batch: int  # requests the KV cache holds and decodes together
    max_concurrency: int | None  # what the KV cache holds at input + output tokens
    output_tokens_per_s: float  # all streams, prefill included
    tokens_per_s_per_user: float  # 1 / inter-token latency
    ttft_s: float  # mean time to first token at that load, queueing included
    requests_per_hour: float
    prefill_share: float  # of the GPUs' time

    @property
    def queued(self) -> int:
        return self.concurrency - self.batch


def serve(setup: SpeedSetup, input_tokens: float, output_tokens: float, concurrency: int,
          max_concurrency: int | None) -> Serving | None:
    """Throughput, per-user speed and time to first token at a steady load (module docstring);
    None without a compute figure for the GPU. `max_concurrency` is what the KV cache holds
    (None: no limit known); at least one request is served."""
    per_token = prefill_seconds_per_token(setup, input_tokens)
    if per_token is None:
        return None
    held = concurrency if max_concurrency is None else max(1, min(concurrency, max_concurrency))
    cal = setup.calibration
    prompt = input_tokens * per_token
    if setup.model.arch.encoder_only:  # reads each text whole, generates nothing
        rate = 1 / prompt  # texts per second: one prompt after another
        ttft = cal.ttft_fixed_s + prompt * (held + 1) / 2 + (concurrency - held) / rate
        return Serving(concurrency, held, max_concurrency, 0.0, 0.0, ttft, 3600 * rate, 1.0)
    output = max(output_tokens, 1.0)
    step = decode_step_seconds(setup, held, input_tokens + output / 2)
    busy = output * step + held * prompt  # GPU seconds for `held` requests
    tokens_per_s = held * output / busy
    share = held * prompt / busy
    if setup.engine.name == "sglang":
        # SGLang runs a waiting prompt as a batch of its own ahead of the decodes (mixed
        # chunks are off by default, server_args enable_mixed_chunk): it waits for the
        # running step, half a step on average.
        own = step / 2 + prompt
    else:
        # Its own prompt: chunks of the step's token budget, each step also decoding the
        # batch (vLLM V1 and TensorRT-LLM schedule decodes first and fill the rest).
        room = max(_chunk_tokens(setup) - held, 1)
        own = math.ceil(input_tokens / room) * step + prompt
    # Other prompts ahead of it: prefill work arriving at random takes `share` of the GPUs'
    # time; the mean wait of an M/D/1 queue (Pollaczek-Khinchine) for one prompt's work, but
    # never more than half of the other held requests' prompts (all of them arriving at once).
    queue = share / (2 * (1 - share)) if share < 1 else math.inf
    ahead = min(queue, (held - 1) / 2) * prompt
    queue_wait = (concurrency - held) * output / tokens_per_s
    ttft = cal.ttft_fixed_s + own + ahead + queue_wait
    decoding = busy - own - ahead  # of one request's time in the batch, after its first token
    per_user = (output - 1) / decoding if output > 1 and decoding > 0 else 1.0 / step
    return Serving(concurrency, held, max_concurrency, tokens_per_s,
                   min(per_user, 1.0 / step), ttft, 3600 * tokens_per_s / output, share)


def _chunk_tokens(setup: SpeedSetup) -> int:
    """Tokens one step takes at most (chunked prefill): vLLM's and SGLang's default
    max_num_batched_tokens / chunked_prefill_size of 8192 on GPUs of 70 GiB and more and
    2048 below (vLLM engine arguments; SGLang server_args.py), TensorRT-LLM's max_num_tokens
    8192, llama.cpp's n_ubatch 512; transformers prefills the whole prompt."""
    name = setup.engine.name
    if name == "llama.cpp":
        return 512
    if name == "transformers":
        return 1 << 30
    if name == "tensorrt-llm" or setup.gpu.memory_bytes >= 70 * 2**30:
        return 8192
    return 2048


def requests_per_hour(setup: SpeedSetup, input_tokens: int, output_tokens: int,
                      streams: int) -> float | None:
    """Requests per hour one deployment sustains at `streams` concurrent requests (all held
    by its KV cache). An encoder reads each request whole and answers with a label."""
    serving = serve(setup, input_tokens, output_tokens, streams, None)
    return None if serving is None else serving.requests_per_hour


def replicas_for(requests_needed: float, requests_per_replica: float) -> int:
    """Deployments needed to carry `requests_needed` per hour (at least one)."""
    if requests_per_replica <= 0:
        return 0
    return max(1, math.ceil(requests_needed / requests_per_replica))
