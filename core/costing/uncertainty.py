"""How sure the plan is: a Monte Carlo run over the ranges of a scenario's inputs.

Every figure of every sample is the cost engine's own (context.Context.cost, sweeps.cash_curve),
so a sample with every input at its likely value gives today's figures exactly. Two kinds of
input are drawn differently, for speed:

- *scaled* inputs: a price or a share that multiplies some of an option's cost lines (a server
  price, an electricity price, an API's prices, staff cost, the yearly fall of API prices).
  Which lines each one multiplies is found by pricing the scenario with the input at each end of
  its range; the input is kept as scaled only when rebuilding the cost from the lines gives the
  engine's figures at both ends (to 1e-9). Each sample then rescales those lines (numpy, all
  samples at once);
- *sizing* inputs: everything else (volume, growth, tokens per request, the speed model's
  throughput), which can change how many servers or instances run. These are drawn in
  SIZING_DRAWS Latin-hypercube strata (McKay, Beckman and Conover, Technometrics 21(2), 1979),
  each priced by the engine, and every sample takes one of them.

Correlation: one provider's API prices are drawn through a Gaussian copula with the scenario's
`provider_correlation`; volume is one input that every option sees. The drivers of the spread
are the squared Spearman rank correlations, normalised to shares (the "contribution to
variance" of Crystal Ball and @RISK).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from core.costing import sweeps
from core.costing.catalog_fill import API_FILLED, catalog_values
from core.costing.context import Context
from core.costing.costs import OptionCost, requests_per_year
from core.costing.inputs import input_for
from core.costing.ranges import (
    Z90,
    Field,
    Path,
    Ranged,
    clip_to_field,
    find_field,
    normal_cdf,
    parse_path,
    path_text,
    set_field,
)
from core.costing.scenario import ApiOption, Scenario
from core.costing.sweeps import cash_curve, yearly_costs
from core.errors import InputError
from core.i18n.message import Arg, Count, Given, Message, Name, Share, Text, join, msg
from core.i18n.render import render
from core.pricing.catalog import PriceCatalog

SIZING_DRAWS = 64  # engine runs for the sizing inputs, whatever the number of samples
_TOLERANCE = 1e-9  # relative: a scaled input must rebuild the engine's figures this closely
MIN_THROUGHPUT = 0.05  # a drawn throughput factor is kept at or above this
QUANTILES = (10.0, 50.0, 90.0)
THROUGHPUT = "throughput"
FAN_STEP = 3  # months between the points of the fan chart (and its last month)
# Samples times options a run holds: each option-sample keeps a few dozen floats (its yearly
# figures and cash at the fan's months): 1,000,000 samples of 4 options peaked at 980 MB, so
# this bounds a run to about half that.
MAX_OPTION_SAMPLES = 2_000_000


@dataclass(frozen=True)
class UncertainInput:
    """One input drawn by the run."""

    key: str  # the field path, or "throughput"
    label: Arg
    ranged: Ranged
    kind: str  # "field", "decline", "spread" (an API's catalog prices) or "throughput"
    path: Path = ()
    found: Field | None = None
    group: str = ""  # inputs of one group are correlated (one provider's prices)


@dataclass(frozen=True)
class Band:
    """P10, P50 and P90 of a figure over the samples."""

    p10: float
    p50: float
    p90: float

    def to_json(self) -> dict[str, float]:
        return {"p10": self.p10, "p50": self.p50, "p90": self.p90}


@dataclass(frozen=True)
class Driver:
    """An input and its share of the spread (squared rank correlations, normalised)."""

    key: str
    label: Arg
    share: float
    correlation: float  # Spearman's rank correlation with the figure


@dataclass(frozen=True)
class OptionSpread:
    """One option's figures over the samples."""

    name: str
    buys: bool
    per_year: Band | None
    tco: Band | None
    per_1k_requests: Band | None
    p_cheapest: float
    p_payback_within_horizon: float | None  # options that buy servers, against renting
    p_carries: float  # share of samples in which it carries the load every year
    curve: tuple[tuple[int, Band], ...] = ()  # (month, cumulative cash) every FAN_STEP
    drivers: tuple[Driver, ...] = ()  # of its TCO


@dataclass(frozen=True)
class BreakEvenBand:
    """The break-even volume of two options over draws of every input but the volume."""

    a: str
    b: str
    requests_per_day: Band | None  # over the draws that have a break-even
    p_break_even: float  # share of the draws with a break-even where both carry the load
    draws: int


@dataclass(frozen=True)
class InputSummary:
    """How an input was drawn, for the reader."""

    key: str
    label: Arg
    dist: str
    low: float
    likely: float
    high: float
    scaled: bool  # False: priced by the engine in each sizing draw


