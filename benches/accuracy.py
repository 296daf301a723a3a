"""`python -m benches.accuracy` (`make accuracy`, also run by `make bench`): the planner's
predictions against published figures, case by case, with the absolute error in per cent and
the median of each group.

Groups: GGUF weights sizes (what llama.cpp reports for the file), KV cache sizes (a published
table), llama.cpp's single-stream decode speed on NVIDIA GPUs (llama-bench runs), and the
2025-26 architectures (MoE, latent and windowed attention, MXFP4): parameter counts from their
published config.json files and GGUF sizes of published files. The decode model was calibrated
on the Llama 3 runs (May 2024); the Llama 2 runs (Dec 2023, an older llama.cpp) were not used
for it and show how far the estimate carries. Nothing in the 2025-26 groups was fitted: the
counts and sizes follow from the architecture and llama.cpp's quantization rules.
"""

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.serving_accuracy import report as serving_report
from core.hardware.gpus import match_gpu
from core.model.architecture import param_count
from core.model.spec import find_model
from core.model.weights import weight_bytes, weights_breakdown
from core.serving.fit import fit
from core.serving.memory import FitRequest, kv_cache_bytes
from core.units import GiB

XIONGJIEDAI = ("XiongjieDai/GPU-Benchmarks-on-LLM-Inference README "
               "(github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference)")
DRANGER = ("llama.cpp PR 6745, dranger003's Llama 3 70B table (sizes in GiB), quoted in "
           + XIONGJIEDAI)
OLLAMA_6279 = ("ollama PR 6279, llama.cpp load log of Meta Llama 3.1 70B Instruct Q4_0 "
               "(github.com/ollama/ollama/pull/6279)")
HF_LLAMA31 = ("Hugging Face blog 'Llama 3.1 - 405B, 70B & 8B', Inference Memory Requirements, "
              "KV cache in FP16 (huggingface.co/blog/llama31); 1k = 1,024, 16k = 16,000, "
              "128k = 128,000 tokens, GB = GiB, as the table's own arithmetic shows "
              "(huggingface/blog issue 2345)")

L31_8B, L31_70B, L31_405B = ("meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-70B",
                             "meta-llama/Llama-3.1-405B")
L2_7B, L2_70B = "meta-llama/Llama-2-7b-hf", "meta-llama/Llama-2-70b-hf"

# (model, GGUF type, published size in GiB, source). Llama 3 and 3.1 share their tensors.
WEIGHTS = [
    *((L31_70B, quant, gib, DRANGER) for quant, gib in (
        ("Q2_K", 24.56), ("Q3_K_S", 28.79), ("Q3_K_M", 31.91), ("Q3_K_L", 34.59),
        ("IQ4_XS", 35.30), ("Q4_K_S", 37.58), ("Q4_K_M", 39.60), ("Q5_K_S", 45.32),
        ("Q5_K_M", 46.52), ("Q6_K", 53.91), ("Q8_0", 69.83), ("fp16", 131.43))),
    (L31_8B, "Q4_K_M", 4.58, XIONGJIEDAI + ", Total VRAM Requirements (llama-bench size)"),
    (L31_8B, "fp16", 14.96, XIONGJIEDAI + ", Total VRAM Requirements (llama-bench size)"),
    (L31_70B, "Q4_0", 37.22, OLLAMA_6279),
]

# (model, tokens, published KV cache in GiB at FP16, note)
HF_405B_NOTE = ("the blog's 405B row uses 16 KV heads (the Llama 3 paper's table); the "
                "released config.json has 8, which the planner uses")
KV_CACHE = [
    (L31_8B, 1024, 0.125, ""), (L31_8B, 16000, 1.95, ""), (L31_8B, 128000, 15.62, ""),
    (L31_70B, 1024, 0.313, ""), (L31_70B, 16000, 4.88, ""), (L31_70B, 128000, 39.06, ""),
    (L31_405B, 1024, 0.984, HF_405B_NOTE), (L31_405B, 16000, 15.38, HF_405B_NOTE),
    (L31_405B, 128000, 123.05, HF_405B_NOTE),
]

