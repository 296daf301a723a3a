"""A Plan as one JSON object (`llmplan cost --json`): every sentence and label in English."""

import math
from typing import Any

from core.costing.capacity import Capacity
from core.costing.context import per_period
from core.costing.costs import Shortfall, requests_per_year
from core.costing.results import OptionResult, Plan
from core.costing.scenario import Workload
from core.i18n.message import Arg
from core.i18n.render import render
from core.units import GB


def _text(value: Arg) -> str:
    """A sentence or label as English text (JSON keeps English)."""
    return render(value, "en")


def _texts(values: tuple[Arg, ...]) -> list[str]:
    return [render(value, "en") for value in values]


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or not math.isfinite(value) else round(value, digits)


def _breakdown(option: OptionResult, workload: Workload, month_days: float
               ) -> list[dict[str, Any]]:
    rows = []
    for line in option.cost.lines:
        per_hour, per_day, per_month = per_period(line.per_year, workload, month_days)
        rows.append({"name": _text(line.label), "per_hour": _money(per_hour),
                     "per_day": _money(per_day), "per_month": _money(per_month),
                     "per_year": _money(line.per_year), "one_off": _money(line.one_off),
                     "cash": line.cash, "note": _text(line.note)})
    return rows


def _capacity(capacity: Capacity | None) -> dict[str, Any] | None:
    if capacity is None:
        return None
    replica = capacity.replica
    return {
        "basis": _text(capacity.basis),
        "requests_per_hour_per_unit": _round(capacity.requests_per_hour_per_unit),
        "gpus_per_replica": replica.gpus if replica else None,
        "batch": replica.batch if replica else None,
        "decode_tokens_per_s_per_user": _round(
            replica.decode_tokens_per_s if replica else None, 1),
        "ttft_s": _round(replica.ttft_s if replica else None, 3),
    }


def _option(option: OptionResult, workload: Workload, month_days: float) -> dict[str, Any]:
    cost = option.cost
    return {
        "name": option.name, "kind": option.kind,
        "per_hour": _money(option.per_hour), "per_day": _money(option.per_day),
        "per_month": _money(option.per_month), "per_year": _money(option.per_year),
        "tco": _money(option.tco), "cash_by_horizon": _money(option.cash_by_horizon),
        "capex": _money(cost.capex),
        "per_1k_requests": _money(option.per_1k_requests),
        "per_1m_tokens": _money(option.per_1m_tokens),
        "breakdown": _breakdown(option, workload, month_days),
        "units": cost.units, "serving_units": cost.serving_units,
        "utilisation": _round(cost.utilisation), "carries": cost.carries,
        "capacity": _capacity(cost.capacity), "sizing": _text(cost.sizing) or None,
        "model": option.model, "quant": option.quant,
        "source": option.source, "price_date": option.price_date,
        "region": _text(option.region) or None,
        "excluded": None if option.excluded is None else _text(option.excluded),
        "overflow_share": _round(cost.overflow_share),
        "notes": _texts(option.notes),
    }


def _memory(plan: Plan) -> dict[str, Any] | None:
    if plan.memory is None:
        return None
    memory: dict[str, Any] = {key: getattr(plan.memory, key) for key in (
        "model", "params", "params_basis", "weights_bytes", "exact_weights_bytes",
        "trainable_params", "adapter_bytes", "finetune_bytes", "serving_bytes", "rule",
        "method", "finetune_weights_bytes", "trainable_bytes", "activation_bytes",
        "activation_basis", "fit_note")}
    for key in ("params_basis", "rule", "activation_basis", "fit_note"):
        memory[key] = _text(memory[key])
    for key in ("weights", "exact_weights", "adapter", "finetune", "serving",
                "finetune_weights", "activation"):
        memory[f"{key}_gb"] = round(getattr(plan.memory, f"{key}_bytes") / GB, 4)
    memory["finetune_fits"] = [
        {"option": item.option, "gpu": item.gpu, "gpus": item.gpus,
         "memory_bytes": item.memory_bytes, "needed_bytes": item.needed_bytes,
         "fits": item.fits, "margin_bytes": item.margin_bytes,
         "sentence": _text(item.sentence)}
        for item in plan.memory.fits]
    return memory


