"""What each inference engine reserves, allocates and achieves, with the source of each figure."""

from dataclasses import dataclass
from functools import lru_cache

from core.errors import InputError
from core.hardware.gpus import GpuSpec
from core.i18n.message import Name, Text, msg
from core.model.architecture import Architecture
from core.model.quant import ENGINES, KV_QUANT_ENGINES, Quantization
from core.units import GiB


@dataclass(frozen=True)
class OverheadItem:
    """One per-GPU allocation besides weights and KV cache."""

    label: Text
    bytes: int
    source: str  # where the figure comes from (a document or log named as it is called)


@dataclass(frozen=True)
class EngineProfile:
    """Memory policy of one inference engine; its speed constants are in core.serving.speed."""

    name: str
    # How the engine bounds its memory: "fraction_of_total" (vLLM), "fraction_of_free"
    # (TensorRT-LLM), "margin" (llama.cpp, transformers: memory minus margin_bytes) or
    # "reserved" (SGLang: memory less a reserve set by the GPU's memory and the GPU count).
    reserve_policy: str
    reserve_fraction: float
    margin_bytes: int
    reserve_source: str
    splits_by_layer: bool  # multi-GPU by whole layers (llama.cpp, accelerate) or tensor parallel
    # Attention kinds whose layers the engine allocates only for their window (the rest get
    # the whole context), tokens it keeps beyond the window, and where that behaviour is stated.
    windowed_kinds: tuple[str, ...] = ("sliding", "chunked")
    window_extra: int = 0
    window_source: Text = ""


_GPU_LOG = "typical CUDA context size seen in nvidia-smi per process (0.3-0.6 GiB)"
_VLLM_LOGS = ("vLLM 0.19 start-up logs, 'non_torch_memory' and 'activation peak' against "
              "'Available KV cache memory' (benches/data/vllm_kv_logs.json); CUDA graphs are "
              "captured outside gpu_memory_utilization")

PROFILES: dict[str, EngineProfile] = {
    "vllm": EngineProfile(
        "vllm", "fraction_of_total", 0.90, 0,
        "vLLM gpu_memory_utilization default 0.9 of total GPU memory (vLLM engine arguments)",
        splits_by_layer=False, window_extra=8192 - 1 + 16,
        window_source=msg("vLLM's hybrid KV cache manager holds sliding-window and chunked "
                          "layers for window - 1 + max_num_batched_tokens (8192) tokens and one "
                          "16-token block more per request (vllm/v1/kv_cache_interface.py, "
                          "SlidingWindowSpec; the 'Maximum concurrency' of vLLM 0.19 start-up "
                          "logs of Gemma 2 and 3 in benches/data/vllm_kv_logs.json)")),
    "tensorrt-llm": EngineProfile(
        "tensorrt-llm", "fraction_of_free", 0.90, 0,
        "TensorRT-LLM kv_cache_free_gpu_memory_fraction default 0.9 of memory free after "
        "the engine loads (TensorRT-LLM KvCacheConfig)",
        splits_by_layer=False, windowed_kinds=("sliding",),
        window_source=msg("TensorRT-LLM sizes sliding-window layers by max_attention_window "
                          "per layer; chunked attention is allocated for the whole context")),
    "sglang": EngineProfile(
        "sglang", "reserved", 0.0, 0,
        "SGLang's default mem_fraction_static: GPU memory less a reserve for activations and "
        "CUDA graphs of 2.8 + n/10 GiB below 35 GiB, 9.5 + n/2 below 90 GiB, 12 + n/2 below "
        "160 GiB, 32 GiB above; n = GPUs of the model (sglang srt/server_args.py, 2025)",
        splits_by_layer=False, windowed_kinds=("sliding",),
        window_source=msg("SGLang's SWA memory pool keeps sliding-window layers for their "
                          "window; chunked attention is allocated for the whole context")),
    "llama.cpp": EngineProfile(
        "llama.cpp", "margin", 0.0, 1 * GiB,
        "llama.cpp keeps 1 GiB free per device in its own fit logic (REFERENCES.md)",
        splits_by_layer=True, window_extra=512,
        window_source=msg("llama.cpp's iSWA cache keeps n_swa + n_ubatch (512) tokens per "
                          "sequence in windowed layers unless --swa-full "
                          "(llama-kv-cache-iswa.cpp)")),
    "transformers": EngineProfile(
        "transformers", "margin", 0.0, 0,
        "transformers allocates on demand; no reserve",
        splits_by_layer=True,
        window_source=msg("transformers' cache keeps only the window of sliding and chunked "
                          "layers (DynamicSlidingWindowLayer)")),
}


