"""nvidia-smi: the commands the probe runs, and one parser for their output, whether it comes
from this machine (where NVML cannot be loaded) or from a server over SSH."""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from core.declared import MAX_MAGNITUDE
from core.hardware.profile import GpuProcess, HardwareProfile, HostInfo, MigInstance, ProbedGpu
from core.units import GB, MiB

# The probe's query, in this order (`nvidia-smi --help-query-gpu` names them).
QUERY_FIELDS = (
    "index", "name", "uuid", "pci.bus_id", "driver_version", "memory.total", "memory.reserved",
    "memory.used", "memory.free", "compute_cap", "clocks.max.sm", "clocks.max.memory",
    "power.limit", "power.draw", "utilization.gpu", "temperature.gpu", "persistence_mode",
    "compute_mode", "ecc.mode.current", "mig.mode.current",
)
# Drivers before R510 refuse the whole query when one field is unknown (memory.reserved,
# compute_cap): the probe then asks again for these.
BASIC_FIELDS = (
    "index", "name", "uuid", "pci.bus_id", "driver_version", "memory.total", "memory.used",
    "memory.free", "power.limit", "power.draw", "utilization.gpu", "temperature.gpu",
)
APPS_FIELDS = ("gpu_uuid", "pid", "process_name", "used_memory")
# Other spellings nvidia-smi accepts for the same fields, as recorded outputs use them.
ALIASES = {
    "gpu_name": "name", "gpu_uuid": "uuid", "gpu_bus_id": "pci.bus_id",
    "clocks.max.mem": "clocks.max.memory", "clocks.max.memory_clock": "clocks.max.memory",
    "power.draw.instant": "power.draw", "enforced.power.limit": "power.limit",
    "used_gpu_memory": "used_memory",
}
NOT_AVAILABLE = {"", "n/a", "[n/a]", "[not supported]", "not supported", "[unknown error]",
                 "[insufficient permissions]", "[gpu requires reset]", "[not found]",
                 "not available in wddm driver model"}
_UNIT = re.compile(r"\s*(MiB|MHz|W|%|C)$")
_HEADER_UNIT = re.compile(r"\s*\[[^\]]*\]$")
_HEADER_CELL = re.compile(r"^[a-z][a-z0-9_.]*(?: \[[^\]]+\])?$")
_LOST = re.compile(r"Unable to determine the device handle for (?:GPU\s*)?"
                   r"(?P<bus>[0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.\d)\s*:\s*"
                   r"(?P<reason>.+)")
_LIST_GPU = re.compile(r"^GPU (?P<index>\d+): (?P<name>.+?) \(UUID: (?P<uuid>[^)]+)\)")
_LIST_MIG = re.compile(r"^\s+MIG (?P<profile>\S+)\s+Device\s+(?P<index>\d+): "
                       r"\(UUID: (?P<uuid>[^)]+)\)")
# No figure nvidia-smi prints for a real GPU has more digits than this.
_MAX_DIGITS = 30
_MIG_SIZE = re.compile(r"\.(?P<size>\d+)gb$", re.IGNORECASE)

# nvidia-smi's own words for the failures a planner meets, with what to do.
FAILURES = (
    ("couldn't communicate with the nvidia driver", "driver_not_loaded",
     "nvidia-smi cannot reach the NVIDIA driver: it is not loaded (reboot after installing "
     "it, or check `lsmod | grep nvidia`)"),
    ("driver/library version mismatch", "driver_mismatch",
     "the NVIDIA driver and its library have different versions (a driver update waits for "
     "a reboot)"),
    ("no devices were found", "no_gpu", "nvidia-smi found no NVIDIA GPU"),
    ("insufficient permissions", "no_permission",
     "nvidia-smi was refused access to the GPUs (insufficient permissions)"),
)


@dataclass(frozen=True)
class Section:
    """One command's output and exit status."""

    exit_code: int
    text: str


def query_command(fields: Iterable[str]) -> list[str]:
    return ["nvidia-smi", f"--query-gpu={','.join(fields)}", "--format=csv,noheader,nounits"]


APPS_COMMAND = ["nvidia-smi", f"--query-compute-apps={','.join(APPS_FIELDS)}",
                "--format=csv,noheader,nounits"]
LIST_COMMAND = ["nvidia-smi", "-L"]


def _field_name(cell: str) -> str:
    name = _HEADER_UNIT.sub("", cell.strip()).strip().lower()
    return ALIASES.get(name, name)


def _cells(line: str) -> list[str]:
    # Values never hold ", " except in a name or a Windows path, which both come last or are
    # matched by count below.
    return [cell.strip() for cell in line.split(", ")]


def _value(text: str) -> str | None:
    cleaned = text.strip()
    if cleaned.lower() in NOT_AVAILABLE or cleaned.lower().startswith("[unknown"):
        return None
    return _UNIT.sub("", cleaned)


def _number(text: str | None) -> float | None:
    """A figure nvidia-smi printed; None when it is not a finite number within what a profile
    holds (a server may print 'inf', 'nan', 1e400 or 5,000 digits: each was an internal error
    or a profile its own reader refused)."""
    if text is None or len(text) > _MAX_DIGITS:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_MAGNITUDE else None


