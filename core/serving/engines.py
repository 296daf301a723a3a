"""What each inference engine reserves, allocates and achieves, with the source of each figure."""

from dataclasses import dataclass
from functools import lru_cache

from core.errors import InputError
from core.hardware.gpus import GpuSpec
from core.model.architecture import Architecture
from core.model.quant import ENGINES, KV_QUANT_ENGINES, Quantization
from core.units import GiB


@dataclass(frozen=True)
class OverheadItem:
    """One per-GPU allocation besides weights and KV cache."""

    label: str
    bytes: int
    source: str


@dataclass(frozen=True)
class EngineProfile:
    """Memory policy and speed calibration of one inference engine."""

    name: str
    # How the engine bounds its memory: "fraction_of_total" (vLLM), "fraction_of_free"
    # (TensorRT-LLM), or "margin" (llama.cpp, transformers: memory minus margin_bytes).
    reserve_policy: str
    reserve_fraction: float
    margin_bytes: int
    reserve_source: str
    # Share of peak memory bandwidth reached while decoding, for float/8-bit and for
    # sub-8-bit block formats; per-layer fixed cost per decode step (kernel launches).
    bandwidth_efficiency: float
    quantized_bandwidth_efficiency: float
    layer_overhead_s: float
    # Share of peak tensor throughput reached in prefill.
    prefill_efficiency: float
    speed_source: str
    splits_by_layer: bool  # multi-GPU by whole layers (llama.cpp, accelerate) or tensor parallel
    # Attention kinds whose layers the engine allocates only for their window (the rest get
    # the whole context), tokens it keeps beyond the window, and where that behaviour is stated.
    windowed_kinds: tuple[str, ...] = ("sliding", "chunked")
    window_extra: int = 0
    window_source: str = ""


_GPU_LOG = "typical CUDA context size seen in nvidia-smi per process (0.3-0.6 GiB)"

PROFILES: dict[str, EngineProfile] = {
    "vllm": EngineProfile(
        "vllm", "fraction_of_total", 0.90, 0,
        "vLLM gpu_memory_utilization default 0.9 of total GPU memory (vLLM engine arguments)",
        0.75, 0.65, 10e-6, 0.50,
        "memory-bound decode at 0.65-0.75 of peak bandwidth with CUDA graphs; calibration "
        "estimate, see README 'How speed is estimated'",
        splits_by_layer=False,
        window_source="vLLM's hybrid KV cache manager allocates sliding-window and chunked "
                      "layers only for their window (vLLM docs, Hybrid KV Cache Manager)"),
    "tensorrt-llm": EngineProfile(
        "tensorrt-llm", "fraction_of_free", 0.90, 0,
        "TensorRT-LLM kv_cache_free_gpu_memory_fraction default 0.9 of memory free after "
        "the engine loads (TensorRT-LLM KvCacheConfig)",
        0.80, 0.70, 8e-6, 0.60,
        "memory-bound decode at 0.7-0.8 of peak bandwidth; calibration estimate",
        splits_by_layer=False, windowed_kinds=("sliding",),
        window_source="TensorRT-LLM sizes sliding-window layers by max_attention_window per "
                      "layer; chunked attention is allocated for the whole context"),
    "llama.cpp": EngineProfile(
        "llama.cpp", "margin", 0.0, 1 * GiB,
        "llama.cpp keeps 1 GiB free per device in its own fit logic (REFERENCES.md)",
        0.90, 0.70, 40e-6, 0.35,
        "calibrated on llama-bench tg1024 of Llama 3 8B Q4_K_M/F16 on RTX 3090/4090, "
        "A100 80GB, L40S, RTX 6000 Ada (XiongjieDai/GPU-Benchmarks-on-LLM-Inference, May 2024)",
        splits_by_layer=True, window_extra=512,
        window_source="llama.cpp's iSWA cache keeps n_swa + n_ubatch (512) tokens per sequence "
                      "in windowed layers unless --swa-full (llama-kv-cache-iswa.cpp)"),
    "transformers": EngineProfile(
        "transformers", "margin", 0.0, 0,
        "transformers allocates on demand; no reserve",
        0.55, 0.45, 300e-6, 0.30,
        "eager PyTorch decode is launch-bound (about 0.3 ms per layer); calibration estimate",
        splits_by_layer=True,
        window_source="transformers' cache keeps only the window of sliding and chunked "
                      "layers (DynamicSlidingWindowLayer)"),
}