def sglang_reserve_bytes(gpu_memory_bytes: int, gpus: int) -> int:
    """What SGLang keeps outside its static pool (weights and KV cache) on each GPU by its
    default mem_fraction_static (server_args.py; the GPU's memory in MiB, n = tp x pp)."""
    mib = gpu_memory_bytes / 2**20
    if mib < 35 * 1024:
        reserve = 2.8 + gpus / 10
    elif mib < 90 * 1024:
        reserve = 9.5 + gpus / 2
    elif mib < 160 * 1024:
        reserve = 12 + gpus / 2
    else:
        reserve = 32.0
    return round(reserve * GiB)


def get_engine(name: str) -> EngineProfile:
    """The engine profile called `name` (case-insensitive).

    Raises:
        InputError: the engine is not known.
    """
    key = name.strip().lower().replace("_", "-")
    key = {"llamacpp": "llama.cpp", "llama-cpp": "llama.cpp", "trt-llm": "tensorrt-llm",
           "trtllm": "tensorrt-llm", "hf": "transformers", "sgl": "sglang"}.get(key, key)
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
    large_gpu = gpu is not None and gpu.memory_bytes >= 70 * GiB
    batched_tokens = 8192 if large_gpu else 2048
    if engine.name == "vllm":
        sequences = 1024 if large_gpu else 256
        return (
            OverheadItem(msg("non-torch memory (NCCL and all-reduce buffers)") if multi_gpu
                         else msg("non-torch memory"),
                         int((2.1 if multi_gpu else 0.25) * GiB), _VLLM_LOGS),
            OverheadItem(msg("activation peak ({tokens} batched tokens, logits of {sequences} "
                             "sequences)", tokens=Name(str(batched_tokens)),
                             sequences=Name(str(sequences))),
                         _activation_bytes(arch, batched_tokens, tensor_parallel)
                         + 3 * sequences * arch.vocab_size * 4,
                         "profile run at max_num_batched_tokens and max_num_seqs (vLLM V1 "
                         "defaults 8192 and 1024 on GPUs of 70 GiB and more, else 2048 and "
                         "256): 16-bit activations and the sampler's fp32 logits, "
                         "probabilities and log-probabilities; " + _VLLM_LOGS),
        )
    if engine.name == "tensorrt-llm":
        return (
            OverheadItem(msg("CUDA context and non-torch memory"),
                         int((0.5 + (0.25 if multi_gpu else 0)) * GiB),
                         _GPU_LOG + ("; NCCL buffers for tensor parallelism" * multi_gpu)),
            OverheadItem(msg("activation peak ({tokens} batched tokens)",
                             tokens=Name(str(batched_tokens))),
                         _activation_bytes(arch, batched_tokens, tensor_parallel)
                         + 256 * arch.vocab_size * 4,
                         "engine build at max_num_tokens 8192 on GPUs with 70 GiB or more, "
                         "else 2048, plus fp32 logits for 256 sequences"),
        )
    if engine.name == "sglang":
        reserve = sglang_reserve_bytes(gpu.memory_bytes, tensor_parallel) if gpu else 0
        return (OverheadItem(msg("SGLang reserve (activations, CUDA graphs, context)"), reserve,
                             engine.reserve_source),)
    if engine.name == "llama.cpp":
        ubatch = 512
        return (
            OverheadItem(msg("CUDA context"), int(0.35 * GiB), _GPU_LOG),
            OverheadItem(msg("compute buffer (n_ubatch 512, flash attention)"),
                         ubatch * (arch.vocab_size + arch.widest_mlp) * 4,
                         "llama.cpp compute buffer: fp32 logits and one FFN intermediate for a "
                         "micro-batch (about 258 MiB logged for Llama 3 8B)"),
        )
    prompt_tokens = context * concurrency
    return (
        OverheadItem(msg("CUDA context"), int(0.5 * GiB), _GPU_LOG),
        OverheadItem(msg("prefill activations ({tokens} tokens)",
                         tokens=Name(str(prompt_tokens))),
                     _activation_bytes(arch, prompt_tokens, 1),
                     "transformers prefills the whole prompt at once: 16-bit FFN and QKV "
                     "activations per token"),
    )
