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
    figure,
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
from core.i18n.message import (
    Arg,
    Count,
    Day,
    Money,
    Name,
    Number,
    Quantity,
    Share,
    Term,
    Text,
    join,
    msg,
    term,
)
from core.model.quant import get_quantization
from core.model.spec import find_model
from core.model.weights import weights_for
from core.model.words import semicolons
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
# The criteria as a person reads them (core/report's LABELS give the same words).
CRITERION_LABELS: dict[str, Term] = {
    "cost": term("Cost"), "data_control": term("Data control"),
    "scalability": term("Scalability"), "team_skills": term("Team skills"),
    "time_to_launch": term("Time to launch"),
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


def staff_assumption(scenario: Scenario) -> Text:
    """The staff the plan counts for each kind of option, in words."""
    common = scenario.self_hosting
    parts: list[Text] = [msg(
        "staff counted: {fte} FTE at {cost} a year on self-hosted options",
        fte=figure(common.staff_fte, 2),
        cost=Money(common.staff_cost_per_fte_year, scenario.currency))]
    given: list[Arg] = [msg("{option} {fte} FTE", option=Name(o.name),
                             fte=figure(o.staff_fte, 2))
                         for o in scenario.options
                         if not isinstance(o, HybridOption) and o.staff_fte is not None]
    if given:
        parts.append(msg("by option: {options}", options=join(given)))
    apis: list[Arg] = [Name(o.name) for o in scenario.options
                       if isinstance(o, ApiOption) and o.staff_fte is None]
    if apis:
        parts.append(msg("none on {options} (not given)", options=join(apis)))
    return semicolons(parts)


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
    outside: list[Text] = [msg("{option} ({reason})", option=Name(option.name),
                               reason=option.excluded)
                           for option in options if option.excluded]
    residency = msg("left out by the residency rule: {options}", options=semicolons(outside))
    if not ranked:
        reasons: list[Text] = [
            msg("no option has a known cost that carries the workload within the residency "
                "rule") if scenario.residency
            else msg("no option has a known cost that carries the workload")]
        if outside:
            reasons.append(residency)
        return Recommendation(None, tuple(reasons), tuple(rows))
    best_name, best_total, best_scores = ranked[0]
    best = next(option for option in options if option.name == best_name)
    reasons = [msg("highest weighted score {score} of 5", score=Number(best_total or 0.0, 2))]
    if best.per_year == cheapest:
        reasons.append(msg("the cheapest option that carries the workload ({cost} a year)",
                           cost=Money(best.per_year, scenario.currency)))
    elif cheapest is not None and best.per_year is not None:
        reasons.append(msg("costs {share} more than the cheapest, outweighed by the non-cost "
                           "criteria", share=Share(best.per_year / cheapest - 1)))
    if best.cost.overflow_share is not None:
        reasons.append(msg("its overflow takes {share} of the requests",
                           share=Share(best.cost.overflow_share, 1)))
    for criterion in CRITERIA[1:]:
        if weights[criterion] and best_scores.get(criterion, 0) >= 4:
            reasons.append(msg("{criterion} {score}/5 (weight {weight})",
                               criterion=CRITERION_LABELS[criterion],
                               score=figure(best_scores[criterion], 2),
                               weight=figure(weights[criterion], 2)))
    reasons.append(staff_assumption(scenario))
    excluded: list[Arg] = [Name(option.name) for option in options if option.cost.carries is False]
    if excluded:
        reasons.append(msg("left out, cannot carry the workload: {options}",
                           options=join(excluded)))
    if outside:
        reasons.append(residency)
    compared: list[Arg] = [Name(source.name) for source in scenario.options
                           if not source.recommendable]
    if compared:
        reasons.append(msg("compared only, not recommended: {options}", options=join(compared)))
    if len(ranked) > 1:
        reasons.append(msg("runner-up: {option} ({score})", option=Name(ranked[1][0]),
                           score=Number(ranked[1][1] or 0.0, 2)))
    return Recommendation(best_name, tuple(reasons), tuple(rows))


def plausibility(context: Context) -> list[Text]:
    """Notes on prices far from the catalog's (a typo or another unit, probably)."""
    scenario, catalog = context.scenario, context.catalog
    notes: list[Text] = []
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
            span = _span(Money(min(prices), "USD", 2), Money(max(prices), "USD", 2))
            if per_gpu_usd > PLAUSIBLE_FACTOR * max(prices) or \
                    per_gpu_usd < min(prices) / PLAUSIBLE_FACTOR:
                top = max(pool, key=lambda i: i.price_per_gpu_hour or 0.0)
                what = msg("{provider} {instance}, {date}", provider=Name(top.provider),
                           instance=Name(top.name), date=Day(top.price_date))
                price: Arg = Money(per_hour, currency, 2)
                if option.price_per_second is not None:
                    price = msg("{per_second} per second is {per_hour}", per_hour=price,
                                per_second=Money(option.price_per_second, currency,
                                                 figure(option.price_per_second, 6).digits))
                args = {"option": Name(option.name), "price": price,
                        "per_gpu": Money(per_gpu_usd, "USD", 2), "span": span, "source": what}
                notes.append(
                    msg("{option}: {price} per instance-hour, {per_gpu} per GPU-hour; the "
                        "catalog for this GPU: {span} per GPU-hour ({source}). Check the price "
                        "and its unit", **args) if same else
                    msg("{option}: {price} per instance-hour, {per_gpu} per GPU-hour; the "
                        "catalog: {span} per GPU-hour ({source}). Check the price and its unit",
                        **args))
        elif isinstance(option, OnPremOption):
            if option.price_per_kwh is not None and catalog.energy:
                kwh_eur = catalog.convert(option.price_per_kwh, currency, "EUR",
                                          scenario.exchange_rates)
                low = min(catalog.convert(r.low, r.currency, "EUR") for r in catalog.energy)
                high = max(catalog.convert(r.high, r.currency, "EUR") for r in catalog.energy)
                if kwh_eur > 2 * high or kwh_eur < low / 2:
                    notes.append(msg(
                        "{option}: electricity at {price} per kWh is far from the catalog's "
                        "{span}", option=Name(option.name),
                        price=Money(option.price_per_kwh, currency,
                                    figure(option.price_per_kwh).digits),
                        span=_span(Money(low, "EUR", 2), Money(high, "EUR", 2))))
            gpu = resolved.gpu
            if option.server_price and gpu and gpu.price_usd:
                per_gpu = catalog.convert(option.server_price, currency, "USD",
                                          scenario.exchange_rates) / option.gpus_per_server
                if per_gpu < gpu.price_usd / 2:
                    notes.append(msg(
                        "{option}: {per_gpu} per GPU in the server price is under half the "
                        "catalog's {catalog} for one {gpu} ({date})", option=Name(option.name),
                        per_gpu=Money(per_gpu, "USD"), catalog=Money(gpu.price_usd, "USD"),
                        gpu=Name(gpu.name), date=Day(gpu.price_date or "")))
    return notes


def _span(low: Money, high: Money) -> Arg:
    """One price, or 'low to high'."""
    return low if low.amount == high.amount else msg("{low} to {high}", low=low, high=high)


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
    for reference in scenario.reference_figures:
        value = _lookup(plan_document, reference.path)
        computed = float(value) if isinstance(value, (int, float)) and \
            not isinstance(value, bool) else None
        agrees = computed is not None and abs(computed - reference.quoted) <= \
            max(0.005, 0.0005 * abs(reference.quoted))
        checks.append(ReferenceCheck(reference.label, reference.quoted, computed, agrees,
                                     reference.source, reference.explanation))
    return tuple(checks)


def reference_notes(checks: tuple[ReferenceCheck, ...]) -> list[Text]:
    """A note for every reference figure the plan does not reproduce."""
    notes: list[Text] = []
    for check in checks:
        if check.computed is None:
            notes.append(msg("{figure}: no figure at this path in the plan",
                             figure=Name(check.label)))
        elif not check.agrees:
            args = {"figure": Name(check.label),
                    "source": Name(check.source) if check.source else msg("the source"),
                    "quoted": figure(check.quoted), "computed": figure(check.computed)}
            notes.append(
                msg("{figure}: {source} gives {quoted}, the correct arithmetic gives "
                    "{computed} ({explanation})", explanation=Name(check.explanation), **args)
                if check.explanation else
                msg("{figure}: {source} gives {quoted}, the correct arithmetic gives "
                    "{computed}", **args))
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
    basis = msg("nominal {params}B as the source states; the exact count {exact} gives "
                "{weights}", params=figure(params / 1e9, 3), exact=Count(exact_params),
                weights=Quantity(exact_params * bytes_per_weight / 1e9, "GB", 2)) \
        if choice.nominal_params else msg("exact published count ({source})",
                                          source=Name(model.params_source))
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
                  msg("activations: in seed 004's 5x factor"),
                  fits=fits,
                  fit_note="" if fits else msg("no self-hosted option names a GPU: whether a "
                                               "fine-tuning run fits is not checked"))


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