# llama-bench tg1024 of Llama 3 8B/70B, May 2024 (the calibration set): (GPU, count, model,
# quantization, tokens/s).
DECODE_LLAMA3 = [
    ("rtx-3090", 1, L31_8B, "Q4_K_M", 111.74), ("rtx-3090", 1, L31_8B, "fp16", 46.51),
    ("rtx-4090", 1, L31_8B, "Q4_K_M", 127.74), ("rtx-4090", 1, L31_8B, "fp16", 54.34),
    ("rtx-6000-ada", 1, L31_8B, "Q4_K_M", 130.99), ("l40s", 1, L31_8B, "Q4_K_M", 113.60),
    ("a100-pcie-80gb", 1, L31_8B, "Q4_K_M", 138.31), ("a100-pcie-80gb", 1, L31_8B, "fp16", 54.56),
    ("a100-pcie-80gb", 1, L31_70B, "Q4_K_M", 22.11),
    ("rtx-4090", 2, L31_70B, "Q4_K_M", 19.06), ("rtx-3090", 2, L31_70B, "Q4_K_M", 16.29),
]

# The README's "Average eval speed (tokens/s) by GPUs on LLaMA 2" table, Dec 2023, for the
# GPUs in the catalog (the A100 80GB is the PCIe card, per its notebook's nvidia-smi output).
# llama-bench's default generation of 128 tokens (the table does not give the length).
_LLAMA2_TABLE = {  # (GPU, count): (7B q4_0, 7B f16, 70B q4_0, 70B f16); None = out of memory
    ("rtx-3090", 1): (120.6, 51.85, None, None),
    ("rtx-4090", 1): (149.37, 60.78, None, None),
    ("rtx-a6000", 1): (111.57, 44.01, 15.18, None),
    ("rtx-6000-ada", 1): (127.45, 50.56, 17.02, None),
    ("a100-pcie-80gb", 1): (136.24, 73.83, 25.68, None),
    ("h100-pcie", 1): (133.77, 83.32, 25.88, None),
    ("rtx-3090", 2): (53.25, 38.73, 14.28, None),
    ("rtx-4090", 2): (66.26, 49.2, 18.5, None),
    ("rtx-a6000", 2): (74.43, 47.08, 17.31, None),
    ("rtx-3090", 3): (46.14, 35.83, 13.64, None),
    ("rtx-4090", 3): (62.14, 50.39, 14.92, None),
    ("rtx-3090", 6): (27.71, 27.37, 10.15, 7.54),
    ("rtx-4090", 6): (38.19, 37.5, 15.59, 10.24),
}
_LLAMA2_COLUMNS = ((L2_7B, "Q4_0"), (L2_7B, "fp16"), (L2_70B, "Q4_0"), (L2_70B, "fp16"))
DECODE_LLAMA2 = [(gpu, count, model, quant, speed)
                 for (gpu, count), speeds in _LLAMA2_TABLE.items()
                 for (model, quant), speed in zip(_LLAMA2_COLUMNS, speeds, strict=True)
                 if speed is not None]


