"""Read price files users download elsewhere and carry over offline.

Formats: LiteLLM's model_prices_and_context_window.json, SkyPilot catalog CSV (vms.csv), gpuhunt
CSV, and our own JSON (llmplan-prices) and CSV. Every importer reads the whole file into memory
and checks every row before anything is stored: a file is taken whole or refused. Rows that
cannot be used (a price of 0 or NaN, an unknown GPU, a duplicate) are skipped with the reason.
"""

import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.hardware.gpus import GpuSpec, gpu_candidates, match_gpu
from core.pricing.catalog import (
    ApiPrice,
    CloudInstance,
    PriceCatalog,
    PriceRange,
    catalog_from_dict,
    catalog_to_dict,
    entries,
)

MAX_FILE_BYTES = 64 * 1024 * 1024
# A price above these is taken for a unit or typing slip, not imported.
MAX_PRICE_PER_M_TOKENS = 10_000.0
MAX_PRICE_PER_HOUR = 10_000.0
MIN_PRICE_PER_M_TOKENS = 1e-6
FORMATS = ("litellm", "skypilot", "gpuhunt", "llmplan-json", "llmplan-csv")

OWN_CSV_COLUMNS = (
    "kind", "id", "provider", "name", "gpu", "gpus", "price_per_hour", "price_in_per_m",
    "price_out_per_m", "price_cached_in_per_m", "batch_discount", "training_price_per_m",
    "label", "low", "high", "unit", "rate_per_eur", "currency", "region", "source",
    "price_date")
SKYPILOT_COLUMNS = ("InstanceType", "AcceleratorName", "AcceleratorCount", "Price", "Region")
GPUHUNT_COLUMNS = ("instance_name", "location", "price", "gpu_count", "gpu_name", "spot")


@dataclass(frozen=True)
class Skipped:
    """A row left out, and why."""

    where: str  # "line 12" or a JSON key
    reason: str


@dataclass(frozen=True)
class ImportResult:
    """What a file holds, checked: the rows to add and the rows left out."""

    format: str
    catalog: PriceCatalog  # only the rows of this file; rates empty when it has none
    skipped: tuple[Skipped, ...]
    origin: str

    @property
    def taken(self) -> int:
        return sum(len(entries(self.catalog, kind)) for kind in ("api", "cloud", "energy",
                                                                 "hardware"))

    def skip_summary(self) -> list[tuple[str, int, Skipped]]:
        """(reason, count, first row skipped for it), the commonest first; a reason is the
        part of the message before the row's particulars."""
        groups: dict[str, list[Skipped]] = {}
        for skip in self.skipped:
            groups.setdefault(skip.reason.split(": ")[0], []).append(skip)
        return sorted(((reason, len(rows), rows[0]) for reason, rows in groups.items()),
                      key=lambda item: -item[1])


class _Skip(Exception):
    """A row that cannot be used."""


# --- reading the bytes ---------------------------------------------------------------------------


def _text(data: bytes, name: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name} is {len(data) / 1e6:,.0f} MB; price files above "
                         f"{MAX_FILE_BYTES / 1e6:,.0f} MB are not read")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name} is UTF-16 text; save it as UTF-8 and import it again")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{name} is not UTF-8 text (byte 0x{data[error.start]:02x} at "
                         f"position {error.start:,}); save it as UTF-8 and import it again"
                         ) from None
    if "\x00" in text:
        raise InputError(f"{name} contains NUL bytes: it is not a text price file")
    if not text.strip():
        raise InputError(f"{name} is empty")
    return text


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{name} is not valid JSON: {error.msg} at line {error.lineno} "
                         f"column {error.colno}") from None
    except RecursionError:
        raise InputError(f"{name} is nested too deeply to be a price file") from None


