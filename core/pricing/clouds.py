"""Cloud GPU price catalogs: SkyPilot's vms.csv (one per cloud) and gpuhunt CSV, with the
accelerator names they use mapped to catalog GPUs."""

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from pathlib import Path

from core.errors import InputError
from core.hardware.gpus import GpuSpec, gpu_candidates, match_gpu
from core.i18n.message import Message, Name, msg
from core.pricing.catalog import (
    CloudInstance,
)
from core.pricing.checks import (
    MAX_PRICE_PER_HOUR,
    RowSkipped,
    Skipped,
    checked_count,
    checked_price,
    csv_rows,
    detailed,
)

SKYPILOT_COLUMNS = ("InstanceType", "AcceleratorName", "AcceleratorCount", "Price", "Region")
# GpuInfo of a SkyPilot row: "{'Gpus': [{'Name': 'RTX6000', ..., 'MemoryInfo':
# {'SizeInMiB': 24576}}], 'TotalGpuMemoryInMiB': 24576}": the first SizeInMiB is one GPU's.
_GPU_MIB = re.compile(r"SizeInMiB['\"]?\s*:\s*([\d.]+)")
GPUHUNT_COLUMNS = ("instance_name", "location", "price", "gpu_count", "gpu_name", "spot")


def _split_name(name: str) -> str:
    """'RTX4090' -> 'RTX 4090', 'A100-80GB' -> 'A100 80GB', 'RTXA6000' -> 'RTX A6000',
    'RTXPRO6000' -> 'RTX PRO 6000'."""
    spaced = re.sub(r"[-_]", " ", name)
    spaced = re.sub(r"\bMEGA\b", "SXM", spaced, flags=re.IGNORECASE)  # GCP's a3-megagpu H100
    spaced = re.sub(r"^RTX\s*PRO\s*(?=\d)", "RTX PRO ", spaced, flags=re.IGNORECASE)  # RTXPRO6000
    spaced = re.sub(r"^(RTX|GTX)(?=[A-Z]?\d)", r"\1 ", spaced, flags=re.IGNORECASE)
    return spaced.strip()


def cloud_gpu(name: str, memory_gb: float | None = None, hint: str = "") -> GpuSpec:
    """The catalog GPU a cloud catalog's accelerator name means.

    Cloud catalogs write "A100", "A100-80GB", "H100", "RTX4090". The memory (when the file
    gives it) and the form factor named in the instance or GPU description pick among
    variants; without a "PCIe" hint the SXM part is taken, as data-centre instances use it.

    Raises:
        RowSkipped: no catalog GPU matches.
    """
    # Only "PCIe" in the hint counts: the cache is keyed on that, not on the instance name
    # (unique per row, so a 100,000-row file missed it every time), and it keeps the
    # reason a name is not known too (an exception is not cached: every row of unknown GPUs
    # was looked up again).
    found = _cloud_gpu(name, memory_gb, "pcie" in hint.lower())
    if isinstance(found, Message):
        raise RowSkipped(found)
    return found


def _same_memory(gpu: GpuSpec, memory_gb: float) -> bool:
    """A file's per-GPU memory (GB or GiB, rounded either way) is this card's: within 10% of
    its datasheet figure or of what its driver reports."""
    reported_gib = gpu.memory_mib / 1024
    return any(abs(size - memory_gb) <= 0.1 * memory_gb for size in (gpu.memory_gb,
                                                                      reported_gib))


