"""The format a checkpoint ships in: its config's torch dtype and quantization_config.

A quantization_config names the method and the modules left unconverted (gpt-oss keeps
attention, router, embeddings and head in BF16 and ships its experts in MXFP4; DeepSeek-V3 ships
block-scaled FP8). The planner's "shipped" quantization sizes exactly that.
"""

import fnmatch
import re
from dataclasses import dataclass, replace
from typing import Any

from core.i18n.message import Count, Name, Text, msg

_FLOAT_DTYPES = {"bfloat16": "bf16", "float16": "fp16", "float32": "fp32", "bf16": "bf16",
                 "fp16": "fp16", "fp32": "fp32", "half": "fp16", "float": "fp32"}
_MAX_PATTERNS = 4096


@dataclass(frozen=True)
class ShippedFormat:
    """A checkpoint's own weight format: a planner scheme plus the modules it leaves alone."""

    scheme: str | None  # a planner quantization name, or None when the method is not known
    excluded: tuple[str, ...] = ()  # module patterns (HF names, globs or "re:" regexes)
    group_size: int = 0  # integer formats: weights per scale
    label: Text = ""
    problem: str = ""  # why the format cannot be sized, when scheme is None

    def excludes(self, module: str) -> bool:
        """Whether `module` (a Hugging Face module path) stays unconverted."""
        return any(_matches(pattern, module) for pattern in self.excluded)


def _matches(pattern: str, module: str) -> bool:
    if pattern.startswith("re:"):
        try:
            return re.search(pattern[3:], module) is not None
        except re.error:
            return False
    if any(char in pattern for char in "*?["):
        return fnmatch.fnmatchcase(module, pattern) or fnmatch.fnmatchcase(module, pattern + ".*")
    return f".{pattern}." in f".{module}." or module.endswith("." + pattern) or module == pattern


def _patterns(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(item) for item in value[:_MAX_PATTERNS] if isinstance(item, str))


def _compressed_tensors(config: dict[str, Any]) -> ShippedFormat:
    """llm-compressor's format: config_groups of weight schemes, plus an ignore list."""
    groups = config.get("config_groups")
    weights = None
    if isinstance(groups, dict):
        for group in groups.values():
            if isinstance(group, dict) and isinstance(group.get("weights"), dict):
                weights = group["weights"]
                break
    excluded = _patterns(config.get("ignore"))
    if weights is None:
        return ShippedFormat(None, problem="compressed-tensors config without a weight scheme")
    bits, kind = weights.get("num_bits"), str(weights.get("type", "int"))
    group = weights.get("group_size") if isinstance(weights.get("group_size"), int) else 0
    if kind == "float" and bits == 8:
        strategy = str(weights.get("strategy", ""))
        scheme = "fp8-block" if strategy == "block" else "fp8"
        return ShippedFormat(scheme, excluded, label=msg("FP8 ({strategy} scales)",
                                                         strategy=Name(strategy or "channel")))
    if kind == "float" and bits == 4:
        return ShippedFormat("nvfp4", excluded, label="NVFP4")
    if kind == "int" and bits == 4:
        return ShippedFormat("int4", excluded, group or 128,
                             label=msg("INT4, group {size}", size=Count(group or 128)))
    if kind == "int" and bits == 8:
        return ShippedFormat("int8", excluded, label="INT8")
    return ShippedFormat(None, problem=f"compressed-tensors {kind} {bits}-bit weights")


def shipped_format(config: dict[str, Any], source: str) -> ShippedFormat:
    """The format of the checkpoint a config.json belongs to; a format that cannot be sized
    names the file (`source`) in its problem."""
    shipped = _shipped_format(config)
    if shipped.scheme is None:
        return replace(shipped, problem=f"{source}: {shipped.problem}")
    return shipped


def _shipped_format(config: dict[str, Any]) -> ShippedFormat:
    quant = config.get("quantization_config")
    dtype = str(config.get("torch_dtype") or config.get("dtype") or "bfloat16").lower()
    if not isinstance(quant, dict):
        scheme = _FLOAT_DTYPES.get(dtype, "bf16")
        return ShippedFormat(scheme, label=scheme.upper())
    method = str(quant.get("quant_method", "")).lower()
    excluded = _patterns(quant.get("modules_to_not_convert")) or _patterns(quant.get("ignore")) \
        or _patterns(quant.get("exclude_modules"))
    if method == "mxfp4":
        return ShippedFormat("mxfp4", excluded, label=msg("MXFP4 (OCP MX, blocks of 32)"))
    if method == "fp8":
        block = quant.get("weight_block_size")
        if isinstance(block, list) and len(block) == 2:
            return ShippedFormat("fp8-block", excluded, label=msg(
                "FP8 E4M3, {rows}x{columns} block scales", rows=Name(str(block[0])),
                columns=Name(str(block[1]))))
        return ShippedFormat("fp8", excluded, label="FP8 E4M3")
    if method == "compressed-tensors":
        return _compressed_tensors({**quant, "ignore": quant.get("ignore") or list(excluded)})
    if method == "modelopt":
        algo = str(quant.get("quant_algo", "")).upper()
        if algo == "NVFP4":
            return ShippedFormat("nvfp4", excluded, label="NVFP4 (ModelOpt)")
        if algo.startswith("FP8"):
            return ShippedFormat("fp8", excluded, label="FP8 (ModelOpt)")
        return ShippedFormat(None, problem=f"ModelOpt quant_algo '{algo}'")
    if method in ("awq", "gptq"):
        bits = quant.get("bits") or quant.get("w_bit")
        group = quant.get("group_size") or quant.get("q_group_size") or 128
        if bits == 4 and isinstance(group, int) and group > 0:
            return ShippedFormat(f"int4-{method}", excluded, group, label=msg(
                "{method} 4-bit, group {size}", method=Name(method.upper()), size=Count(group)))
        return ShippedFormat(None, problem=f"{method} with {bits} bits")
    return ShippedFormat(None, problem=f"quantization_config.quant_method '{method[:80]}' "
                                       "is not one the planner sizes")
