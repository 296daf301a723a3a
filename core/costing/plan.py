"""calculate(scenario, catalog) -> Plan: every option's cost, break-even, payback, curves,
sensitivity, levers, plausibility notes and a recommendation. Pure: no I/O, no globals."""

import math
from dataclasses import dataclass, replace

from core.costing import sweeps
from core.costing.context import Context, Resolved, per_period, scaled, year_volume
from core.costing.costs import requests_per_year
from core.costing.decision import (
    plausibility,
    recommendation,
    reference_notes,
    references,
    seed_memory,
)
from core.costing.levers import lever_results
from core.costing.plan_json import plan_json
from core.costing.results import (
    BreakEven,
    Curve,
    LeverResult,
    OptionResult,
    Payback,
    Plan,
    Sensitivity,
    UtilisationCurve,
    VolumePoint,
)
from core.costing.scenario import (
    ApiOption,
    CloudOption,
    Scenario,
)
from core.costing.sweeps import cumulative_curve
from core.i18n.message import Count, Name, Text, msg
from core.model.words import semicolons
from core.pricing.catalog import PriceCatalog


def option_result(context: Context, resolved: Resolved, tco: float | None,
                  cash: tuple[float, ...] | None = None) -> OptionResult:
    """One option's figures for the plan: cost per period, TCO, per request and token."""
    scenario = context.scenario
    workload = scenario.workload
    month_days = scenario.month_days or 365 / 12
    cost = context.cost(resolved, workload, workload.hourly_requests)
    per_hour, per_day, per_month = per_period(cost.per_year, workload, month_days)
    requests = requests_per_year(workload, workload.hourly_requests)
    tokens = requests * workload.tokens_per_request
    option = resolved.option
    notes: list[Text] = [*resolved.notes, *cost.notes]
    if cost.capacity and cost.capacity.replica:
        notes += cost.capacity.replica.notes
    return OptionResult(
        option.name, option.kind, cost, per_hour, per_day, per_month, cost.per_year, tco,
        scaled(cost.per_year, 1000 / requests) if requests else None,
        scaled(cost.per_year, 1e6 / tokens) if tokens else None,
        resolved.model.id if resolved.model else None, resolved.quant,
        option.source, option.price_date, tuple(notes), cash[-1] if cash else None,
        resolved.placement.region if resolved.placement else "",
        resolved.placement.excluded if resolved.placement else None,
        resolved.placement.jurisdictions if resolved.placement else (),
        tuple(part.option.name for part in resolved.parts))


@dataclass(frozen=True)
class _Sweeps:
    """What the sweeps add to a plan (empty without them)."""

    break_even: tuple[BreakEven, ...] = ()
    sensitivity: tuple[Sensitivity, ...] = ()
    utilisation: tuple[UtilisationCurve, ...] = ()
    levers: tuple[LeverResult, ...] = ()
    volume_curve: tuple[VolumePoint, ...] = ()


def _paybacks(context: Context, curves: tuple[Curve, ...],
              decline_curves: tuple[Curve, ...]) -> list[Payback]:
    """Each on-prem option's payback against each option that is not bought."""
    paybacks = []
    months = context.scenario.horizon_months
    short = {resolved.option.name: sweeps.shortfall_over_horizon(context, resolved, months)
             for resolved in context.resolved}
    for resolved, curve in zip(context.resolved, curves, strict=True):
        # Only buying pays back: servers already owned cost nothing to buy.
        if not resolved.buys or curve.values is None:
            continue
        for other_resolved, other in zip(context.resolved, curves, strict=True):
            if other_resolved.buys or other.values is None:
                continue
            # Past its capacity an option has no payback: its cash does not buy the service.
            shortfall = short[curve.name] or short[other.name]
            if shortfall is not None:
                paybacks.append(Payback(curve.name, other.name, None, None, shortfall))
                continue
            declined = next((c.values for c in decline_curves if c.name == other.name),
                            other.values)
            paybacks.append(Payback(curve.name, other.name,
                                    sweeps.payback_month(curve.values, other.values),
                                    sweeps.payback_month(curve.values,
                                                         declined or other.values)))
    return paybacks


