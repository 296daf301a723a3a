"""Quantizations the planner knows: their names, engines and quality notes, the checkpoint's own
"shipped" format, and KV cache types. What they weigh is core.model.weights; llama.cpp's type
per tensor is core.model.gguf_types."""

from dataclasses import dataclass
from functools import cache

from core.errors import InputError
from core.i18n.message import Message, Share, Text, msg
from core.model.shipped import ShippedFormat

ENGINES = ("vllm", "llama.cpp", "tensorrt-llm", "sglang", "transformers")

SHIPPED = "shipped"


@dataclass(frozen=True)
class Quantization:
    """A weight format the planner knows."""

    name: str
    kind: str  # "float", "gguf", "fp8", "int8", "int4", "fp4"
    engines: tuple[str, ...]
    # Perplexity increase over FP16 in percent, used to rank and to warn.
    quality_loss_pct: float
    quality_note: Text
    gguf_default_type: str | None = None

    @property
    def is_gguf(self) -> bool:
        return self.kind == "gguf"




def _dranger(loss: float, digits: int = 1) -> Message:
    """A llama.cpp type's perplexity increase over F16 (a share: 0.048 is +4.8%)."""
    return msg("+{loss} perplexity vs F16 on Llama 3 70B, dranger003 (llama.cpp PR 6745)",
               loss=Share(loss, digits))

_GGUF_ENGINES = ("llama.cpp",)
_HF_ENGINES = ("vllm", "tensorrt-llm", "sglang", "transformers")
_SERVING = ("vllm", "tensorrt-llm", "sglang")

QUANTIZATIONS: dict[str, Quantization] = {q.name: q for q in (
    Quantization("fp32", "float", ("vllm", "llama.cpp", "sglang", "transformers"), 0.0,
                 msg("full precision; twice the memory of bf16 for no quality gain"), "F32"),
    Quantization("bf16", "float", ENGINES, 0.0, msg("reference quality"), "BF16"),
    Quantization("fp16", "float", ENGINES, 0.0, msg("reference quality"), "F16"),
    Quantization("fp8", "fp8", _SERVING, 0.3,
                 msg("about 0.1-0.5% perplexity; FP8 checkpoints recover over 99% of benchmark "
                     "accuracy (Neural Magic FP8 Llama 3.1 model cards)")),
    Quantization("fp8-block", "fp8", _SERVING, 0.3,
                 msg("FP8 E4M3 with one scale per 128x128 block, the format DeepSeek-V3 was "
                     "trained and ships in (DeepSeek-V3 report, section 3.3)")),
    Quantization("int8", "int8", _HF_ENGINES, 0.5,
                 msg("W8A8/LLM.int8: within about 0.5% perplexity (SmoothQuant, LLM.int8() "
                     "papers)")),
    Quantization("int4-awq", "int4", _HF_ENGINES, 3.0,
                 msg("4-bit AWQ, group 128: about +3% perplexity on Llama 2 70B (AWQ paper, "
                     "table 4)")),
    Quantization("int4-gptq", "int4", _HF_ENGINES, 4.0,
                 msg("4-bit GPTQ, group 128: slightly behind AWQ (AWQ paper, table 4)")),
    Quantization("nvfp4", "fp4", ("vllm",), 2.0,
                 msg("NVFP4 (16 FP4 values per FP8 scale): about 1-2% below FP8 on reasoning "
                     "benchmarks after post-training quantization (NVIDIA, 'Introducing NVFP4', "
                     "2025); vLLM runs it natively on Blackwell and with weight-only (Marlin) "
                     "kernels on older GPUs")),
    Quantization("mxfp4", "fp4", ("vllm",), 6.0,
                 msg("MXFP4 (32 FP4 values per power-of-two scale): coarser than NVFP4 after "
                     "post-training quantization, placed near Q4_K_S; lossless for checkpoints "
                     "trained in it (gpt-oss model card)")),
    Quantization("Q2_K", "gguf", _GGUF_ENGINES, 68.73,
                 msg("{quality}; often unusable", quality=_dranger(0.687)), "Q2_K"),
    Quantization("Q3_K_S", "gguf", _GGUF_ENGINES, 28.95, _dranger(0.290), "Q3_K"),
    Quantization("Q3_K_M", "gguf", _GGUF_ENGINES, 18.75, _dranger(0.188), "Q3_K"),
    Quantization("Q3_K_L", "gguf", _GGUF_ENGINES, 16.63, _dranger(0.166), "Q3_K"),
    Quantization("Q4_0", "gguf", _GGUF_ENGINES, 17.0,
                 msg("legacy 4-bit; between Q3_K_L and Q3_K_M in quality, placed by llama.cpp's "
                     "quantize table for LLaMA-v1-7B"), "Q4_0"),
    Quantization("IQ4_XS", "gguf", _GGUF_ENGINES, 7.07, _dranger(0.071), "IQ4_XS"),
    Quantization("Q4_K_S", "gguf", _GGUF_ENGINES, 6.15, _dranger(0.062), "Q4_K"),
    Quantization("Q4_K_M", "gguf", _GGUF_ENGINES, 4.83,
                 msg("{quality}; the usual default", quality=_dranger(0.048)), "Q4_K"),
    Quantization("Q5_0", "gguf", _GGUF_ENGINES, 5.5,
                 msg("legacy 5-bit; between Q4_K_S and Q4_K_M in quality, placed by llama.cpp's "
                     "quantize table for LLaMA-v1-7B"), "Q5_0"),
    Quantization("Q5_K_S", "gguf", _GGUF_ENGINES, 1.89, _dranger(0.019), "Q5_K"),
    Quantization("Q5_K_M", "gguf", _GGUF_ENGINES, 1.23, _dranger(0.012), "Q5_K"),
    Quantization("Q6_K", "gguf", _GGUF_ENGINES, 0.47, _dranger(0.005), "Q6_K"),
    Quantization("Q8_0", "gguf", _GGUF_ENGINES, 0.03,
                 msg("{quality}; near lossless", quality=_dranger(0.0003, 2)), "Q8_0"),
    Quantization("MXFP4_MOE", "gguf", _GGUF_ENGINES, 0.0,
                 msg("llama.cpp's MXFP4_MOE: experts in MXFP4, everything else Q8_0; lossless "
                     "for models trained in MXFP4 (gpt-oss), coarse for others"), "MXFP4"),
)}

