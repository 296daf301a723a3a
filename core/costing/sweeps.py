"""What moves with volume and time: cumulative cost and payback, break-even volumes, the
sensitivity tornado and cost per token against GPU utilisation."""

import math
from collections.abc import Callable, Iterator
from dataclasses import fields, replace
from functools import cache
from typing import Any

from core.costing.context import Context, Resolved, year_volume
from core.costing.costs import STAFF, OptionCost, Shortfall, requests_per_year
from core.costing.results import (
    BreakEven,
    Sensitivity,
    TornadoBar,
    UtilisationCurve,
)
from core.costing.scenario import (
    CloudOption,
    HybridOption,
    OnPremOption,
    Option,
    SelfHosting,
    Workload,
)
from core.i18n.message import Count, Message, Name, Number, Text, msg, nmsg
from core.model.words import semicolons

VOLUME_MULTIPLIERS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)
UTILISATION_STEPS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
# Break-even search range, as multiples of the scenario's volume: 1e-4 .. 1e4, 8 steps a decade.
_SEARCH_DECADES, _STEPS_PER_DECADE = 4, 8


def yearly_costs(context: Context, resolved: Resolved, months: int, decline: float = 0.0,
                 workload: Workload | None = None) -> list[OptionCost]:
    """The option's cost in each year of the horizon: the year's volume, API prices lowered by
    `decline` a year (of the scenario's workload, or of `workload`)."""
    workload = workload or context.scenario.workload
    return [context.cost(resolved, workload, year_volume(workload, year),
                         price_factor=(1 - decline) ** year)
            for year in range(math.ceil(months / 12))]


def cumulative_curve(context: Context, resolved: Resolved, months: int, decline: float = 0.0,
                     ) -> tuple[tuple[float, ...] | None, float | None]:
    """Cumulative cash per month and the TCO (annualised cost summed over the horizon)."""
    return cash_curve(resolved, yearly_costs(context, resolved, months, decline), months)


