"""HardwareProfile: one probe's snapshot of a machine's GPUs, and its versioned JSON file format.

A field the GPU or the probe could not read is None ("not available"), never a guess. The
figures a planner adds by hand for a GPU the catalog does not know (`catalog_id`,
`bandwidth_gbps`, `bf16_tflops`) sit next to the probed ones and are kept on export.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.declared import declared, load_document, plain, read_declared, versioned
from core.errors import InputError
from core.i18n.message import Name, msg

FORMAT = "llmplan-hardware-profile"
FORMAT_VERSION = 1
SOURCES = ("nvml", "nvidia-smi", "manual")
# What became of the probe; anything but "ok" comes with a message that says what to do.
STATUSES = ("ok", "no_gpu", "no_library", "driver_not_loaded", "driver_mismatch",
            "no_permission", "no_ssh", "unknown_host", "unreachable", "host_key", "auth_failed",
            "no_nvidia_smi", "timeout", "failed")


@dataclass(frozen=True)
class MigInstance:
    """One MIG device: a slice of a GPU with its own memory."""

    profile: str | None = declared(None, doc="MIG profile, e.g. 1g.10gb")
    uuid: str | None = declared(None)
    memory_total_bytes: int | None = declared(None)
    memory_used_bytes: int | None = declared(None)
    memory_free_bytes: int | None = declared(None)
    # False: the size comes from the profile name (nvidia-smi -L), not from the driver.
    memory_measured: bool = declared(True)


@dataclass(frozen=True)
class GpuProcess:
    """A process holding GPU memory."""

    pid: int = declared()
    name: str | None = declared(None)
    used_memory_bytes: int | None = declared(None)


@dataclass(frozen=True)
class ProbedGpu:
    """One physical GPU as the driver reports it."""

    index: int = declared()
    name: str | None = declared(None)
    uuid: str | None = declared(None)
    pci_bus_id: str | None = declared(None)
    memory_total_bytes: int | None = declared(None)
    memory_reserved_bytes: int | None = declared(None)
    memory_used_bytes: int | None = declared(None)
    memory_free_bytes: int | None = declared(None)
    compute_capability: str | None = declared(None)
    memory_bus_width_bits: int | None = declared(None)
    max_sm_clock_mhz: int | None = declared(None)
    max_memory_clock_mhz: int | None = declared(None)
    power_limit_watts: float | None = declared(None)
    power_draw_watts: float | None = declared(None)
    utilization_pct: float | None = declared(None, high=100)
    temperature_c: float | None = declared(None, low=-100)
    persistence_mode: bool | None = declared(None)
    compute_mode: str | None = declared(None)
    ecc_enabled: bool | None = declared(None)
    nvlink_active_links: int | None = declared(None)
    mig_enabled: bool | None = declared(None)
    mig_instances: tuple[MigInstance, ...] = declared(())
    processes: tuple[GpuProcess, ...] = declared(())
    lost: bool = declared(False, doc="the driver lost this GPU while probing")
    error: str = declared("")
    catalog_id: str | None = declared(None, doc="catalog GPU to take missing figures from")
    bandwidth_gbps: float | None = declared(None, low=0, low_open=True,
                                            doc="memory bandwidth, GB/s, added by hand")
    bf16_tflops: float | None = declared(None, low=0, low_open=True,
                                         doc="dense BF16 tensor throughput, added by hand")


@dataclass(frozen=True)
class HostInfo:
    """The machine the GPUs sit in."""

    name: str = declared("")
    cpu_model: str | None = declared(None)
    cpu_cores: int | None = declared(None)
    ram_bytes: int | None = declared(None)
    os: str | None = declared(None)


@dataclass(frozen=True)
class HardwareProfile:
    """A probe result: what a machine holds, when it was read and how."""

    taken_at: str = declared(doc="when the probe ran, ISO 8601 with time zone")
    host: HostInfo = declared(HostInfo())
    source: str = declared("nvml", choices=SOURCES)
    via_ssh: bool = declared(False)
    status: str = declared("ok", choices=STATUSES)
    message: str = declared("")
    driver_version: str | None = declared(None)
    cuda_driver_version: str | None = declared(None)
    gpus: tuple[ProbedGpu, ...] = declared(())
    notes: tuple[str, ...] = declared(())

    @property
    def ok(self) -> bool:
        return self.status == "ok" and any(not gpu.lost for gpu in self.gpus)

    @property
    def label(self) -> str:
        """Host and time, as a profile is named in plans and reports."""
        return f"{self.host.name or 'unknown host'}, {self.taken_at}"


def now_iso() -> str:
    """The current time as a profile records it (UTC, seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def failed(status: str, message: str, source: str, host: HostInfo | None = None,
           via_ssh: bool = False) -> HardwareProfile:
    """A profile that holds no GPUs and says why."""
    return HardwareProfile(taken_at=now_iso(), host=host or HostInfo(), source=source,
                           via_ssh=via_ssh, status=status, message=message)


def check_profile(profile: HardwareProfile) -> HardwareProfile:
    """The profile, when its time is ISO 8601, its GPU indexes unique and its memory figures
    consistent.

    Raises:
        InputError: naming what is wrong.
    """
    try:
        datetime.fromisoformat(profile.taken_at)
    except ValueError as error:
        raise InputError(msg("taken_at: '{value}' is not an ISO 8601 time",
                             value=Name(profile.taken_at))) from error
    indexes = [gpu.index for gpu in profile.gpus]
    for index in indexes:
        if indexes.count(index) > 1:
            raise InputError(msg("gpus: index {index} is used twice", index=Name(str(index))))
    for position, gpu in enumerate(profile.gpus):
        total, free = gpu.memory_total_bytes, gpu.memory_free_bytes
        if total is not None and free is not None and free > total:
            raise InputError(msg("{field}: {free} is more than memory_total_bytes {total}",
                                 field=Name(f"gpus[{position}].memory_free_bytes"),
                                 free=Name(str(free)), total=Name(str(total))))
    return profile


def profile_from_dict(document: Any) -> HardwareProfile:
    """Check and read a profile document (already parsed JSON).

    Raises:
        InputError: naming the first field that is wrong.
    """
    body, _ = versioned(document, "hardware profile", FORMAT, FORMAT_VERSION)
    return check_profile(read_declared(HardwareProfile, body, ""))


def profile_to_dict(profile: HardwareProfile) -> dict[str, Any]:
    """The profile as a current-version document; fields not available are left out."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "taken_at": profile.taken_at,
            **plain(profile)}


def load_profile(path: str | Path) -> HardwareProfile:
    """Read a hardware profile file (`llmplan probe -o FILE`).

    Raises:
        InputError: the file cannot be read, is not JSON, or a field is wrong.
    """
    return load_document(path, profile_from_dict)
