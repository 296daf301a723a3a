"""What one calculation shares: each option resolved into the scenario's currency with its GPU,
model and capacity, and the conversions between a year and an hour, day or month."""

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from core.costing import hybrid
from core.costing.capacity import Capacity, replicas_needed, unit_capacities, units_for
from core.costing.catalog_fill import filled_from_catalog
from core.costing.costs import CostLine, OptionCost, option_cost
from core.costing.placement import Placement, placement
from core.costing.scenario import (
    ApiOption,
    CloudOption,
    HybridOption,
    ModelChoice,
    OnPremOption,
    Option,
    Part,
    Scenario,
    SelfHosting,
    Workload,
    fixed_servers,
)
from core.errors import InputError
from core.hardware.gpus import GpuSpec, match_gpu
from core.hardware.targets import usable_gpu
from core.i18n.message import (
    Arg,
    Count,
    Day,
    Money,
    Name,
    Number,
    Share,
    Text,
    msg,
    nmsg,
    quiet,
)
from core.model.quant import get_quantization
from core.model.spec import ModelSpec, find_model
from core.pricing.catalog import ApiPrice, PriceCatalog
from core.serving.recommend import recommend

MONEY_FIELDS = {
    "api": ("price_in_per_m", "price_out_per_m", "price_cached_in_per_m", "price_in_long_per_m",
            "price_out_long_per_m", "training_price_per_m", "price_cache_write_per_m",
            "price_in_finetuned_per_m", "price_out_finetuned_per_m", "hosting_per_hour",
            "integration"),
    "cloud": ("price_per_hour", "price_per_second", "transfer_per_request", "transfer_per_gb",
              "storage_per_gb_month", "integration"),
    "onprem": ("server_price", "price_per_kwh", "colocation_per_kw_month",
               "rack_per_server_month", "licence_per_gpu_year", "installation", "book_value",
               "maintenance_per_year", "integration"),
    "hybrid": (),
}


@dataclass(frozen=True)
class Resolved:
    """An option in the scenario's currency, with its GPU, model and capacity."""

    option: Option
    gpu: GpuSpec | None
    model: ModelSpec | None
    quant: str | None
    engine: str | None
    notes: tuple[Text, ...]
    parts: tuple["Resolved", ...] = ()  # a hybrid's base and overflow
    placement: Placement | None = None  # where it processes data, against the residency rule

    @property
    def buys(self) -> bool:
        """Whether it buys servers (an on-prem option not owned, or a hybrid on one)."""
        option = self.option
        if isinstance(option, HybridOption):
            return self.parts[0].buys
        return isinstance(option, OnPremOption) and not option.owned