# --- 2025-26 architectures ----------------------------------------------------------------------
HF_API = "Hugging Face API safetensors total"
LLAMA_BENCH = "llama-bench 'params' column of a published run"
# (catalog model, published parameter count of the served language model, source). Where the
# published total holds more than the served model, the note says what was taken off.
PARAMS_2025 = [
    ("Qwen/Qwen3-8B", 8_190_735_360, f"{HF_API} of Qwen/Qwen3-8B"),
    ("Qwen/Qwen3-14B", 14_768_307_200, "keras-hub qwen3_14b_en preset (keras-team/keras-hub)"),
    ("Qwen/Qwen3-32B", 32_762_123_264, f"{HF_API} of Qwen/Qwen3-32B"),
    ("Qwen/Qwen3-30B-A3B", 30_532_122_624, f"{HF_API} of Qwen/Qwen3-30B-A3B"),
    ("Qwen/Qwen3-235B-A22B", 235_093_634_560, f"{HF_API} of Qwen/Qwen3-235B-A22B"),
    ("Qwen/Qwen3-Coder-480B-A35B-Instruct", 480.15e9,
     "Hugging Face safetensors metadata, 480.15B (hfl project test)"),
    ("Qwen/Qwen3-Next-80B-A3B-Instruct", 80e9, "model card: 80B total"),
    ("Qwen/Qwen3.5-397B-A17B", 397e9, "model card: 397B (language model)"),
    ("Qwen/Qwen3.5-122B-A10B", 122e9, "model card: 122B (language model)"),
    ("openai/gpt-oss-20b", 20_914_757_184, f"{LLAMA_BENCH} (ggml-org/gpt-oss-20b-GGUF)"),
    ("openai/gpt-oss-120b", 116_829_156_672, f"{LLAMA_BENCH} (ggml-org/gpt-oss-120b-GGUF)"),
    ("google/gemma-3-27b-it", 27_009_346_304,
     "llama.cpp load log 'model params', unsloth/gemma-3-27b-it-GGUF (text model)"),
    ("google/gemma-3-12b-it", 11.77e9, f"{LLAMA_BENCH}, 11.77 B (text model)"),
    ("google/gemma-4-26B-A4B", 25.2e9, "model card: 25.2B total"),
    ("mistralai/Mistral-Small-3.1-24B-Instruct-2503", 23_572_403_200,
     f"{LLAMA_BENCH} (Mistral Small 3.2 24B, the same text model)"),
    ("meta-llama/Llama-4-Scout-17B-16E-Instruct", 107_769_861_184,
     f"{LLAMA_BENCH} (unsloth/Llama-4-Scout-17B-16E-Instruct-GGUF, text model)"),
    ("meta-llama/Llama-4-Maverick-17B-128E-Instruct", 400e9, "model card: 400B total"),
    ("microsoft/phi-4", 14.66e9, f"{LLAMA_BENCH}, 14.66 B"),
    ("deepseek-ai/DeepSeek-V3", 671e9,
     "model card: 671B main model (the 14B multi-token prediction module apart)"),
    ("zai-org/GLM-5", 744e9, "GLM-5 technical report: 744B total"),
    ("moonshotai/Kimi-K2-Instruct", 1_026_408_235_864 - 3_416,
     f"{HF_API} of moonshotai/Kimi-K2-Instruct less its 3,416 rotary inv_freq buffer values"),
    ("MiniMaxAI/MiniMax-M2", 228_689_764_864,
     f"{HF_API} of MiniMaxAI/MiniMax-M2 (no FP8 scale tensors)"),
]

