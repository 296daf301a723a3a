"""calculate(scenario, catalog) -> Plan: every option's cost, break-even, payback, curves,
sensitivity, levers, plausibility notes and a recommendation. Pure: no I/O, no globals."""

import math
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Any

from core.costing.costs import (
    Capacity,
    OptionCost,
    option_cost,
    requests_per_year,
    self_hosting_lines,
    unit_capacity,
)
from core.costing.scenario import (
    CRITERIA,
    ApiOption,
    CloudOption,
    OnPremOption,
    Option,
    Scenario,
    SelfHosting,
    Workload,
)
from core.errors import InputError
from core.hardware.gpus import GpuSpec, match_gpu
from core.hardware.targets import usable_gpu
from core.model.quant import get_quantization
from core.model.spec import ModelSpec, find_model
from core.model.weights import weights_for
from core.pricing.catalog import ApiPrice, CloudInstance, PriceCatalog
from core.serving.finetune import finetune_memory, seed_serving_memory
from core.serving.recommend import recommend
from core.units import GB

VOLUME_MULTIPLIERS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)
UTILISATION_STEPS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
# Break-even search range, as multiples of the scenario's volume: 1e-4 .. 1e4, 8 steps a decade.
_SEARCH_DECADES, _STEPS_PER_DECADE = 4, 8
# Default non-cost scores by kind, 0-5, from the seeds' criteria: cloud starts fast and scales
# easily but depends on a vendor (000/001); on-prem gives control and data security but needs
# skills and is hard to scale on demand (000/003); an API needs the least of both.
DEFAULT_SCORES = {
    "api": {"data_control": 1.0, "scalability": 5.0, "team_skills": 5.0, "time_to_launch": 5.0},
    "cloud": {"data_control": 3.0, "scalability": 4.0, "team_skills": 3.0,
              "time_to_launch": 4.0},
    "onprem": {"data_control": 5.0, "scalability": 2.0, "team_skills": 2.0,
               "time_to_launch": 2.0},
}
# A rented GPU-hour this far from every catalog price is probably a typo or another unit.
PLAUSIBLE_FACTOR = 3.0

_MONEY_FIELDS = {
    "api": ("price_in_per_m", "price_out_per_m", "price_cached_in_per_m", "price_in_long_per_m",
            "price_out_long_per_m", "training_price_per_m"),
    "cloud": ("price_per_hour", "price_per_second", "transfer_per_request", "transfer_per_gb",
              "storage_per_gb_month"),
    "onprem": ("server_price", "price_per_kwh", "colocation_per_kw_month",
               "rack_per_server_month", "licence_per_gpu_year", "installation"),
}


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionResult:
    """One option's cost in the scenario's currency, year 1, with its TCO over the horizon."""

    name: str
    kind: str
    cost: OptionCost
    per_hour: float | None  # per service hour
    per_day: float | None  # per service day
    per_month: float | None
    per_year: float | None
    tco: float | None
    per_1k_requests: float | None
    per_1m_tokens: float | None
    model: str | None
    quant: str | None
    source: str
    price_date: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BreakEven:
    """The volume at which two options cost the same per year."""

    a: str
    b: str
    requests_per_day: float | None
    tokens_per_day: float | None
    words_per_day: float | None
    cheaper_above: str | None
    within_capacity: bool | None
    note: str

    @property
    def name(self) -> str:
        return f"{self.a} vs {self.b}"


@dataclass(frozen=True)
class Payback:
    """The month from which buying beats the alternative, on cumulative cash."""

    onprem: str
    against: str
    month: int | None
    month_with_price_decline: int | None

    @property
    def name(self) -> str:
        return f"{self.onprem} vs {self.against}"


@dataclass(frozen=True)
class Curve:
    """Cumulative cash per month 0..horizon; None where a price is unknown."""

    name: str
    values: tuple[float, ...] | None


@dataclass(frozen=True)
class VolumePoint:
    """Every option's yearly cost at a multiple of the scenario's volume."""

    multiplier: float
    requests_per_hour: float
    requests_per_day: float
    costs: tuple[tuple[str, float | None, float | None, float | None, bool | None], ...]
    # (option, per_year, per_hour, utilisation, carries)


@dataclass(frozen=True)
class TornadoBar:
    label: str
    low: float  # yearly cost with the input at -X%
    high: float  # ... at +X%


@dataclass(frozen=True)
class Sensitivity:
    option: str
    base: float
    bars: tuple[TornadoBar, ...]


@dataclass(frozen=True)
class UtilisationCurve:
    option: str
    points: tuple[tuple[float, float], ...]  # (utilisation, cost per 1M tokens)


@dataclass(frozen=True)
class LeverResult:
    name: str
    assumption: str
    savings: tuple[tuple[str, float | None, float | None], ...]  # (option, before, after)


@dataclass(frozen=True)
class Recommendation:
    option: str | None
    reasons: tuple[str, ...]
    scores: tuple[tuple[str, float | None, dict[str, float]], ...]  # (option, total, by criterion)


@dataclass(frozen=True)
class ReferenceCheck:
    label: str
    quoted: float
    computed: float | None
    agrees: bool
    source: str
    explanation: str


@dataclass(frozen=True)
class Memory:
    """Seed 004's memory figures for the scenario's model."""

    model: str
    params: int
    params_basis: str
    weights_bytes: int
    exact_weights_bytes: int
    trainable_params: int
    adapter_bytes: int
    finetune_bytes: int
    serving_bytes: int
    rule: str


@dataclass(frozen=True)
class Plan:
    """Everything the views and the report show; computed once, never changed."""

    scenario: str
    currency: str
    workload: Workload
    month_days: float
    horizon_months: int
    memory: Memory | None
    options: tuple[OptionResult, ...]
    break_even: tuple[BreakEven, ...]
    payback: tuple[Payback, ...]
    curves: tuple[Curve, ...]
    decline_curves: tuple[Curve, ...]
    volume_curve: tuple[VolumePoint, ...]
    sensitivity_pct: float
    sensitivity: tuple[Sensitivity, ...]
    utilisation: tuple[UtilisationCurve, ...]
    levers: tuple[LeverResult, ...]
    recommendation: Recommendation
    references: tuple[ReferenceCheck, ...]
    notes: tuple[str, ...] = field(default=())

    def option(self, name: str) -> OptionResult:
        return next(option for option in self.options if option.name == name)

    def to_json(self) -> dict[str, Any]:
        """The `llmplan cost --json` object."""
        return plan_json(self)