@lru_cache(maxsize=65536)
def _cloud_gpu(name: str, memory_gb: float | None, pcie: bool) -> GpuSpec | Message:
    """The catalog GPU, or why there is none. A memory figure (the file's, or in the name)
    must fit the card: the name alone never decides against it."""
    words = _split_name(name)
    match = re.search(r"(\d+)\s*GB", words, flags=re.IGNORECASE)
    if match and memory_gb is None:
        memory_gb = float(match.group(1))
    words = re.sub(r"\s*\d+\s*GB", "", words, flags=re.IGNORECASE).strip()
    candidates = gpu_candidates(words, exact_first=False) if words else []
    if memory_gb and candidates:
        by_memory = [g for g in candidates if _same_memory(g, memory_gb)]
        if not by_memory:
            named = ", ".join(f"{g.name} {g.memory_gb:g} GB" for g in candidates[:4])
            return msg("no catalog GPU {gpu} with {memory} GB per GPU (the catalog has {named})",
                       gpu=Name(name), memory=Name(f"{memory_gb:g}"), named=Name(named))
        candidates = by_memory
    if len(candidates) > 1 and memory_gb is None:
        # SkyPilot's convention: a bare name is the smallest card of it (A100 is 40 GB,
        # RTX6000 the 24 GB Quadro)
        smallest = min(g.memory_gb for g in candidates)
        candidates = [g for g in candidates if g.memory_gb == smallest]
    if len(candidates) > 1:
        # clouds rent data-centre cards: the RTX PRO 6000 Server Edition, not the workstation
        # ones of the same name and memory
        hosted = [g for g in candidates if g.form_factor not in ("workstation", "consumer")]
        candidates = hosted or candidates
    if len(candidates) > 1:
        form = [g for g in candidates
                if ("pcie" in g.id or g.form_factor.lower() == "pcie") == pcie]
        candidates = form or candidates
    if len(candidates) != 1:
        return detailed(msg("unknown GPU name") if not candidates
                        else msg("GPU name fits several GPUs"), Name(name))
    return candidates[0]


def catalog_gpu(name: str) -> GpuSpec:
    """A GPU named by catalog id or name (our own files), else as a cloud catalog names it.

    Raises:
        RowSkipped: no catalog GPU matches.
    """
    found = _catalog_gpu(name)
    if isinstance(found, Message):
        raise RowSkipped(found)
    return found


@lru_cache(maxsize=65536)
def _catalog_gpu(name: str) -> GpuSpec | Message:
    try:
        return match_gpu(name)
    except InputError:
        return _cloud_gpu(name, None, False)



def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")



_SKYPILOT_PROVIDERS = {"aws": "AWS", "gcp": "GCP", "azure": "Azure", "lambda": "Lambda",
                       "runpod": "RunPod", "oci": "OCI", "nebius": "Nebius", "vast": "Vast.ai",
                       "fluidstack": "FluidStack", "cudo": "Cudo", "paperspace": "Paperspace",
                       "do": "DigitalOcean", "scaleway": "Scaleway", "hyperbolic": "Hyperbolic",
                       "verda": "Verda", "shadeform": "Shadeform", "primeintellect":
                       "Prime Intellect", "seeweb": "Seeweb", "ovhcloud": "OVHcloud"}
# GCP machine types that come with GPUs attached: (accelerator name, GPUs per machine). The
# families as GCP's GPU machine-type docs list them; "-nolssd" variants have no local SSD and the
# same GPUs. A4X (GB200) machines have 4 GPUs each.
_GCP_ATTACHED = [
    (re.compile(r"^a2-highgpu-(\d+)g$"), "A100"), (re.compile(r"^a2-megagpu-(16)g$"), "A100"),
    (re.compile(r"^a2-ultragpu-(\d+)g$"), "A100-80GB"),
    (re.compile(r"^a3-(?:highgpu|edgegpu)-(\d+)g(?:-nolssd)?$"), "H100"),
    (re.compile(r"^a3-megagpu-(8)g(?:-nolssd)?$"), "H100-MEGA"),
    (re.compile(r"^a3-ultragpu-(8)g(?:-nolssd)?$"), "H200"),
    (re.compile(r"^a4-highgpu-(8)g(?:-nolssd)?$"), "B200"),
    (re.compile(r"^a4x-highgpu-(4)g(?:-nolssd)?$"), "GB200"),
]
# G4 machines carry RTX PRO 6000 Blackwell GPUs, but SkyPilot's catalog has no GPU row for them
# and does not say whether the machine's price includes the GPUs: priced neither way.
_GCP_UNPRICED = re.compile(r"^g4-standard-\d+$")
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


