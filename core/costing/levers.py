"""What each cost lever saves: a smaller model, a cascade, caching, shorter prompts, output
limits, batching and a cheaper quantization, option by option."""

from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from typing import Any

from core.costing.context import MONEY_FIELDS, Context, Resolved, scaled
from core.costing.costs import self_hosting_lines
from core.costing.results import LeverResult
from core.costing.scenario import (
    ApiOption,
    CloudOption,
    OnPremOption,
    Scenario,
    Workload,
)
from core.errors import InputError
from core.i18n.message import Count, Message, Name, Number, Share, Text, msg
from core.model.quant import get_quantization
from core.model.spec import ModelSpec, find_model


def _model_levers(context: Context, resolved: Resolved, small_model: ModelSpec | None,
                  ) -> dict[str, float | None]:
    """A smaller model for everything, and a cascade (the small model answers a share)."""
    scenario = context.scenario
    levers, workload, option = scenario.levers, scenario.workload, resolved.option
    volume = workload.hourly_requests
    small: Resolved | None = None
    if isinstance(option, ApiOption):
        ratio = levers.small_model_price_ratio
        prices: dict[str, Any] = {name: scaled(getattr(option, name), ratio)
                                  for name in MONEY_FIELDS["api"]}
        small = replace(resolved, option=replace(option, **prices))
    elif small_model is not None and resolved.model is not None:
        small = replace(resolved, model=small_model)
    if small is None:
        return {}
    results = {"smaller model": context.cost(small, workload, volume).per_year}
    share = levers.cascade_share
    big_part = context.cost(resolved, workload, volume * (1 - share)).per_year
    small_cost = context.cost(small, workload, volume * share)
    small_part = small_cost.per_year
    if small_part is not None and not isinstance(option, ApiOption):
        # Staff and fine-tuning are already paid by the large model's deployment.
        shared = {line.label for line in self_hosting_lines(scenario.self_hosting)}
        small_part -= sum(line.per_year or 0.0 for line in small_cost.lines
                          if line.label in shared)
    results["cascade"] = (None if big_part is None or small_part is None
                          else big_part + small_part)
    return results


def _api_levers(context: Context, resolved: Resolved, option: ApiOption,
                ) -> dict[str, float | None]:
    """The provider's prompt caching and batch API, where it prices them."""
    levers, workload = context.scenario.levers, context.scenario.workload
    results: dict[str, float | None] = {}
    if option.price_cached_in_per_m is not None:
        cached = replace(option, cache_hit_rate=max(option.cache_hit_rate,
                                                    levers.cache_hit_rate))
        results["prompt caching"] = context.cost(replace(resolved, option=cached), workload,
                                                 workload.hourly_requests).per_year
    if option.batch_discount:
        batched = replace(option, batch_share=max(option.batch_share, levers.batch_api_share))
        results["batching"] = context.cost(replace(resolved, option=batched), workload,
                                           workload.hourly_requests).per_year
    return results


def _self_hosted_levers(context: Context, resolved: Resolved,
                        option: CloudOption | OnPremOption) -> dict[str, float | None]:
    """Prefix caching, a lower quantization and larger batches on the option's own GPUs."""
    levers, workload = context.scenario.levers, context.scenario.workload
    volume = workload.hourly_requests
    cached_work = replace(workload, **_scaled_tokens(workload, "input",
                                                      1 - levers.cache_hit_rate))
    # Prefix caching: the cached share of each prompt is not computed again.
    results = {"prompt caching": context.cost(resolved, cached_work, volume).per_year}
    if resolved.model is not None and option.seconds_per_request is None:
        # Left out where the lever's quantization cannot run with this KV cache type.
        with suppress(InputError):
            results["quantization"] = context.cost(
                replace(resolved, quant=levers.quant, engine=None), workload, volume).per_year
        if levers.batch_size > workload.batch_size:
            results["batching"] = context.cost(
                resolved, replace(workload, batch_size=levers.batch_size), volume).per_year
    return results


