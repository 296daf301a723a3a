"""What one calculation shares: each option resolved into the scenario's currency with its GPU,
model and capacity, and the conversions between a year and an hour, day or month."""

import math
from dataclasses import dataclass, replace
from typing import Any

from core.costing.capacity import Capacity, unit_capacities
from core.costing.catalog_fill import filled_from_catalog
from core.costing.costs import OptionCost, option_cost
from core.costing.scenario import (
    ApiOption,
    CloudOption,
    ModelChoice,
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
from core.pricing.catalog import ApiPrice, PriceCatalog
from core.serving.recommend import recommend

MONEY_FIELDS = {
    "api": ("price_in_per_m", "price_out_per_m", "price_cached_in_per_m", "price_in_long_per_m",
            "price_out_long_per_m", "training_price_per_m", "price_cache_write_per_m"),
    "cloud": ("price_per_hour", "price_per_second", "transfer_per_request", "transfer_per_gb",
              "storage_per_gb_month"),
    "onprem": ("server_price", "price_per_kwh", "colocation_per_kw_month",
               "rack_per_server_month", "licence_per_gpu_year", "installation"),
}


@dataclass(frozen=True)
class Resolved:
    """An option in the scenario's currency, with its GPU, model and capacity."""

    option: Option
    gpu: GpuSpec | None
    model: ModelSpec | None
    quant: str | None
    engine: str | None
    notes: tuple[str, ...]


class Context:
    """What one calculation shares: the resolved options and their capacities."""

    def __init__(self, scenario: Scenario, catalog: PriceCatalog):
        self.scenario = scenario
        self.catalog = catalog
        self.resolved = tuple(resolve_option(option, index, scenario, catalog)
                              for index, option in enumerate(scenario.options))
        self._capacities: dict[tuple[Any, ...], tuple[Capacity, ...]] = {}
        # The sweeps ask again and again with the same option and workload objects: those are
        # found by identity first. Each entry keeps both objects alive, so no other object can
        # take their ids while it is there.
        self._seen: dict[tuple[int, int], tuple[Resolved, Workload, tuple[Capacity, ...]]] = {}

    def capacities(self, resolved: Resolved, workload: Workload) -> tuple[Capacity, ...]:
        """The ways the option's units can carry the workload, the most per unit first."""
        option = resolved.option
        if isinstance(option, ApiOption):
            return ()
        seen = self._seen.get((id(resolved), id(workload)))
        if seen is not None:
            return seen[2]
        choice = model_choice(option, self.scenario)
        kv_quant = choice.kv_quant if choice else "fp16"
        # What the capacities depend on (prices, volume, peak and service hours do not):
        # remembered for the sweeps. Of the workload, unit_capacities reads the request's
        # tokens, the batch and the speed targets.
        key = (option.kind, getattr(option, "gpus_per_instance", None),
               getattr(option, "gpus_per_server", None), getattr(option, "servers", None),
               option.seconds_per_request, resolved.gpu, resolved.model, resolved.quant,
               resolved.engine, kv_quant, workload.prompt_tokens, workload.completion_tokens,
               workload.batch_size, workload.tokens_per_s_per_user, workload.ttft_target_s)
        found = self._capacities.get(key)
        if found is None:
            found = unit_capacities(option, resolved.gpu, resolved.model,
                                    resolved.quant or "bf16", resolved.engine, kv_quant,
                                    workload)
            self._capacities[key] = found
        self._seen[(id(resolved), id(workload))] = (resolved, workload, found)
        return found

    def capacity(self, resolved: Resolved, workload: Workload) -> Capacity | None:
        """What one unit of the option carries at most; None for an API."""
        capacities = self.capacities(resolved, workload)
        return capacities[0] if capacities else None

    def cost(self, resolved: Resolved, workload: Workload, volume: float,
             common: SelfHosting | None = None, price_factor: float = 1.0) -> OptionCost:
        """The option's cost at `volume`, run the cheapest way its units allow: each way of
        sizing its replicas is billed and the cheapest that carries the load is kept (then the
        one carrying the most per unit). More ways (a larger allowed batch) can only lower it."""
        shared = common or self.scenario.self_hosting
        capacities = self.capacities(resolved, workload)
        if not capacities:
            return option_cost(resolved.option, workload, volume, None, shared, resolved.gpu,
                               price_factor)
        option = resolved.option
        best = option_cost(option, workload, volume, capacities[0], shared, resolved.gpu,
                           price_factor)
        for capacity in capacities[1:]:
            if _cannot_be_cheaper(option, capacity, workload.peak_to_average * volume, best):
                continue
            cost = option_cost(option, workload, volume, capacity, shared, resolved.gpu,
                               price_factor)
            if _cheapest_first(cost) < _cheapest_first(best):  # the first of equals stays
                best = cost
        return best


def _cannot_be_cheaper(option: Option, capacity: Capacity, peak: float,
                       best: OptionCost) -> bool:
    """Whether a way that carries no more per unit than `best`'s (capacities come most per
    unit first) surely costs at least as much, so billing it can be skipped: on-demand
    billing and a fixed fleet pay less only for more per unit; sized units pay per unit
    (power and upkeep too), and this way needs at least peak / capacity units to serve."""
    if best.carries is False:
        return False  # a coarser way might stay within a quota: bill it
    if isinstance(option, CloudOption) and option.billing == "on_demand":
        return True
    if isinstance(option, OnPremOption) and option.servers is not None:
        return True
    rate = capacity.requests_per_hour_per_unit
    if not rate:
        return True
    serving = math.ceil(peak / rate - 1e-9)
    if isinstance(option, OnPremOption):
        serving += option.spare_servers + option.finetune_servers
    return serving >= best.units


def _cheapest_first(cost: OptionCost) -> tuple[bool, float, int]:
    """Carrying the load first, then the yearly cost (units when a price is unknown)."""
    per_year = math.inf if cost.per_year is None else round(cost.per_year, 6)
    return cost.carries is False, per_year, cost.units


def _convert_option(option: Option, scenario: Scenario, catalog: PriceCatalog) -> Option:
    source = option.currency or scenario.currency
    if source == scenario.currency:
        return replace(option, currency=scenario.currency)
    changes: dict[str, Any] = {"currency": scenario.currency}
    for name in MONEY_FIELDS[option.kind]:
        value = getattr(option, name)
        if value is not None:
            changes[name] = catalog.convert(value, source, scenario.currency,
                                            scenario.exchange_rates)
    return replace(option, **changes)


def api_entry_notes(entry: ApiPrice) -> tuple[str, ...]:
    """What a plan must say about an API catalog row: retired or deprecated, announced price
    changes, prices that vary by the hour."""
    notes = []
    if entry.retired:
        notes.append(f"{entry.id} is retired in the catalog: no longer offered; it is costed "
                     "for comparison and never recommended")
    elif entry.deprecated:
        notes.append(f"{entry.id} is deprecated by {entry.provider or 'its provider'}: still "
                     "served, but plan for its replacement")
    for change in entry.scheduled:
        notes.append(f"{entry.id}: new prices announced from {change.start}: input "
                     f"{_per_m(change.price_in_per_m)}, output {_per_m(change.price_out_per_m)} "
                     f"{entry.currency} per 1M tokens")
    if entry.time_of_day:
        hours = "; ".join(f"{w.start_utc}-{w.end_utc} UTC input {_per_m(w.price_in_per_m)}, "
                          f"output {_per_m(w.price_out_per_m)}" for w in entry.time_of_day)
        notes.append(f"{entry.id}: prices vary by the hour ({hours} {entry.currency} per 1M "
                     "tokens); the plan uses the dearest hours'")
    return tuple(notes)


def _per_m(price: float | None) -> str:
    return "unknown" if price is None else f"{price:,.4g}"


def resolve_option(option: Option, index: int, scenario: Scenario, catalog: PriceCatalog,
             ) -> Resolved:
    """The option at `index` in the scenario's currency, with its GPU, model and notes."""
    where = f"options[{index}] ({option.name})"
    try:
        converted = filled_from_catalog(_convert_option(option, scenario, catalog), catalog,
                                        scenario.currency, scenario.exchange_rates)
    except InputError as error:
        raise InputError(f"{where}: {error}") from error
    if isinstance(converted, ApiOption):
        if converted.cache_hit_rate + converted.cache_write_rate > 1:
            raise InputError(f"{where}: cache_hit_rate + cache_write_rate is "
                             f"{converted.cache_hit_rate + converted.cache_write_rate:g}; they "
                             "are shares of the same input tokens, at most 1 together")
        notes: tuple[str, ...] = ()
        if converted.catalog is not None:
            entry = catalog.find_api(converted.catalog)
            notes = api_entry_notes(entry)
            if entry.retired:
                converted = replace(converted, recommendable=False)
        return Resolved(converted, None, None, None, None, notes)
    gpu = None
    hardware_notes: tuple[str, ...] = ()
    if converted.profile is not None:
        converted, gpu, hardware_notes = _on_profile(converted, scenario, where)
    elif converted.gpu is not None:
        try:
            gpu = match_gpu(converted.gpu)
        except InputError as error:
            raise InputError(f"{where}.gpu: {error}") from error
    own = f"options[{index}]." if getattr(option, "model", None) is not None else ""
    try:
        resolved = _resolve_model(converted, gpu, scenario)
    except InputError as error:
        raise InputError(f"{own}{error}") from error
    return replace(resolved, notes=(*hardware_notes, *resolved.notes))


def model_choice(option: Option, scenario: Scenario) -> ModelChoice | None:
    """The model a self-hosted option runs: its own choice, else the scenario's."""
    if isinstance(option, ApiOption):
        return None
    return option.model or scenario.model


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
                   scenario: Scenario) -> Resolved:
    choice = model_choice(converted, scenario)
    if choice is None:
        return Resolved(converted, gpu, None, None, None, ())
    if choice.id != "recommend":
        model = find_model(choice.id)
        if model is None:
            raise InputError(f"model.id: '{choice.id}' is not in the model catalog "
                             "(`llmplan catalog list --kind models`)")
        try:
            get_quantization(choice.quant)
        except InputError as error:
            raise InputError(f"model.quant: {error}") from error
        return Resolved(converted, gpu, model, choice.quant, choice.engine, ())
    if gpu is None:
        return Resolved(converted, None, None, None, None,
                         ("model 'recommend' needs a GPU on this option",))
    gpus = (converted.gpus_per_instance if isinstance(converted, CloudOption)
            else converted.gpus_per_server)
    workload = scenario.workload
    context = max(1, math.ceil(workload.tokens_per_request))
    table = recommend(gpu, gpus, context, workload.batch_size)
    if not table.rows:
        return Resolved(converted, gpu, None, None, None, (table.hint or "",))
    best = table.rows[0]
    return Resolved(converted, gpu, find_model(best.model_id), best.quant, best.engine,
                     (f"recommended model: {best.model_name} {best.quant} on {best.engine}",))


def scaled(value: float | None, factor: float) -> float | None:
    """value x factor, or None when the value is unknown."""
    return None if value is None else value * factor


def per_period(per_year: float | None, workload: Workload, month_days: float,
               ) -> tuple[float | None, float | None, float | None]:
    """(per service hour, per service day, per month) of a yearly amount."""
    return (scaled(per_year, 1 / (workload.hours_per_day * workload.days_per_year)),
            scaled(per_year, 1 / workload.days_per_year),
            scaled(per_year, month_days / 365))


def year_volume(workload: Workload, year: int) -> float:
    """Requests per service hour in year `year` (0 first), with the workload's growth."""
    return workload.hourly_requests * (1 + workload.growth_per_year) ** year