class Context:
    """What one calculation shares: the resolved options and their capacities."""

    def __init__(self, scenario: Scenario, catalog: PriceCatalog,
                 throughput: Mapping[str, float] | None = None):
        """throughput: option name -> a factor on what the speed model says its units carry
        (the uncertainty run draws it from the model's measured error); 1 where not given."""
        self.scenario = scenario
        self.catalog = catalog
        self.throughput = dict(throughput or {})
        self.horizon_years = scenario.horizon_months / 12
        singles = {index: resolve_option(option, index, scenario, catalog)
                   for index, option in enumerate(scenario.options)
                   if not isinstance(option, HybridOption)}
        by_name = {resolved.option.name: resolved for resolved in singles.values()}
        self.resolved = tuple(
            singles[index] if index in singles else _resolve_hybrid(option, by_name, scenario)
            for index, option in enumerate(scenario.options))
        self.resolved = tuple(replace(resolved, placement=placement(
            resolved.option, tuple(part.option for part in resolved.parts), catalog,
            scenario.residency)) for resolved in self.resolved)
        self._capacities: dict[tuple[Any, ...], tuple[Capacity, ...]] = {}
        # The sweeps ask again and again with the same option and workload objects: those are
        # found by identity first. Each entry keeps both objects alive, so no other object can
        # take their ids while it is there.
        self._seen: dict[tuple[int, int], tuple[Resolved, Workload, tuple[Capacity, ...]]] = {}
        # A hybrid's parts as it prices them, by the objects they come from (kept alive here).
        self._parts: dict[tuple[int, int | None], tuple[Part, Part]] = {}
        self._common: dict[int, tuple[SelfHosting, SelfHosting]] = {}

    def with_throughput(self, throughput: Mapping[str, float]) -> "Context":
        """The same options and remembered capacities, with other throughput factors."""
        other = copy.copy(self)
        other.throughput = dict(throughput)
        other._seen = {}
        return other

    def capacities(self, resolved: Resolved, workload: Workload) -> tuple[Capacity, ...]:
        """The ways the option's units can carry the workload, the most per unit first."""
        option = resolved.option
        if isinstance(option, (ApiOption, HybridOption)):
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
               getattr(option, "gpus_per_server", None),
               fixed_servers(option) if isinstance(option, OnPremOption) else None,
               option.seconds_per_request, resolved.gpu, resolved.model, resolved.quant,
               resolved.engine, kv_quant, workload.prompt_tokens, workload.completion_tokens,
               workload.batch_size, workload.tokens_per_s_per_user, workload.ttft_target_s)
        found = self._capacities.get(key)
        if found is None:
            found = unit_capacities(option, resolved.gpu, resolved.model,
                                    resolved.quant or "bf16", resolved.engine, kv_quant,
                                    workload)
            self._capacities[key] = found
        factor = self.throughput.get(option.name, 1.0)
        if factor != 1.0:
            found = tuple(_faster(capacity, factor) for capacity in found)
        self._seen[(id(resolved), id(workload))] = (resolved, workload, found)
        return found

    def capacity(self, resolved: Resolved, workload: Workload) -> Capacity | None:
        """What one unit of the option carries at most; None for an API."""
        capacities = self.capacities(resolved, workload)
        return capacities[0] if capacities else None

    def yearly(self, resolved: Resolved, workload: Workload, volume: float,
               common: SelfHosting | None = None) -> float | None:
        """The option's yearly cost at `volume`, for a sweep: the same figure as cost(), with
        its lines' words left unbuilt."""
        with quiet():
            return self.cost(resolved, workload, volume, common).per_year

    def cost(self, resolved: Resolved, workload: Workload, volume: float,
             common: SelfHosting | None = None, price_factor: float = 1.0) -> OptionCost:
        """The option's cost at `volume`, run the cheapest way its units allow: each way of
        sizing its replicas is billed and the cheapest that carries the load is kept (then the
        one carrying the most per unit). More ways (a larger allowed batch) can only lower it."""
        shared = common or self.scenario.self_hosting
        option = resolved.option
        if isinstance(option, HybridOption):
            return self._hybrid(resolved, workload, volume, shared, price_factor)
        capacities = self.capacities(resolved, workload)
        years = self.horizon_years
        if not capacities:
            return option_cost(option, workload, volume, None, shared, resolved.gpu,
                               price_factor, years)
        best = option_cost(option, workload, volume, capacities[0], shared, resolved.gpu,
                           price_factor, years)
        for capacity in capacities[1:]:
            if _cannot_be_cheaper(option, capacity, workload.peak_to_average * volume, best):
                continue
            cost = option_cost(option, workload, volume, capacity, shared, resolved.gpu,
                               price_factor, years)
            if _cheapest_first(cost) < _cheapest_first(best):  # the first of equals stays
                best = cost
        return best


    def _hybrid(self, resolved: Resolved, workload: Workload, volume: float,
                common: SelfHosting, price_factor: float) -> OptionCost:
        """The hybrid at the base size that costs least: each size of the base (or its fixed
        size) carries what it can, the overflow the rest."""
        base = resolved.parts[0]
        capacity = self.capacity(base, workload)
        rate = capacity.requests_per_hour_per_unit if capacity else None
        name = resolved.option.name
        if capacity is None or not rate:
            why = capacity.basis if capacity else msg("no capacity")
            return OptionCost(name, "hybrid", (CostLine(msg("base"), None, note=why),), None,
                              0.0, 0, 0, None, None, capacity,
                              (msg("the capacity of {option} is not known ({why}): the split "
                                   "is not computed", option=Name(base.option.name), why=why),))
        step = capacity.units_per_replica
        peak = volume * workload.peak_to_average
        option = base.option
        assert isinstance(option, (CloudOption, OnPremOption))
        if isinstance(option, OnPremOption):
            fixed, least = fixed_servers(option), option.min_servers
        else:
            fixed, least = None, max(1, option.min_replicas) * step
        full = units_for(replicas_needed(peak, capacity) or 1, capacity)
        if isinstance(option, CloudOption) and option.max_instances is not None:
            full = min(full, option.max_instances)
        best: OptionCost | None = None
        for units in hybrid.base_counts(fixed, step, least, full):
            cost = self._split(resolved, workload, volume, common, price_factor, units,
                               capacity)
            if best is None or _cheapest_first(cost) < _cheapest_first(best):
                best = cost
        assert best is not None
        return best

    def _split(self, resolved: Resolved, workload: Workload, volume: float,
               common: SelfHosting, price_factor: float, units: int,
               capacity: Capacity) -> OptionCost:
        """The hybrid with `units` servers or instances in its base."""
        base, overflow = resolved.parts
        rate = capacity.requests_per_hour_per_unit or 0.0
        replicas = units // capacity.units_per_replica * capacity.replicas_per_unit
        ceiling = rate * units  # requests per hour the base carries at most
        share = hybrid.excess_share(workload, ceiling / volume) if volume > 0 else 0.0
        over_volume = volume * share
        carried = volume - over_volume
        option = base.option
        assert isinstance(option, (CloudOption, OnPremOption))
        sized = self._part(option, units if isinstance(option, OnPremOption) else replicas)
        years = self.horizon_years
        base_cost = option_cost(sized, hybrid.base_workload(workload, volume, ceiling, carried),
                                carried, capacity, common, base.gpu, price_factor, years)
        # The base pays the self-hosting staff and fine-tuning; the overflow only its own.
        part = overflow.option
        assert isinstance(part, (ApiOption, CloudOption))
        capacities = self.capacities(overflow, workload)
        over_cost = option_cost(
            self._part(part), hybrid.overflow_workload(workload, volume, ceiling, over_volume),
            over_volume, capacities[0] if capacities else None, self._no_finetune(common),
            overflow.gpu, price_factor, years)
        lines = tuple(CostLine(_role(role, line.label), line.per_year, line.one_off, line.cash,
                               line.note)
                      for role, cost in (("base", base_cost), ("overflow", over_cost))
                      for line in cost.lines)
        args: dict[str, Arg] = {"option": Name(option.name), "requests": Number(ceiling),
                                "n": Count(units), "share": Share(share, 1),
                                "overflow": Name(part.name)}
        notes: list[Text] = [
            nmsg("{option} carries up to {requests} requests/h on {n} server; {share} of the "
                 "requests go to {overflow}",
                 "{option} carries up to {requests} requests/h on {n} servers; {share} of the "
                 "requests go to {overflow}", **args)
            if isinstance(option, OnPremOption) else
            nmsg("{option} carries up to {requests} requests/h on {n} instance; {share} of the "
                 "requests go to {overflow}",
                 "{option} carries up to {requests} requests/h on {n} instances; {share} of the "
                 "requests go to {overflow}", **args)]
        notes += [_role("base", note) for note in base_cost.notes] \
            + [_role("overflow", note) for note in over_cost.notes]
        carries = None if base_cost.carries is None else \
            base_cost.carries and over_cost.carries is not False
        shortfall = None
        peak = volume * workload.peak_to_average
        if over_cost.shortfall is not None and peak > 0:
            taken = over_cost.shortfall.share * max(0.0, peak - ceiling)
            shortfall = replace(over_cost.shortfall, option=resolved.option.name,
                                share=(ceiling + taken) / peak)
        return OptionCost(resolved.option.name, "hybrid", lines, _total(lines),
                          base_cost.capex + over_cost.capex, base_cost.units,
                          base_cost.serving_units, base_cost.utilisation, carries,
                          capacity, tuple(notes), shortfall, None, workload.completion_tokens,
                          overflow_share=share)


    def _part(self, option: Part, count: int | None = None) -> Part:
        """A hybrid's part as priced: the base at `count` servers (or replicas), the overflow
        with only its own staff (remembered: the sweeps price the same parts again and
        again)."""
        key = (id(option), count)
        found = self._parts.get(key)
        if found is None:
            if count is None:
                made: Part = replace(option, staff_fte=option.staff_fte or 0.0)
            elif isinstance(option, OnPremOption):
                made = replace(option, servers=count)
            else:
                assert isinstance(option, CloudOption)
                made = replace(option, min_replicas=count)
            found = self._parts[key] = (option, made)
        return found[1]

    def _no_finetune(self, common: SelfHosting) -> SelfHosting:
        """The self-hosting costs without fine-tuning runs (the base pays those)."""
        found = self._common.get(id(common))
        if found is None:
            found = self._common[id(common)] = (common,
                                                 replace(common, finetune_runs_per_year=0.0))
        return found[1]