# Formats a checkpoint may ship in that are not a user's choice in the list above.
_SHIPPED_ONLY = {
    "int4": Quantization("int4", "int4", _HF_ENGINES, 1.0,
                         msg("4-bit integer weights as the publisher trained or calibrated "
                             "them")),
}

_BY_LOWER_NAME = {quant.name.lower(): quant for quant in QUANTIZATIONS.values()}
_SHIPPED_PLACEHOLDER = Quantization(SHIPPED, "shipped", ENGINES, 0.0,
                                    msg("the publisher's own weights"))
_ALIASES = {"f16": "fp16", "float16": "fp16", "half": "fp16", "f32": "fp32", "float32": "fp32",
            "bfloat16": "bf16", "awq": "int4-awq", "gptq": "int4-gptq", "f8": "fp8",
            "auto": SHIPPED, "as-shipped": SHIPPED}

KV_QUANTS: dict[str, float] = {
    # bytes per cached element; q8_0/q4_0 blocks are 34/32 and 18/32 bytes (ggml type traits)
    "fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "q8_0": 34 / 32, "q4_0": 18 / 32,
}
KV_QUANT_ENGINES: dict[str, tuple[str, ...]] = {
    "fp16": ENGINES, "bf16": ENGINES,
    "fp8": ("vllm", "tensorrt-llm", "sglang"),
    "q8_0": ("llama.cpp",), "q4_0": ("llama.cpp",),
}


def quant_names() -> tuple[str, ...]:
    """Every name `--quant` accepts."""
    return (*QUANTIZATIONS, SHIPPED)


def get_quantization(name: str) -> Quantization:
    """The quantization called `name` (case-insensitive, with f16/f32 aliases); "shipped"
    (the checkpoint's own format) has its own quantization per model, see `shipped_quant`.

    Raises:
        InputError: the name is not known.
    """
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key == SHIPPED:
        return _SHIPPED_PLACEHOLDER
    quant = _BY_LOWER_NAME.get(key)
    if quant is not None:
        return quant
    known = ", ".join(quant_names())
    raise InputError(f"unknown quantization '{name}'; accepted: {known} (case-insensitive)")


@cache
def shipped_quant(shipped: ShippedFormat) -> Quantization:
    """The Quantization a checkpoint ships in, under the name "shipped".

    Raises:
        InputError: the checkpoint's format is not one the planner can size.
    """
    if shipped.scheme is None:
        raise InputError(f"the checkpoint's format cannot be sized ({shipped.problem}); "
                         "choose a quantization with --quant")
    base = QUANTIZATIONS.get(shipped.scheme) or _SHIPPED_ONLY[shipped.scheme]
    return Quantization(SHIPPED, base.kind, base.engines, 0.0,
                        msg("as shipped: {format}; the publisher's own weights",
                            format=shipped.label),
                        base.gguf_default_type)


def resolve_quant(name: str, shipped: ShippedFormat) -> tuple[Quantization, str]:
    """(the quantization, the scheme that sizes its tensors) for a model shipped as `shipped`.

    Raises:
        InputError: an unknown name, or "shipped" for a format the planner cannot size.
    """
    quant = get_quantization(name)
    if quant.name != SHIPPED:
        return quant, quant.name
    resolved = shipped_quant(shipped)
    return resolved, str(shipped.scheme)


def get_kv_quant(name: str) -> str:
    """The KV cache type called `name` (case-insensitive).

    Raises:
        InputError: the name is not known.
    """
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in KV_QUANTS:
        raise InputError(f"unknown KV cache type '{name}'; accepted: {', '.join(KV_QUANTS)}")
    return key