def _csv_rows(text: str, name: str, required: tuple[str, ...], skipped: list[Skipped]
              ) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and (line number, row) pairs; every required column must be there. Rows
    with more fields than the header go to `skipped`."""
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [column.strip() for column in next(reader, [])]
        missing = [column for column in required if column not in header]
        if missing:
            raise InputError(f"{name}: the header lacks {', '.join(missing)} (it has: "
                             f"{', '.join(header[:12]) or 'nothing'})")
        if len(set(header)) != len(header):
            doubled = sorted({c for c in header if header.count(c) > 1})
            raise InputError(f"{name}: the header names {', '.join(doubled)} twice")
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(values) > len(header):
                skipped.append(Skipped(f"line {reader.line_num}", f"{len(values)} fields, the "
                                       f"header has {len(header)} (an unquoted comma?)"))
                continue
            rows.append((reader.line_num,
                         dict(zip(header, [v.strip() for v in values], strict=False))))
    except csv.Error as error:
        raise InputError(f"{name}: not a readable CSV file ({error})") from None
    return header, rows


def _price(value: Any, label: str, limit: float, optional: bool = False) -> float | None:
    """A positive, finite price; raises _Skip with the reason otherwise."""
    if value is None or value == "":
        if optional:
            return None
        raise _Skip(f"no {label}")
    if isinstance(value, bool):
        raise _Skip(f"{label} is not a number: {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _Skip(f"{label} is not a number: {str(value)[:40]!r}") from None
    if math.isnan(number):
        raise _Skip(f"{label} is NaN (unknown)")
    if math.isinf(number) or number > limit:
        raise _Skip(f"{label} is implausibly high: {number:g}")
    if number < 0:
        raise _Skip(f"{label} is negative: {number:g}")
    if number == 0:
        if optional:
            return None
        raise _Skip(f"{label} is 0 (a missing price is unknown, never 0)")
    return number


def _count(value: Any, label: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _Skip(f"{label} is not a number: {str(value)[:40]!r}") from None
    if not math.isfinite(number) or number != int(number) or not 1 <= number <= 1024:
        raise _Skip(f"{label} is not a GPU count: {value!r}")
    return int(number)


# --- GPU names from cloud catalogs ---------------------------------------------------------------


def _split_name(name: str) -> str:
    """'RTX4090' -> 'RTX 4090', 'A100-80GB' -> 'A100 80GB', 'RTXA6000' -> 'RTX A6000'."""
    spaced = re.sub(r"[-_]", " ", name)
    spaced = re.sub(r"\bMEGA\b", "SXM", spaced, flags=re.IGNORECASE)  # GCP's a3-megagpu H100
    spaced = re.sub(r"^(RTX|GTX)(?=[A-Z]?\d)", r"\1 ", spaced, flags=re.IGNORECASE)
    return spaced.strip()


@lru_cache(maxsize=4096)
def cloud_gpu(name: str, memory_gb: float | None = None, hint: str = "") -> GpuSpec:
    """The catalog GPU a cloud catalog's accelerator name means.

    Cloud catalogs write "A100", "A100-80GB", "H100", "RTX4090". The memory (when the file
    gives it) and the form factor named in the instance or GPU description pick among
    variants; without a "PCIe" hint the SXM part is taken, as data-centre instances use it.

    Raises:
        _Skip: no catalog GPU matches.
    """
    words = _split_name(name)
    match = re.search(r"(\d+)\s*GB", words, flags=re.IGNORECASE)
    if match and memory_gb is None:
        memory_gb = float(match.group(1))
    words = re.sub(r"\s*\d+\s*GB", "", words, flags=re.IGNORECASE).strip()
    candidates = gpu_candidates(words) if words else []
    if memory_gb:
        by_memory = [g for g in candidates if abs(g.memory_gb - memory_gb) <= 0.1 * memory_gb]
        candidates = by_memory or candidates
    if len(candidates) > 1:
        pcie = "pcie" in hint.lower()
        form = [g for g in candidates if ("pcie" in g.id) == pcie]
        candidates = form or candidates
    if len(candidates) > 1 and memory_gb is None:
        smallest = min(g.memory_gb for g in candidates)
        candidates = [g for g in candidates if g.memory_gb == smallest]
    if len(candidates) != 1:
        raise _Skip(f"unknown GPU name: {name}" if not candidates
                    else f"GPU name fits several GPUs: {name}")
    return candidates[0]


@lru_cache(maxsize=1024)
def _catalog_gpu(name: str) -> GpuSpec:
    """A GPU named by catalog id or name (our own files), else as a cloud catalog names it."""
    try:
        return match_gpu(name)
    except InputError:
        return cloud_gpu(name)


# --- the formats ---------------------------------------------------------------------------------


_LITELLM_CHAT_MODES = {"chat", "completion", "responses"}
_PROVIDER_NAMES = {"openai": "OpenAI", "anthropic": "Anthropic", "gemini": "Google",
                   "vertex_ai-language-models": "Google", "mistral": "Mistral",
                   "together_ai": "Together", "groq": "Groq", "deepseek": "DeepSeek",
                   "bedrock": "AWS Bedrock", "bedrock_converse": "AWS Bedrock",
                   "azure": "Azure OpenAI", "fireworks_ai": "Fireworks"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


def _per_m(record: Mapping[str, Any], key: str, optional: bool = False) -> float | None:
    value = _price(record.get(key), key, MAX_PRICE_PER_M_TOKENS / 1e6, optional)
    if value is None:
        return None
    per_m = round(value * 1e6, 9)
    if per_m < MIN_PRICE_PER_M_TOKENS:
        raise _Skip(f"{key} is implausibly low: {value:g} per token")
    return per_m


def read_litellm(document: Any, origin: str, price_date: str) -> tuple[list[ApiPrice],
                                                                       list[Skipped]]:
    """LiteLLM model_prices_and_context_window.json: USD per token, one object per model."""
    if not isinstance(document, dict):
        raise InputError(f"{origin}: a LiteLLM price file is one JSON object of models")
    prices: list[ApiPrice] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for key, record in document.items():
        if key == "sample_spec":
            continue
        try:
            if not isinstance(record, dict):
                raise _Skip("not an object")
            mode = record.get("mode", "chat")
            if mode not in _LITELLM_CHAT_MODES:
                raise _Skip(f"not a text-generation model: mode {str(mode)[:20]}")
            provider = str(record.get("litellm_provider") or "").strip()
            if not provider:
                raise _Skip("no litellm_provider")
            price_id = key if "/" in key else f"{provider}/{key}"
            if price_id.lower() in seen:
                raise _Skip(f"duplicate: {price_id} appears as {seen[price_id.lower()]}")
            price_in = _per_m(record, "input_cost_per_token")
            price_out = _per_m(record, "output_cost_per_token")
            cached = _per_m(record, "cache_read_input_token_cost", optional=True)
            batch_in = _per_m(record, "input_cost_per_token_batches", optional=True)
            discount = None
            if batch_in and price_in and batch_in < price_in:
                discount = round(1 - batch_in / price_in, 6)
            tiers = [k for k in record if str(k).startswith("input_cost_per_token_above_")]
            note = (f"; long-context tier prices ({', '.join(sorted(tiers))}) not imported"
                    if tiers else "")
        except _Skip as skip:
            skipped.append(Skipped(key[:80], str(skip)))
            continue
        seen[price_id.lower()] = key
        prices.append(ApiPrice(
            price_id, _PROVIDER_NAMES.get(provider, provider), key.split("/")[-1], price_in,
            price_out, cached, discount, None, "USD",
            f"LiteLLM model_prices_and_context_window.json ({origin}){note}", price_date))
    return prices, skipped


_SKYPILOT_PROVIDERS = {"aws": "AWS", "gcp": "GCP", "azure": "Azure", "lambda": "Lambda",
                       "runpod": "RunPod", "oci": "OCI", "nebius": "Nebius", "vast": "Vast.ai",
                       "fluidstack": "FluidStack", "cudo": "Cudo", "paperspace": "Paperspace",
                       "do": "DigitalOcean", "scaleway": "Scaleway", "hyperbolic": "Hyperbolic",
                       "verda": "Verda", "shadeform": "Shadeform", "primeintellect":
                       "Prime Intellect", "seeweb": "Seeweb", "ovhcloud": "OVHcloud"}
# GCP machine types that come with GPUs attached: (accelerator name, GPUs per machine).
_GCP_ATTACHED = [
    (re.compile(r"^a2-highgpu-(\d+)g$"), "A100"), (re.compile(r"^a2-megagpu-(16)g$"), "A100"),
    (re.compile(r"^a2-ultragpu-(\d+)g$"), "A100-80GB"),
    (re.compile(r"^a3-(?:highgpu|edgegpu)-(\d+)g$"), "H100"),
    (re.compile(r"^a3-megagpu-(8)g$"), "H100-MEGA"), (re.compile(r"^a3-ultragpu-(8)g$"), "H200"),
]
_G2_GPUS = {"g2-standard-4": 1, "g2-standard-8": 1, "g2-standard-12": 1, "g2-standard-16": 1,
            "g2-standard-32": 1, "g2-standard-24": 2, "g2-standard-48": 4, "g2-standard-96": 8}


def _gcp_attached(instance: str) -> tuple[str, int] | None:
    if instance in _G2_GPUS:
        return "L4", _G2_GPUS[instance]
    for pattern, accelerator in _GCP_ATTACHED:
        match = pattern.match(instance)
        if match:
            return accelerator, int(match.group(1))
    return None


def skypilot_provider(path_name: str, instance_types: list[str]) -> str | None:
    """The cloud a vms.csv belongs to: its folder name (catalogs/v8/aws/vms.csv), else the
    shape of its instance names."""
    for part in reversed(Path(path_name).parts[:-1]):
        if part.lower() in _SKYPILOT_PROVIDERS:
            return _SKYPILOT_PROVIDERS[part.lower()]
    shapes = [(r"^[a-z]+\d[a-z]*\.\d*x?(large|metal)", "AWS"), (r"^[a-z]\d-[a-z]+-\d+", "GCP"),
              (r"^Standard_", "Azure"), (r"^gpu_\d+x_", "Lambda"),
              (r"_(SECURE|COMMUNITY)$", "RunPod")]
    for pattern, provider in shapes:
        if any(re.search(pattern, name) for name in instance_types[:200] if name):
            return provider
    return None


def read_skypilot(text: str, origin: str, price_date: str, provider: str | None,
                  ) -> tuple[list[CloudInstance], list[Skipped]]:
    """SkyPilot catalog vms.csv: hourly USD on demand, one row per zone. On GCP the host VM
    and its GPUs are separate rows; they are summed here."""
    skipped: list[Skipped] = []
    _, rows = _csv_rows(text, origin, SKYPILOT_COLUMNS, skipped)
    provider = provider or skypilot_provider(origin, [r.get("InstanceType", "") for _, r in rows])
    if provider is None:
        raise InputError(f"{origin}: cannot tell which cloud this vms.csv is from; keep it in "
                         "a folder named after the cloud (aws/vms.csv) or give --provider")
    gcp = provider == "GCP"
    gpu_prices: dict[tuple[str, int, str], float] = {}
    if gcp:
        for _, row in rows:
            if not row.get("InstanceType") and row.get("AcceleratorName"):
                try:
                    key = (row["AcceleratorName"], _count(row.get("AcceleratorCount"), "count"),
                           row.get("Region", ""))
                    gpu_prices.setdefault(key, _price(row.get("Price"), "Price",
                                                      MAX_PRICE_PER_HOUR) or 0.0)
                except _Skip:
                    continue
    instances: list[CloudInstance] = []
    seen: dict[str, float] = {}
    for line, row in rows:
        instance_type, region = row.get("InstanceType", ""), row.get("Region", "")
        try:
            accelerator = row.get("AcceleratorName", "")
            count_text = row.get("AcceleratorCount", "")
            price = _price(row.get("Price"), "Price", MAX_PRICE_PER_HOUR)
            assert price is not None
            if gcp and not instance_type:
                raise _Skip("GPU-only row: on GCP it is summed with the host machine type")
            if gcp and not accelerator:
                attached = _gcp_attached(instance_type)
                if attached is None:
                    raise _Skip("no GPU")
                accelerator, count = attached
                gpu_price = gpu_prices.get((accelerator, count, region))
                if not gpu_price:
                    raise _Skip(f"no GPU price for the host: {accelerator} x{count} in "
                                f"{region or 'no region'}")
                price, count_text = price + gpu_price, str(count)
            if not accelerator:
                raise _Skip("no GPU")
            if not instance_type:
                raise _Skip("no instance type")
            gpus = _count(count_text, "AcceleratorCount")
            gpu = cloud_gpu(accelerator, None, f"{instance_type} {row.get('GpuInfo', '')}")
            entry_id = f"{_slug(provider)}-{instance_type}@{region}"
            if entry_id.lower() in seen:
                if abs(seen[entry_id.lower()] - price) > 1e-9:
                    raise _Skip(f"duplicate: {entry_id} at another price in another zone "
                                f"(kept {seen[entry_id.lower()]:g})")
                raise _Skip(f"duplicate: {entry_id} in another zone")
        except _Skip as skip:
            skipped.append(Skipped(f"line {line}", str(skip)))
            continue
        seen[entry_id.lower()] = price
        instances.append(CloudInstance(
            entry_id, provider, instance_type, gpu.id, gpus, round(price, 6), "USD", region,
            f"SkyPilot catalog vms.csv ({origin})"
            + (", host plus GPU" if gcp else ""), price_date))
    return instances, skipped


def read_gpuhunt(text: str, origin: str, price_date: str, provider: str | None,
                 ) -> tuple[list[CloudInstance], list[Skipped]]:
    """gpuhunt CSV: one offer per row, hourly USD; spot offers are left out."""
    skipped: list[Skipped] = []
    _, rows = _csv_rows(text, origin, GPUHUNT_COLUMNS, skipped)
    provider = provider or Path(origin).stem.split(".")[0] or "gpuhunt"
    provider = _SKYPILOT_PROVIDERS.get(provider.lower(), provider)
    instances: list[CloudInstance] = []
    seen: set[str] = set()
    for line, row in rows:
        try:
            if row.get("spot", "").lower() in ("true", "1", "yes"):
                raise _Skip("spot price: only on-demand prices are imported")
            price = _price(row.get("price"), "price", MAX_PRICE_PER_HOUR)
            if not row.get("gpu_name") or row.get("gpu_count") in ("", "0", "0.0"):
                raise _Skip("no GPU")
            gpus = _count(row.get("gpu_count"), "gpu_count")
            memory = _price(row.get("gpu_memory"), "gpu_memory", 10_000, optional=True)
            gpu = cloud_gpu(row["gpu_name"], memory, row.get("instance_name", ""))
            name = row.get("instance_name") or f"{gpus}x {row['gpu_name']}"
            entry_id = f"{_slug(provider)}-{name}@{row.get('location', '')}"
            if entry_id.lower() in seen:
                raise _Skip(f"duplicate: {entry_id}")
        except _Skip as skip:
            skipped.append(Skipped(f"line {line}", str(skip)))
            continue
        seen.add(entry_id.lower())
        instances.append(CloudInstance(
            entry_id, provider, name, gpu.id, gpus, price, "USD", row.get("location", ""),
            f"gpuhunt CSV ({origin})", price_date))
    return instances, skipped


def _own_csv_rows(text: str, origin: str) -> tuple[PriceCatalog, list[Skipped]]:
    skipped: list[Skipped] = []
    _, rows = _csv_rows(text, origin, ("kind", "id", "currency", "source", "price_date"),
                        skipped)
    lists: dict[str, list[Any]] = {"api": [], "cloud": [], "energy": [], "hardware": []}
    rates: dict[str, float] = {}
    rates_source = rates_date = ""
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        kind, entry_id = row.get("kind", ""), row.get("id", "")
        try:
            if not entry_id:
                raise _Skip("no id")
            if (kind, entry_id.lower()) in seen:
                raise _Skip(f"duplicate: {kind} {entry_id}")
            common = (row.get("currency", ""), row.get("source", ""), row.get("price_date", ""))
            if kind == "api":
                lists["api"].append(ApiPrice(
                    entry_id, row.get("provider", ""), row.get("name", ""),
                    _price(row.get("price_in_per_m"), "price_in_per_m", MAX_PRICE_PER_M_TOKENS),
                    _price(row.get("price_out_per_m"), "price_out_per_m",
                           MAX_PRICE_PER_M_TOKENS),
                    _price(row.get("price_cached_in_per_m"), "price_cached_in_per_m",
                           MAX_PRICE_PER_M_TOKENS, optional=True),
                    _share(row.get("batch_discount")),
                    _price(row.get("training_price_per_m"), "training_price_per_m",
                           MAX_PRICE_PER_M_TOKENS, optional=True), *common))
            elif kind == "cloud":
                gpu = _catalog_gpu(row.get("gpu", ""))
                lists["cloud"].append(CloudInstance(
                    entry_id, row.get("provider", ""), row.get("name", ""), gpu.id,
                    _count(row.get("gpus"), "gpus"),
                    _price(row.get("price_per_hour"), "price_per_hour", MAX_PRICE_PER_HOUR),
                    common[0], row.get("region", ""), common[1], common[2]))
            elif kind in ("energy", "hardware"):
                low = _price(row.get("low"), "low", 1e9)
                high = _price(row.get("high"), "high", 1e9)
                if low is None or high is None or low > high:
                    raise _Skip(f"low {low} is above high {high}")
                gpus_text = row.get("gpus", "")
                lists[kind].append(PriceRange(
                    entry_id, row.get("label", ""), low, high, row.get("unit", ""), *common,
                    (_catalog_gpu(row["gpu"]).id if row.get("gpu") else None),
                    _count(gpus_text, "gpus") if gpus_text else None))
            elif kind == "exchange_rate":
                rate = _price(row.get("rate_per_eur"), "rate_per_eur", 1e6)
                assert rate is not None
                rates[entry_id.upper()] = rate
                rates_source, rates_date = common[1], common[2]
            else:
                raise _Skip(f"unknown kind: {kind[:20]!r} (api, cloud, energy, hardware or "
                            "exchange_rate)")
        except _Skip as skip:
            skipped.append(Skipped(f"line {line}", str(skip)))
            continue
        seen.add((kind, entry_id.lower()))
    if rates and rates.get("EUR", 1.0) != 1.0:
        raise InputError(f"{origin}: the EUR exchange rate must be 1 (rates are per EUR)")
    if rates:
        rates["EUR"] = 1.0
    return PriceCatalog("", rates, rates_source, rates_date, tuple(lists["cloud"]),
                        tuple(lists["api"]), tuple(lists["energy"]),
                        tuple(lists["hardware"])), skipped


def _share(value: Any) -> float | None:
    number = _price(value, "batch_discount", 1.0, optional=True)
    if number is not None and number >= 1:
        raise _Skip(f"batch_discount must be below 1, got {number:g}")
    return number


def detect_format(text: str) -> str:
    """Which of FORMATS the text looks like.

    Raises:
        InputError: none of them.
    """
    start = text.lstrip()[:1]
    if start in ("{", "["):
        if '"llmplan-prices"' in text[:2000]:
            return "llmplan-json"
        return "litellm"
    first_line = next(iter(text.splitlines()), "")
    header = {column.strip() for column in first_line.split(",")}
    if set(SKYPILOT_COLUMNS) <= header:
        return "skypilot"
    if set(GPUHUNT_COLUMNS) <= header:
        return "gpuhunt"
    if {"kind", "id", "price_date"} <= header:
        return "llmplan-csv"
    raise InputError("not a known price file: expected LiteLLM JSON, SkyPilot vms.csv "
                     "(InstanceType, AcceleratorName, ...), gpuhunt CSV (instance_name, "
                     "location, price, ...), or an llmplan JSON/CSV export")


def read_prices(data: bytes, origin: str, *, format: str | None = None,
                price_date: str | None = None, provider: str | None = None,
                today: date | None = None) -> ImportResult:
    """Check a whole price file and return what it holds.

    `price_date` is the date the file's prices were true when the format has none (LiteLLM,
    SkyPilot, gpuhunt); by default `today`.

    Raises:
        InputError: the file cannot be read as a price file; nothing of it is used.
    """
    path = Path(origin)
    name = (f"{path.parent.name}/{path.name}" if path.name == "vms.csv" and path.parent.name
            else path.name or origin)
    text = _text(data, name)
    kind = format or detect_format(text)
    if kind not in FORMATS:
        raise InputError(f"unknown format '{kind}' (one of: {', '.join(FORMATS)})")
    when = price_date or (today or date.today()).isoformat()
    skipped: list[Skipped] = []
    api: list[ApiPrice] = []
    cloud: list[CloudInstance] = []
    if kind == "llmplan-json":
        try:
            catalog = catalog_from_dict(_json(text, name))
        except InputError as error:
            raise InputError(f"{name}: {error}") from None
        return ImportResult(kind, catalog, (), name)
    if kind == "llmplan-csv":
        catalog, skipped = _own_csv_rows(text, name)
        return ImportResult(kind, catalog, tuple(skipped), name)
    if kind == "litellm":
        api, skipped = read_litellm(_json(text, name), name, when)
    elif kind == "skypilot":
        cloud, skipped = read_skypilot(text, origin, when, provider)
    else:
        cloud, skipped = read_gpuhunt(text, name, when, provider)
    catalog = PriceCatalog(when, {}, "", "", tuple(cloud), tuple(api), (), ())
    return ImportResult(kind, catalog, tuple(skipped), name)


def read_price_file(path: str | Path, **options: Any) -> ImportResult:
    """read_prices() on a file.

    Raises:
        InputError: the file cannot be read, or is not a price file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    return read_prices(data, str(path), **options)