# --- resolving options -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Resolved:
    """An option in the scenario's currency, with its GPU, model and capacity."""

    option: Option
    gpu: GpuSpec | None
    model: ModelSpec | None
    quant: str | None
    engine: str | None
    notes: tuple[str, ...]


class _Context:
    """What one calculation shares: the resolved options and their capacities."""

    def __init__(self, scenario: Scenario, catalog: PriceCatalog):
        self.scenario = scenario
        self.catalog = catalog
        self.resolved = tuple(_resolve(option, index, scenario, catalog)
                              for index, option in enumerate(scenario.options))

    def capacity(self, resolved: _Resolved, workload: Workload) -> Capacity | None:
        option = resolved.option
        if isinstance(option, ApiOption):
            return None
        kv_quant = self.scenario.model.kv_quant if self.scenario.model else "fp16"
        return unit_capacity(option, resolved.gpu, resolved.model, resolved.quant or "bf16",
                             resolved.engine, kv_quant, workload)

    def cost(self, resolved: _Resolved, workload: Workload, volume: float,
             common: SelfHosting | None = None, price_factor: float = 1.0) -> OptionCost:
        return option_cost(resolved.option, workload, volume,
                           self.capacity(resolved, workload),
                           common or self.scenario.self_hosting, resolved.gpu, price_factor)


def _convert_option(option: Option, scenario: Scenario, catalog: PriceCatalog) -> Option:
    source = option.currency or scenario.currency
    if source == scenario.currency:
        return replace(option, currency=scenario.currency)
    changes: dict[str, Any] = {"currency": scenario.currency}
    for name in _MONEY_FIELDS[option.kind]:
        value = getattr(option, name)
        if value is not None:
            changes[name] = catalog.convert(value, source, scenario.currency,
                                            scenario.exchange_rates)
    return replace(option, **changes)


def _fill_from_catalog(option: Option, catalog: PriceCatalog, scenario: Scenario) -> Option:
    if isinstance(option, OnPremOption) or option.catalog is None:
        return option
    changes: dict[str, Any] = {}

    def money(value: float | None, currency: str) -> float | None:
        if value is None:
            return None
        return catalog.convert(value, currency, scenario.currency, scenario.exchange_rates)

    price: ApiPrice | CloudInstance
    if isinstance(option, ApiOption):
        price = catalog.find_api(option.catalog)
        for name in ("price_in_per_m", "price_out_per_m", "price_cached_in_per_m",
                     "training_price_per_m"):
            if getattr(option, name) is None:
                changes[name] = money(getattr(price, name), price.currency)
        if option.batch_discount == 0 and price.batch_discount:
            changes["batch_discount"] = price.batch_discount
    else:
        instance = catalog.find_cloud(option.catalog)
        if option.gpu is None:
            changes["gpu"] = instance.gpu
            changes["gpus_per_instance"] = instance.gpus
        if option.price_per_hour is None and option.price_per_second is None:
            changes["price_per_hour"] = money(instance.price_per_hour, instance.currency)
        price = instance
    if not option.source:
        changes["source"] = price.source
    if not option.price_date:
        changes["price_date"] = price.price_date
    return replace(option, **changes)


def _resolve(option: Option, index: int, scenario: Scenario, catalog: PriceCatalog,
             ) -> _Resolved:
    where = f"options[{index}] ({option.name})"
    try:
        converted = _fill_from_catalog(_convert_option(option, scenario, catalog), catalog,
                                       scenario)
    except InputError as error:
        raise InputError(f"{where}: {error}") from error
    if isinstance(converted, ApiOption):
        return _Resolved(converted, None, None, None, None, ())
    gpu = None
    hardware_notes: tuple[str, ...] = ()
    if converted.profile is not None:
        converted, gpu, hardware_notes = _on_profile(converted, scenario, where)
    elif converted.gpu is not None:
        try:
            gpu = match_gpu(converted.gpu)
        except InputError as error:
            raise InputError(f"{where}.gpu: {error}") from error
    resolved = _resolve_model(converted, gpu, scenario)
    return replace(resolved, notes=(*hardware_notes, *resolved.notes))


def _on_profile(option: CloudOption | OnPremOption, scenario: Scenario, where: str,
                ) -> tuple[CloudOption | OnPremOption, GpuSpec, tuple[str, ...]]:
    """The option on its probed GPUs: their count, and a spec with the memory free then."""
    name = option.profile or ""
    profile = scenario.hardware[name]
    try:
        placement = usable_gpu(profile)
    except InputError as error:
        raise InputError(f"{where}.profile: {error}") from error
    target = placement.target
    if isinstance(option, CloudOption):
        option = replace(option, gpus_per_instance=placement.count)
    else:
        option = replace(option, gpus_per_server=placement.count)
    note = f"{option.name}: GPUs from hardware profile '{name}' ({target.label}): " \
        f"{placement.note}"
    return option, placement.spec, (note, *target.notes)


def _resolve_model(converted: CloudOption | OnPremOption, gpu: GpuSpec | None,
                   scenario: Scenario) -> _Resolved:
    choice = scenario.model
    if choice is None:
        return _Resolved(converted, gpu, None, None, None, ())
    if choice.id != "recommend":
        model = find_model(choice.id)
        if model is None:
            raise InputError(f"model.id: '{choice.id}' is not in the model catalog "
                             "(`llmplan catalog list --kind models`)")
        try:
            get_quantization(choice.quant)
        except InputError as error:
            raise InputError(f"model.quant: {error}") from error
        return _Resolved(converted, gpu, model, choice.quant, choice.engine, ())
    if gpu is None:
        return _Resolved(converted, None, None, None, None,
                         ("model 'recommend' needs a GPU on this option",))
    gpus = (converted.gpus_per_instance if isinstance(converted, CloudOption)
            else converted.gpus_per_server)
    workload = scenario.workload
    context = max(1, math.ceil(workload.tokens_per_request))
    table = recommend(gpu, gpus, context, workload.batch_size)
    if not table.rows:
        return _Resolved(converted, gpu, None, None, None, (table.hint or "",))
    best = table.rows[0]
    return _Resolved(converted, gpu, find_model(best.model_id), best.quant, best.engine,
                     (f"recommended model: {best.model_name} {best.quant} on {best.engine}",))