@dataclass(frozen=True)
class UncertaintyResult:
    """What the run found."""

    samples: int
    seed: int
    sizing_draws: int
    currency: str
    horizon_months: int
    options: tuple[OptionSpread, ...]
    drivers: tuple[Driver, ...]  # of the TCO difference between the two likeliest cheapest
    decided_between: tuple[str, ...]
    p_none: float  # share of samples in which no option carries the load
    inputs: tuple[InputSummary, ...]
    notes: tuple[Text, ...] = field(default=())
    break_even: tuple[BreakEvenBand, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The CLI's `uncertainty` object (English words)."""
        def band(value: Band | None) -> dict[str, float] | None:
            return None if value is None else value.to_json()

        return {
            "samples": self.samples, "seed": self.seed, "sizing_draws": self.sizing_draws,
            "currency": self.currency,
            "options": [{
                "name": option.name, "per_year": band(option.per_year), "tco": band(option.tco),
                "per_1k_requests": band(option.per_1k_requests),
                "p_cheapest": option.p_cheapest,
                **({"p_payback_within_horizon": option.p_payback_within_horizon}
                   if option.buys else {}),
                "p_carries": option.p_carries,
                "drivers": [{"input": render(d.label, "en"), "key": d.key, "share": d.share}
                            for d in option.drivers]} for option in self.options],
            "p_no_option_carries": self.p_none,
            "decided_between": list(self.decided_between),
            "drivers": [{"input": render(d.label, "en"), "key": d.key, "share": d.share,
                         "rank_correlation": d.correlation} for d in self.drivers],
            "inputs": [{"input": render(i.label, "en"), "key": i.key, "dist": i.dist, "low": i.low,
                        "likely": i.likely, "high": i.high,
                        "drawn": "scaled" if i.scaled else "sizing"} for i in self.inputs],
            "break_even": [{"a": item.a, "b": item.b,
                            "requests_per_day": band(item.requests_per_day),
                            "p_break_even": item.p_break_even, "draws": item.draws}
                           for item in self.break_even],
            "notes": [render(note, "en") for note in self.notes]}


# --- the inputs ---------------------------------------------------------------------------


def _label(scenario: Scenario, path: Path) -> Arg:
    parent: Any = scenario
    for part in path[:-1]:
        parent = parent[part] if isinstance(part, int) or isinstance(parent, dict) \
            else getattr(parent, part)
    name = path[-1]
    if isinstance(parent, dict):
        return Name(f"{path_text(path[:-1])} {name}")
    label = input_for(type(parent).__name__, str(name)).label
    if path[0] == "options" and len(path) > 2:
        return msg("{input} of {option}", input=label, option=Name(scenario.options[
            int(path[1])].name))
    return label


def range_label(scenario: Scenario, ranged: Ranged) -> Arg:
    """What a range is on, in words ('Price of one server of On-prem 8x H100 server')."""
    try:
        return _label(scenario, parse_path(ranged.input))
    except (InputError, IndexError, KeyError, AttributeError, TypeError):
        return Name(ranged.input)


def range_words(ranged: Ranged) -> Text:
    """A range in words: 'PERT: low 60,000, likely 100,000, high 180,000'."""
    if ranged.dist in ("normal", "lognormal"):
        return msg("{dist}: likely {likely}, sd {sd}", dist=Name(ranged.dist),
                   likely=Given(ranged.likely), sd=Given(ranged.sd or 0.0))
    return msg("{dist}: low {low}, likely {likely}, high {high}",
               dist=Name("PERT" if ranged.dist == "pert" else ranged.dist),
               low=Given(ranged.low or 0.0), likely=Given(ranged.likely),
               high=Given(ranged.high or 0.0))


def _provider(option: Any, catalog: PriceCatalog) -> str:
    if isinstance(option, ApiOption) and option.catalog:
        try:
            return catalog.find_api(option.catalog).provider
        except InputError:
            return ""
    return ""


def _inputs(scenario: Scenario, context: Context, catalog: PriceCatalog,
            ) -> list[UncertainInput]:
    """Every input with a spread: the scenario's ranges, then the speed model's error."""
    inputs = []
    for ranged in scenario.uncertainty.ranges:
        if not ranged.spread:
            continue
        path = parse_path(ranged.input)
        kind = "decline" if path == ("api_price_decline_per_year",) else "field"
        group = ""
        if path[0] == "options" and path[2:] and path[2] in API_FILLED:
            group = _provider(scenario.options[int(path[1])], catalog)
        inputs.append(UncertainInput(ranged.input, _label(scenario, path), ranged, kind, path,
                                     find_field(scenario, path), group))
    for index, option in enumerate(scenario.options):
        spread = _catalog_spread(option, catalog)
        if spread and _spread_fields(option, catalog):
            inputs.append(UncertainInput(
                f"options[{index}].catalog", msg("catalog prices of {option}",
                                                  option=Name(option.name)),
                Ranged(f"options[{index}].catalog", 1.0, 1 - spread, 1 + spread), "spread",
                ("options", index), None, _provider(option, catalog)))
    if scenario.uncertainty.speed_model_error and _speed_errors(context):
        inputs.append(UncertainInput(THROUGHPUT, msg("throughput (the speed model's measured "
                                                     "error)"),
                                     Ranged(THROUGHPUT, 0.0, dist="normal", sd=1.0),
                                     "throughput"))
    return inputs


def _catalog_spread(option: Any, catalog: PriceCatalog) -> float | None:
    """The spread the catalog gives an API option's prices (None: none, or no entry)."""
    if not isinstance(option, ApiOption) or not option.catalog:
        return None
    try:
        return catalog.find_api(option.catalog).spread
    except InputError:
        return None


def _spread_fields(option: Any, catalog: PriceCatalog) -> list[str]:
    """The prices an option takes from its catalog entry (the fields it leaves empty)."""
    return [name for name in API_FILLED if getattr(option, name, 0) is None
            and getattr(catalog.find_api(option.catalog), name, None) is not None]


def _with_spread(scenario: Scenario, catalog: PriceCatalog, index: int,
                 factor: float) -> Scenario:
    """The scenario with option `index` priced at `factor` times its catalog prices (written
    into the option in its own currency)."""
    option = scenario.options[index]
    values = catalog_values(option, catalog, option.currency or scenario.currency,
                            scenario.exchange_rates)
    changes = {name: values[name] * factor for name in _spread_fields(option, catalog)}
    moved = replace(option, **changes)
    options = list(scenario.options)
    options[index] = moved
    return replace(scenario, options=tuple(options))


def _speed_errors(context: Context) -> dict[str, float]:
    """Option name -> the measured error of the speed model behind its capacity (the
    half-width of its P10-P90 range), for options sized by the speed model."""
    errors = {}
    workload = context.scenario.workload
    for resolved in context.resolved:
        for part in (resolved.parts or (resolved,)):
            capacity = context.capacity(part, workload)
            if capacity is None or capacity.replica is None \
                    or capacity.requests_per_hour_per_unit is None:
                continue
            fitted = capacity.replica.fit
            if fitted is not None and fitted.speed_error:
                errors[part.option.name] = fitted.speed_error
    return errors


# Workload fields that choose a recommended model or the replicas' shape (capacity.py); the
# others only say how much load there is.
_SHAPING = ("input_tokens", "output_tokens", "input_words", "output_words", "tokens_per_word",
            "batch_size", "tokens_per_s_per_user", "ttft_target_s")


def _volume_only(item: UncertainInput) -> bool:
    """Whether drawing the input changes only the load the options carry (their resolution
    and capacities stay)."""
    return item.kind == "throughput" or (
        item.path[0] == "workload" and item.path[-1] not in _SHAPING)


def _scaled_by_nature(item: UncertainInput) -> bool:
    """Inputs that may scale cost lines (workload figures and counts size the deployment)."""
    if item.kind in ("decline", "spread"):
        return True
    if item.kind != "field" or item.found is None or item.found.integer:
        return False
    return item.path[0] not in ("workload", "horizon_months", "month_days")


# --- pricing one set of values ------------------------------------------------------------


def _key(label: Text) -> Any:
    if isinstance(label, Message):
        return (label.id, tuple(_key(value) for _, value in label.args
                                if isinstance(value, Message)))
    return label


@dataclass
class _Priced:
    """One option priced at one set of values."""

    per_year: np.ndarray  # by year
    cash: np.ndarray  # cash per year
    lines: list[list[tuple[Any, float, bool]]]  # by year: (key, per year, is cash)
    curve: np.ndarray  # cumulative cash, month 0..horizon
    tco: float
    carries: bool
    requests: float  # requests in the first year

    @property
    def nonline(self) -> np.ndarray:
        """What the cash curve holds besides the lines' cash: purchases and replacements."""
        monthly = self.cash[_year_of_month(len(self.curve) - 1)] / 12
        return self.curve - np.concatenate(([0.0], np.cumsum(monthly)))


def _year_of_month(months: int) -> np.ndarray:
    return (np.arange(1, months + 1) - 1) // 12


def _price(scenario: Scenario, catalog: PriceCatalog, throughput: dict[str, float],
           shared: Context | None = None) -> list[_Priced | None]:
    """Every option priced over the horizon (None: a price is unknown). `shared`: a context
    of a scenario that differs from this one only in its volume, whose options and
    capacities hold for it."""
    context = shared.with_throughput(throughput) if shared is not None \
        else Context(scenario, catalog, throughput)
    months, workload = scenario.horizon_months, scenario.workload
    priced: list[_Priced | None] = []
    for resolved in context.resolved:
        yearly = yearly_costs(context, resolved, months, scenario.api_price_decline_per_year,
                              workload)
        curve, tco = cash_curve(resolved, yearly, months)
        if curve is None or tco is None:
            priced.append(None)
            continue
        priced.append(_priced(yearly, curve, tco, requests_per_year(
            workload, workload.hourly_requests)))
    return priced


def _priced(yearly: list[OptionCost], curve: tuple[float, ...], tco: float,
            requests: float) -> _Priced:
    lines = []
    for cost in yearly:
        seen: dict[Any, int] = {}
        year = []
        for line in cost.lines:
            key = _key(line.label)
            seen[key] = seen.get(key, -1) + 1
            year.append(((key, seen[key]), line.per_year or 0.0, line.cash))
        lines.append(year)
    return _Priced(np.array([cost.per_year or 0.0 for cost in yearly]),
                   np.array([cost.cash_per_year or 0.0 for cost in yearly]), lines,
                   np.array(curve), tco, all(cost.carries is not False for cost in yearly),
                   requests)


def _with_value(scenario: Scenario, catalog: PriceCatalog, item: UncertainInput,
                value: float) -> Scenario:
    if item.kind == "spread":
        return _with_spread(scenario, catalog, int(item.path[1]), value)
    return set_field(scenario, item.path, value)


def _throughputs(errors: dict[str, float], z: float) -> dict[str, float]:
    """Each option's throughput factor at `z` standard deviations of its error (its P10 / P90
    are 1 -/+ its error)."""
    return {name: max(MIN_THROUGHPUT, 1 + error * z / Z90) for name, error in errors.items()}


def _strata(rng: np.random.Generator, inputs: Sequence[UncertainInput],
            draws: int) -> list[np.ndarray]:
    """Each input's values in `draws` Latin-hypercube strata (one draw in each 1/draws of its
    distribution, in random order), kept within its field's range."""
    found = []
    for item in inputs:
        strata = (rng.permutation(draws) + rng.random(draws)) / draws
        values = item.ranged.quantiles(strata)
        found.append(clip_to_field(values, item.found) if item.found else values)
    return found


def _at_draw(scenario: Scenario, catalog: PriceCatalog, errors: dict[str, float],
             inputs: Sequence[UncertainInput], values: Sequence[np.ndarray],
             draw: int) -> tuple[Scenario, dict[str, float]]:
    """The scenario and the throughput factors with each input at its value in `draw`."""
    varied, throughput = scenario, {}
    for item, column in zip(inputs, values, strict=True):
        if item.kind == "throughput":
            throughput = _throughputs(errors, float(column[draw]))
        else:
            varied = _with_value(varied, catalog, item, float(column[draw]))
    return varied, throughput


# --- which lines a scaled input multiplies ------------------------------------------------


@dataclass
class _Scaling:
    """For one option: which inputs multiply which lines, and the input (at most one) that
    also moves its purchases and replacements."""

    exponents: dict[Any, frozenset[int]] = field(default_factory=dict)
    nonline: int | None = None  # index of the input
    fixed: np.ndarray | None = None  # the purchases' part that input does not move


def _factors(item: UncertainInput, value: float, likely: float, years: int) -> np.ndarray:
    """What the input multiplies its lines by in each year when it moves from likely."""
    if item.kind == "decline":
        year = np.arange(years)
        return ((1 - value) / (1 - likely)) ** year
    return np.full(years, value / likely)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _TOLERANCE * max(1.0, abs(a), abs(b))


def _learn(index: int, item: UncertainInput, base: list[_Priced | None],
           moved: list[_Priced | None], factors: np.ndarray,
           scalings: list[_Scaling]) -> bool:
    """Record which lines the input multiplies; False when the engine's figures are not
    lines multiplied by it."""
    for option, (before, after) in enumerate(zip(base, moved, strict=True)):
        if before is None or after is None:
            if (before is None) != (after is None):
                return False
            continue
        scaling = scalings[option]
        for year, (lines_before, lines_after) in enumerate(zip(before.lines, after.lines,
                                                                strict=True)):
            if [key for key, _, _ in lines_before] != [key for key, _, _ in lines_after]:
                return False
            factor = factors[year]
            for (key, value, _), (_, value_after, _) in zip(lines_before, lines_after,
                                                             strict=True):
                if factor == 1 or value == 0:
                    continue
                exponent = scaling.exponents.get(key, frozenset())
                if _close(value_after, value * factor):
                    scaling.exponents[key] = exponent | {index}
                elif not _close(value_after, value):
                    return False
        if after.carries != before.carries:
            return False
        rest = after.nonline - before.nonline
        if np.any(np.abs(rest) > _TOLERANCE * np.maximum(1.0, np.abs(before.nonline))):
            if item.kind == "decline" or scaling.nonline not in (None, index):
                return False
            fixed = before.nonline - rest / (factors[0] - 1)
            if scaling.fixed is not None and np.any(
                    np.abs(fixed - scaling.fixed) > _TOLERANCE * np.maximum(
                        1.0, np.abs(before.nonline))):
                return False  # not a straight line through both ends
            scaling.nonline, scaling.fixed = index, fixed
    return True


# --- the samples ----------------------------------------------------------------------------


@dataclass
class _Table:
    """One option over the sizing draws, ready to rescale."""

    per_year: np.ndarray  # (draws, years)
    tco: np.ndarray  # (draws,)
    curve: np.ndarray  # (draws, months + 1)
    carries: np.ndarray  # (draws,) bool
    requests: np.ndarray  # (draws,)
    groups: dict[frozenset[int], tuple[np.ndarray, np.ndarray]]  # sig -> (per year, cash)
    nonline: np.ndarray | None  # (draws, months + 1): the purchases the scaling input moves


def _table(draws: Sequence[_Priced], scaling: _Scaling) -> _Table:
    years = len(draws[0].per_year)
    groups: dict[frozenset[int], tuple[np.ndarray, np.ndarray]] = {}
    for index, draw in enumerate(draws):
        for year, lines in enumerate(draw.lines):
            for key, value, cash in lines:
                signature = scaling.exponents.get(key, frozenset())
                if not signature or value == 0:
                    continue
                if signature not in groups:
                    groups[signature] = (np.zeros((len(draws), years)),
                                         np.zeros((len(draws), years)))
                groups[signature][0][index, year] += value
                if cash:
                    groups[signature][1][index, year] += value
    nonline = None
    if scaling.nonline is not None and scaling.fixed is not None:
        nonline = np.array([draw.nonline - scaling.fixed for draw in draws])
    return _Table(np.array([d.per_year for d in draws]), np.array([d.tco for d in draws]),
                  np.array([d.curve for d in draws]), np.array([d.carries for d in draws]),
                  np.array([d.requests for d in draws]), groups, nonline)


def _rescaled(table: _Table, draw: np.ndarray, yearly_factors: list[np.ndarray],
              months: int, at: np.ndarray, scaling: _Scaling,
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per sample: first-year cost, TCO and the cumulative cash at the months `at`."""
    per_year = table.per_year[draw]
    tco = table.tco[draw]
    curve = table.curve[:, at][draw]
    if not table.groups and table.nonline is None:
        return per_year[:, 0], tco, curve
    change = np.zeros_like(per_year)
    cash_change = np.zeros_like(per_year)
    for signature, (lines, cash) in table.groups.items():
        factor = np.ones_like(per_year)
        for index in signature:
            factor = factor * yearly_factors[index]
        change += lines[draw] * (factor - 1)
        cash_change += cash[draw] * (factor - 1)
    years = per_year.shape[1]
    counts = np.bincount(_year_of_month(months), minlength=years)
    tco = tco + change @ counts / 12
    # months of each year up to each month of `at`, in twelfths: the cash the change adds
    elapsed = np.clip(at[None, :] - 12 * np.arange(years)[:, None], 0, 12) / 12
    curve = curve + cash_change @ elapsed
    if table.nonline is not None and scaling.nonline is not None:
        curve = curve + table.nonline[:, at][draw] * (yearly_factors[scaling.nonline][:, :1] - 1)
    return per_year[:, 0] + change[:, 0], tco, curve


def _ranks(values: np.ndarray) -> np.ndarray:
    """Ranks with ties averaged."""
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    _, first, counts = np.unique(ordered, return_index=True, return_counts=True)
    average = first + (counts - 1) / 2
    ranks = np.empty(len(values))
    ranks[order] = np.repeat(average, counts)
    return ranks


def _drivers(inputs: list[UncertainInput], ranked: list[np.ndarray],
             target: np.ndarray) -> tuple[Driver, ...]:
    """The inputs' shares of the target's spread, from their ranks (`ranked`)."""
    target_ranks = _ranks(target)
    if np.ptp(target_ranks) == 0:
        return ()
    correlations = []
    for item, ranks in zip(inputs, ranked, strict=True):
        rho = 0.0 if np.ptp(ranks) == 0 else float(np.corrcoef(ranks, target_ranks)[0, 1])
        correlations.append((item, rho))
    # A rank correlation within 3 standard errors of 0 (1 / sqrt(n - 1) for independent
    # draws) is noise: it gets no share.
    noise = 3 / math.sqrt(max(1, len(target) - 1))
    correlations = [(item, rho) for item, rho in correlations if abs(rho) >= noise]
    total = sum(rho * rho for _, rho in correlations)
    if total <= 0:
        return ()
    found = [Driver(item.key, item.label, rho * rho / total, rho)
             for item, rho in correlations]
    return tuple(sorted(found, key=lambda driver: -driver.share))


def _p50(band: Band | None) -> float:
    return math.inf if band is None else band.p50


def _band(values: np.ndarray) -> Band | None:
    if values.size == 0:
        return None
    low, middle, high = np.percentile(values, QUANTILES)
    return Band(float(low), float(middle), float(high))


@dataclass(frozen=True)
class Samples:
    """Every sample's figures (arrays over the samples), before they are summarised."""

    seed: int
    sizing_draws: int
    names: tuple[str, ...]
    buys: tuple[bool, ...]
    inputs: tuple[UncertainInput, ...]
    values: tuple[np.ndarray, ...]  # each input's value in each sample
    scaled: frozenset[str]  # keys of the inputs drawn by rescaling lines
    figures: tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None, ...]
    # per option: first-year cost, TCO, cumulative cash at `months`, cost per 1,000 requests
    carries: np.ndarray  # (samples, options): carries the load every year
    months: np.ndarray  # the months of the cash figures, 0..horizon
    notes: tuple[Text, ...]

    @property
    def count(self) -> int:
        return len(self.carries)


def draw_samples(scenario: Scenario, catalog: PriceCatalog, samples: int | None = None,
                 seed: int | None = None) -> Samples:
    """The scenario priced in every sample of its ranges.

    Raises:
        InputError: an option names an unknown GPU, model, catalog entry or currency, or the
            sample count is out of range.
    """
    settings = scenario.uncertainty
    count = samples if samples is not None else settings.samples
    seed = settings.seed if seed is None else seed
    if not 1 <= count <= 1_000_000:
        raise InputError(msg("samples: {value} is not between 1 and 1,000,000",
                             value=Name(str(count))))
    if count * len(scenario.options) > MAX_OPTION_SAMPLES:
        raise InputError(msg("samples: {value} samples of {options} options are more than the "
                             "{limit} option-samples a run holds in memory; give fewer samples",
                             value=Count(count), options=Count(len(scenario.options)),
                             limit=Count(MAX_OPTION_SAMPLES)))
    rng = np.random.default_rng(seed)
    context = Context(scenario, catalog)
    errors = _speed_errors(context) if settings.speed_model_error else {}
    inputs = _inputs(scenario, context, catalog)
    base = _price(scenario, catalog, {})
    months, years = scenario.horizon_months, math.ceil(scenario.horizon_months / 12)
    scalings = [_Scaling() for _ in base]
    scaled: list[UncertainInput] = []
    for item in inputs:
        if not _scaled_by_nature(item) or item.ranged.likely == 0 \
                or (item.kind == "decline" and item.ranged.likely >= 1):
            continue
        trial = [replace(scaling, exponents=dict(scaling.exponents)) for scaling in scalings]
        index = len(scaled)
        ok = True
        for end in item.ranged.bounds():
            value = float(clip_to_field(np.array([end]), item.found)[0]) if item.found \
                else end
            if value == item.ranged.likely:
                continue
            moved = _price(_with_value(scenario, catalog, item, value), catalog, {})
            if not _learn(index, item, base, moved, _factors(item, value, item.ranged.likely,
                                                             years), trial):
                ok = False
                break
        if ok:
            scaled.append(item)
            scalings = trial
    sizing = [item for item in inputs if item not in scaled]
    # The sizing draws: Latin-hypercube strata of each sizing input.
    draws_count = min(count, SIZING_DRAWS) if sizing else 1
    sizing_values = _strata(rng, sizing, draws_count)
    if sizing:
        priced_draws = []
        shared = context if all(_volume_only(item) for item in sizing) else None
        for draw in range(draws_count):
            varied, throughput = _at_draw(scenario, catalog, errors, sizing, sizing_values,
                                          draw)
            priced_draws.append(_price(varied, catalog, throughput, shared))
    else:
        priced_draws = [base]
    assignment = rng.permutation(count) % draws_count
    # The scaled inputs: one provider's prices through a Gaussian copula.
    normals = rng.standard_normal((count, len(scaled)))
    group_draws: dict[str, np.ndarray] = {}
    rho = settings.provider_correlation
    scaled_values, yearly_factors = [], []
    for column, item in enumerate(scaled):
        z = normals[:, column]
        if item.group:
            common = group_draws.setdefault(item.group, rng.standard_normal(count))
            z = math.sqrt(rho) * common + math.sqrt(1 - rho) * z
        values = item.ranged.quantiles(np.clip(normal_cdf(z), 1e-12, 1 - 1e-12))
        if item.found is not None:
            values = clip_to_field(values, item.found)
        scaled_values.append(values)
        likely = item.ranged.likely
        if item.kind == "decline":
            yearly_factors.append(((1 - values[:, None]) / (1 - likely))
                                  ** np.arange(years)[None, :])
        else:
            yearly_factors.append(np.repeat((values / likely)[:, None], years, axis=1))
    # Every option over the samples.
    names = [resolved.option.name for resolved in context.resolved]
    buys = [resolved.buys for resolved in context.resolved]
    notes: list[Text] = []
    carries = np.zeros((count, len(names)), dtype=bool)
    per_option: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None] = []
    fan_months = np.unique(np.r_[0:months + 1:FAN_STEP, months])
    for option, name in enumerate(names):
        over_draws = [prices[option] for prices in priced_draws]
        if any(priced is None for priced in over_draws):
            notes.append(msg("{option}: a price is unknown, so it is left out of the run",
                             option=Name(name)))
            per_option.append(None)
            continue
        table = _table([priced for priced in over_draws if priced is not None],
                       scalings[option])
        first, total, curve = _rescaled(table, assignment, yearly_factors, months, fan_months,
                                        scalings[option])
        per_1k = first * (1000 / table.requests[assignment])
        per_option.append((first, total, curve, per_1k))
        carries[:, option] = table.carries[assignment]
    if errors:
        notes.append(msg("throughput: each self-hosted option's requests per hour is drawn "
                         "from the speed model's measured error (P10 and P90 at -/+ that "
                         "error): {errors}", errors=join([
                             msg("{option} {share}", option=Name(name), share=Share(error))
                             for name, error in errors.items()])))
    return Samples(seed, draws_count, tuple(names), tuple(buys), tuple(sizing + scaled),
                   tuple([values[assignment] for values in sizing_values] + scaled_values),
                   frozenset(item.key for item in scaled), tuple(per_option), carries,
                   fan_months, tuple(notes))


