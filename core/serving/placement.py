"""Fit on probed hardware: the fit engine on a profile's GPUs, with the memory free now deciding
and the GPUs' whole memory beside it."""

from dataclasses import dataclass, replace

from core.hardware.profile import HardwareProfile
from core.hardware.targets import GpuTarget, gpu_targets, usable_gpu
from core.i18n.message import Name, Text, msg
from core.model.words import gib
from core.serving.fit import FitResult, fit
from core.serving.memory import FitRequest


@dataclass(frozen=True)
class ProfileFit:
    """A fit on probed GPUs: on the memory free now, and on the GPUs' whole memory."""

    target: GpuTarget
    result: FitResult  # on the free memory
    on_total: FitResult
    notes: tuple[Text, ...]


def fit_on_profile(request: FitRequest, profile: HardwareProfile, gpu_index: int | None = None,
                   gpus: int | None = None) -> ProfileFit:
    """Fit `request` (its GPU ignored) on a profile's GPUs, with the memory free now deciding.

    Raises:
        InputError: no usable GPU, missing figures, or more GPUs asked than the set has.
    """
    placement = usable_gpu(profile, gpu_index, gpus)
    target = placement.target
    assert target.spec is not None
    result = fit(replace(request, gpu=placement.spec, gpus=placement.count))
    on_total = fit(replace(request, gpu=target.spec, gpus=placement.count))
    notes: list[Text] = [placement.note, *target.notes]
    if on_total.fits and not result.fits:
        in_use = gib(target.total_bytes - target.free_bytes)
        if target.holders:
            notes.append(msg("fits on the GPUs' whole memory but not on what is free now: "
                             "{in_use} per GPU is in use; held by {holders}", in_use=in_use,
                             holders=Name(", ".join(target.holders))))
        else:
            notes.append(msg("fits on the GPUs' whole memory but not on what is free now: "
                             "{in_use} per GPU is in use", in_use=in_use))
    others = [t.label for t in gpu_targets(profile) if t != target]
    if others:
        notes.append(msg("the profile also holds {targets} (choose with --profile-gpu)",
                         targets=Name(", ".join(others))))
    return ProfileFit(target, replace(result, notes=(*notes, *result.notes)), on_total,
                      tuple(notes))