# --- export --------------------------------------------------------------------------------------


def _csv_lines(catalog: PriceCatalog) -> Iterator[dict[str, Any]]:
    for rate_currency, rate in catalog.rates.items():
        yield {"kind": "exchange_rate", "id": rate_currency, "rate_per_eur": rate,
               "currency": rate_currency, "source": catalog.rates_source,
               "price_date": catalog.rates_date}
    for api in catalog.api:
        yield {"kind": "api", **{k: v for k, v in api.__dict__.items() if k != "model"},
               "name": api.model}
    for instance in catalog.cloud:
        yield {"kind": "cloud", **instance.__dict__}
    for kind, ranges in (("energy", catalog.energy), ("hardware", catalog.hardware)):
        for entry in ranges:
            yield {"kind": kind, **entry.__dict__}


def catalog_csv(catalog: PriceCatalog) -> str:
    """The catalog as our CSV (one row per price, OWN_CSV_COLUMNS); imports back unchanged."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, OWN_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _csv_lines(catalog):
        writer.writerow({key: ("" if value is None else
                               repr(value) if isinstance(value, float) else value)
                         for key, value in row.items()})
    return buffer.getvalue()


def catalog_json(catalog: PriceCatalog, note: str = "") -> str:
    """The catalog as our JSON (llmplan-prices)."""
    return json.dumps(catalog_to_dict(catalog, note), indent=1, ensure_ascii=False) + "\n"


EXPORTERS: dict[str, Callable[[PriceCatalog], str]] = {"json": catalog_json, "csv": catalog_csv}
