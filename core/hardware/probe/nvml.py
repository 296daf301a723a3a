"""The local GPUs through NVML (nvidia-ml-py). Every NVML call goes through `_query`: a field
the GPU does not support becomes None, a GPU lost while probing becomes a marked row, and a
failure to start NVML becomes a status with a hint."""

import contextlib
import importlib
from collections.abc import Callable
from typing import Any

from core.hardware.profile import (
    GpuProcess,
    HardwareProfile,
    HostInfo,
    MigInstance,
    ProbedGpu,
    failed,
    now_iso,
)

# NVML's compute modes (nvmlComputeMode_t), spelled as nvidia-smi prints them.
COMPUTE_MODES = {0: "Default", 1: "Exclusive_Thread", 2: "Prohibited", 3: "Exclusive_Process"}


class _Lost(Exception):
    """The GPU fell off the bus while it was read."""


def _init_failure(nvml: Any, error: Exception) -> tuple[str, str]:
    """Status and readable hint for an nvmlInit failure."""
    value = getattr(error, "value", None)
    if value == nvml.NVML_ERROR_LIBRARY_NOT_FOUND:
        return ("no_library", "the NVML library (libnvidia-ml) was not found: NVML ships with "
                              "the NVIDIA driver; install the driver, or probe the GPU server "
                              "over SSH")
    if value == nvml.NVML_ERROR_DRIVER_NOT_LOADED:
        return ("driver_not_loaded", "the NVIDIA driver is installed but not loaded (reboot, "
                                     "or check `lsmod | grep nvidia`)")
    if value == nvml.NVML_ERROR_LIB_RM_VERSION_MISMATCH:
        return ("driver_mismatch", "the NVIDIA driver and its NVML library have different "
                                   "versions (a driver update waits for a reboot)")
    if value == nvml.NVML_ERROR_NO_PERMISSION:
        return "no_permission", "NVML was refused access to the GPUs (no permission)"
    return "failed", f"NVML could not start: {error}"


