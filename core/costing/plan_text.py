"""The human-readable `llmplan cost` report of a Plan."""

from core.costing.context import per_period
from core.costing.decision import format_figure
from core.costing.results import Memory, Plan
from core.units import format_gb


def _money(value: float | None) -> str:
    return "unknown" if value is None else f"{value:,.2f}"


def _count(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


# The names of an option's two figures over the horizon and the sentence that tells them
# apart ({0}: the horizon in months); the CLI, the PDF (core/report/words.py translates these
# same texts) and the app use them.
TCO_LABEL = "cost over {0} months (depreciated)"
CASH_LABEL = "cash spent by month {0}"
TCO_AND_CASH_NOTE = (
    "The cost over {0} months (depreciated) spreads each server's price, less its residual "
    "value, over its depreciation period (with interest where a cost of capital is given) and "
    "counts only the months of the horizon, while the cash spent by month {0} counts every "
    "purchase in full in the month it is paid (at month 0, at the start of a year the load "
    "grows, and when servers are replaced), so the two differ until the servers are written "
    "off.")


def tco_label(months: int) -> str:
    """The name of OptionResult.tco: the yearly cost (servers depreciated) over the horizon."""
    return TCO_LABEL.format(months)


def cash_label(months: int) -> str:
    """The name of OptionResult.cash_by_horizon: what has been paid by the horizon's end."""
    return CASH_LABEL.format(months)


def tco_and_cash_note(months: int) -> str:
    """The one sentence that explains why an option that buys hardware has two figures."""
    return TCO_AND_CASH_NOTE.format(months)


def _option_table(plan: Plan) -> list[str]:
    months = plan.horizon_months
    lines = [f"Options, year 1 ({plan.currency}; a month is {plan.month_days:g} days; "
             f"TCO = {tco_label(months)}):",
             f"  {'':<34} {'per hour':>10} {'per day':>11} {'per month':>12} {'per year':>13} "
             f"{'TCO':>14} {'per 1k req':>10} {'per 1M tok':>10}  used"]
    for option in plan.options:
        cost = option.cost
        used = "-" if cost.utilisation is None else f"{cost.utilisation:.0%}"
        if cost.carries is False:
            used += " OVER CAPACITY"
        lines.append(
            f"  {option.name[:34]:<34} {_money(option.per_hour):>10} {_money(option.per_day):>11} "
            f"{_money(option.per_month):>12} {_money(option.per_year):>13} "
            f"{_money(option.tco):>14} {_money(option.per_1k_requests):>10} "
            f"{_money(option.per_1m_tokens):>10}  {used}")
        for line in cost.lines:
            per_hour, per_day, per_month = per_period(line.per_year, plan.workload,
                                                      plan.month_days)
            lines.append(
                f"    {line.label[:32]:<32} {_money(per_hour):>10} {_money(per_day):>11} "
                f"{_money(per_month):>12} {_money(line.per_year):>13}  {line.note}")
        if cost.capex:
            lines.append(f"    paid at month 0: {_money(cost.capex)}")
        if option.tco_differs_from_cash:
            lines.append(f"    {tco_label(months)}: {_money(option.tco)}; "
                         f"{cash_label(months)}: {_money(option.cash_by_horizon)}")
        if cost.capacity is not None:
            lines.append(f"    capacity: {cost.capacity.basis}")
        if cost.sizing:
            lines.append(f"    sizing: {cost.sizing}")
        if option.region:
            lines.append(f"    region: {option.region}")
        if option.excluded:
            lines.append(f"    NOT RECOMMENDABLE, residency: {option.excluded}")
        if cost.overflow_share is not None:
            lines.append(f"    overflow: {cost.overflow_share:.1%} of the requests")
        for note in option.notes:
            lines.append(f"    note: {note}")
    if any(option.tco_differs_from_cash for option in plan.options):
        lines.append(f"  {tco_and_cash_note(months)}")
    return lines


def _head(plan: Plan) -> list[str]:
    workload = plan.workload
    per_day = workload.hourly_requests * workload.hours_per_day
    words = ""
    if workload.in_words:
        words = f" ({workload.tokens_per_word:g} tokens a word)"
    return [
        plan.scenario,
        f"  workload  {workload.hourly_requests:,.2f} requests per service hour "
        f"({per_day:,.0f} a day), {workload.prompt_tokens:,.0f} + "
        f"{workload.completion_tokens:,.0f} tokens per request{words}, "
        f"{workload.hours_per_day:g} h x {workload.days_per_year:g} days a year",
        *([f"  residency data processed only in: {', '.join(plan.residency)}"]
          if plan.residency else []),
        "",
    ]


def _memory(plan: Plan) -> list[str]:
    memory = plan.memory
    if memory is None:
        return []
    lines = ["", f"Memory of {memory.model} ({memory.rule}):",
             f"  parameters     {memory.params:,} ({memory.params_basis})",
             f"  weights        {format_gb(memory.weights_bytes)} (as served)",
             f"  adapter        {format_gb(memory.adapter_bytes)} "
             f"({memory.trainable_params:,} trainable parameters)",
             f"  fine-tuning    {format_gb(memory.finetune_bytes)}{finetune_parts(memory)}",
             f"  serving        {format_gb(memory.serving_bytes)}"]
    if memory.activation_basis:
        lines.append(f"  assumption     {memory.activation_basis}")
    for item in memory.fits:
        lines.append(f"  fine-tuning on {item.option}: {item.sentence}")
    if memory.fit_note:
        lines.append(f"  fine-tuning fit: {memory.fit_note}")
    return lines


def finetune_parts(memory: Memory) -> str:
    """' = base 141.1 GB + trained 1.1 GB + activations 5.0 GB': what a fine-tuning run holds
    (empty for a plan without the split)."""
    parts = [(label, value) for label, value in (
        ("base", memory.finetune_weights_bytes), ("trained states", memory.trainable_bytes),
        ("activations", memory.activation_bytes)) if value]
    if len(parts) < 2:
        return ""
    return " = " + " + ".join(f"{label} {format_gb(value)}" for label, value in parts)


def _volumes(plan: Plan) -> list[str]:
    if not plan.volume_curve:
        return []
    lines = ["", "Cost at other volumes, per service hour and per year (capacity used):"]
    for point in plan.volume_curve:
        cells = []
        for name, per_year, per_hour, used, carries in point.costs:
            over = ", OVER CAPACITY" if carries is False else ""
            share = "" if used is None else f" ({used:.0%}{over})"
            cells.append(f"{name[:24]}: {_money(per_hour)}/h, {_money(per_year)}/year"
                         f"{share}")
        lines.append(f"  x{point.multiplier:<5g} {point.requests_per_hour:>11,.1f} req/h  "
                     + ";  ".join(cells))
    return lines


def _break_even_and_payback(plan: Plan) -> list[str]:
    lines = []
    if plan.break_even:
        lines += ["", "Break-even (equal yearly cost):"]
        for item in plan.break_even:
            if item.requests_per_day is None:
                lines.append(f"  {item.name}: {item.note}")
                continue
            volume = (f"{_count(item.requests_per_day)} requests = "
                      f"{_count(item.tokens_per_day)} tokens")
            if item.words_per_day is not None:
                volume += f" = {_count(item.words_per_day)} words"
            lines.append(f"  {item.name}: {volume} a day; {item.note}")
    if plan.payback:
        lines += ["", "Payback of buying (cumulative cash):"]
        for payback in plan.payback:
            lines.append(f"  {payback.name}: {payback.sentence}")
            if plan.decline_curves and payback.month_with_price_decline != payback.month:
                declined = payback.month_with_price_decline
                lines.append(f"    with API prices falling: "
                             f"{'not within the horizon' if declined is None else declined}")
    return lines


def _sensitivity_and_levers(plan: Plan) -> list[str]:
    lines = []
    if plan.sensitivity:
        lines += ["", f"Sensitivity: yearly cost with each input at -/+{plan.sensitivity_pct:g}%:"]
        for tornado in plan.sensitivity:
            lines.append(f"  {tornado.option} (base {_money(tornado.base)})")
            for bar in tornado.bars[:6]:
                lines.append(f"    {bar.label:<30} {_money(bar.low):>14} .. {_money(bar.high)}")
    if plan.levers:
        lines += ["", "Levers (yearly saving; negative: costs more):"]
        for lever in plan.levers:
            lines.append(f"  {lever.name}: {lever.assumption}")
            for option, before, after in lever.savings:
                saving = None if before is None or after is None else before - after
                share = f" ({saving / before:.0%})" if saving is not None and before else ""
                lines.append(f"    {option:<34} {_money(saving):>14}{share}")
    return lines


def _decision(plan: Plan) -> list[str]:
    recommendation = plan.recommendation
    lines = ["", f"Recommendation: {recommendation.option or 'none'}"]
    lines += [f"  - {reason}" for reason in recommendation.reasons]
    if plan.references:
        lines += ["", "Figures quoted by the source, checked:"]
        for check in plan.references:
            verdict = "agrees" if check.agrees else "DIFFERS"
            computed = "-" if check.computed is None else format_figure(check.computed)
            lines.append(f"  {check.label}: quoted {format_figure(check.quoted)}, "
                         f"computed {computed} [{verdict}]")
    if plan.notes:
        lines += ["", "Notes:"]
        lines += [f"  - {note}" for note in plan.notes]
    return lines


def format_plan(plan: Plan) -> str:
    """The whole plan as text, with the same figures as the JSON."""
    parts = (_head, _option_table, _memory, _volumes, _break_even_and_payback,
             _sensitivity_and_levers, _decision)
    return "\n".join(line for part in parts for line in part(plan))