def _gcp_gpu_prices(rows: Iterable[tuple[int, dict[str, str]]]
                    ) -> dict[tuple[str, int, str], float]:
    """GCP's GPU-only rows of a vms.csv: (accelerator, count, region) -> hourly price."""
    gpu_prices: dict[tuple[str, int, str], float] = {}
    for _, row in rows:
        if not row.get("InstanceType") and row.get("AcceleratorName"):
            try:
                key = (row["AcceleratorName"],
                       checked_count(row.get("AcceleratorCount"), "count"), row.get("Region", ""))
                gpu_prices.setdefault(key, checked_price(row.get("Price"), "Price",
                                                         MAX_PRICE_PER_HOUR) or 0.0)
            except RowSkipped:
                continue
    return gpu_prices


def _skypilot_price(row: dict[str, str], gcp_gpu_prices: dict[tuple[str, int, str], float] | None
                    ) -> tuple[str, str, float]:
    """(accelerator, GPU count, hourly price) of a vms.csv row; on GCP (gcp_gpu_prices given)
    a host machine type's price plus its attached GPUs' price.

    Raises:
        RowSkipped: no usable price, a GCP GPU-only row, or a GCP host without its GPU price.
    """
    instance_type, region = row.get("InstanceType", ""), row.get("Region", "")
    accelerator = row.get("AcceleratorName", "")
    count_text = row.get("AcceleratorCount", "")
    # A GCP A4 machine's row says 0.0: its whole price is on the B200 row (a 0 is taken for a
    # GCP host with attached GPUs only, and then only with their price)
    host = gcp_gpu_prices is not None and not accelerator and _gcp_attached(instance_type)
    price = checked_price(row.get("Price"), "Price", MAX_PRICE_PER_HOUR, optional=bool(host))
    if price is None:
        if not host:
            raise RowSkipped(msg("no {field}", field=Name("Price")))
        price = 0.0
    if gcp_gpu_prices is None:
        return accelerator, count_text, price
    if not instance_type:
        raise RowSkipped(detailed(msg("GPU-only row"),
                                  msg("on GCP it is summed with the host machine type")))
    if not accelerator:
        if _GCP_UNPRICED.match(instance_type):
            raise RowSkipped(detailed(msg("GCP G4 machine (RTX PRO 6000)"), msg(
                "the catalog has no GPU price for it and does not say whether the machine price "
                "includes the GPUs")))
        attached = _gcp_attached(instance_type)
        if attached is None:
            raise RowSkipped(msg("no GPU"))
        accelerator, count = attached
        gpu_price = gcp_gpu_prices.get((accelerator, count, region))
        if not gpu_price:
            raise RowSkipped(detailed(msg("no GPU price for the host"), msg(
                "{gpu} x{count} in {region}", gpu=Name(accelerator), count=Name(str(count)),
                region=Name(region) if region else msg("no region"))))
        price, count_text = price + gpu_price, str(count)
    return accelerator, count_text, price


def _gpu_info_gb(gpu_info: str) -> float | None:
    """One GPU's memory in GiB from a SkyPilot GpuInfo cell; None when it gives none.
    RunPod's catalog writes GB where MiB belongs ('SizeInMiB': 80 for an A100 80GB): no GPU
    has less than 1 GiB, so a figure below 1024 is read as GB."""
    size = _GPU_MIB.search(gpu_info)
    if not size:
        return None
    try:
        value = float(size.group(1))
    except ValueError:
        return None
    if not 0 < value < 1e8:
        return None
    return value if value < 1024 else value / 1024