def _whole(text: str | None) -> int | None:
    number = _number(text)
    return None if number is None else round(number)


def _mib(text: str | None) -> int | None:
    number = _number(text)
    return None if number is None or abs(number) * MiB > MAX_MAGNITUDE else round(number * MiB)


def _small(digits: str) -> int | None:
    """A count or index a server printed (digits a pattern matched); None beyond any
    machine."""
    return int(digits) if len(digits) <= _MAX_DIGITS else None


def _declared(cls: type, **values: Any) -> dict[str, Any]:
    """`values` with each figure outside its field's declared range (core.declared) made
    None, "not available": a GPU reporting 300 % utilisation or -5 MiB is not taken, and the
    profile written is one its reader takes."""
    declarations = {item.name: item.metadata for item in fields(cls)}
    kept = dict(values)
    for name, value in values.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        low, high = declarations[name].get("low"), declarations[name].get("high")
        if (low is not None and (value < low or (declarations[name].get("low_open")
                                                  and value == low))) \
                or (high is not None and value > high):
            kept[name] = None
    return kept


def _switch(text: str | None) -> bool | None:
    if text is None:
        return None
    return {"enabled": True, "disabled": False, "on": True, "off": False}.get(text.lower())


def parse_rows(text: str, fields: Iterable[str]) -> list[dict[str, str | None]]:
    """CSV rows from `--query-*`, with or without a header and units; a header names the
    fields, else `fields` does. Lines that are not rows (messages) are left out."""
    lines = [line for line in text.splitlines() if line.strip()]
    names = [ALIASES.get(name, name) for name in fields]
    if lines and all(_HEADER_CELL.match(cell) for cell in _cells(lines[0])):
        names, lines = [_field_name(cell) for cell in _cells(lines[0])], lines[1:]
    rows = []
    for line in lines:
        cells = _cells(line)
        if len(cells) > len(names) and "name" in names:
            # a ", " inside the name: join the extra cells back into it
            at = names.index("name")
            extra = len(cells) - len(names)
            cells[at:at + extra + 1] = [", ".join(cells[at:at + extra + 1])]
        if len(cells) > len(names) and names[-1] == "process_name":
            cells[len(names) - 1:] = [", ".join(cells[len(names) - 1:])]
        if len(cells) != len(names):
            continue
        rows.append({name: _value(cell) for name, cell in zip(names, cells, strict=True)})
    return rows


def _gpu(row: dict[str, str | None], position: int) -> ProbedGpu:
    index = _whole(row.get("index"))
    persistence = row.get("persistence_mode")
    return ProbedGpu(**_declared(
        ProbedGpu,
        index=position if index is None or index < 0 else index,
        name=row.get("name"),
        uuid=row.get("uuid"),
        pci_bus_id=row.get("pci.bus_id"),
        memory_total_bytes=_mib(row.get("memory.total")),
        memory_reserved_bytes=_mib(row.get("memory.reserved")),
        memory_used_bytes=_mib(row.get("memory.used")),
        memory_free_bytes=_mib(row.get("memory.free")),
        compute_capability=row.get("compute_cap"),
        max_sm_clock_mhz=_whole(row.get("clocks.max.sm")),
        max_memory_clock_mhz=_whole(row.get("clocks.max.memory")),
        power_limit_watts=_number(row.get("power.limit")),
        power_draw_watts=_number(row.get("power.draw")),
        utilization_pct=_number(row.get("utilization.gpu")),
        temperature_c=_number(row.get("temperature.gpu")),
        persistence_mode=_switch(persistence),
        compute_mode=row.get("compute_mode"),
        ecc_enabled=_switch(row.get("ecc.mode.current")),
        mig_enabled=_switch(row.get("mig.mode.current")),
    ))


def _consistent(gpu: ProbedGpu) -> ProbedGpu:
    """The GPU with free memory larger than its total (a total of 0 from a broken driver)
    made unknown: a profile holding it is refused by its own reader."""
    total, free = gpu.memory_total_bytes, gpu.memory_free_bytes
    if total is not None and free is not None and free > total:
        return replace(gpu, memory_free_bytes=None)
    return gpu


def parse_query_gpu(text: str, fields: Iterable[str] = QUERY_FIELDS) -> list[ProbedGpu]:
    """GPUs from `nvidia-smi --query-gpu`; a GPU the driver cannot reach ("Unable to determine
    the device handle ... GPU is lost") becomes a row marked lost."""
    gpus = [_consistent(_gpu(row, position))
            for position, row in enumerate(parse_rows(text, fields))]
    return _with_lost(gpus, text)