# --- time conversions --------------------------------------------------------------------------


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def per_period(per_year: float | None, workload: Workload, month_days: float,
               ) -> tuple[float | None, float | None, float | None]:
    """(per service hour, per service day, per month) of a yearly amount."""
    return (_scaled(per_year, 1 / (workload.hours_per_day * workload.days_per_year)),
            _scaled(per_year, 1 / workload.days_per_year),
            _scaled(per_year, month_days / 365))


def _year_volume(workload: Workload, year: int) -> float:
    return workload.hourly_requests * (1 + workload.growth_per_year) ** year


# --- cumulative curves, TCO and payback ---------------------------------------------------------


def _curve(context: _Context, resolved: _Resolved, months: int, decline: float = 0.0,
           ) -> tuple[tuple[float, ...] | None, float | None]:
    """Cumulative cash per month and the TCO (annualised cost summed over the horizon)."""
    workload = context.scenario.workload
    option = resolved.option
    years = math.ceil(months / 12)
    yearly = [context.cost(resolved, workload, _year_volume(workload, year),
                           price_factor=(1 - decline) ** year) for year in range(years)]
    if any(cost.per_year is None for cost in yearly):
        return None, None
    tco = sum((yearly[(month - 1) // 12].per_year or 0.0) / 12 for month in range(1, months + 1))
    values = [yearly[0].capex]
    owned = yearly[0].units
    cycle = 0
    for month in range(1, months + 1):
        cost = yearly[(month - 1) // 12]
        spend = (cost.cash_per_year or 0.0) / 12
        if isinstance(option, OnPremOption) and option.server_price is not None:
            price = option.server_price
            if (month - 1) % 12 == 0 and cost.units > owned:
                spend += (cost.units - owned) * price  # growth: servers bought at year start
                owned = cost.units
            if month == round(12 * option.depreciation_years * (cycle + 1)):
                cycle += 1  # replacement at the end of the depreciation period
                spend += owned * price * (1 - option.residual_share)
        values.append(values[-1] + spend)
    return tuple(values), tco


def _payback(onprem: tuple[float, ...], other: tuple[float, ...]) -> int | None:
    month = None
    for index, (own, rent) in enumerate(zip(onprem, other, strict=True)):
        # The first month from which buying stays cheaper to the end of the horizon.
        month = (index if month is None else month) if own <= rent else None
    return month


# --- break-even ---------------------------------------------------------------------------------


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


def _yearly_by_volume(context: _Context, resolved: _Resolved) -> Callable[[float], float | None]:
    """The option's yearly cost as a function of volume, remembered: every pair an option is
    in samples the same volumes."""
    workload = context.scenario.workload

    @cache
    def yearly(volume: float) -> float | None:
        return context.cost(resolved, workload, volume).per_year

    return yearly


def _break_even(context: _Context, a: _Resolved, b: _Resolved,
                yearly_a: Callable[[float], float | None],
                yearly_b: Callable[[float], float | None]) -> BreakEven:
    workload = context.scenario.workload
    base = workload.hourly_requests or 1.0

    def difference(volume: float) -> float | None:
        cost_a, cost_b = yearly_a(volume), yearly_b(volume)
        return None if cost_a is None or cost_b is None else cost_a - cost_b

    name_a, name_b = a.option.name, b.option.name
    if difference(base) is None:
        return BreakEven(name_a, name_b, None, None, None, None, None,
                         "a price is unknown: no break-even")
    found = list(_crossings(difference, base))
    if not found:
        cheaper = name_a if (difference(base) or 0) < 0 else name_b
        return BreakEven(name_a, name_b, None, None, None, cheaper, None,
                         f"no break-even between 0 and {10 ** _SEARCH_DECADES:,}x the volume: "
                         f"{cheaper} is cheaper throughout")
    volume = found[0]
    after = difference(volume * 1.001 + 1e-9) or 0.0
    cheaper = name_a if after < 0 else name_b
    per_day = volume * workload.hours_per_day
    tokens = per_day * workload.tokens_per_request
    words = tokens / workload.tokens_per_word if workload.in_words else None
    cost_a, cost_b = context.cost(a, workload, volume), context.cost(b, workload, volume)
    within = None if cost_a.carries is None and cost_b.carries is None else \
        cost_a.carries is not False and cost_b.carries is not False
    note = f"above {per_day:,.0f} requests a day {cheaper} is cheaper"
    if len(found) > 1:
        note += f"; the costs cross {len(found) - 1} more time(s) at higher volume " \
                "(capacity steps)"
    return BreakEven(name_a, name_b, per_day, tokens, words, cheaper, within, note)


# --- sensitivity and levers ----------------------------------------------------------------------


def _workload_inputs(workload: Workload) -> list[tuple[str, Callable[[float], Workload]]]:
    def scale(name: str, low: float = 0.0, high: float = math.inf,
              ) -> Callable[[float], Workload]:
        return lambda factor: replace(
            workload, **{name: min(high, max(low, getattr(workload, name) * factor))})

    volume_field = "requests_per_hour" if workload.requests_per_hour is not None \
        else "requests_per_day"
    inputs = [("requests", scale(volume_field))]
    for part in ("input", "output"):
        name = f"{part}_tokens" if getattr(workload, f"{part}_tokens") is not None \
            else f"{part}_words"
        inputs.append((f"{part} tokens per request", scale(name)))
    inputs.append(("peak to average", scale("peak_to_average", low=1.0)))
    inputs.append(("service hours per day", scale("hours_per_day", high=24.0)))
    return inputs


_OPTION_INPUTS = {
    "api": (("price per 1M input tokens", "price_in_per_m"),
            ("price per 1M output tokens", "price_out_per_m")),
    "cloud": (("instance price per hour", "price_per_hour"),
              ("instance price per second", "price_per_second"),
              ("seconds per request", "seconds_per_request"),
              ("data transfer per request", "transfer_per_request")),
    "onprem": (("server price", "server_price"), ("electricity per kWh", "price_per_kwh"),
               ("PUE", "pue"), ("maintenance share", "maintenance_share_per_year"),
               ("licence per GPU", "licence_per_gpu_year")),
}


def _sensitivity(context: _Context, resolved: _Resolved, pct: float) -> Sensitivity | None:
    workload = context.scenario.workload
    common = context.scenario.self_hosting
    volume = workload.hourly_requests
    base = context.cost(resolved, workload, volume).per_year
    if base is None:
        return None
    bars = []
    factors = (1 - pct / 100, 1 + pct / 100)

    def yearly(option: Option, work: Workload, shared: SelfHosting) -> float:
        variant = replace(resolved, option=option)
        return context.cost(variant, work, work.hourly_requests, shared).per_year or 0.0

    option = resolved.option
    for label, change in _workload_inputs(workload):
        low, high = (yearly(option, change(factor), common) for factor in factors)
        bars.append(TornadoBar(label, low, high))
    for label, name in _OPTION_INPUTS[option.kind]:
        value = getattr(option, name)
        if value:
            changes: list[dict[str, Any]] = [{name: _bounded(option, name, value * f)}
                                             for f in factors]
            low, high = (yearly(replace(option, **change), workload, common)
                         for change in changes)
            bars.append(TornadoBar(label, low, high))
    if option.kind != "api" and common.staff_fte and common.staff_cost_per_fte_year:
        low, high = (yearly(option, workload, replace(
            common, staff_cost_per_fte_year=common.staff_cost_per_fte_year * f))
            for f in factors)
        bars.append(TornadoBar("staff cost", low, high))
    bars = [bar for bar in bars if abs(bar.high - bar.low) > 1e-9 * max(1.0, base)]
    bars.sort(key=lambda bar: -abs(bar.high - bar.low))
    return Sensitivity(option.name, base, tuple(bars))


def _bounded(option: Option, name: str, value: float) -> float:
    declaration = next(item for item in fields(option) if item.name == name)
    low, high = declaration.metadata.get("low"), declaration.metadata.get("high")
    if low is not None:
        value = max(low, value)
    return min(high, value) if high is not None else value


def _utilisation_curve(context: _Context, resolved: _Resolved) -> UtilisationCurve | None:
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


def _lever_variants(context: _Context, resolved: _Resolved, small_model: ModelSpec | None,
                    ) -> dict[str, float | None]:
    """Yearly cost of the option under each lever that applies to it (None: price unknown)."""
    scenario = context.scenario
    levers = scenario.levers
    workload = scenario.workload
    option = resolved.option
    volume = workload.hourly_requests
    results: dict[str, float | None] = {}

    def cost(variant: _Resolved, work: Workload = workload, at: float = volume) -> float | None:
        return context.cost(variant, work, at).per_year

    small: _Resolved | None = None
    if isinstance(option, ApiOption):
        ratio = levers.small_model_price_ratio
        prices: dict[str, Any] = {name: _scaled(getattr(option, name), ratio)
                                  for name in _MONEY_FIELDS["api"]}
        small = replace(resolved, option=replace(option, **prices))
    elif small_model is not None and resolved.model is not None:
        small = replace(resolved, model=small_model)
    if small is not None:
        results["smaller model"] = cost(small)
        share = levers.cascade_share
        big_part = cost(resolved, at=volume * (1 - share))
        small_cost = context.cost(small, workload, volume * share)
        small_part = small_cost.per_year
        if small_part is not None and not isinstance(option, ApiOption):
            # Staff and fine-tuning are already paid by the large model's deployment.
            shared = {line.label for line in self_hosting_lines(scenario.self_hosting)}
            small_part -= sum(line.per_year or 0.0 for line in small_cost.lines
                              if line.label in shared)
        results["cascade"] = (None if big_part is None or small_part is None
                              else big_part + small_part)
    if isinstance(option, ApiOption):
        if option.price_cached_in_per_m is not None:
            cached = replace(option, cache_hit_rate=max(option.cache_hit_rate,
                                                        levers.cache_hit_rate))
            results["prompt caching"] = cost(replace(resolved, option=cached))
        if option.batch_discount:
            batched = replace(option, batch_share=max(option.batch_share,
                                                      levers.batch_api_share))
            results["batching"] = cost(replace(resolved, option=batched))
    else:
        cached_work = replace(workload, **_scaled_tokens(workload, "input",
                                                          1 - levers.cache_hit_rate))
        # Prefix caching: the cached share of each prompt is not computed again.
        results["prompt caching"] = cost(resolved, cached_work)
        if resolved.model is not None and option.seconds_per_request is None:
            # Left out where the lever's quantization cannot run with this KV cache type.
            with suppress(InputError):
                results["quantization"] = cost(replace(resolved, quant=levers.quant,
                                                       engine=None))
            if levers.batch_size > workload.batch_size:
                results["batching"] = cost(resolved, replace(workload,
                                                             batch_size=levers.batch_size))
    results["shorter prompts"] = cost(resolved, replace(
        workload, **_scaled_tokens(workload, "input", 1 - levers.prompt_cut)))
    results["output limits"] = cost(resolved, replace(
        workload, **_scaled_tokens(workload, "output", 1 - levers.output_cut)))
    return results


def _scaled_tokens(workload: Workload, part: str, factor: float) -> dict[str, Any]:
    name = f"{part}_tokens" if getattr(workload, f"{part}_tokens") is not None \
        else f"{part}_words"
    return {name: getattr(workload, name) * factor}


_LEVER_ASSUMPTIONS: dict[str, Callable[[Scenario], str]] = {
    "smaller model": lambda s: (
        f"APIs: a small model at {s.levers.small_model_price_ratio:.0%} of the price "
        "(gpt-4o-mini vs gpt-4o); self-hosted: "
        + (s.levers.small_model or "no small model named (levers.small_model)")
        + "; seed 002: pick the smallest model that does the task"),
    "cascade": lambda s: (
        f"{s.levers.cascade_share:.0%} of requests answered by the small model, the rest by "
        "the large one (seed 002: a cascade cut cost 80% in Dataiku's test); self-hosted, the "
        "small model runs on its own instances or servers"),
    "prompt caching": lambda s: f"{s.levers.cache_hit_rate:.0%} of prompt tokens from cache",
    "shorter prompts": lambda s: (
        f"prompts {s.levers.prompt_cut:.0%} shorter by managing the context window "
        "(seed 002: 7,000 -> 3,000 tokens)"),
    "output limits": lambda s: (
        f"outputs {s.levers.output_cut:.0%} shorter with limits and structured output "
        "(seed 002, strategy 8)"),
    "quantization": lambda s: f"self-hosted weights as {s.levers.quant}: fewer GPUs per replica",
    "batching": lambda s: (
        f"self-hosted: {s.levers.batch_size} requests per batch; APIs: "
        f"{s.levers.batch_api_share:.0%} of requests through the batch API"),
}


def _same(before: float | None, after: float | None) -> bool:
    if before is None or after is None:
        return before is after
    return abs(before - after) <= 1e-9 * max(1.0, abs(before))


def _levers(context: _Context) -> tuple[LeverResult, ...]:
    scenario = context.scenario
    levers = scenario.levers
    try:
        get_quantization(levers.quant)
    except InputError as error:
        raise InputError(f"levers.quant: {error}") from error
    small_model = find_model(levers.small_model) if levers.small_model else None
    if levers.small_model and small_model is None:
        raise InputError(f"levers.small_model: '{levers.small_model}' is not in the model "
                         "catalog")
    per_option = {resolved.option.name: _lever_variants(context, resolved, small_model)
                  for resolved in context.resolved}
    base = {resolved.option.name: context.cost(resolved, scenario.workload,
                                               scenario.workload.hourly_requests).per_year
            for resolved in context.resolved}
    results = []
    for name, assumption in _LEVER_ASSUMPTIONS.items():
        savings = tuple((option, base[option], variants[name])
                        for option, variants in per_option.items()
                        if name in variants and not _same(base[option], variants[name]))
        if savings:
            results.append(LeverResult(name, assumption(scenario), savings))
    return tuple(results)


# --- recommendation -------------------------------------------------------------------------------


def _recommendation(scenario: Scenario, options: tuple[OptionResult, ...]) -> Recommendation:
    weights = {criterion: scenario.criteria_weights.get(criterion, 0.0) for criterion in CRITERIA}
    known = [option.per_year for option, source in zip(options, scenario.options, strict=True)
             if option.per_year is not None and option.cost.carries is not False
             and source.recommendable]
    cheapest = min(known) if known else None
    rows = []
    for option, source in zip(options, scenario.options, strict=True):
        scores = dict(DEFAULT_SCORES[option.kind])
        scores.update(source.scores)
        if cheapest is not None and option.per_year is not None:
            # capped: an option left out of the recommendation may be cheaper still
            scores["cost"] = min(5.0, 5.0 * cheapest / option.per_year) if option.per_year \
                else 5.0
        usable = option.per_year is not None and option.cost.carries is not False \
            and source.recommendable
        weighted = [(weights[c], scores[c]) for c in CRITERIA if c in scores and weights[c]]
        total = sum(w * s for w, s in weighted) / sum(w for w, _ in weighted) \
            if weighted and usable else None
        rows.append((option.name, total, scores))
    ranked = sorted((row for row in rows if row[1] is not None), key=lambda row: -(row[1] or 0))
    if not ranked:
        return Recommendation(None, ("no option has a known cost that carries the workload",),
                              tuple(rows))
    best_name, best_total, best_scores = ranked[0]
    best = next(option for option in options if option.name == best_name)
    reasons = [f"highest weighted score {best_total:.2f} of 5"]
    if best.per_year == cheapest:
        reasons.append(f"the cheapest option that carries the workload "
                       f"({best.per_year:,.0f} {scenario.currency} a year)")
    elif cheapest is not None and best.per_year is not None:
        reasons.append(f"costs {best.per_year / cheapest - 1:.0%} more than the cheapest, "
                       "outweighed by the non-cost criteria")
    for criterion in CRITERIA[1:]:
        if weights[criterion] and best_scores.get(criterion, 0) >= 4:
            reasons.append(f"{criterion.replace('_', ' ')} {best_scores[criterion]:g}/5 "
                           f"(weight {weights[criterion]:g})")
    excluded = [option.name for option in options if option.cost.carries is False]
    if excluded:
        reasons.append(f"left out, cannot carry the workload: {', '.join(excluded)}")
    compared = [source.name for source in scenario.options if not source.recommendable]
    if compared:
        reasons.append(f"compared only, not recommended: {', '.join(compared)}")
    if len(ranked) > 1:
        reasons.append(f"runner-up: {ranked[1][0]} ({ranked[1][1]:.2f})")
    return Recommendation(best_name, tuple(reasons), tuple(rows))


# --- plausibility and reference figures -----------------------------------------------------------


def _plausibility(context: _Context) -> list[str]:
    scenario, catalog = context.scenario, context.catalog
    notes = []
    currency = scenario.currency
    for resolved in context.resolved:
        option = resolved.option
        if isinstance(option, CloudOption):
            per_hour = option.price_per_hour if option.price_per_hour is not None else (
                None if option.price_per_second is None else option.price_per_second * 3600)
            if per_hour is None:
                continue
            per_gpu_usd = catalog.convert(per_hour, currency, "USD", scenario.exchange_rates) \
                / option.gpus_per_instance
            same = [i for i in catalog.cloud if resolved.gpu and i.gpu == resolved.gpu.id
                    and i.price_per_gpu_hour]
            pool = same or [i for i in catalog.cloud if i.price_per_gpu_hour]
            if not pool:
                continue
            prices = [i.price_per_gpu_hour or 0.0 for i in pool]
            span = (f"{min(prices):,.2f}" if min(prices) == max(prices)
                    else f"{min(prices):,.2f}-{max(prices):,.2f}")
            if per_gpu_usd > PLAUSIBLE_FACTOR * max(prices) or \
                    per_gpu_usd < min(prices) / PLAUSIBLE_FACTOR:
                top = max(pool, key=lambda i: i.price_per_gpu_hour or 0.0)
                what = f"{top.provider} {top.name}, {top.price_date}"
                stated = (f"{currency} {option.price_per_second:g} per second is "
                          if option.price_per_second is not None else "")
                notes.append(
                    f"{option.name}: {stated}{currency} {per_hour:,.2f} per instance-hour, "
                    f"USD {per_gpu_usd:,.2f} per GPU-hour; the catalog"
                    f"{' for this GPU' if same else ''}: USD {span} per GPU-hour ({what}). "
                    "Check the price and its unit")
        elif isinstance(option, OnPremOption):
            if option.price_per_kwh is not None and catalog.energy:
                kwh_eur = catalog.convert(option.price_per_kwh, currency, "EUR",
                                          scenario.exchange_rates)
                low = min(catalog.convert(r.low, r.currency, "EUR") for r in catalog.energy)
                high = max(catalog.convert(r.high, r.currency, "EUR") for r in catalog.energy)
                if kwh_eur > 2 * high or kwh_eur < low / 2:
                    notes.append(f"{option.name}: electricity at {option.price_per_kwh:g} "
                                 f"{currency}/kWh is far from the catalog's EUR {low:.2f}-"
                                 f"{high:.2f}")
            gpu = resolved.gpu
            if option.server_price and gpu and gpu.price_usd:
                per_gpu = catalog.convert(option.server_price, currency, "USD",
                                          scenario.exchange_rates) / option.gpus_per_server
                if per_gpu < gpu.price_usd / 2:
                    notes.append(f"{option.name}: USD {per_gpu:,.0f} per GPU in the server "
                                 f"price is under half the catalog's USD {gpu.price_usd:,.0f} "
                                 f"for one {gpu.name} ({gpu.price_date})")
    return notes


def _lookup(document: Any, path: str) -> Any:
    for part in path.split("/"):
        if isinstance(document, dict):
            if part not in document:
                return None
            document = document[part]
        elif isinstance(document, list):
            if part.isdigit():
                index = int(part)
                document = document[index] if index < len(document) else None
            else:
                document = next((item for item in document
                                 if isinstance(item, dict) and item.get("name") == part), None)
        else:
            return None
    return document


def _references(scenario: Scenario, plan_document: dict[str, Any]) -> tuple[ReferenceCheck, ...]:
    checks = []
    for figure in scenario.reference_figures:
        value = _lookup(plan_document, figure.path)
        computed = float(value) if isinstance(value, (int, float)) and \
            not isinstance(value, bool) else None
        agrees = computed is not None and abs(computed - figure.quoted) <= \
            max(0.005, 0.0005 * abs(figure.quoted))
        checks.append(ReferenceCheck(figure.label, figure.quoted, computed, agrees,
                                     figure.source, figure.explanation))
    return tuple(checks)


def format_figure(value: float) -> str:
    """12,345.6 style: thousands separated, no trailing zeros, at most 4 decimals."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _reference_notes(checks: tuple[ReferenceCheck, ...]) -> list[str]:
    notes = []
    for check in checks:
        if check.computed is None:
            notes.append(f"{check.label}: no figure at this path in the plan")
        elif not check.agrees:
            text = (f"{check.label}: {check.source or 'the source'} gives "
                    f"{format_figure(check.quoted)}, the correct arithmetic gives "
                    f"{format_figure(check.computed)}")
            notes.append(text + (f" ({check.explanation})" if check.explanation else ""))
    return notes


# --- memory (seed 004) ----------------------------------------------------------------------------


def _memory(scenario: Scenario) -> Memory | None:
    choice = scenario.model
    if choice is None or scenario.finetune is None or choice.id == "recommend":
        return None
    model = find_model(choice.id)
    if model is None:
        raise InputError(f"model.id: '{choice.id}' is not in the model catalog")
    quant = get_quantization(choice.quant)
    exact_params = model.params or 0
    exact_weights = weights_for(model.arch, model.shipped, quant.name).total
    bytes_per_weight = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0}.get(
        quant.name, exact_weights / exact_params)
    params = int(choice.nominal_params) if choice.nominal_params else exact_params
    basis = (f"nominal {params / 1e9:g}B as the source states; the exact count "
             f"{exact_params:,} gives {exact_params * bytes_per_weight / 1e9:,.2f} GB"
             if choice.nominal_params else f"exact published count ({model.params_source})")
    finetune = scenario.finetune
    memory = finetune_memory(params, finetune.method, trainable_share=finetune.trainable_share,
                             bytes_per_weight=bytes_per_weight)
    adapter = round(memory.trainable_params * bytes_per_weight)
    weights = round(params * bytes_per_weight)
    return Memory(model.id, params, basis, weights, round(exact_params * bytes_per_weight),
                  memory.trainable_params, adapter, memory.total_bytes,
                  seed_serving_memory(weights, adapter, finetune.serving_headroom), memory.rule)


# --- calculate ------------------------------------------------------------------------------------


def _option_result(context: _Context, resolved: _Resolved, tco: float | None) -> OptionResult:
    scenario = context.scenario
    workload = scenario.workload
    month_days = scenario.month_days or 365 / 12
    cost = context.cost(resolved, workload, workload.hourly_requests)
    per_hour, per_day, per_month = per_period(cost.per_year, workload, month_days)
    requests = requests_per_year(workload, workload.hourly_requests)
    tokens = requests * workload.tokens_per_request
    option = resolved.option
    notes = list(resolved.notes) + list(cost.notes)
    if cost.capacity and cost.capacity.replica:
        notes += cost.capacity.replica.notes
    return OptionResult(
        option.name, option.kind, cost, per_hour, per_day, per_month, cost.per_year, tco,
        _scaled(cost.per_year, 1000 / requests) if requests else None,
        _scaled(cost.per_year, 1e6 / tokens) if tokens else None,
        resolved.model.id if resolved.model else None, resolved.quant,
        option.source, option.price_date, tuple(notes))


def calculate(scenario: Scenario, catalog: PriceCatalog, sweeps: bool = True) -> Plan:
    """The plan for a scenario priced with a catalog. With sweeps=False, break-even,
    sensitivity, levers and the volume curve are left empty (a quicker first answer).

    Raises:
        InputError: an option names an unknown GPU, model, catalog entry or currency.
    """
    context = _Context(scenario, catalog)
    workload = scenario.workload
    months = scenario.horizon_months
    cash_and_tco = [_curve(context, resolved, months) for resolved in context.resolved]
    options = tuple(_option_result(context, resolved, tco)
                    for resolved, (_, tco) in zip(context.resolved, cash_and_tco, strict=True))
    curves = tuple(Curve(resolved.option.name, cash) for resolved, (cash, _)
                   in zip(context.resolved, cash_and_tco, strict=True))
    decline = scenario.api_price_decline_per_year
    decline_curves = tuple(
        Curve(r.option.name, _curve(context, r, months, decline)[0])
        for r in context.resolved if decline and isinstance(r.option, ApiOption))
    paybacks = []
    for resolved, curve in zip(context.resolved, curves, strict=True):
        if not isinstance(resolved.option, OnPremOption) or curve.values is None:
            continue
        for other_resolved, other in zip(context.resolved, curves, strict=True):
            if isinstance(other_resolved.option, OnPremOption) or other.values is None:
                continue
            declined = next((c.values for c in decline_curves if c.name == other.name),
                            other.values)
            paybacks.append(Payback(curve.name, other.name, _payback(curve.values, other.values),
                                    _payback(curve.values, declined or other.values)))
    notes = list(scenario.notes)
    memory = _memory(scenario)
    break_even: list[BreakEven] = []
    sensitivity: list[Sensitivity] = []
    utilisation: list[UtilisationCurve] = []
    levers: tuple[LeverResult, ...] = ()
    volume_curve: list[VolumePoint] = []
    if sweeps:
        yearly = {r.option.name: _yearly_by_volume(context, r) for r in context.resolved}
        for index, a in enumerate(context.resolved):
            for b in context.resolved[index + 1:]:
                break_even.append(_break_even(context, a, b, yearly[a.option.name],
                                              yearly[b.option.name]))
        for resolved in context.resolved:
            result = _sensitivity(context, resolved, scenario.sensitivity_pct)
            if result is not None:
                sensitivity.append(result)
            curve_result = _utilisation_curve(context, resolved)
            if curve_result is not None:
                utilisation.append(curve_result)
        levers = _levers(context)
        for multiplier in VOLUME_MULTIPLIERS:
            volume = workload.hourly_requests * multiplier
            costs = []
            for resolved in context.resolved:
                cost = context.cost(resolved, workload, volume)
                per_hour = per_period(cost.per_year, workload, 1.0)[0]
                costs.append((resolved.option.name, cost.per_year, per_hour, cost.utilisation,
                              cost.carries))
            volume_curve.append(VolumePoint(multiplier, volume, volume * workload.hours_per_day,
                                            tuple(costs)))
    for option in options:
        if option.cost.carries is False:
            notes.append(f"{option.name} cannot carry the workload: "
                         + "; ".join(option.cost.notes or ("capacity exceeded",)))
        if option.cost.capacity and option.cost.capacity.requests_per_hour_per_unit is None:
            notes.append(f"{option.name}: capacity {option.cost.capacity.basis}")
        if option.per_year is None:
            notes.append(f"{option.name}: a price is unknown, so its cost is unknown "
                         "(never counted as 0)")
    if workload.growth_per_year and options:
        last_year = math.ceil(months / 12) - 1
        for resolved in context.resolved:
            cost = context.cost(resolved, workload, _year_volume(workload, last_year))
            if cost.carries is False:
                notes.append(f"{resolved.option.name}: by year {last_year + 1} the grown "
                             "workload exceeds its capacity")
    notes += _plausibility(context)
    plan = Plan(scenario.name, scenario.currency, workload, scenario.month_days or 365 / 12,
                months, memory, options, tuple(break_even), tuple(paybacks), curves,
                decline_curves, tuple(volume_curve), scenario.sensitivity_pct,
                tuple(sensitivity), tuple(utilisation), levers,
                _recommendation(scenario, options), (), tuple(notes))
    references = _references(scenario, plan_json(plan))
    return replace(plan, references=references,
                   notes=plan.notes + tuple(_reference_notes(references)))


def price_dates(plan: Plan, scenario: Scenario, catalog: PriceCatalog) -> list[tuple[str, str]]:
    """(label, price date) of every price behind the plan: each option's prices and, when a
    conversion used them, the catalog's exchange rates. Undated figures have an empty date."""
    dates = [(f"{option.name} ({option.source or 'figures in the scenario'})",
              option.price_date) for option in plan.options]
    overrides = set(scenario.exchange_rates)
    currencies = set()
    for option in scenario.options:
        currencies.add(option.currency or scenario.currency)
        if isinstance(option, ApiOption) and option.catalog:
            currencies.add(catalog.find_api(option.catalog).currency)
        elif isinstance(option, CloudOption) and option.catalog:
            currencies.add(catalog.find_cloud(option.catalog).currency)
    converted = {c for c in currencies if c != scenario.currency}
    if converted and (converted | {scenario.currency}) - {"EUR"} - overrides:
        dates.append((f"exchange rates ({catalog.rates_source})", catalog.rates_date))
    return dates


# --- JSON -----------------------------------------------------------------------------------------


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or not math.isfinite(value) else round(value, digits)


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON types (money rounded to 4 decimals)."""
    workload = plan.workload
    requests_day = workload.hourly_requests * workload.hours_per_day
    month_days = plan.month_days

    def breakdown(option: OptionResult) -> list[dict[str, Any]]:
        rows = []
        for line in option.cost.lines:
            per_hour, per_day, per_month = per_period(line.per_year, workload, month_days)
            rows.append({"name": line.label, "per_hour": _money(per_hour),
                         "per_day": _money(per_day), "per_month": _money(per_month),
                         "per_year": _money(line.per_year), "one_off": _money(line.one_off),
                         "cash": line.cash, "note": line.note})
        return rows

    def option_json(option: OptionResult) -> dict[str, Any]:
        cost = option.cost
        capacity = None
        if cost.capacity is not None:
            replica = cost.capacity.replica
            capacity = {
                "basis": cost.capacity.basis,
                "requests_per_hour_per_unit": _round(cost.capacity.requests_per_hour_per_unit),
                "gpus_per_replica": replica.gpus if replica else None,
                "batch": replica.batch if replica else None,
                "decode_tokens_per_s_per_user": _round(
                    replica.decode_tokens_per_s if replica else None, 1),
                "ttft_s": _round(replica.ttft_s if replica else None, 3),
            }
        return {
            "name": option.name, "kind": option.kind,
            "per_hour": _money(option.per_hour), "per_day": _money(option.per_day),
            "per_month": _money(option.per_month), "per_year": _money(option.per_year),
            "tco": _money(option.tco), "capex": _money(cost.capex),
            "per_1k_requests": _money(option.per_1k_requests),
            "per_1m_tokens": _money(option.per_1m_tokens),
            "breakdown": breakdown(option),
            "units": cost.units, "serving_units": cost.serving_units,
            "utilisation": _round(cost.utilisation), "carries": cost.carries,
            "capacity": capacity, "model": option.model, "quant": option.quant,
            "source": option.source, "price_date": option.price_date,
            "notes": list(option.notes),
        }

    memory = None
    if plan.memory is not None:
        memory = {key: getattr(plan.memory, key) for key in (
            "model", "params", "params_basis", "weights_bytes", "exact_weights_bytes",
            "trainable_params", "adapter_bytes", "finetune_bytes", "serving_bytes", "rule")}
        for key in ("weights", "exact_weights", "adapter", "finetune", "serving"):
            memory[f"{key}_gb"] = round(getattr(plan.memory, f"{key}_bytes") / GB, 4)
    return {
        "scenario": plan.scenario,
        "currency": plan.currency,
        "workload": {
            "requests_per_hour": _round(workload.hourly_requests),
            "requests_per_day": _round(requests_day),
            "requests_per_year": _round(requests_per_year(workload, workload.hourly_requests)),
            "input_tokens": _round(workload.prompt_tokens),
            "output_tokens": _round(workload.completion_tokens),
            "tokens_per_day": _round(requests_day * workload.tokens_per_request),
            "hours_per_day": workload.hours_per_day, "days_per_year": workload.days_per_year,
            "month_days": _round(month_days), "horizon_months": plan.horizon_months,
        },
        "memory": memory,
        "options": [option_json(option) for option in plan.options],
        "break_even": [
            {"name": item.name, "a": item.a, "b": item.b,
             "requests_per_day": _round(item.requests_per_day, 2),
             "tokens_per_day": _round(item.tokens_per_day, 0),
             "words_per_day": _round(item.words_per_day, 0),
             "cheaper_above": item.cheaper_above, "within_capacity": item.within_capacity,
             "note": item.note} for item in plan.break_even],
        "payback": [
            {"name": item.name, "onprem": item.onprem, "against": item.against,
             "month": item.month, "month_with_price_decline": item.month_with_price_decline}
            for item in plan.payback],
        "curves": {
            "months": list(range(plan.horizon_months + 1)),
            "options": [{"name": curve.name, "cumulative": None if curve.values is None
                         else [_money(v) for v in curve.values]} for curve in plan.curves],
            "api_price_decline": [{"name": curve.name, "cumulative": None if curve.values
                                   is None else [_money(v) for v in curve.values]}
                                  for curve in plan.decline_curves],
        },
        "volume_curve": [
            {"name": f"x{point.multiplier:g}", "multiplier": point.multiplier,
             "requests_per_hour": _round(point.requests_per_hour),
             "requests_per_day": _round(point.requests_per_day),
             "options": [{"name": name, "per_year": _money(per_year),
                          "per_hour": _money(per_hour), "utilisation": _round(use),
                          "carries": carries}
                         for name, per_year, per_hour, use, carries in point.costs]}
            for point in plan.volume_curve],
        "sensitivity": {
            "pct": plan.sensitivity_pct,
            "options": [{"name": item.option, "base": _money(item.base),
                         "inputs": [{"name": bar.label, "low": _money(bar.low),
                                     "high": _money(bar.high)} for bar in item.bars]}
                        for item in plan.sensitivity],
            "utilisation": [{"name": curve.option,
                             "points": [{"utilisation": u, "per_1m_tokens": _money(c)}
                                        for u, c in curve.points]}
                            for curve in plan.utilisation],
        },
        "levers": [
            {"name": lever.name, "assumption": lever.assumption,
             "options": [{"name": option, "before": _money(before), "after": _money(after),
                          "saving": _money(None if before is None or after is None
                                           else before - after)}
                         for option, before, after in lever.savings]}
            for lever in plan.levers],
        "recommendation": {
            "option": plan.recommendation.option,
            "reasons": list(plan.recommendation.reasons),
            "scores": [{"name": name, "total": _round(total, 3),
                        "criteria": {k: round(v, 3) for k, v in scores.items()}}
                       for name, total, scores in plan.recommendation.scores],
        },
        "references": [
            {"name": check.label, "quoted": check.quoted, "computed": _round(check.computed),
             "agrees": check.agrees, "source": check.source, "explanation": check.explanation}
            for check in plan.references],
        "notes": list(plan.notes),
    }