UNSLOTH_QWEN = "unsloth/Qwen3-30B-A3B-GGUF file size (rampart-models-catalog, revision d5b1d57)"
# (catalog model, GGUF type, published size, unit, source): llama-bench/llama.cpp sizes are
# tensor bytes in GiB; Hugging Face file sizes are bytes and hold a few MB of metadata more.
GGUF_2025 = [
    ("deepseek-ai/DeepSeek-V3", "Q4_K_M", 376.65, "GiB",
     "llama-bench 'deepseek2 671B Q4_K - Medium' (unsloth/DeepSeek-V3-GGUF)"),
    ("deepseek-ai/DeepSeek-V3", "Q8_0", 664.29, "GiB", "llama-bench 'deepseek2 671B Q8_0'"),
    ("deepseek-ai/DeepSeek-V3", "Q5_K_M", 475.40, "GB",
     "bartowski/deepseek-ai_DeepSeek-V3-0324-GGUF model card, split files summed"),
    ("moonshotai/Kimi-K2-Instruct", "Q2_K", 347.25, "GiB",
     "llama.cpp load log, llama.cpp issue 14642 (build 5890)"),
    ("Qwen/Qwen3-30B-A3B", "Q4_K_M", 18_556_685_824, "bytes",
     "Qwen/Qwen3-30B-A3B-GGUF file size (sha256-checked copies)"),
    ("Qwen/Qwen3-30B-A3B", "Q8_0", 32_483_931_648, "bytes", "Qwen/Qwen3-30B-A3B-GGUF file size"),
    ("Qwen/Qwen3-30B-A3B", "Q3_K_M", 14_711_847_488, "bytes", UNSLOTH_QWEN),
    ("Qwen/Qwen3-30B-A3B", "Q6_K", 25_092_532_800, "bytes", UNSLOTH_QWEN),
    ("Qwen/Qwen3-235B-A22B", "Q4_K_M", 142_154_075_488, "bytes",
     "unsloth/Qwen3-235B-A22B-GGUF, split files summed (rampart-models-catalog)"),
    ("Qwen/Qwen3-8B", "Q4_K_M", 5_027_783_488, "bytes", "Qwen/Qwen3-8B-GGUF file size"),
    ("Qwen/Qwen3-14B", "Q8_0", 15_698_533_728, "bytes", "Qwen/Qwen3-14B-GGUF file size"),
    ("openai/gpt-oss-20b", "MXFP4_MOE", 11.27, "GiB", "llama-bench 'gpt-oss 20B MXFP4 MoE'"),
    ("openai/gpt-oss-120b", "MXFP4_MOE", 59.02, "GiB", "llama-bench 'gpt-oss 120B MXFP4 MoE'"),
    ("openai/gpt-oss-120b", "Q4_K_M", 58.45, "GiB",
     "llama-bench 'gpt-oss 120B Q4_K - Medium' (unsloth; experts stay MXFP4)"),
    ("google/gemma-3-27b-it", "Q4_K_M", 15.40, "GiB", "llama-bench 'gemma3 27B Q4_K - Medium'"),
    ("google/gemma-3-12b-it", "Q4_K_M", 6.79, "GiB", "llama-bench 'gemma3 12B Q4_K - Medium'"),
    ("google/gemma-3-12b-it", "Q8_0", 11.64, "GiB",
     "llama-bench, unsloth/gemma-3-12b-it-GGUF Q8_0 (snapshot a5592d8)"),
    ("google/gemma-3-4b-it", "Q8_0", 4_130_226_336, "bytes",
     "ggml-org/gemma-3-4b-it-GGUF file size (text model; the vision projector is apart)"),
    ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "Q4_K_M", 60.86, "GiB",
     "llama-bench 'llama4 17Bx16E (Scout) Q4_K - Medium' (unsloth, not UD)"),
    ("mistralai/Mistral-Small-3.1-24B-Instruct-2503", "Q4_K_M", 13.34, "GiB",
     "llama-bench 'Mistral Small 3.2 24B Q4_K - Medium'"),
    ("microsoft/phi-4", "Q6_K", 12_030_251_200, "bytes", "microsoft/phi-4-gguf file size"),
]
_UNITS = {"GiB": GiB, "GB": 1e9, "bytes": 1}


@dataclass(frozen=True)
class Case:
    group: str
    label: str
    predicted: float
    published: float
    unit: str
    source: str
    note: str = ""

    @property
    def error(self) -> float:
        """Absolute error in per cent of the published figure."""
        return abs(self.predicted - self.published) / self.published * 100


def _short(model: str) -> str:
    return model.split("/", 1)[1]


def weights_cases() -> list[Case]:
    return [Case("GGUF weights", f"{_short(model)} {quant}",
                 weights_breakdown(find_model(model).arch, quant)[0] / GiB, gib, "GiB", source)
            for model, quant, gib, source in WEIGHTS]


def kv_cases() -> list[Case]:
    return [Case("KV cache, FP16", f"{_short(model)}, {tokens:,} tokens",
                 kv_cache_bytes(find_model(model), "fp16", tokens, 1) / GiB, gib, "GiB",
                 HF_LLAMA31, note)
            for model, tokens, gib, note in KV_CACHE]


def _split_note(count: int, model: str) -> str:
    if count > 1 and model == L2_7B:
        return ("a 7B model split over several cards; that llama.cpp build ran it at a fraction "
                "of one card's speed, the May 2024 build did not")
    return ""