def _with_lost(gpus: list[ProbedGpu], text: str) -> list[ProbedGpu]:
    # a GPU index printed twice (a garbled row) moves to a free one: a profile with an index
    # used twice is refused by its own reader
    seen: set[int] = set()
    for position, gpu in enumerate(gpus):
        if gpu.index in seen:
            free = max(seen | {gpu.index for gpu in gpus}) + 1
            gpus[position] = replace(gpu, index=free)
        seen.add(gpus[position].index)
    taken = {gpu.index for gpu in gpus}
    index = -1
    for match in _LOST.finditer(text):
        # the next free index after the last one given: one pass, where searching from 0
        # for each lost GPU took 16 s for the 20,000 lines a server can print under the cap
        index += 1
        while index in taken:
            index += 1
        taken.add(index)
        gpus.append(ProbedGpu(index=index, pci_bus_id=match["bus"], lost=True,
                              error=match["reason"].strip()))
    return sorted(gpus, key=lambda gpu: gpu.index)


def parse_apps(text: str) -> dict[str, list[GpuProcess]]:
    """Processes from `--query-compute-apps`, by the UUID of their GPU."""
    processes: dict[str, list[GpuProcess]] = {}
    for row in parse_rows(text, APPS_FIELDS):
        pid = _whole(row.get("pid"))
        if pid is None or pid < 0:
            continue
        process = GpuProcess(**_declared(GpuProcess, pid=pid, name=row.get("process_name"),
                                         used_memory_bytes=_mib(row.get("used_memory"))))
        processes.setdefault(row.get("uuid") or "", []).append(process)
    return processes


def mig_size_bytes(profile: str) -> int | None:
    """Memory a MIG profile's name promises ('3g.40gb' -> 40 GB); the driver's figure is
    somewhat larger (nvitop PR 8 shows 19968 MiB = 20.9 GB for a 2g.20gb slice)."""
    match = _MIG_SIZE.search(profile)
    size = _small(match["size"]) if match else None
    return size * GB if size is not None and size * GB <= MAX_MAGNITUDE else None


def parse_list(text: str) -> dict[int, tuple[MigInstance, ...]]:
    """MIG devices from `nvidia-smi -L`, by GPU index."""
    instances: dict[int, list[MigInstance]] = {}
    current: int | None = None
    for line in text.splitlines():
        gpu = _LIST_GPU.match(line)
        if gpu:
            current = _small(gpu["index"])
            if current is not None:
                instances.setdefault(current, [])
            continue
        mig = _LIST_MIG.match(line)
        if mig and current is not None:
            instances[current].append(MigInstance(
                profile=mig["profile"], uuid=mig["uuid"],
                memory_total_bytes=mig_size_bytes(mig["profile"]), memory_measured=False))
    return {index: tuple(items) for index, items in instances.items()}


def failure(text: str) -> tuple[str, str] | None:
    """The status and message for a known nvidia-smi failure in `text`, else None."""
    lowered = text.lower()
    for words, status, message in FAILURES:
        if words in lowered:
            return status, message
    return None


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "no output")


def profile_from_sections(sections: dict[str, Section], host: HostInfo, taken_at: str,
                          via_ssh: bool) -> HardwareProfile:
    """A profile from the outputs of the query, apps and list commands (sections "gpus",
    "gpus-basic", "apps", "list")."""
    gpus_section = sections.get("gpus", Section(127, ""))
    fields: tuple[str, ...] = QUERY_FIELDS
    notes: list[str] = []
    if gpus_section.exit_code != 0 and "is not a valid field" in gpus_section.text \
            and "gpus-basic" in sections:
        gpus_section, fields = sections["gpus-basic"], BASIC_FIELDS
        notes.append("this driver's nvidia-smi does not know all fields the probe asks "
                     "for: reserved memory and compute capability are not available")
    known = failure(gpus_section.text)
    rows = parse_rows(gpus_section.text, fields)
    gpus = _with_lost([_consistent(_gpu(row, position)) for position, row in enumerate(rows)],
                      gpus_section.text)
    if not gpus:
        if known:
            status, message = known
        else:
            status, message = "failed", (f"nvidia-smi gave no GPU rows (exit "
                                         f"{gpus_section.exit_code}): "
                                         f"{_first_line(gpus_section.text)}")
        return HardwareProfile(taken_at=taken_at, host=host, source="nvidia-smi",
                               via_ssh=via_ssh, status=status, message=message)
    apps = parse_apps(sections["apps"].text) if "apps" in sections else {}
    migs = parse_list(sections["list"].text) if "list" in sections else {}
    enriched = []
    for gpu in gpus:
        processes = tuple(apps.get(gpu.uuid or "", ()))
        instances = migs.get(gpu.index, ())
        enriched.append(replace(gpu, processes=processes, mig_instances=instances,
                                mig_enabled=True if instances else gpu.mig_enabled))
    if any(instance for gpu in enriched for instance in gpu.mig_instances):
        notes.append("MIG slice sizes come from their profile names (nvidia-smi -L); the "
                     "driver's figures are a little larger")
    driver = next((row["driver_version"] for row in rows if row.get("driver_version")), None)
    return HardwareProfile(taken_at=taken_at, host=host, source="nvidia-smi", via_ssh=via_ssh,
                           driver_version=driver, gpus=tuple(enriched), notes=tuple(notes))