def run(scenario: Scenario, catalog: PriceCatalog, samples: int | None = None,
        seed: int | None = None, break_even: bool = False) -> UncertaintyResult:
    """The Monte Carlo run of the scenario's ranges, summarised; with `break_even`, the
    break-even volume of the options it decided between as a band (break_even_bands).

    Raises:
        InputError: an option names an unknown GPU, model, catalog entry or currency, or the
            sample count is out of range.
    """
    drawn = draw_samples(scenario, catalog, samples, seed)
    result = summarise(drawn, scenario.currency, scenario.horizon_months)
    if break_even:
        result = replace(result, break_even=break_even_bands(
            scenario, catalog, decision_pairs(result), drawn.seed))
    return result


BREAK_EVEN_DRAWS = 40  # engine break-even searches per pair of options


def decision_pairs(result: UncertaintyResult) -> list[tuple[str, str]]:
    """The pairs whose break-even matters: the two options most often cheapest, and each
    option that buys servers against the renting option most often cheapest."""
    pairs = []
    if len(result.decided_between) == 2:
        pairs.append((result.decided_between[0], result.decided_between[1]))
    renting = sorted((option for option in result.options if not option.buys
                      and option.tco is not None), key=lambda option: -option.p_cheapest)
    for option in result.options:
        if option.buys and option.tco is not None and renting:
            pair = (option.name, renting[0].name)
            if pair not in pairs and pair[::-1] not in pairs:
                pairs.append(pair)
    return pairs[:3]


