"""A fake NVML at the binding boundary: the real pynvml module with its device functions
replaced (after gpustat's tests), so the probe runs its real code against named scenarios.

Figures and where they come from:
- H100 80GB HBM3: 81559 MiB total as the driver reports it (REFERENCES.md; modal-labs/modal-client
  PR 2797), 5120-bit bus, 700 W limit (REFERENCES.md table).
- GeForce RTX 4090: 24564 MiB total and a 450 W limit, from the nvidia-smi table in
  RLinf/RLinf issue 255; 384-bit bus (NVIDIA Ada whitepaper).
- A100-SXM4-80GB: 81920 MiB (modal-labs/modal-client PR 2797); MIG 2g.20gb slices of 19968 MiB
  with 14366 / 9826 / 13 MiB used, from the MIG table in XuehaiPan/nvitop PR 8.
- A100-SXM4-40GB as an unknown GPU: 5120-bit bus at 1215 MHz memory clock, from the deviceQuery
  output in bottlerocket-os/bottlerocket PR 3873.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pynvml

MiB = 2**20


@dataclass
class FakeMig:
    name: str
    uuid: str
    total_mib: int
    used_mib: int


@dataclass
class FakeGpu:
    name: str
    uuid: str
    bus: str
    total_mib: int
    used_mib: int
    reserved_mib: int = 0
    capability: tuple[int, int] = (9, 0)
    bus_width: int = 5120
    max_sm_mhz: int = 1980
    max_mem_mhz: int = 2619
    power_limit_mw: int = 700_000
    power_mw: int = 71_000
    utilization: int = 0
    temperature: int = 33
    persistence: int = 1
    compute_mode: int = 0
    ecc: int = 1
    nvlinks: tuple[int, ...] | None = None  # states of links 0.. ; None: no NVLink
    mig: tuple[FakeMig, ...] | None = None  # None: MIG not supported
    processes: tuple[tuple[int, str, int], ...] = ()  # pid, name, MiB
    unsupported: set[str] = field(default_factory=set)  # NVML functions answering NOT_SUPPORTED
    lost_at: str | None = None  # NVML function answering GPU_IS_LOST

    @property
    def free_mib(self) -> int:
        return self.total_mib - self.reserved_mib - self.used_mib


def h100(**changes: Any) -> FakeGpu:
    values: dict[str, Any] = dict(
        name="NVIDIA H100 80GB HBM3", uuid="GPU-00000000-0000-0000-0000-000000000001",
        bus="00000000:19:00.0", total_mib=81559, used_mib=0, reserved_mib=520,
        nvlinks=(1,) * 18)
    values.update(changes)
    return FakeGpu(**values)


def rtx4090(**changes: Any) -> FakeGpu:
    values: dict[str, Any] = dict(
        name="NVIDIA GeForce RTX 4090", uuid="GPU-00000000-0000-0000-0000-000000000002",
        bus="00000000:4E:00.0", total_mib=24564, used_mib=507, reserved_mib=0,
        capability=(8, 9), bus_width=384, max_sm_mhz=3120, max_mem_mhz=10501,
        power_limit_mw=450_000, power_mw=22_000, ecc=0,
        unsupported={"nvmlDeviceGetEccMode", "nvmlDeviceGetMigMode"})
    values.update(changes)
    return FakeGpu(**values)


def a100_mig() -> FakeGpu:
    return FakeGpu(
        name="NVIDIA A100-SXM4-80GB", uuid="GPU-00000000-0000-0000-0000-000000000003",
        bus="00000000:31:00.0", total_mib=81920, used_mib=26, capability=(8, 0),
        max_sm_mhz=1410, max_mem_mhz=1593, power_limit_mw=400_000,
        mig=(FakeMig("NVIDIA A100-SXM4-80GB MIG 2g.20gb", "MIG-a", 19968, 14366),
             FakeMig("NVIDIA A100-SXM4-80GB MIG 2g.20gb", "MIG-b", 19968, 9826),
             FakeMig("NVIDIA A100-SXM4-80GB MIG 2g.20gb", "MIG-c", 19968, 13)))


def unknown_a100_40gb() -> FakeGpu:
    return FakeGpu(name="NVIDIA Example Accelerator", uuid="GPU-4", bus="00000000:07:00.0",
                   total_mib=40960, used_mib=0, capability=(8, 0), max_sm_mhz=1410,
                   max_mem_mhz=1215, power_limit_mw=400_000)


def _error(code: int) -> pynvml.NVMLError:
    return pynvml.NVMLError(code)


class FakeNvml:
    """Installs the fake functions on the real pynvml module."""

    def __init__(self, gpus: list[FakeGpu], init_error: int | None = None,
                 v2_memory: bool = True):
        self.gpus = gpus
        self.init_error = init_error
        self.v2_memory = v2_memory
        self.shutdowns = 0

    def _device(self, handle: Any, function: str) -> Any:
        if isinstance(handle, FakeMig):
            return handle
        if function in handle.unsupported:
            raise _error(pynvml.NVML_ERROR_NOT_SUPPORTED)
        if handle.lost_at == function:
            raise _error(pynvml.NVML_ERROR_GPU_IS_LOST)
        return handle

    def functions(self) -> dict[str, Any]:
        def init() -> None:
            if self.init_error is not None:
                raise _error(self.init_error)

        def shutdown() -> None:
            self.shutdowns += 1

        def memory(handle: Any, version: Any = None) -> Any:
            gpu = self._device(handle, "nvmlDeviceGetMemoryInfo")
            if version is not None and not self.v2_memory:
                raise _error(pynvml.NVML_ERROR_FUNCTION_NOT_FOUND)
            if isinstance(gpu, FakeMig):
                return SimpleNamespace(total=gpu.total_mib * MiB, used=gpu.used_mib * MiB,
                                       free=(gpu.total_mib - gpu.used_mib) * MiB)
            info = SimpleNamespace(total=gpu.total_mib * MiB, used=gpu.used_mib * MiB,
                                   free=gpu.free_mib * MiB)
            if version is not None:
                info.reserved = gpu.reserved_mib * MiB
            return info

        def handle_by_index(index: int) -> FakeGpu:
            if index >= len(self.gpus):
                raise _error(pynvml.NVML_ERROR_INVALID_ARGUMENT)
            return self.gpus[index]

        def simple(name: str, read: Any) -> Any:
            def function(handle: Any, *args: Any) -> Any:
                return read(self._device(handle, name), *args)
            return function

        def nvlink(gpu: FakeGpu, link: int) -> int:
            if gpu.nvlinks is None:
                raise _error(pynvml.NVML_ERROR_NOT_SUPPORTED)
            if link >= len(gpu.nvlinks):
                raise _error(pynvml.NVML_ERROR_INVALID_ARGUMENT)
            return gpu.nvlinks[link]

        def mig_mode(gpu: FakeGpu) -> tuple[int, int]:
            if gpu.mig is None:
                raise _error(pynvml.NVML_ERROR_NOT_SUPPORTED)
            return (1, 1)

        def mig_handle(gpu: FakeGpu, slot: int) -> FakeMig:
            if gpu.mig is None or slot >= len(gpu.mig):
                raise _error(pynvml.NVML_ERROR_NOT_FOUND)
            return gpu.mig[slot]

        def processes(gpu: FakeGpu) -> list[Any]:
            return [SimpleNamespace(pid=pid, usedGpuMemory=mib * MiB)
                    for pid, _, mib in gpu.processes]

        def process_name(pid: int) -> str:
            for gpu in self.gpus:
                for known, name, _ in gpu.processes:
                    if known == pid:
                        return name
            raise _error(pynvml.NVML_ERROR_NOT_FOUND)

        def clock(gpu: FakeGpu, kind: int) -> int:
            return gpu.max_sm_mhz if kind == pynvml.NVML_CLOCK_SM else gpu.max_mem_mhz

        names = {
            "nvmlDeviceGetName": lambda gpu: gpu.name,
            "nvmlDeviceGetUUID": lambda gpu: gpu.uuid,
            "nvmlDeviceGetPciInfo": lambda gpu: SimpleNamespace(busId=gpu.bus),
            "nvmlDeviceGetCudaComputeCapability": lambda gpu: gpu.capability,
            "nvmlDeviceGetMemoryBusWidth": lambda gpu: gpu.bus_width,
            "nvmlDeviceGetMaxClockInfo": clock,
            "nvmlDeviceGetPowerManagementLimit": lambda gpu: gpu.power_limit_mw,
            "nvmlDeviceGetPowerUsage": lambda gpu: gpu.power_mw,
            "nvmlDeviceGetUtilizationRates": lambda gpu: SimpleNamespace(gpu=gpu.utilization,
                                                                         memory=0),
            "nvmlDeviceGetTemperature": lambda gpu, sensor: gpu.temperature,
            "nvmlDeviceGetPersistenceMode": lambda gpu: gpu.persistence,
            "nvmlDeviceGetComputeMode": lambda gpu: gpu.compute_mode,
            "nvmlDeviceGetEccMode": lambda gpu: (gpu.ecc, gpu.ecc),
            "nvmlDeviceGetNvLinkState": nvlink,
            "nvmlDeviceGetMigMode": mig_mode,
            "nvmlDeviceGetMaxMigDeviceCount": lambda gpu: 7 if gpu.mig is not None else 0,
            "nvmlDeviceGetMigDeviceHandleByIndex": mig_handle,
            "nvmlDeviceGetComputeRunningProcesses": processes,
            "nvmlDeviceGetGraphicsRunningProcesses": lambda gpu: [],
        }
        functions = {name: simple(name, read) for name, read in names.items()}
        functions.update({
            "nvmlInit": init, "nvmlShutdown": shutdown,
            "nvmlSystemGetDriverVersion": lambda: "550.54.15",
            "nvmlSystemGetCudaDriverVersion": lambda: 12040,
            "nvmlDeviceGetCount": lambda: len(self.gpus),
            "nvmlDeviceGetHandleByIndex": handle_by_index,
            "nvmlDeviceGetMemoryInfo": memory,
            "nvmlSystemGetProcessName": process_name,
        })
        return functions

    def install(self, monkeypatch: Any) -> "FakeNvml":
        for name, function in self.functions().items():
            monkeypatch.setattr(pynvml, name, function)
        return self