def cash_curve(resolved: Resolved, yearly: list[OptionCost], months: int,
               ) -> tuple[tuple[float, ...] | None, float | None]:
    """Cumulative cash per month and the TCO from the option's cost in each year."""
    if any(cost.per_year is None for cost in yearly):
        return None, None
    tco = sum((yearly[(month - 1) // 12].per_year or 0.0) / 12 for month in range(1, months + 1))
    values = [yearly[0].capex]
    bought = _purchased(resolved)
    owned = yearly[0].units
    cycle = 0
    monthly = [(cost.cash_per_year or 0.0) / 12 for cost in yearly]
    for month in range(1, months + 1):
        cost = yearly[(month - 1) // 12]
        spend = monthly[(month - 1) // 12]
        if bought is not None and bought.server_price is not None:
            price = bought.server_price
            if not bought.owned and (month - 1) % 12 == 0 and cost.units > owned:
                spend += (cost.units - owned) * price  # growth: servers bought at year start
                owned = cost.units
            life = bought.remaining_life_years if bought.owned else bought.depreciation_years
            if life is not None and month == round(12 * life * (cycle + 1)):
                cycle += 1  # replacement at the end of the depreciation period or the life
                spend += owned * price * (1 - bought.residual_share)
        values.append(values[-1] + spend)
    return tuple(values), tco


def _purchased(resolved: Resolved) -> OnPremOption | None:
    """The servers an option runs on (a hybrid's base), for growth and replacements."""
    option = resolved.option
    if isinstance(option, HybridOption):
        return _purchased(resolved.parts[0])
    return option if isinstance(option, OnPremOption) else None


def payback_month(onprem: tuple[float, ...], other: tuple[float, ...]) -> int | None:
    """The first month from which buying stays cheaper than `other`, or None."""
    month = None
    for index, (own, rent) in enumerate(zip(onprem, other, strict=True)):
        # The first month from which buying stays cheaper to the end of the horizon.
        month = (index if month is None else month) if own <= rent else None
    return month


def _crossings(difference: Callable[[float], float | None], base: float) -> Iterator[float]:
    """Volumes where difference() changes sign, lowest first (bisection, then a linear step)."""
    steps = _SEARCH_DECADES * _STEPS_PER_DECADE
    volumes = [0.0] + [base * 10 ** (k / _STEPS_PER_DECADE) for k in range(-steps, steps + 1)]
    previous_volume, previous = volumes[0], difference(volumes[0])
    for volume in volumes[1:]:
        current = difference(volume)
        if previous is None or current is None:
            return
        if current == 0:
            yield volume
        elif previous != 0 and (previous < 0) != (current < 0):
            low, high, low_value, high_value = previous_volume, volume, previous, current
            for _ in range(60):
                middle = (low + high) / 2
                value = difference(middle)
                if value is None:
                    return
                if (value < 0) == (low_value < 0):
                    low, low_value = middle, value
                else:
                    high, high_value = middle, value
                if high - low <= 1e-12 * high:
                    break
            # The difference is linear between capacity steps: interpolate the last bracket.
            span = high_value - low_value
            yield low - low_value * (high - low) / span if span else low
        previous_volume, previous = volume, current


def yearly_by_volume(context: Context, resolved: Resolved) -> Callable[[float], float | None]:
    """The option's yearly cost as a function of volume, remembered: every pair an option is
    in samples the same volumes."""
    workload = context.scenario.workload

    @cache
    def yearly(volume: float) -> float | None:
        return context.yearly(resolved, workload, volume)

    return yearly


def break_even(context: Context, a: Resolved, b: Resolved,
                yearly_a: Callable[[float], float | None],
                yearly_b: Callable[[float], float | None]) -> BreakEven:
    """The volumes at which two options cost the same a year."""
    workload = context.scenario.workload
    base = workload.hourly_requests or 1.0

    def difference(volume: float) -> float | None:
        cost_a, cost_b = yearly_a(volume), yearly_b(volume)
        return None if cost_a is None or cost_b is None else cost_a - cost_b

    name_a, name_b = a.option.name, b.option.name
    if difference(base) is None:
        return BreakEven(name_a, name_b, None, None, None, None, None,
                         msg("a price is unknown: no break-even"))
    # An option past its capacity at the scenario's volume has no break-even: its cost
    # there does not buy the service.
    short = _short(context, (a, b), workload.hourly_requests)
    if short is not None:
        return BreakEven(name_a, name_b, None, None, None, None, False,
                         msg("no break-even: {reason}", reason=short.sentence), short)
    found = list(_crossings(difference, base))
    if not found:
        cheaper = name_a if (difference(base) or 0) < 0 else name_b
        return BreakEven(name_a, name_b, None, None, None, cheaper, None,
                         msg("no break-even between 0 and {factor}x the volume: {option} is "
                             "cheaper throughout", factor=Count(10 ** _SEARCH_DECADES),
                             option=Name(cheaper)))
    # Only where both carry the load do equal costs mean a break-even.
    carried = [volume for volume in found if _short(context, (a, b), volume) is None]
    if not carried:
        short = _short(context, (a, b), found[0])
        assert short is not None
        per_day = found[0] * workload.hours_per_day
        return BreakEven(name_a, name_b, None, None, None, None, False,
                         msg("no break-even: where the costs meet, {requests} requests a day, "
                             "{reason}", requests=Number(per_day), reason=short.sentence), short)
    volume = carried[0]
    after = difference(volume * 1.001 + 1e-9) or 0.0
    cheaper = name_a if after < 0 else name_b
    per_day = volume * workload.hours_per_day
    tokens = per_day * workload.tokens_per_request
    words = tokens / workload.tokens_per_word if workload.in_words else None
    cost_a, cost_b = context.cost(a, workload, volume), context.cost(b, workload, volume)
    within = None if cost_a.carries is None and cost_b.carries is None else \
        cost_a.carries is not False and cost_b.carries is not False
    details: list[Text] = []
    if len(carried) > 1:
        details.append(more_crossings(len(carried) - 1))
    if len(found) > len(carried):
        details.append(msg("where the costs also meet beyond an option's capacity there is no "
                           "break-even"))
    note = semicolons([msg("above {requests} requests a day {option} is cheaper",
                        requests=Number(per_day), option=Name(cheaper)), *details])
    return BreakEven(name_a, name_b, per_day, tokens, words, cheaper, within, note,
                     details=tuple(details))


def more_crossings(count: int) -> Text:
    """'the costs cross once more / 2 more times at higher volume (capacity steps)'."""
    return nmsg("the costs cross once more at higher volume (capacity steps)",
                "the costs cross {n} more times at higher volume (capacity steps)",
                n=Count(count))


def _short(context: Context, options: tuple[Resolved, ...], volume: float) -> Shortfall | None:
    """The first of the options past its capacity at `volume`, with the share it carries."""
    workload = context.scenario.workload
    for resolved in options:
        shortfall = context.cost(resolved, workload, volume).shortfall
        if shortfall is not None:
            return shortfall
    return None


def shortfall_over_horizon(context: Context, resolved: Resolved, months: int,
                           ) -> Shortfall | None:
    """The first year of the horizon in which the option cannot carry the (grown) load, with
    what it carries then; None when it carries every year."""
    workload = context.scenario.workload
    for year in range(math.ceil(months / 12)):
        shortfall = context.cost(resolved, workload, year_volume(workload, year)).shortfall
        if shortfall is not None:
            return replace(shortfall, year=year + 1)
    return None


def _is_staff(label: Text) -> bool:
    """A staff line: the option's own ('staff') or a hybrid part's ('base: staff')."""
    if label == STAFF:
        return True
    return isinstance(label, Message) and any(_is_staff(value) for _, value in label.args
                                              if isinstance(value, Message))


def _workload_inputs(workload: Workload) -> list[tuple[Message, Callable[[float], Workload]]]:
    def scale(name: str, low: float = 0.0, high: float = math.inf,
              ) -> Callable[[float], Workload]:
        return lambda factor: replace(
            workload, **{name: min(high, max(low, getattr(workload, name) * factor))})

    volume_field = "requests_per_hour" if workload.requests_per_hour is not None \
        else "requests_per_day"
    inputs = [(msg("requests"), scale(volume_field))]
    for part, label in (("input", msg("input tokens per request")),
                        ("output", msg("output tokens per request"))):
        name = f"{part}_tokens" if getattr(workload, f"{part}_tokens") is not None \
            else f"{part}_words"
        inputs.append((label, scale(name)))
    inputs.append((msg("peak to average"), scale("peak_to_average", low=1.0)))
    inputs.append((msg("service hours per day"), scale("hours_per_day", high=24.0)))
    return inputs


# The price inputs of each kind of option: (label, field). Labels are messages without
# arguments, so str() still gives the English label.
_OPTION_INPUTS: dict[str, tuple[tuple[Message, str], ...]] = {
    "api": ((msg("price per 1M input tokens"), "price_in_per_m"),
            (msg("price per 1M output tokens"), "price_out_per_m")),
    "cloud": ((msg("instance price per hour"), "price_per_hour"),
              (msg("instance price per second"), "price_per_second"),
              (msg("seconds per request"), "seconds_per_request"),
              (msg("data transfer per request"), "transfer_per_request")),
    "onprem": ((msg("server price"), "server_price"),
               (msg("electricity per kWh"), "price_per_kwh"),
               (msg("PUE"), "pue"), (msg("maintenance share"), "maintenance_share_per_year"),
               (msg("licence per GPU"), "licence_per_gpu_year")),
}
STAFF_COST = msg("staff cost")


def sensitivity(context: Context, resolved: Resolved, pct: float) -> Sensitivity | None:
    """The yearly cost with each input moved by -pct and +pct (a tornado)."""
    workload = context.scenario.workload
    common = context.scenario.self_hosting
    volume = workload.hourly_requests
    base = context.cost(resolved, workload, volume).per_year
    if base is None:
        return None
    bars = []
    factors = (1 - pct / 100, 1 + pct / 100)

    def yearly(variant: Resolved, work: Workload, shared: SelfHosting) -> float:
        return context.yearly(variant, work, work.hourly_requests, shared) or 0.0

    label: Text
    for label, change in _workload_inputs(workload):
        low, high = (yearly(resolved, change(factor), common) for factor in factors)
        bars.append(TornadoBar(label, low, high))
    for label, variants in _option_variants(resolved, factors):
        low, high = (yearly(variant, workload, common) for variant in variants)
        bars.append(TornadoBar(label, low, high))
    staffed = any(_is_staff(line.label) for line in
                  context.cost(resolved, workload, volume).lines)
    if staffed and common.staff_cost_per_fte_year:
        low, high = (yearly(resolved, workload, replace(
            common, staff_cost_per_fte_year=common.staff_cost_per_fte_year * f))
            for f in factors)
        bars.append(TornadoBar(STAFF_COST, low, high))
    option = resolved.option
    bars = [bar for bar in bars if abs(bar.high - bar.low) > 1e-9 * max(1.0, base)]
    bars.sort(key=lambda bar: -abs(bar.high - bar.low))
    return Sensitivity(option.name, base, tuple(bars))


def _option_variants(resolved: Resolved, factors: tuple[float, float],
                     ) -> Iterator[tuple[Text, tuple[Resolved, Resolved]]]:
    """(label, the option with the input at each factor) for each price input it has; a
    hybrid's are its parts', labelled by part."""
    option = resolved.option
    if isinstance(option, HybridOption):
        for index in (0, 1):
            part = resolved.parts[index]
            for label, (low, high) in _option_variants(part, factors):
                parts = list(resolved.parts)
                variants = []
                for variant in (low, high):
                    parts[index] = variant
                    variants.append(replace(resolved, parts=tuple(parts)))
                yield (msg("base: {input}", input=label) if index == 0
                       else msg("overflow: {input}", input=label)), (variants[0], variants[1])
        return
    for label, name in _OPTION_INPUTS[option.kind]:
        value = getattr(option, name)
        if value:
            changes: list[dict[str, Any]] = [{name: _bounded(option, name, value * f)}
                                             for f in factors]
            low, high = (replace(resolved, option=replace(option, **change))
                         for change in changes)
            yield label, (low, high)


def _bounded(option: Option, name: str, value: float) -> float:
    declaration = next(item for item in fields(option) if item.name == name)
    low, high = declaration.metadata.get("low"), declaration.metadata.get("high")
    if low is not None:
        value = max(low, value)
    return min(high, value) if high is not None else value


def utilisation_curve(context: Context, resolved: Resolved) -> UtilisationCurve | None:
    """Cost per 1M tokens of a self-hosted option as its GPUs are kept busier."""
    workload = context.scenario.workload
    option = resolved.option
    if isinstance(option, CloudOption) and option.billing == "on_demand":
        return None  # billed per use: the cost per token does not depend on utilisation
    base = context.cost(resolved, workload, workload.hourly_requests)
    rate = base.capacity.requests_per_hour_per_unit if base.capacity else None
    if not rate or base.per_year is None or not base.serving_units:
        return None
    points = []
    for share in UTILISATION_STEPS:
        volume = share * rate * base.serving_units / workload.peak_to_average
        cost = context.cost(resolved, workload, volume)
        tokens = requests_per_year(workload, volume) * workload.tokens_per_request
        if cost.per_year is not None and tokens:
            points.append((share, cost.per_year / tokens * 1e6))
    return UtilisationCurve(resolved.option.name, tuple(points))