def break_even_bands(scenario: Scenario, catalog: PriceCatalog, pairs: list[tuple[str, str]],
                     seed: int, draws: int = BREAK_EVEN_DRAWS) -> tuple[BreakEvenBand, ...]:
    """Each pair's break-even volume (sweeps.break_even, the engine's search) in `draws`
    Latin-hypercube draws of every input but the volume itself, whose value it solves for."""
    if not pairs:
        return ()
    rng = np.random.default_rng(seed)
    context = Context(scenario, catalog)
    errors = _speed_errors(context) if scenario.uncertainty.speed_model_error else {}
    inputs = [item for item in _inputs(scenario, context, catalog)
              if item.path[-1:] not in (("requests_per_day",), ("requests_per_hour",))]
    values = _strata(rng, inputs, draws)
    found: dict[tuple[str, str], list[float | None]] = {pair: [] for pair in pairs}
    for draw in range(draws if inputs else 1):
        varied, throughput = _at_draw(scenario, catalog, errors, inputs, values, draw)
        priced = Context(varied, catalog, throughput)
        by_name = {resolved.option.name: resolved for resolved in priced.resolved}
        for a, b in pairs:
            first, second = by_name[a], by_name[b]
            crossing = sweeps.break_even(priced, first, second,
                                         sweeps.yearly_by_volume(priced, first),
                                         sweeps.yearly_by_volume(priced, second))
            found[(a, b)].append(crossing.requests_per_day)
    bands = []
    for (a, b), volumes in found.items():
        known = np.array([volume for volume in volumes if volume is not None])
        bands.append(BreakEvenBand(a, b, _band(known), len(known) / len(volumes),
                                   len(volumes)))
    return tuple(bands)


