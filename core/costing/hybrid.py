"""A hybrid: a base part carries the load up to its capacity, an overflow part takes the rest,
hour by hour over the day's load profile.

The profile is the workload's `hourly_profile` (24 relative loads), or else a linear
load-duration curve over the service hours: the load, sorted from the busiest hour down, falls
in a straight line from the peak (peak_to_average x the average) to 2 - peak_to_average (to 0
within the hours when the peak is more than twice the average), so that it averages 1. The
linear load-duration curve is the textbook simplification of a measured one (Stoft, Power
System Economics, 2002, ch. 3-4); it is an assumption the plan states, and an hourly profile
replaces it.

The overflow's share is the load above the base's capacity, integrated over the day:
    share(c) = integral of max(0, load(t) - c) dt / integral of load(t) dt
with c the base's capacity in multiples of the average load.
"""

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from core.errors import InputError
from core.i18n.message import Count, Given, Name, msg

if TYPE_CHECKING:  # the scenario module reads profiles with these functions
    from core.costing.scenario import Workload

HOURS_PER_DAY = 24


def profile_shape(values: tuple[float, ...]) -> tuple[float, float]:
    """(service hours, peak over average) of a 24-hour profile.

    Raises:
        InputError: not 24 values, or no hour with load.
    """
    if len(values) != HOURS_PER_DAY:
        raise InputError(msg("workload.hourly_profile: give {hours} values, one per clock hour "
                             "(got {given})", hours=Count(HOURS_PER_DAY),
                             given=Count(len(values))))
    busy = [value for value in values if value > 0]
    if not busy:
        raise InputError(msg("workload.hourly_profile: every hour is 0; give the relative "
                             "load of the service hours"))
    return float(len(busy)), max(busy) / (sum(busy) / len(busy))


def with_profile(workload: "Workload", given: set[str]) -> "Workload":
    """The workload with the service hours and peak over average its hourly profile sets.

    Raises:
        InputError: the profile disagrees with hours_per_day or peak_to_average given too.
    """
    if workload.hourly_profile is None:
        return workload
    hours, peak = profile_shape(workload.hourly_profile)
    for name, value in (("hours_per_day", hours), ("peak_to_average", peak)):
        stated = getattr(workload, name)
        if name in given and not math.isclose(stated, value, rel_tol=1e-6):
            raise InputError(msg("{field}: {value} disagrees with the hourly profile "
                                 "({profile}); give one of them", field=Name(f"workload.{name}"),
                                 value=Given(stated), profile=Given(value)))
    return replace(workload, hours_per_day=hours, peak_to_average=peak)


def excess_share(workload: "Workload", capacity: float) -> float:
    """The share of the day's requests above `capacity` (in multiples of the average load of
    the service hours)."""
    if capacity <= 0:
        return 1.0
    if workload.hourly_profile is not None:
        busy = [value for value in workload.hourly_profile if value > 0]
        mean = sum(busy) / len(busy)
        return sum(max(0.0, value / mean - capacity) for value in busy) / len(busy)
    peak = workload.peak_to_average
    low = max(0.0, 2.0 - peak)
    length = 1.0 if peak <= 2.0 else 2.0 / peak  # share of the service hours with load
    if capacity >= peak:
        return 0.0
    if peak - low <= 1e-12:  # a flat day
        return max(0.0, 1.0 - capacity)
    if capacity >= low:
        return length * (peak - capacity) ** 2 / (2 * (peak - low))
    return 1.0 - capacity * length


def overflow_workload(workload: "Workload", volume: float, capacity: float,
                      overflow: float) -> "Workload":
    """The overflow's workload: its own peak (what exceeds the base at the busiest hour) over
    its own average."""
    if overflow <= 0:
        return workload
    peak = volume * workload.peak_to_average - capacity
    return replace(workload, peak_to_average=max(1.0, peak / overflow))


def base_workload(workload: "Workload", volume: float, capacity: float,
                  carried: float) -> "Workload":
    """The base's workload: its peak is the lower of the day's peak and its capacity."""
    if carried <= 0:
        return workload
    peak = min(volume * workload.peak_to_average, capacity)
    return replace(workload, peak_to_average=max(1.0, peak / carried))


def base_counts(fixed: int | None, step: int, least: int, full: int) -> list[int]:
    """Unit counts of the base worth pricing: the fixed count, or every count (whole replicas,
    from the cluster size) up to the one that carries the whole peak; past 64 counts, every
    count to 64 steps and then 32 per doubling."""
    if fixed is not None:
        return [fixed]
    first = max(step, math.ceil(least / step) * step)
    last = max(first, math.ceil(full / step) * step)
    counts = list(range(first, min(last, first + 63 * step) + 1, step))
    while counts[-1] < last:
        nxt = min(last, max(counts[-1] + step,
                            math.ceil(counts[-1] * 2 ** (1 / 32) / step) * step))
        counts.append(nxt)
    return counts