def _faster(capacity: Capacity, factor: float) -> Capacity:
    """The capacity with the speed model's requests per hour times `factor` (a measured time
    per request is kept as measured)."""
    rate = capacity.requests_per_hour_per_unit
    if capacity.replica is None or rate is None:
        return capacity
    return replace(capacity, requests_per_hour_per_unit=rate * factor)


def _role(role: str, text: Text) -> Text:
    """A hybrid's line or note, named by the part it belongs to ('base: staff')."""
    if role == "base":
        return msg("base: {item}", item=text)
    return msg("overflow: {item}", item=text)


def _total(lines: tuple[CostLine, ...]) -> float | None:
    if any(line.per_year is None for line in lines):
        return None
    return sum(line.per_year or 0.0 for line in lines)


def _resolve_hybrid(option: Option, by_name: dict[str, Resolved], scenario: Scenario,
                    ) -> Resolved:
    """A hybrid with its two parts, resolved as the options they name."""
    assert isinstance(option, HybridOption)
    parts = (by_name[option.base], by_name[option.overflow])
    return Resolved(replace(option, currency=scenario.currency), None, None, None, None, (),
                    parts)


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
    if isinstance(option, OnPremOption) and fixed_servers(option) is not None:
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


def api_entry_notes(entry: ApiPrice) -> tuple[Text, ...]:
    """What a plan must say about an API catalog row: retired or deprecated, announced price
    changes, prices that vary by the hour."""
    notes: list[Text] = []
    model = Name(entry.id)
    if entry.retired:
        notes.append(msg("{model} is retired in the catalog: no longer offered; it is costed "
                         "for comparison and never recommended", model=model))
    elif entry.deprecated:
        notes.append(msg("{model} is deprecated by {provider}: still served, but plan for its "
                         "replacement", model=model, provider=Name(entry.provider))
                     if entry.provider else
                     msg("{model} is deprecated by its provider: still served, but plan for "
                         "its replacement", model=model))
    for change in entry.scheduled:
        notes.append(msg("{model}: new prices announced from {start}: input {input}, output "
                         "{output} per 1M tokens", model=model, start=Day(change.start),
                         input=_per_m(change.price_in_per_m, entry.currency),
                         output=_per_m(change.price_out_per_m, entry.currency)))
    if entry.time_of_day:
        hours = [msg("{start}-{end} UTC input {input}, output {output}", start=Name(w.start_utc),
                     end=Name(w.end_utc), input=_per_m(w.price_in_per_m, entry.currency),
                     output=_per_m(w.price_out_per_m, entry.currency))
                 for w in entry.time_of_day]
        notes.append(msg("{model}: prices vary by the hour ({hours} per 1M tokens); the plan "
                         "uses the dearest hours'", model=model, hours=_semicolons(hours)))
    return tuple(notes)