def _lever_variants(context: Context, resolved: Resolved, small_model: ModelSpec | None,
                    ) -> dict[str, float | None]:
    """Yearly cost of the option under each lever that applies to it (None: price unknown)."""
    levers, workload = context.scenario.levers, context.scenario.workload
    option = resolved.option
    results = _model_levers(context, resolved, small_model)
    if isinstance(option, ApiOption):
        results.update(_api_levers(context, resolved, option))
    elif isinstance(option, (CloudOption, OnPremOption)):
        results.update(_self_hosted_levers(context, resolved, option))
    # A hybrid takes the workload levers: both of its parts carry the shorter requests.

    def cost(work: Workload) -> float | None:
        return context.cost(resolved, work, workload.hourly_requests).per_year

    results["shorter prompts"] = cost(replace(
        workload, **_scaled_tokens(workload, "input", 1 - levers.prompt_cut)))
    results["output limits"] = cost(replace(
        workload, **_scaled_tokens(workload, "output", 1 - levers.output_cut)))
    return results


def _scaled_tokens(workload: Workload, part: str, factor: float) -> dict[str, Any]:
    name = f"{part}_tokens" if getattr(workload, f"{part}_tokens") is not None \
        else f"{part}_words"
    return {name: getattr(workload, name) * factor}


# Each lever by its key above: its name in words and its assumption for the scenario.
_LEVERS: dict[str, tuple[Message, Callable[[Scenario], Text]]] = {
    "smaller model": (msg("smaller model"), lambda s: msg(
        "APIs: a small model at {share} of the price (gpt-4o-mini vs gpt-4o); self-hosted: "
        "{model}; seed 002: pick the smallest model that does the task",
        share=Share(s.levers.small_model_price_ratio),
        model=Name(s.levers.small_model) if s.levers.small_model
        else msg("no small model named (levers.small_model)"))),
    "cascade": (msg("cascade"), lambda s: msg(
        "{share} of requests answered by the small model, the rest by the large one (seed 002: "
        "a cascade cut cost {cut} in Dataiku's test); self-hosted, the small model runs on its "
        "own instances or servers", share=Share(s.levers.cascade_share), cut=Share(0.8))),
    "prompt caching": (msg("prompt caching"), lambda s: msg(
        "{share} of prompt tokens from cache", share=Share(s.levers.cache_hit_rate))),
    "shorter prompts": (msg("shorter prompts"), lambda s: msg(
        "prompts {share} shorter by managing the context window (seed 002: {before} -> {after} "
        "tokens)", share=Share(s.levers.prompt_cut), before=Number(7000), after=Number(3000))),
    "output limits": (msg("output limits"), lambda s: msg(
        "outputs {share} shorter with limits and structured output (seed 002, strategy 8)",
        share=Share(s.levers.output_cut))),
    "quantization": (msg("quantization"), lambda s: msg(
        "self-hosted weights as {quant}: fewer GPUs per replica", quant=Name(s.levers.quant))),
    "batching": (msg("batching"), lambda s: msg(
        "self-hosted: {batch} requests per batch; APIs: {share} of requests through the batch "
        "API", batch=Count(s.levers.batch_size), share=Share(s.levers.batch_api_share))),
}


def _same(before: float | None, after: float | None) -> bool:
    if before is None or after is None:
        return before is after
    return abs(before - after) <= 1e-9 * max(1.0, abs(before))


def lever_results(context: Context) -> tuple[LeverResult, ...]:
    """What each lever saves on each option it applies to, with its assumption."""
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
    for key, (name, assumption) in _LEVERS.items():
        savings = tuple((option, base[option], variants[key])
                        for option, variants in per_option.items()
                        if key in variants and not _same(base[option], variants[key]))
        if savings:
            results.append(LeverResult(name, assumption(scenario), savings))
    return tuple(results)
