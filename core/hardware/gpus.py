"""GPU specifications: a frozen dataclass, the bundled GPU catalog, GPU name matching."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from core.errors import InputError
from core.resources import load_json, resource_dir
from core.units import MiB


@dataclass(frozen=True)
class GpuSpec:
    """One GPU model's datasheet figures and typical price."""

    id: str
    name: str
    vendor: str
    memory_gb: float
    memory_mib: int
    memory_type: str
    bandwidth_gbps: float
    bf16_tflops: float | None
    fp8_tflops: float | None
    int8_tops: float | None
    tdp_watts: float
    interconnect: str
    interconnect_gbps: float
    aliases: tuple[str, ...] = ()
    source: str = ""
    price_usd: float | None = None
    price_source: str | None = None
    price_date: str | None = None
    # dense FP16 tensor throughput, for cards without BF16 (Volta, Turing); FP4 for Blackwell
    fp16_tflops: float | None = None
    fp4_tflops: float | None = None
    idle_watts: float | None = None  # a measured idle draw, with its source in `notes`
    form_factor: str = ""  # SXM, PCIe, OAM, workstation, consumer, unified memory
    launch: str = ""  # YYYY-MM
    # Unified memory (Apple silicon): memory_mib is what the GPU may use of the RAM (Metal's
    # recommendedMaxWorkingSetSize), not the RAM itself.
    unified_memory: bool = False
    notes: str = ""

    @property
    def memory_bytes(self) -> int:
        """Memory as the driver reports it, in bytes."""
        return self.memory_mib * MiB

    @property
    def is_hbm(self) -> bool:
        return self.memory_type.upper().startswith("HBM")