def read_skypilot(text: str, origin: str, price_date: str, provider: str | None,
                  ) -> tuple[list[CloudInstance], list[Skipped]]:
    """SkyPilot catalog vms.csv: hourly USD on demand, one row per zone. On GCP the host VM
    and its GPUs are separate rows; they are summed here."""
    skipped: list[Skipped] = []
    _, rows = csv_rows(text, origin, SKYPILOT_COLUMNS, skipped,
                       keep=(*SKYPILOT_COLUMNS, "GpuInfo"))
    provider = provider or skypilot_provider(
        origin, [r.get("InstanceType", "") for _, r in islice(rows.quietly(), 200)])
    if provider is None:
        raise InputError(f"{origin}: cannot tell which cloud this vms.csv is from; keep it in "
                         "a folder named after the cloud (aws/vms.csv) or give --provider")
    gcp = provider == "GCP"
    gpu_prices = _gcp_gpu_prices(rows.quietly()) if gcp else {}
    instances: list[CloudInstance] = []
    seen: dict[str, float] = {}
    for line, row in rows:
        instance_type, region = row.get("InstanceType", ""), row.get("Region", "")
        try:
            accelerator, count_text, price = _skypilot_price(row, gpu_prices if gcp else None)
            if not accelerator:
                raise RowSkipped(msg("no GPU"))
            if not instance_type:
                raise RowSkipped(msg("no instance type"))
            gpus = checked_count(count_text, "AcceleratorCount")
            gpu_info = row.get("GpuInfo", "")
            memory_gb = _gpu_info_gb(gpu_info)
            gpu = cloud_gpu(accelerator, memory_gb, f"{instance_type} {gpu_info}")
            entry_id = f"{_slug(provider)}-{instance_type}@{region}"
            if entry_id.lower() in seen:
                if abs(seen[entry_id.lower()] - price) > 1e-9:
                    raise RowSkipped(detailed(msg("duplicate"), msg(
                        "{entry} at another price in another zone (kept {price})",
                        entry=Name(entry_id), price=Name(f"{seen[entry_id.lower()]:g}"))))
                raise RowSkipped(detailed(msg("duplicate"), msg("{entry} in another zone",
                                                                entry=Name(entry_id))))
        except RowSkipped as skip:
            skipped.append(Skipped(f"line {line}", skip.reason))
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
    _, rows = csv_rows(text, origin, GPUHUNT_COLUMNS, skipped,
                       keep=(*GPUHUNT_COLUMNS, "gpu_memory"))
    provider = provider or Path(origin).stem.split(".")[0] or "gpuhunt"
    provider = _SKYPILOT_PROVIDERS.get(provider.lower(), provider)
    instances: list[CloudInstance] = []
    seen: set[str] = set()
    for line, row in rows:
        try:
            if row.get("spot", "").lower() in ("true", "1", "yes"):
                raise RowSkipped(detailed(msg("spot price"),
                                          msg("only on-demand prices are imported")))
            price = checked_price(row.get("price"), "price", MAX_PRICE_PER_HOUR)
            if not row.get("gpu_name") or row.get("gpu_count") in ("", "0", "0.0"):
                raise RowSkipped(msg("no GPU"))
            gpus = checked_count(row.get("gpu_count"), "gpu_count")
            memory = checked_price(row.get("gpu_memory"), "gpu_memory", 10_000, optional=True)
            gpu = cloud_gpu(row["gpu_name"], memory, row.get("instance_name", ""))
            name = row.get("instance_name") or f"{gpus}x {row['gpu_name']}"
            entry_id = f"{_slug(provider)}-{name}@{row.get('location', '')}"
            if entry_id.lower() in seen:
                raise RowSkipped(detailed(msg("duplicate"), Name(entry_id)))
        except RowSkipped as skip:
            skipped.append(Skipped(f"line {line}", skip.reason))
            continue
        seen.add(entry_id.lower())
        instances.append(CloudInstance(
            entry_id, provider, name, gpu.id, gpus, price, "USD", row.get("location", ""),
            f"gpuhunt CSV ({origin})", price_date))
    return instances, skipped