def _sweeps(context: Context) -> _Sweeps:
    """Break-even between every two options, sensitivity and utilisation per option, the
    levers, and every option's cost across VOLUME_MULTIPLIERS of the volume."""
    scenario, workload = context.scenario, context.scenario.workload
    yearly = {r.option.name: sweeps.yearly_by_volume(context, r) for r in context.resolved}
    break_even = [sweeps.break_even(context, a, b, yearly[a.option.name], yearly[b.option.name])
                  for index, a in enumerate(context.resolved)
                  for b in context.resolved[index + 1:]]
    sensitivity, utilisation = [], []
    for resolved in context.resolved:
        result = sweeps.sensitivity(context, resolved, scenario.sensitivity_pct)
        if result is not None:
            sensitivity.append(result)
        curve_result = sweeps.utilisation_curve(context, resolved)
        if curve_result is not None:
            utilisation.append(curve_result)
    volume_curve = []
    for multiplier in sweeps.VOLUME_MULTIPLIERS:
        volume = workload.hourly_requests * multiplier
        costs = []
        for resolved in context.resolved:
            cost = context.cost(resolved, workload, volume)
            per_hour = per_period(cost.per_year, workload, 1.0)[0]
            costs.append((resolved.option.name, cost.per_year, per_hour, cost.utilisation,
                          cost.carries))
        volume_curve.append(VolumePoint(multiplier, volume, volume * workload.hours_per_day,
                                        tuple(costs)))
    return _Sweeps(tuple(break_even), tuple(sensitivity), tuple(utilisation),
                   lever_results(context), tuple(volume_curve))


def _capacity_notes(context: Context, options: tuple[OptionResult, ...]) -> list[Text]:
    """Options that cannot carry the workload (now or as it grows) or whose cost is unknown."""
    workload, months = context.scenario.workload, context.scenario.horizon_months
    notes: list[Text] = []
    for option in options:
        name = Name(option.name)
        if option.cost.carries is False:
            notes.append(msg("{option} cannot carry the workload: {reasons}", option=name,
                             reasons=semicolons(option.cost.notes)
                             or msg("capacity exceeded")))
        if option.cost.capacity and option.cost.capacity.requests_per_hour_per_unit is None:
            notes.append(msg("{option}: capacity {basis}", option=name,
                             basis=option.cost.capacity.basis))
        if option.per_year is None:
            notes.append(msg("{option}: a price is unknown, so its cost is unknown (never "
                             "counted as 0)", option=name))
    if workload.growth_per_year and options:
        last_year = math.ceil(months / 12) - 1
        for resolved in context.resolved:
            cost = context.cost(resolved, workload, year_volume(workload, last_year))
            if cost.carries is False:
                notes.append(msg("{option}: by year {year} the grown workload exceeds its "
                                 "capacity", option=Name(resolved.option.name),
                                 year=Count(last_year + 1)))
    return notes


def calculate(scenario: Scenario, catalog: PriceCatalog, sweeps: bool = True) -> Plan:
    """The plan for a scenario priced with a catalog. With sweeps=False, break-even,
    sensitivity, levers and the volume curve are left empty (a quicker first answer).

    Raises:
        InputError: an option names an unknown GPU, model, catalog entry or currency.
    """
    context = Context(scenario, catalog)
    months = scenario.horizon_months
    cash_and_tco = [cumulative_curve(context, resolved, months) for resolved in context.resolved]
    options = tuple(option_result(context, resolved, tco, cash)
                    for resolved, (cash, tco) in zip(context.resolved, cash_and_tco, strict=True))
    curves = tuple(Curve(resolved.option.name, cash) for resolved, (cash, _)
                   in zip(context.resolved, cash_and_tco, strict=True))
    decline = scenario.api_price_decline_per_year
    decline_curves = tuple(
        Curve(r.option.name, cumulative_curve(context, r, months, decline)[0])
        for r in context.resolved if decline and isinstance(r.option, ApiOption))
    extra = _sweeps(context) if sweeps else _Sweeps()
    notes = [*scenario.notes, *_capacity_notes(context, options), *plausibility(context)]
    plan = Plan(scenario.name, scenario.currency, scenario.workload,
                scenario.month_days or 365 / 12, months, seed_memory(scenario, context), options,
                extra.break_even, tuple(_paybacks(context, curves, decline_curves)), curves,
                decline_curves, extra.volume_curve, scenario.sensitivity_pct, extra.sensitivity,
                extra.utilisation, extra.levers, recommendation(scenario, options), (),
                tuple(notes), scenario.residency)
    if not scenario.reference_figures:
        return plan
    # the figures a source quotes are found by their path in the plan's JSON (English text,
    # rendered only for a scenario that quotes figures)
    checks = references(scenario, plan_json(plan))
    return replace(plan, references=checks, notes=plan.notes + tuple(reference_notes(checks)))


def price_dates(plan: Plan, scenario: Scenario, catalog: PriceCatalog
                ) -> list[tuple[Text, str]]:
    """(label, price date) of every price behind the plan: each option's prices and, when a
    conversion used them, the catalog's exchange rates. Undated figures have an empty date."""
    dates: list[tuple[Text, str]] = [
        (msg("{option} ({source})", option=Name(option.name),
             source=Name(option.source) if option.source else msg("figures in the scenario")),
         option.price_date) for option in plan.options if option.kind != "hybrid"]
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
        dates.append((msg("exchange rates ({source})", source=Name(catalog.rates_source)),
                      catalog.rates_date))
    return dates