def _per_m(price: float | None, currency: str) -> Money:
    """A catalog price per 1M tokens in its own currency, to 4 significant digits."""
    if price is None:
        return Money(None, currency)
    text = f"{price:.4g}"
    return Money(price, currency, 0 if "e" in text else len(text.partition(".")[2]))


def _semicolons(items: Sequence[Text]) -> Arg:
    """Items one after another, each after a semicolon ('a; b; c')."""
    text: Arg = items[-1]
    for item in reversed(items[:-1]):
        text = msg("{first}; {rest}", first=item, rest=text)
    return text


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
        notes: tuple[Text, ...] = ()
        if converted.catalog is not None:
            entry = catalog.find_api(converted.catalog)
            notes = api_entry_notes(entry)
            if entry.retired:
                converted = replace(converted, recommendable=False)
        return Resolved(converted, None, None, None, None, notes)
    assert isinstance(converted, (CloudOption, OnPremOption))  # hybrids: _resolve_hybrid
    gpu = None
    hardware_notes: tuple[Text, ...] = ()
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
    if isinstance(option, (ApiOption, HybridOption)):
        return None
    return option.model or scenario.model


def _on_profile(option: CloudOption | OnPremOption, scenario: Scenario, where: str,
                ) -> tuple[CloudOption | OnPremOption, GpuSpec, tuple[Text, ...]]:
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
    note = msg("{option}: GPUs from hardware profile '{profile}' ({target}): {placement}",
               option=Name(option.name), profile=Name(name), target=Name(target.label),
               placement=placement.note)
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
                         (msg("model 'recommend' needs a GPU on this option"),))
    gpus = (converted.gpus_per_instance if isinstance(converted, CloudOption)
            else converted.gpus_per_server)
    workload = scenario.workload
    context = max(1, math.ceil(workload.tokens_per_request))
    table = recommend(gpu, gpus, context, workload.batch_size)
    if not table.rows:
        return Resolved(converted, gpu, None, None, None, (table.hint or "",))
    best = table.rows[0]
    return Resolved(converted, gpu, find_model(best.model_id), best.quant, best.engine,
                     (msg("recommended model: {model} {quant} on {engine}",
                          model=Name(best.model_name), quant=Name(best.quant),
                          engine=Name(best.engine)),))


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