def summarise(drawn: Samples, currency: str, horizon_months: int) -> UncertaintyResult:
    """P10 / P50 / P90, the probabilities and the drivers of the samples."""
    count, names, buys, per_option = drawn.count, drawn.names, drawn.buys, drawn.figures
    carries = drawn.carries
    tco = np.full((count, len(names)), np.inf)
    cash_end = np.full((count, len(names)), np.inf)
    for option, figures in enumerate(per_option):
        if figures is not None:
            tco[:, option], cash_end[:, option] = figures[1], figures[2][:, -1]
    eligible = np.where(carries, tco, np.inf)
    cheapest = np.argmin(eligible, axis=1)
    nobody = ~np.isfinite(eligible.min(axis=1))
    renting = [index for index, bought in enumerate(buys) if not bought
               and per_option[index] is not None]
    ranked = [_ranks(values) for values in drawn.values]
    inputs = list(drawn.inputs)
    results = []
    for option, name in enumerate(names):
        figures = per_option[option]
        if figures is None:
            results.append(OptionSpread(name, buys[option], None, None, None, 0.0,
                                        None, 0.0))
            continue
        first, total, curve, per_1k = figures
        payback = None
        if buys[option] and renting:
            rent_end = np.where(carries[:, renting], cash_end[:, renting], np.inf).min(axis=1)
            payback = float(np.mean(carries[:, option] & (curve[:, -1] <= rent_end)))
        fan = np.percentile(np.ascontiguousarray(curve.T), QUANTILES, axis=1)
        results.append(OptionSpread(
            name, buys[option], _band(first), _band(total), _band(per_1k),
            float(np.mean((cheapest == option) & ~nobody)), payback,
            float(np.mean(carries[:, option])),
            tuple((int(month), Band(float(a), float(b), float(c)))
                  for month, a, b, c in zip(drawn.months, *fan, strict=True)),
            _drivers(inputs, ranked, total)))
    ranking = sorted(range(len(results)), key=lambda i: (
        -results[i].p_cheapest, _p50(results[i].tco)))
    decided = [i for i in ranking if per_option[i] is not None][:2]
    target = np.zeros(count)
    if len(decided) == 2:
        target = tco[:, decided[0]] - tco[:, decided[1]]
    elif decided:
        target = tco[:, decided[0]]
    summaries = []
    for item in inputs:
        ranged = item.ranged
        if item.kind == "throughput":
            low, high = -Z90, Z90
        elif ranged.dist in ("pert", "triangular"):
            low, high = float(ranged.low or 0.0), float(ranged.high or 0.0)
        else:
            ends = ranged.quantiles(np.array([0.1, 0.9]))
            low, high = float(ends[0]), float(ends[1])
        summaries.append(InputSummary(item.key, item.label, ranged.dist, low, ranged.likely,
                                      high, item.key in drawn.scaled))
    return UncertaintyResult(count, drawn.seed, drawn.sizing_draws, currency, horizon_months,
                             tuple(results), _drivers(inputs, ranked, target),
                             tuple(names[i] for i in decided), float(np.mean(nobody)),
                             tuple(summaries), drawn.notes)

