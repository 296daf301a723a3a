"""Probed hardware as GPU sets to plan on: a HardwareProfile's GPUs grouped and matched to the
GPU catalog, with the memory that is really free next to the memory the GPU has."""

import re
from dataclasses import dataclass, replace

from core.errors import InputError
from core.hardware.gpus import GpuSpec, gpu_candidates, match_gpu
from core.hardware.profile import HardwareProfile, MigInstance, ProbedGpu
from core.i18n.message import Count, Name, Quantity, Text, msg
from core.units import GiB, MiB, format_gib

# A100/H100-class GPUs split into 7 compute slices ("3g" = 3 of 7; NVIDIA MIG user guide).
MIG_COMPUTE_SLICES = 7
_MIG_COMPUTE = re.compile(r"^(?P<slices>\d+)g\.")
# Double data rate: the driver's memory clock is half the transfer rate (A100 40GB:
# 5120-bit x 1215 MHz x 2 = 1555 GB/s, its datasheet figure).
TRANSFERS_PER_CLOCK = 2


@dataclass(frozen=True)
class GpuTarget:
    """Identical probed GPUs (or one MIG slice) the fit engine can plan on."""

    label: str
    indexes: tuple[int, ...]
    count: int
    total_bytes: int  # memory per GPU as the driver reports it
    free_bytes: int  # free now on the fullest GPU of the set
    spec: GpuSpec | None  # None: figures are missing, see `missing`
    missing: str = ""  # a refusal's text (English), shown when the plan cannot be made
    notes: tuple[Text, ...] = ()
    holders: tuple[str, ...] = ()  # processes holding memory, for the free/total note

    def free_spec(self) -> GpuSpec | None:
        """The spec with the memory free now."""
        if self.spec is None:
            return None
        return replace(self.spec, memory_mib=self.free_bytes // MiB)


def _estimated_bandwidth(gpu: ProbedGpu) -> float | None:
    if gpu.memory_bus_width_bits and gpu.max_memory_clock_mhz:
        return (gpu.memory_bus_width_bits / 8 * gpu.max_memory_clock_mhz * 1e6
                * TRANSFERS_PER_CLOCK / 1e9)
    return None


def _gib(num_bytes: float) -> Quantity:
    """Bytes as GiB with two decimals, rounded as format_gib rounds them."""
    return Quantity(round(num_bytes / GiB, 2), "GiB", 2)


def catalog_spec(gpu: ProbedGpu) -> tuple[GpuSpec | None, list[Text], str]:
    """The catalog GPU a probed one is (by catalog_id, else its name), with its probed memory;
    an unknown GPU keeps its memory and takes its speed figures from the profile or from its
    bus width and clock. Returns the spec (None when figures are missing), notes, and what is
    missing."""
    name = gpu.name or f"GPU {gpu.index}"
    total = gpu.memory_total_bytes
    if total is None:
        return None, [], f"GPU {gpu.index} ({name}): the driver did not report its memory"
    if gpu.catalog_id:
        known: GpuSpec | None = match_gpu(gpu.catalog_id)
    else:
        candidates = gpu_candidates(name) if gpu.name else []
        if len(candidates) > 1:  # e.g. "A100": the memory tells 40 GB from 80 GB
            candidates = sorted(candidates, key=lambda spec: abs(spec.memory_bytes - total))[:1]
        known = candidates[0] if candidates else None
    if known is not None:
        spec = replace(known, memory_mib=total // MiB,
                       bandwidth_gbps=gpu.bandwidth_gbps or known.bandwidth_gbps,
                       bf16_tflops=gpu.bf16_tflops or known.bf16_tflops)
        return spec, [msg("{gpu} is the catalog's {known} ({known_id})", gpu=Name(name),
                          known=Name(known.name), known_id=Name(known.id))], ""
    bandwidth = gpu.bandwidth_gbps
    notes: list[Text] = []
    if bandwidth is None:
        bandwidth = _estimated_bandwidth(gpu)
        if bandwidth is not None:
            notes.append(msg("{gpu} is not in the GPU catalog: bandwidth {bandwidth} estimated "
                             "from its {bits}-bit bus at {clock} MHz; no compute figure, so no "
                             "prefill speed (add bf16_tflops to the profile)", gpu=Name(name),
                             bandwidth=Quantity(round(bandwidth), "GB/s", 0),
                             bits=Name(str(gpu.memory_bus_width_bits)),
                             clock=Name(str(gpu.max_memory_clock_mhz))))
    if bandwidth is None:
        return None, [], (f"GPU {gpu.index} ({name}) is not in the GPU catalog: its "
                          f"{format_gib(total)} are known, its memory bandwidth is not; add "
                          f"\"bandwidth_gbps\" (and \"bf16_tflops\") to gpus[{gpu.index}] in "
                          "the profile file, or \"catalog_id\" naming a catalog GPU")
    spec = GpuSpec(
        id=f"probed-{gpu.index}", name=name, vendor="NVIDIA", memory_gb=total / 1e9,
        memory_mib=total // MiB, memory_type="unknown", bandwidth_gbps=bandwidth,
        bf16_tflops=gpu.bf16_tflops, fp8_tflops=None, int8_tops=None,
        tdp_watts=gpu.power_limit_watts or 0.0,
        interconnect="NVLink" if gpu.nvlink_active_links else "PCIe", interconnect_gbps=0.0,
        source="probed")
    return spec, notes, ""


def _holders(gpu: ProbedGpu) -> tuple[str, ...]:
    return tuple(f"{process.name or 'pid'} (pid {process.pid}) "
                 f"{format_gib(process.used_memory_bytes)}"
                 for process in gpu.processes if process.used_memory_bytes)


def _free(gpu: ProbedGpu | MigInstance, total: int) -> int:
    if gpu.memory_free_bytes is not None:
        return gpu.memory_free_bytes
    if gpu.memory_used_bytes is not None:
        return max(0, total - gpu.memory_used_bytes)
    return total


def _mig_targets(gpu: ProbedGpu, spec: GpuSpec | None, missing: str) -> list[GpuTarget]:
    total = gpu.memory_total_bytes or 1
    targets = []
    for number, instance in enumerate(gpu.mig_instances):
        memory = instance.memory_total_bytes
        label = f"MIG {instance.profile or '?'} #{number} on GPU {gpu.index}"
        if memory is None:
            targets.append(GpuTarget(label, (gpu.index,), 1, 0, 0, None,
                                     f"{label}: its memory is not known"))
            continue
        slice_spec = None
        notes: list[Text] = [msg("a MIG slice is planned as a GPU of its own memory, with "
                                 "bandwidth in proportion to its share of the memory and "
                                 "compute to its share of slices")]
        if spec is not None:
            compute = _MIG_COMPUTE.match(instance.profile or "")
            compute_share = (int(compute["slices"]) / MIG_COMPUTE_SLICES) if compute else \
                memory / total
            slice_spec = replace(
                spec, id=f"{spec.id}-mig-{instance.profile}", name=f"{spec.name} {label}",
                memory_mib=memory // MiB, bandwidth_gbps=spec.bandwidth_gbps * memory / total,
                bf16_tflops=spec.bf16_tflops * compute_share if spec.bf16_tflops else None,
                fp8_tflops=spec.fp8_tflops * compute_share if spec.fp8_tflops else None,
                int8_tops=spec.int8_tops * compute_share if spec.int8_tops else None)
        if not instance.memory_measured:
            notes.append(msg("{target}: memory {size} from the profile name", target=Name(label),
                             size=_gib(memory)))
        targets.append(GpuTarget(label, (gpu.index,), 1, memory, _free(instance, memory),
                                 slice_spec, missing, tuple(notes)))
    return targets


def gpu_targets(profile: HardwareProfile) -> list[GpuTarget]:
    """The profile's GPUs grouped into what a model can be planned on: identical GPUs
    together, each MIG slice alone, lost GPUs left out."""
    groups: dict[tuple[str | None, int | None], list[ProbedGpu]] = {}
    targets: list[GpuTarget] = []
    for gpu in profile.gpus:
        if gpu.lost:
            continue
        if gpu.mig_enabled and gpu.mig_instances:
            spec, _, missing = catalog_spec(gpu)
            targets += _mig_targets(gpu, spec, missing)
            continue
        groups.setdefault((gpu.name, gpu.memory_total_bytes), []).append(gpu)
    for (name, total), gpus in groups.items():
        spec, notes, missing = catalog_spec(gpus[0])
        free = min(_free(gpu, total or 0) for gpu in gpus)
        holders = tuple(holder for gpu in gpus for holder in _holders(gpu))
        targets.append(GpuTarget(f"{len(gpus)} x {name or 'unnamed GPU'}",
                                 tuple(gpu.index for gpu in gpus), len(gpus), total or 0, free,
                                 spec, missing, tuple(notes), holders))
    return sorted(targets, key=lambda target: -target.count * target.free_bytes)


def choose_target(profile: HardwareProfile, index: int | None = None) -> GpuTarget:
    """The GPU set to plan on: the one holding GPU `index`, else the largest.

    Raises:
        InputError: the profile has no usable GPU, or figures are missing.
    """
    if not profile.ok:
        raise InputError(f"the hardware profile of {profile.label} holds no usable GPU"
                         + (f": {profile.message}" if profile.message else ""))
    targets = gpu_targets(profile)
    if index is not None:
        targets = [target for target in targets if index in target.indexes]
        if not targets:
            raise InputError(f"the profile has no usable GPU with index {index}")
    target = targets[0]
    if target.spec is None:
        raise InputError(target.missing)
    return target


@dataclass(frozen=True)
class Placement:
    """Where a plan on a profile runs: how many GPUs of which set, with the memory free when
    the profile was taken."""

    target: GpuTarget
    spec: GpuSpec  # memory: free at probe time
    count: int
    note: Text


def usable_gpu(profile: HardwareProfile, gpu_index: int | None = None,
               gpus: int | None = None) -> Placement:
    """The GPUs a fit, recommendation or cost plan uses: `gpus` of the chosen set (all of it by
    default), with the memory free when the profile was taken.

    Raises:
        InputError: no usable GPU, missing figures, or more GPUs asked than the set has.
    """
    target = choose_target(profile, gpu_index)
    count = gpus or target.count
    if count > target.count:
        raise InputError(f"{count} GPUs asked, but the profile's {target.label} has "
                         f"{target.count}")
    spec = target.free_spec()
    assert spec is not None  # choose_target checked
    note = msg("planned on {count} of {target} probed on {profile}, with the memory free at "
               "that time ({free} of {total} per GPU)", count=Count(count),
               target=Name(target.label), profile=Name(profile.label),
               free=_gib(target.free_bytes), total=_gib(target.total_bytes))
    return Placement(target, spec, count, note)