def _require(record: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = record.get(key)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise InputError(f"{where}: field '{key}' must be {kind.__name__}, got {value!r}")
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        raise InputError(f"{where}: field '{key}' must not be negative, got {value!r}")
    return value


def _optional_number(record: Mapping[str, Any], key: str, where: str) -> float | None:
    value = record.get(key)
    if value is None:
        return None
    return float(_require(record, key, float, where))


def gpu_from_record(record: Mapping[str, Any], where: str = "GPU catalog") -> GpuSpec:
    """Build a GpuSpec from one catalog record, validating every field.

    Raises:
        InputError: a field is missing, of the wrong type or negative.
    """
    gpu_id = _require(record, "id", str, where)
    where = f"{where} entry {gpu_id}"
    memory_mib = _require(record, "memory_mib", int, where)
    bandwidth = _require(record, "bandwidth_gbps", float, where)
    if memory_mib <= 0 or bandwidth <= 0:
        raise InputError(f"{where}: memory_mib and bandwidth_gbps must be positive")
    return GpuSpec(
        id=gpu_id,
        name=_require(record, "name", str, where),
        vendor=str(record.get("vendor", "")),
        memory_gb=_require(record, "memory_gb", float, where),
        memory_mib=memory_mib,
        memory_type=str(record.get("memory_type", "")),
        bandwidth_gbps=bandwidth,
        bf16_tflops=_optional_number(record, "bf16_tflops", where),
        fp8_tflops=_optional_number(record, "fp8_tflops", where),
        int8_tops=_optional_number(record, "int8_tops", where),
        # 0: unknown (Apple publishes no GPU power or link figure)
        tdp_watts=_optional_number(record, "tdp_watts", where) or 0.0,
        interconnect=str(record.get("interconnect", "")),
        interconnect_gbps=_optional_number(record, "interconnect_gbps", where) or 0.0,
        aliases=tuple(str(alias) for alias in record.get("aliases", ())),
        source=str(record.get("source", "")),
        price_usd=_optional_number(record, "price_usd", where),
        price_source=record.get("price_source"),
        price_date=record.get("price_date"),
        fp16_tflops=_optional_number(record, "fp16_tflops", where),
        fp4_tflops=_optional_number(record, "fp4_tflops", where),
        idle_watts=_optional_number(record, "idle_watts", where),
        form_factor=str(record.get("form_factor") or ""),
        launch=str(record.get("launch") or ""),
        unified_memory=record.get("unified_memory") is True,
        notes=str(record.get("notes") or ""),
    )


def _records(document: Any, key: str, path: str) -> list[Mapping[str, Any]]:
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise InputError(f"{path}: expected an object with a '{key}' list")
    return document[key]


@cache
def gpu_catalog() -> tuple[GpuSpec, ...]:
    """The bundled GPU catalog."""
    path = resource_dir() / "catalog" / "gpus.json"
    records = _records(load_json(path), "gpus", str(path))
    return tuple(gpu_from_record(record, str(path)) for record in records)


def _normalise_gpu_name(name: str) -> str:
    # nvidia-smi prints "NVIDIA GeForce RTX 4090"; users type "rtx4090" or "4090".
    text = name.lower().replace("geforce", " ").replace("nvidia", " ")
    text = re.sub(r"(\d+)\s*gb\b", r"\1gb", text)
    return " ".join(re.findall(r"[a-z]+\d*[a-z]*|\d+[a-z]*", text))


@cache
def _name_index() -> tuple[tuple[GpuSpec, frozenset[str], tuple[frozenset[str], ...]], ...]:
    """Each catalog GPU with its names normalised once: the exact forms and the word sets
    (normalising them on every lookup cost a millisecond per name; a price file names
    thousands of GPUs)."""
    return tuple(
        (gpu, frozenset(_normalise_gpu_name(n) for n in (gpu.id, gpu.name, *gpu.aliases)),
         tuple(frozenset(_normalise_gpu_name(n).split())
               for n in (gpu.id.replace("-", " "), gpu.name, *gpu.aliases)))
        for gpu in gpu_catalog())


@cache
def _word_index() -> tuple[dict[str, int], dict[str, int], dict[str, frozenset[int]]]:
    """Catalog positions by id, by normalised name (the first GPU to have one keeps it), and
    by word (every GPU with a name holding it): a lookup touches only the GPUs sharing its
    words, so a price file of 100,000 unknown names no longer compares each with every
    catalog name (14 s)."""
    by_id: dict[str, int] = {}
    by_form: dict[str, int] = {}
    by_word: dict[str, set[int]] = {}
    for position, (gpu, forms, word_sets) in enumerate(_name_index()):
        by_id.setdefault(gpu.id, position)
        for form in forms:
            by_form.setdefault(form, position)
        for word in set().union(*word_sets):
            by_word.setdefault(word, set()).add(position)
    return by_id, by_form, {word: frozenset(found) for word, found in by_word.items()}


def gpu_candidates(name: str, exact_first: bool = True) -> list[GpuSpec]:
    """Every catalog GPU a name could mean: the one it names exactly, else all whose names
    hold each of its words (with exact_first=False always all of those: "RTX 6000" is the
    24 GB Quadro, the 48 GB Ada card and the 96 GB Blackwell one, which a file's memory
    figure tells apart)."""
    query = _normalise_gpu_name(name)
    if not query:
        return []
    index = _name_index()
    by_id, by_form, by_word = _word_index()
    exact = [p for p in (by_id.get(name.strip().lower()), by_form.get(query)) if p is not None]
    if exact and exact_first:  # the first GPU in catalog order that it names exactly
        return [index[min(exact)][0]]
    query_tokens = set(query.split())
    sharing = frozenset.intersection(*(by_word.get(token, frozenset())
                                       for token in query_tokens))
    return [index[p][0] for p in sorted(sharing)
            if any(query_tokens <= words for words in index[p][2])]


def match_gpu(name: str) -> GpuSpec:
    """The catalog GPU an id, a marketing name or an nvidia-smi/NVML name refers to.

    Raises:
        InputError: no GPU or more than one GPU matches.
    """
    if not _normalise_gpu_name(name):
        raise InputError("GPU name is empty; give a catalog id such as 'h100-sxm' or a name such "
                         "as 'NVIDIA H100 80GB HBM3'")
    candidates = gpu_candidates(name)
    if len(candidates) == 1:
        return candidates[0]
    known = ", ".join(gpu.id for gpu in gpu_catalog())
    if candidates:
        options = ", ".join(f"{gpu.id} ({gpu.name})" for gpu in candidates)
        raise InputError(f"GPU name '{name}' is ambiguous: it matches {options}")
    raise InputError(f"unknown GPU '{name}'; known GPUs: {known}")