def _workload(plan: Plan) -> dict[str, Any]:
    workload = plan.workload
    requests_day = workload.hourly_requests * workload.hours_per_day
    return {
        "requests_per_hour": _round(workload.hourly_requests),
        "requests_per_day": _round(requests_day),
        "requests_per_year": _round(requests_per_year(workload, workload.hourly_requests)),
        "input_tokens": _round(workload.prompt_tokens),
        "output_tokens": _round(workload.completion_tokens),
        "tokens_per_day": _round(requests_day * workload.tokens_per_request),
        "hours_per_day": workload.hours_per_day, "days_per_year": workload.days_per_year,
        "month_days": _round(plan.month_days), "horizon_months": plan.horizon_months,
    }


def _shortfall(shortfall: Shortfall | None) -> dict[str, Any] | None:
    """An option past its capacity: what share of the peak load its units carry."""
    if shortfall is None:
        return None
    return {"option": shortfall.option, "carried_share": _round(shortfall.share),
            "units": shortfall.units, "unit": _text(shortfall.unit) or None, "year": shortfall.year,
            "sentence": _text(shortfall.sentence)}


def _comparisons(plan: Plan) -> dict[str, Any]:
    """Break-even, payback and the cumulative cost curves."""
    return {
        "break_even": [
            {"name": item.name, "a": item.a, "b": item.b,
             "requests_per_day": _round(item.requests_per_day, 2),
             "tokens_per_day": _round(item.tokens_per_day, 0),
             "words_per_day": _round(item.words_per_day, 0),
             "cheaper_above": item.cheaper_above, "within_capacity": item.within_capacity,
             "note": _text(item.note), "shortfall": _shortfall(item.shortfall)}
            for item in plan.break_even],
        "payback": [
            {"name": item.name, "onprem": item.onprem, "against": item.against,
             "month": item.month, "month_with_price_decline": item.month_with_price_decline,
             "reason": None if item.reason is None else _text(item.reason),
             "shortfall": _shortfall(item.shortfall)}
            for item in plan.payback],
        "curves": {
            "months": list(range(plan.horizon_months + 1)),
            "options": [{"name": curve.name, "cumulative": None if curve.values is None
                         else [_money(v) for v in curve.values]} for curve in plan.curves],
            "api_price_decline": [{"name": curve.name, "cumulative": None if curve.values
                                   is None else [_money(v) for v in curve.values]}
                                  for curve in plan.decline_curves],
        },
    }


def _sweeps(plan: Plan) -> dict[str, Any]:
    """Cost against volume, the sensitivity of each option, and the levers."""
    return {
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
                         "inputs": [{"name": _text(bar.label), "low": _money(bar.low),
                                     "high": _money(bar.high)} for bar in item.bars]}
                        for item in plan.sensitivity],
            "utilisation": [{"name": curve.option,
                             "points": [{"utilisation": u, "per_1m_tokens": _money(c)}
                                        for u, c in curve.points]}
                            for curve in plan.utilisation],
        },
        "levers": [
            {"name": _text(lever.name), "assumption": _text(lever.assumption),
             "options": [{"name": option, "before": _money(before), "after": _money(after),
                          "saving": _money(None if before is None or after is None
                                           else before - after)}
                         for option, before, after in lever.savings]}
            for lever in plan.levers],
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON types (money rounded to 4 decimals)."""
    return {
        "scenario": plan.scenario,
        "currency": plan.currency,
        "workload": _workload(plan),
        "residency": list(plan.residency),
        "memory": _memory(plan),
        "options": [_option(option, plan.workload, plan.month_days) for option in plan.options],
        **_comparisons(plan),
        **_sweeps(plan),
        "recommendation": {
            "option": plan.recommendation.option,
            "reasons": _texts(plan.recommendation.reasons),
            "scores": [{"name": name, "total": _round(total, 3),
                        "criteria": {k: round(v, 3) for k, v in scores.items()}}
                       for name, total, scores in plan.recommendation.scores],
        },
        "references": [
            {"name": check.label, "quoted": check.quoted, "computed": _round(check.computed),
             "agrees": check.agrees, "source": check.source, "explanation": check.explanation}
            for check in plan.references],
        "notes": _texts(plan.notes),
    }
