"""Beyond the cost figures: the recommendation from weighted criteria, plausibility notes on
prices, reference figures a scenario states, and seed 004's memory figures."""

import math
from typing import Any

from core.costing.context import Context
from core.costing.results import (
    FinetuneFit,
    Memory,
    OptionResult,
    Recommendation,
    ReferenceCheck,
)
from core.costing.scenario import (
    CRITERIA,
    ApiOption,
    CloudOption,
    HybridOption,
    OnPremOption,
    Option,
    Scenario,
)
from core.errors import InputError
from core.model.quant import get_quantization
from core.model.spec import find_model
from core.model.weights import weights_for
from core.serving.finetune import (
    BF16_BYTES_PER_PARAM,
    activation_memory,
    finetune_memory,
    seed_serving_memory,
)

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


def default_scores(option: OptionResult, scenario: Scenario) -> dict[str, float]:
    """The non-cost scores an option starts from: its kind's; a hybrid's from its parts (data
    control and skills as low as the weaker part's, scalability as high as the stronger's:
    the overflow absorbs peaks, and the data goes where either part runs)."""
    source = next((o for o in scenario.options if o.name == option.name), None)
    if not isinstance(source, HybridOption):
        return dict(DEFAULT_SCORES[option.kind])
    kinds = [next(o.kind for o in scenario.options if o.name == name)
             for name in (source.base, source.overflow)]
    parts = [DEFAULT_SCORES[kind] for kind in kinds]
    return {criterion: (max if criterion == "scalability" else min)(
        part[criterion] for part in parts) for criterion in parts[0]}


def staff_assumption(scenario: Scenario) -> str:
    """The staff the plan counts for each kind of option, in words."""
    common = scenario.self_hosting
    given = [f"{o.name} {o.staff_fte:g}" for o in scenario.options
             if not isinstance(o, HybridOption) and o.staff_fte is not None]
    text = (f"staff counted: {common.staff_fte:g} FTE at {common.staff_cost_per_fte_year:,.0f} "
            f"{scenario.currency} a year on self-hosted options")
    if given:
        text += "; by option: " + ", ".join(given) + " FTE"
    apis = [o.name for o in scenario.options if isinstance(o, ApiOption) and o.staff_fte is None]
    if apis:
        text += "; none on " + ", ".join(apis) + " (not given)"
    return text


def recommendation(scenario: Scenario, options: tuple[OptionResult, ...]) -> Recommendation:
    """The option with the highest weighted score, with the reasons and every score. An option
    past its capacity, with an unknown cost, marked not recommendable, or outside the
    scenario's residency rule is scored but never recommended."""
    weights = {criterion: scenario.criteria_weights.get(criterion, 0.0) for criterion in CRITERIA}

    def usable(option: OptionResult, source: Option) -> bool:
        return option.per_year is not None and option.cost.carries is not False \
            and source.recommendable and option.excluded is None

    known = [option.per_year for option, source in zip(options, scenario.options, strict=True)
             if usable(option, source) and option.per_year is not None]
    cheapest = min(known) if known else None
    rows = []
    for option, source in zip(options, scenario.options, strict=True):
        scores = default_scores(option, scenario)
        scores.update(source.scores)
        if cheapest is not None and option.per_year is not None:
            # capped: an option left out of the recommendation may be cheaper still
            scores["cost"] = min(5.0, 5.0 * cheapest / option.per_year) if option.per_year \
                else 5.0
        weighted = [(weights[c], scores[c]) for c in CRITERIA if c in scores and weights[c]]
        total = sum(w * s for w, s in weighted) / sum(w for w, _ in weighted) \
            if weighted and usable(option, source) else None
        rows.append((option.name, total, scores))
    ranked = sorted((row for row in rows if row[1] is not None), key=lambda row: -(row[1] or 0))
    outside = [f"{option.name} ({option.excluded})" for option in options if option.excluded]
    if not ranked:
        reasons = ["no option has a known cost that carries the workload"
                   + (" within the residency rule" if scenario.residency else "")]
        if outside:
            reasons.append("left out by the residency rule: " + "; ".join(outside))
        return Recommendation(None, tuple(reasons), tuple(rows))
    best_name, best_total, best_scores = ranked[0]
    best = next(option for option in options if option.name == best_name)
    reasons = [f"highest weighted score {best_total:.2f} of 5"]
    if best.per_year == cheapest:
        reasons.append(f"the cheapest option that carries the workload "
                       f"({best.per_year:,.0f} {scenario.currency} a year)")
    elif cheapest is not None and best.per_year is not None:
        reasons.append(f"costs {best.per_year / cheapest - 1:.0%} more than the cheapest, "
                       "outweighed by the non-cost criteria")
    if best.cost.overflow_share is not None:
        reasons.append(f"its overflow takes {best.cost.overflow_share:.1%} of the requests")
    for criterion in CRITERIA[1:]:
        if weights[criterion] and best_scores.get(criterion, 0) >= 4:
            reasons.append(f"{criterion.replace('_', ' ')} {best_scores[criterion]:g}/5 "
                           f"(weight {weights[criterion]:g})")
    reasons.append(staff_assumption(scenario))
    excluded = [option.name for option in options if option.cost.carries is False]
    if excluded:
        reasons.append(f"left out, cannot carry the workload: {', '.join(excluded)}")
    if outside:
        reasons.append("left out by the residency rule: " + "; ".join(outside))
    compared = [source.name for source in scenario.options if not source.recommendable]
    if compared:
        reasons.append(f"compared only, not recommended: {', '.join(compared)}")
    if len(ranked) > 1:
        reasons.append(f"runner-up: {ranked[1][0]} ({ranked[1][1]:.2f})")
    return Recommendation(best_name, tuple(reasons), tuple(rows))