def _decode(group: str, cases: list[tuple[str, int, str, str, float]], context: int,
            source: str) -> list[Case]:
    out = []
    for gpu_id, count, model, quant, measured in cases:
        gpu = match_gpu(gpu_id)
        result = fit(FitRequest(find_model(model), quant, engine="llama.cpp", context=context,
                                gpu=gpu, gpus=count))
        out.append(Case(group, f"{_short(model)} {quant} on {count} x {gpu.name}",
                        result.decode_tokens_per_s, measured, "tokens/s", source,
                        _split_note(count, model)))
    return out


def decode_cases() -> list[Case]:
    llama2 = XIONGJIEDAI + ", Dec 2023, LLaMA 2 overview table"
    return [
        *_decode("Decode, llama.cpp, Llama 3 (calibration set)", DECODE_LLAMA3, 1024,
                 XIONGJIEDAI + ", May 2024, tg1024"),
        *_decode("Decode, llama.cpp, Llama 2 on one GPU (not used for calibration)",
                 [case for case in DECODE_LLAMA2 if case[1] == 1], 128, llama2),
        *_decode("Decode, llama.cpp, Llama 2 on several GPUs (not used for calibration)",
                 [case for case in DECODE_LLAMA2 if case[1] > 1], 128, llama2),
    ]


def params_2025_cases() -> list[Case]:
    return [Case("Parameters, 2025-26 architectures", _short(model),
                 param_count(find_model(model).arch) / 1e9, published / 1e9, "B", source)
            for model, published, source in PARAMS_2025]


def gguf_2025_cases() -> list[Case]:
    cases = []
    for model, quant, size, unit, source in GGUF_2025:
        spec = find_model(model)
        predicted = weight_bytes(spec.arch, quant, spec.shipped).total
        scale = GiB if unit == "GiB" else 1e9
        cases.append(Case("GGUF weights, 2025-26 architectures", f"{_short(model)} {quant}",
                          predicted / scale, size * _UNITS[unit] / scale,
                          "GiB" if unit == "GiB" else "GB", source))
    return cases


def all_cases() -> list[Case]:
    return (weights_cases() + kv_cases() + decode_cases() + params_2025_cases()
            + gguf_2025_cases())


def medians(cases: list[Case]) -> dict[str, float]:
    """The median absolute error (per cent) of each group, in the order the groups come."""
    groups: dict[str, list[float]] = {}
    for case in cases:
        groups.setdefault(case.group, []).append(case.error)
    return {group: statistics.median(errors) for group, errors in groups.items()}


def table(cases: list[Case]) -> str:
    lines: list[str] = []
    sources: list[str] = []
    width = max(len(case.label) for case in cases)
    group = None
    for case in cases:
        if case.group != group:
            group = case.group
            lines += ["", f"{group}", f"  {'case':<{width}}  {'predicted':>10}  "
                      f"{'published':>10}  {'unit':<8}  {'|error|':>7}  source"]
        if case.source not in sources:
            sources.append(case.source)
        mark = " *" if case.note else ""
        lines.append(f"  {case.label:<{width}}  {_figure(case.predicted)}  "
                     f"{_figure(case.published)}  {case.unit:<8}  {case.error:6.1f}%  "
                     f"[{sources.index(case.source) + 1}]{mark}")
    lines += ["", "Median absolute error per group:"]
    lines += [f"  {group}: {median:.1f}% ({sum(c.group == group for c in cases)} cases)"
              for group, median in medians(cases).items()]
    notes = sorted({case.note for case in cases if case.note})
    lines += ["", "* Notes:"] + [f"  - {note}" for note in notes]
    lines += ["", "Sources:"] + [f"  [{n}] {source}" for n, source in enumerate(sources, 1)]
    return "\n".join(lines)


def _figure(value: float) -> str:
    return f"{value:10.3f}" if value < 1 else f"{value:10.2f}"


def main() -> None:
    print("Accuracy: the planner's figures against published ones")
    print(table(all_cases()))
    print(serving_report())


if __name__ == "__main__":
    main()