# llama.cpp reaches a lower share of bandwidth on HBM datacenter parts than on GeForce cards:
# A100 80GB Llama 3 8B Q4_K_M 138 tokens/s and F16 55 tokens/s, the same as an RTX 4090 with
# half the bandwidth
# (XiongjieDai benchmarks, May 2024).
LLAMA_CPP_HBM_FACTOR = 0.65

# Small-message all-reduce latency per call (nccl-tests orders of magnitude).
ALLREDUCE_LATENCY_S = {"nvlink": 8e-6, "pcie": 25e-6}


def get_engine(name: str) -> EngineProfile:
    """The engine profile called `name` (case-insensitive).

    Raises:
        InputError: the engine is not known.
    """
    key = name.strip().lower().replace("_", "-")
    key = {"llamacpp": "llama.cpp", "llama-cpp": "llama.cpp", "trt-llm": "tensorrt-llm",
           "trtllm": "tensorrt-llm", "hf": "transformers"}.get(key, key)
    if key not in PROFILES:
        raise InputError(f"unknown engine '{name}'; accepted: {', '.join(ENGINES)}")
    return PROFILES[key]


def default_engine(quant: Quantization) -> str:
    """GGUF types run on llama.cpp; everything else defaults to vLLM."""
    return "llama.cpp" if quant.is_gguf else "vllm"


def check_supported(engine: EngineProfile, quant: Quantization, kv_quant: str) -> None:
    """Raise InputError when the engine cannot run this weight or KV format."""
    if engine.name not in quant.engines:
        runs_on = ", ".join(quant.engines)
        raise InputError(f"quantization {quant.name} does not run on {engine.name}; "
                         f"it runs on: {runs_on}")
    if engine.name not in KV_QUANT_ENGINES[kv_quant]:
        accepted = ", ".join(k for k, engines in KV_QUANT_ENGINES.items()
                             if engine.name in engines)
        raise InputError(f"KV cache type {kv_quant} is not supported by {engine.name} "
                         f"(supported: {accepted})")


def _activation_bytes(arch: Architecture, tokens: int, tensor_parallel: int) -> int:
    # Peak of one forward pass over `tokens`: gate+up intermediate and QKV in 16-bit, per shard.
    return tokens * arch.activation_width * 2 // tensor_parallel


@lru_cache(maxsize=4096)
def overhead_items(engine: EngineProfile, arch: Architecture, gpu: GpuSpec | None,
                   tensor_parallel: int, context: int, concurrency: int,
                   ) -> tuple[OverheadItem, ...]:
    """Per-GPU allocations besides weights and KV cache for this engine."""
    multi_gpu = tensor_parallel > 1
    if engine.name in ("vllm", "tensorrt-llm"):
        large_gpu = gpu is not None and gpu.memory_bytes >= 70 * GiB
        batched_tokens = 8192 if large_gpu else 2048
        items = [
            OverheadItem("CUDA context and non-torch memory",
                         int((0.5 + (0.25 if multi_gpu else 0)) * GiB),
                         _GPU_LOG + ("; NCCL buffers for tensor parallelism" * multi_gpu)),
            OverheadItem(f"activation peak ({batched_tokens} batched tokens)",
                         _activation_bytes(arch, batched_tokens, tensor_parallel)
                         + 256 * arch.vocab_size * 4,
                         "profile run at max_num_batched_tokens (vLLM V1 default 8192 on GPUs "
                         "with 70 GiB or more, else 2048) plus fp32 logits for 256 sequences"),
        ]
        if engine.name == "vllm":
            items.append(OverheadItem("CUDA graphs", 1 * GiB,
                                      "vLLM graph capture, 1-3 GiB (REFERENCES.md); "
                                      "--enforce-eager saves it"))
        return tuple(items)
    if engine.name == "llama.cpp":
        ubatch = 512
        return (
            OverheadItem("CUDA context", int(0.35 * GiB), _GPU_LOG),
            OverheadItem("compute buffer (n_ubatch 512, flash attention)",
                         ubatch * (arch.vocab_size + arch.widest_mlp) * 4,
                         "llama.cpp compute buffer: fp32 logits and one FFN intermediate for a "
                         "micro-batch (about 258 MiB logged for Llama 3 8B)"),
        )
    prompt_tokens = context * concurrency
    return (
        OverheadItem("CUDA context", int(0.5 * GiB), _GPU_LOG),
        OverheadItem(f"prefill activations ({prompt_tokens} tokens)",
                     _activation_bytes(arch, prompt_tokens, 1),
                     "transformers prefills the whole prompt at once: 16-bit FFN and QKV "
                     "activations per token"),
    )