def plausibility(context: Context) -> list[str]:
    """Notes on prices far from the catalog's (a typo or another unit, probably)."""
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


def references(scenario: Scenario, plan_document: dict[str, Any]) -> tuple[ReferenceCheck, ...]:
    """The scenario's reference figures checked against the plan's own."""
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


def reference_notes(checks: tuple[ReferenceCheck, ...]) -> list[str]:
    """A note for every reference figure the plan does not reproduce."""
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


def seed_memory(scenario: Scenario, context: Context | None = None) -> Memory | None:
    """The scenario's model: weights as served, fine-tuning memory (base, trained states and
    activations) and, given the calculation's context, whether a run fits on the GPUs of one
    server or instance of each self-hosted option; seed 004's serving memory."""
    choice = scenario.model
    if choice is None or scenario.finetune is None or choice.id == "recommend":
        return None
    model = find_model(choice.id)
    if model is None:
        raise InputError(f"model.id: '{choice.id}' is not in the model catalog")
    quant = get_quantization(choice.quant)
    exact_params = model.params or model.total_params
    exact_weights = weights_for(model.arch, model.shipped, quant.name).total
    bytes_per_weight = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0}.get(
        quant.name, exact_weights / exact_params)
    params = int(choice.nominal_params) if choice.nominal_params else exact_params
    basis = (f"nominal {params / 1e9:g}B as the source states; the exact count "
             f"{exact_params:,} gives {exact_params * bytes_per_weight / 1e9:,.2f} GB"
             if choice.nominal_params else f"exact published count ({model.params_source})")
    finetune = scenario.finetune
    workload = scenario.workload
    activations = None
    if finetune.method != "seed-rule":
        # The run trains on requests like those it will answer: prompt + answer tokens.
        sequence = max(1, math.ceil(workload.prompt_tokens + workload.completion_tokens))
        activations = activation_memory(model.arch, sequence)
    memory = finetune_memory(params, finetune.method, trainable_share=finetune.trainable_share,
                             activation_bytes=activations.bytes if activations else 0)
    # The adapter is trained and served in 16 bits, beside weights in the serving format.
    adapter = memory.trainable_params * BF16_BYTES_PER_PARAM
    weights = round(params * bytes_per_weight)
    fits = _finetune_fits(context, memory.total_bytes) if context is not None else ()
    return Memory(model.id, params, basis, weights, round(exact_params * bytes_per_weight),
                  memory.trainable_params, adapter, memory.total_bytes,
                  seed_serving_memory(weights, adapter, finetune.serving_headroom), memory.rule,
                  method=memory.method, finetune_weights_bytes=memory.weights_bytes,
                  trainable_bytes=memory.trainable_bytes,
                  activation_bytes=memory.activation_bytes,
                  activation_basis=activations.basis if activations else
                  "activations: in seed 004's 5x factor",
                  fits=fits,
                  fit_note="" if fits else "no self-hosted option names a GPU: whether a "
                  "fine-tuning run fits is not checked")


def _finetune_fits(context: Context, needed: int) -> tuple[FinetuneFit, ...]:
    """A fine-tuning run against the GPUs of one server or instance of each self-hosted
    option that names its GPU (after a hardware profile replaced its count)."""
    fits = []
    for resolved in context.resolved:
        option, gpu = resolved.option, resolved.gpu
        if gpu is None or not isinstance(option, (CloudOption, OnPremOption)):
            continue
        gpus = option.gpus_per_instance if isinstance(option, CloudOption) \
            else option.gpus_per_server
        fits.append(FinetuneFit(option.name, gpu.name, gpus, gpu.memory_bytes * gpus, needed))
    return tuple(fits)