def _text(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


class _Reader:
    """Reads one machine through the pynvml module it is given (the real one, or a fake)."""

    def __init__(self, nvml: Any):
        self.nvml = nvml

    def query(self, function: Callable[..., Any], *args: Any) -> Any:
        """The value, or None when NVML cannot give it.

        Raises:
            _Lost: the GPU is lost.
        """
        try:
            return function(*args)
        except self.nvml.NVMLError as error:
            if getattr(error, "value", None) == self.nvml.NVML_ERROR_GPU_IS_LOST:
                raise _Lost(str(error)) from error
            return None

    def memory(self, handle: Any) -> tuple[Any, bool]:
        """Memory info, v2 (with reserved memory) where the driver has it."""
        info = self.query(self.nvml.nvmlDeviceGetMemoryInfo, handle, self.nvml.nvmlMemory_v2)
        if info is not None:
            return info, True
        return self.query(self.nvml.nvmlDeviceGetMemoryInfo, handle), False

    def nvlinks(self, handle: Any) -> int | None:
        active = 0
        for link in range(self.nvml.NVML_NVLINK_MAX_LINKS):
            state = self.query(self.nvml.nvmlDeviceGetNvLinkState, handle, link)
            if state is None:
                # link 0 unsupported: no NVLink at all; a later one: the links end there
                return None if link == 0 else active
            active += 1 if state == self.nvml.NVML_FEATURE_ENABLED else 0
        return active

    def processes(self, handle: Any) -> tuple[GpuProcess, ...]:
        found = []
        for function in (self.nvml.nvmlDeviceGetComputeRunningProcesses,
                         self.nvml.nvmlDeviceGetGraphicsRunningProcesses):
            for process in self.query(function, handle) or ():
                used = getattr(process, "usedGpuMemory", None)
                name = self.query(self.nvml.nvmlSystemGetProcessName, process.pid)
                found.append(GpuProcess(pid=int(process.pid),
                                        name=_text(name) if name is not None else None,
                                        used_memory_bytes=int(used) if used else None))
        unique = {process.pid: process for process in found}
        return tuple(unique.values())

    def mig_instances(self, handle: Any) -> tuple[MigInstance, ...]:
        count = self.query(self.nvml.nvmlDeviceGetMaxMigDeviceCount, handle) or 0
        instances = []
        for slot in range(count):
            mig = self.query(self.nvml.nvmlDeviceGetMigDeviceHandleByIndex, handle, slot)
            if mig is None:
                continue  # an empty slot
            name = self.query(self.nvml.nvmlDeviceGetName, mig)
            memory = self.query(self.nvml.nvmlDeviceGetMemoryInfo, mig)
            uuid = self.query(self.nvml.nvmlDeviceGetUUID, mig)
            instances.append(MigInstance(
                # NVML names a MIG device "<GPU name> MIG 1g.10gb"
                profile=_text(name).rsplit(" MIG ", 1)[-1] if name is not None else None,
                uuid=_text(uuid) if uuid is not None else None,
                memory_total_bytes=int(memory.total) if memory is not None else None,
                memory_used_bytes=int(memory.used) if memory is not None else None,
                memory_free_bytes=int(memory.free) if memory is not None else None))
        return tuple(instances)

    def gpu(self, index: int) -> ProbedGpu:
        nvml = self.nvml
        try:
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
        except nvml.NVMLError as error:
            return ProbedGpu(index=index, lost=True, error=f"cannot open this GPU: {error}")
        try:
            return self._read(index, handle)
        except _Lost as error:
            bus = self.query(nvml.nvmlDeviceGetPciInfo, handle)
            return ProbedGpu(index=index, lost=True, error=str(error),
                             pci_bus_id=_text(bus.busId) if bus is not None else None)

    def _read(self, index: int, handle: Any) -> ProbedGpu:
        nvml, query = self.nvml, self.query
        name = query(nvml.nvmlDeviceGetName, handle)
        uuid = query(nvml.nvmlDeviceGetUUID, handle)
        pci = query(nvml.nvmlDeviceGetPciInfo, handle)
        memory, has_reserved = self.memory(handle)
        capability = query(nvml.nvmlDeviceGetCudaComputeCapability, handle)
        limit_mw = query(nvml.nvmlDeviceGetPowerManagementLimit, handle)
        draw_mw = query(nvml.nvmlDeviceGetPowerUsage, handle)
        rates = query(nvml.nvmlDeviceGetUtilizationRates, handle)
        persistence = query(nvml.nvmlDeviceGetPersistenceMode, handle)
        compute_mode = query(nvml.nvmlDeviceGetComputeMode, handle)
        ecc = query(nvml.nvmlDeviceGetEccMode, handle)
        mig = query(nvml.nvmlDeviceGetMigMode, handle)
        mig_enabled = None if mig is None else mig[0] == nvml.NVML_DEVICE_MIG_ENABLE
        return ProbedGpu(
            index=index,
            name=_text(name) if name is not None else None,
            uuid=_text(uuid) if uuid is not None else None,
            pci_bus_id=_text(pci.busId) if pci is not None else None,
            memory_total_bytes=int(memory.total) if memory is not None else None,
            memory_reserved_bytes=int(memory.reserved) if has_reserved else None,
            memory_used_bytes=int(memory.used) if memory is not None else None,
            memory_free_bytes=int(memory.free) if memory is not None else None,
            compute_capability=f"{capability[0]}.{capability[1]}" if capability else None,
            memory_bus_width_bits=query(nvml.nvmlDeviceGetMemoryBusWidth, handle),
            max_sm_clock_mhz=query(nvml.nvmlDeviceGetMaxClockInfo, handle, nvml.NVML_CLOCK_SM),
            max_memory_clock_mhz=query(nvml.nvmlDeviceGetMaxClockInfo, handle,
                                       nvml.NVML_CLOCK_MEM),
            # NVML reports power in milliwatts
            power_limit_watts=limit_mw / 1000 if limit_mw is not None else None,
            power_draw_watts=draw_mw / 1000 if draw_mw is not None else None,
            utilization_pct=float(rates.gpu) if rates is not None else None,
            temperature_c=query(nvml.nvmlDeviceGetTemperature, handle,
                                nvml.NVML_TEMPERATURE_GPU),
            persistence_mode=None if persistence is None
            else persistence == nvml.NVML_FEATURE_ENABLED,
            compute_mode=COMPUTE_MODES.get(compute_mode) if compute_mode is not None else None,
            ecc_enabled=None if ecc is None else ecc[0] == nvml.NVML_FEATURE_ENABLED,
            nvlink_active_links=self.nvlinks(handle),
            mig_enabled=mig_enabled,
            mig_instances=self.mig_instances(handle) if mig_enabled else (),
            processes=self.processes(handle),
        )


def _cuda_version(value: int | None) -> str | None:
    # NVML gives e.g. 12040 for CUDA 12.4
    return None if value is None else f"{value // 1000}.{value % 1000 // 10}"


def probe_nvml(host: HostInfo, nvml: Any = None) -> HardwareProfile:
    """This machine's GPUs through NVML; `nvml` is the pynvml module (a fake in tests)."""
    if nvml is None:
        nvml = importlib.import_module("pynvml")  # loaded when a probe runs, not at start-up
    try:
        nvml.nvmlInit()
    except nvml.NVMLError as error:
        status, message = _init_failure(nvml, error)
        return failed(status, message, "nvml", host)
    try:
        reader = _Reader(nvml)
        driver = reader.query(nvml.nvmlSystemGetDriverVersion)
        cuda = reader.query(nvml.nvmlSystemGetCudaDriverVersion)
        count = reader.query(nvml.nvmlDeviceGetCount) or 0
        gpus = tuple(reader.gpu(index) for index in range(count))
    except _Lost as error:
        return failed("failed", f"NVML lost the GPUs while counting them: {error}", "nvml",
                      host)
    finally:
        with contextlib.suppress(nvml.NVMLError):
            nvml.nvmlShutdown()
    if not gpus:
        return failed("no_gpu", "NVML started but found no NVIDIA GPU", "nvml", host)
    notes = []
    lost = [gpu.index for gpu in gpus if gpu.lost]
    if lost:
        notes.append(f"GPU(s) {', '.join(map(str, lost))} could not be read (lost); the "
                     "others are listed")
    return HardwareProfile(taken_at=now_iso(), host=host, source="nvml",
                           driver_version=_text(driver) if driver is not None else None,
                           cuda_driver_version=_cuda_version(cuda), gpus=gpus,
                           notes=tuple(notes))
