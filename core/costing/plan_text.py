"""The human-readable `llmplan cost` report of a Plan, in English or German: every label,
figure and sentence in the language asked for (core.i18n renders the messages the plan
holds; Babel formats numbers, money and percentages)."""

from core.costing.context import per_period
from core.costing.regions import jurisdiction_words
from core.costing.results import Memory, Plan, figure, gigabytes, month_text
from core.i18n.message import Arg, Count, Message, Name, Number, Share, msg, nmsg
from core.i18n.render import Translate, check_language, number, render

# The names of an option's two figures over the horizon and the sentence that tells them
# apart ({0}: the horizon in months); the CLI, the PDF (core/report/words.py translates these
# same texts) and the app use them.
TCO_LABEL = "cost over {0} months (depreciated)"
CASH_LABEL = "cash spent by month {0}"
TCO_AND_CASH_NOTE = (
    "The cost over {0} months (depreciated) spreads each server's price, less its residual "
    "value, over its depreciation period (with interest where a cost of capital is given) and "
    "one-off work (installation, integration) over its period, and counts only the months of "
    "the horizon, while the cash spent by month {0} counts every purchase and one-off payment "
    "in full in the month it is paid (at month 0, at the start of a year the load grows, and "
    "when servers are replaced), so the two differ until these are written off.")


def tco_label(months: int, language: str = "en") -> str:
    """The name of OptionResult.tco: the yearly cost (servers depreciated) over the horizon."""
    return Translate(language)(TCO_LABEL, Count(months))


def cash_label(months: int, language: str = "en") -> str:
    """The name of OptionResult.cash_by_horizon: what has been paid by the horizon's end."""
    return Translate(language)(CASH_LABEL, Count(months))


def tco_and_cash_note(months: int, language: str = "en") -> str:
    """The one sentence that explains why an option that buys hardware has two figures."""
    return Translate(language)(TCO_AND_CASH_NOTE, Count(months))


class _Writer:
    """Words and figures in one language."""

    def __init__(self, plan: Plan, language: str):
        self.plan = plan
        self.language = check_language(language)

    def __call__(self, item: Arg | None) -> str:
        """A message, label or user text in the language."""
        return render(item, self.language)

    def money(self, value: float | None) -> str:
        """A figure in the plan's currency with cents (the currency is in the table's head)."""
        return self(msg("unknown")) if value is None else number(value, 2, self.language)

    def count(self, value: float | None) -> str:
        return "-" if value is None else number(value, 0, self.language)


# The option table's columns: heading and narrowest width (a heading may widen it).
_COLUMNS = (
    (msg("per hour"), 10), (msg("per day"), 11), (msg("per month"), 12),
    (msg("per year"), 13), (msg("TCO"), 14), (msg("per 1k req"), 10), (msg("per 1M tok"), 10))


def _option_table(say: _Writer) -> list[str]:
    plan = say.plan
    months = plan.horizon_months
    widths = [max(width, len(say(heading))) for heading, width in _COLUMNS]
    lines = [say(msg("Options, year 1 ({currency}; a month is {days} days; TCO = {tco}):",
                     currency=Name(plan.currency), days=figure(plan.month_days),
                     tco=tco_label(months, say.language))),
             f"  {'':<34} " + " ".join(
                 f"{say(heading):>{width}}"
                 for (heading, _), width in zip(_COLUMNS, widths, strict=True))
             + "  " + say(msg("used"))]
    over = say(msg("OVER CAPACITY"))
    for option in plan.options:
        cost = option.cost
        used = "-" if cost.utilisation is None else say(Share(cost.utilisation))
        if cost.carries is False:
            used += f" {over}"
        figures = (option.per_hour, option.per_day, option.per_month, option.per_year,
                   option.tco, option.per_1k_requests, option.per_1m_tokens)
        lines.append(f"  {option.name[:34]:<34} " + " ".join(
            f"{say.money(value):>{width}}" for value, width in zip(figures, widths, strict=True))
            + f"  {used}")
        for line in cost.lines:
            per_hour, per_day, per_month = per_period(line.per_year, plan.workload,
                                                      plan.month_days)
            cells = (per_hour, per_day, per_month, line.per_year)
            lines.append(f"    {say(line.label)[:32]:<32} " + " ".join(
                f"{say.money(value):>{width}}" for value, width in zip(cells, widths, strict=False))
                + f"  {say(line.note)}")
        if cost.capex:
            lines.append("    " + say(msg("paid at month 0: {amount}",
                                          amount=Name(say.money(cost.capex)))))
        if option.tco_differs_from_cash:
            lines.append(f"    {tco_label(months, say.language)}: {say.money(option.tco)}; "
                         f"{cash_label(months, say.language)}: "
                         f"{say.money(option.cash_by_horizon)}")
        if cost.capacity is not None:
            lines.append("    " + say(msg("capacity: {basis}", basis=cost.capacity.basis)))
        if cost.sizing:
            lines.append("    " + say(msg("sizing: {sizing}", sizing=cost.sizing)))
        if option.region:
            lines.append("    " + say(msg("region: {region}", region=option.region)))
        if option.excluded:
            lines.append("    " + say(msg("NOT RECOMMENDABLE, residency: {reason}",
                                          reason=option.excluded)))
        if cost.overflow_share is not None:
            lines.append("    " + say(msg("overflow: {share} of the requests",
                                          share=Share(cost.overflow_share, 1))))
        for note in option.notes:
            lines.append("    " + say(msg("note: {note}", note=note)))
    if any(option.tco_differs_from_cash for option in plan.options):
        lines.append(f"  {tco_and_cash_note(months, say.language)}")
    return lines


def _head(say: _Writer) -> list[str]:
    plan = say.plan
    workload = plan.workload
    per_day = workload.hourly_requests * workload.hours_per_day
    args: dict[str, Arg] = {
        "requests": Number(workload.hourly_requests, 2), "per_day": Number(per_day),
        "prompt": Number(workload.prompt_tokens), "completion": Number(workload.completion_tokens),
        "hours": figure(workload.hours_per_day), "days": figure(workload.days_per_year)}
    if workload.in_words:
        text = msg("{requests} requests per service hour ({per_day} a day), {prompt} + "
                   "{completion} tokens per request ({words} tokens a word), {hours} h x {days} "
                   "days a year", words=figure(workload.tokens_per_word), **args)
    else:
        text = msg("{requests} requests per service hour ({per_day} a day), {prompt} + "
                   "{completion} tokens per request, {hours} h x {days} days a year", **args)
    lines = [plan.scenario, "  " + say(msg("workload")) + "  " + say(text)]
    if plan.residency:
        regions = ", ".join(say(jurisdiction_words(code)) for code in plan.residency)
        lines.append("  " + say(msg("residency")) + " " + say(msg(
            "data processed only in: {regions}", regions=Name(regions))))
    return [*lines, ""]


def _memory(say: _Writer) -> list[str]:
    memory = say.plan.memory
    if memory is None:
        return []
    rows: list[tuple[Message, Arg]] = [
        (msg("parameters"), msg("{count} ({basis})", count=Count(memory.params),
                                basis=memory.params_basis)),
        (msg("weights"), msg("{size} (as served)", size=gigabytes(memory.weights_bytes, 2))),
        (msg("adapter"), msg("{size} ({trainable})", size=gigabytes(memory.adapter_bytes, 2),
                             trainable=nmsg("{n} trainable parameter", "{n} trainable parameters",
                                            n=Count(memory.trainable_params)))),
        (msg("fine-tuning"), say(gigabytes(memory.finetune_bytes, 2))
         + finetune_parts(memory, say.language)),
        (msg("serving"), gigabytes(memory.serving_bytes, 2))]
    if memory.activation_basis:
        rows.append((msg("assumption"), memory.activation_basis))
    width = max(15, *(len(say(label)) + 1 for label, _ in rows))
    lines = ["", say(msg("Memory of {model} ({rule}):", model=Name(memory.model),
                         rule=memory.rule))]
    lines += [f"  {say(label):<{width}}{say(value)}" for label, value in rows]
    for item in memory.fits:
        lines.append("  " + say(msg("fine-tuning on {option}: {verdict}", option=Name(item.option),
                                    verdict=item.sentence)))
    if memory.fit_note:
        lines.append("  " + say(msg("fine-tuning fit: {note}", note=memory.fit_note)))
    return lines


def finetune_parts(memory: Memory, language: str = "en") -> str:
    """' = base 141.10 GB + trained states 1.10 GB + activations 5.00 GB': what a fine-tuning
    run holds (empty for a plan without the split)."""
    parts = [(label, value) for label, value in (
        (msg("base"), memory.finetune_weights_bytes),
        (msg("trained states"), memory.trainable_bytes),
        (msg("activations"), memory.activation_bytes)) if value]
    if len(parts) < 2:
        return ""
    return " = " + " + ".join(f"{render(label, language)} "
                              f"{render(gigabytes(value, 2), language)}"
                              for label, value in parts)


def _volumes(say: _Writer) -> list[str]:
    plan = say.plan
    if not plan.volume_curve:
        return []
    lines = ["", say(msg("Cost at other volumes, per service hour and per year (capacity "
                         "used):"))]
    for point in plan.volume_curve:
        cells = []
        for name, per_year, per_hour, used, carries in point.costs:
            args: dict[str, Arg] = {"option": Name(name[:24]),
                                    "per_hour": Name(say.money(per_hour)),
                                    "per_year": Name(say.money(per_year))}
            if used is None:
                cell = msg("{option}: {per_hour}/h, {per_year}/year", **args)
            elif carries is False:
                cell = msg("{option}: {per_hour}/h, {per_year}/year ({used}, OVER CAPACITY)",
                           used=Share(used), **args)
            else:
                cell = msg("{option}: {per_hour}/h, {per_year}/year ({used})",
                           used=Share(used), **args)
            cells.append(say(cell))
        multiplier = "x" + say(figure(point.multiplier, 2))
        rate = say(msg("{requests} req/h", requests=Number(point.requests_per_hour, 1)))
        lines.append(f"  {multiplier:<6} {rate:>17}  " + ";  ".join(cells))
    return lines


def _break_even_and_payback(say: _Writer) -> list[str]:
    plan = say.plan
    lines = []
    if plan.break_even:
        lines += ["", say(msg("Break-even (equal yearly cost):"))]
        for item in plan.break_even:
            if item.requests_per_day is None:
                lines.append(f"  {say(item.title)}: {say(item.note)}")
                continue
            args: dict[str, Arg] = {"requests": Name(say.count(item.requests_per_day)),
                                    "tokens": Name(say.count(item.tokens_per_day))}
            if item.words_per_day is not None:
                volume = msg("{requests} requests = {tokens} tokens = {words} words a day",
                             words=Name(say.count(item.words_per_day)), **args)
            else:
                volume = msg("{requests} requests = {tokens} tokens a day", **args)
            lines.append(f"  {say(item.title)}: {say(volume)}; {say(item.note)}")
    if plan.payback:
        lines += ["", say(msg("Payback of buying (cumulative cash):"))]
        for payback in plan.payback:
            lines.append(f"  {say(payback.title)}: {say(payback.sentence)}")
            if plan.decline_curves and payback.month_with_price_decline != payback.month:
                declined = month_text(payback.month_with_price_decline)
                lines.append("    " + say(msg("with API prices falling: {result}",
                                              result=declined)))
    return lines


def _sensitivity_and_levers(say: _Writer) -> list[str]:
    plan = say.plan
    lines = []
    if plan.sensitivity:
        pct = figure(plan.sensitivity_pct, 2)
        lines += ["", say(msg("Sensitivity: yearly cost with each input at -/+{pct}:",
                              pct=Share(plan.sensitivity_pct / 100, pct.digits)))]
        for tornado in plan.sensitivity:
            lines.append(f"  {tornado.option} " + say(msg("(base {cost})", cost=Name(
                say.money(tornado.base)))))
            for bar in tornado.bars[:6]:
                lines.append(f"    {say(bar.label):<30} {say.money(bar.low):>14} .. "
                             f"{say.money(bar.high)}")
    if plan.levers:
        lines += ["", say(msg("Levers (yearly saving; negative: costs more):"))]
        for lever in plan.levers:
            lines.append(f"  {say(lever.name)}: {say(lever.assumption)}")
            for option, before, after in lever.savings:
                saving = None if before is None or after is None else before - after
                share = f" ({say(Share(saving / before))})" \
                    if saving is not None and before else ""
                lines.append(f"    {option:<34} {say.money(saving):>14}{share}")
    return lines


def _decision(say: _Writer) -> list[str]:
    plan = say.plan
    recommendation = plan.recommendation
    head = msg("Recommendation: {option}", option=Name(recommendation.option)) \
        if recommendation.option else msg("Recommendation: none")
    lines = ["", say(head)]
    lines += [f"  - {say(reason)}" for reason in recommendation.reasons]
    if plan.references:
        lines += ["", say(msg("Figures quoted by the source, checked:"))]
        for check in plan.references:
            args: dict[str, Arg] = {
                "figure": Name(check.label), "quoted": figure(check.quoted),
                "computed": "-" if check.computed is None else figure(check.computed)}
            lines.append("  " + say(
                msg("{figure}: quoted {quoted}, computed {computed} [agrees]", **args)
                if check.agrees else
                msg("{figure}: quoted {quoted}, computed {computed} [DIFFERS]", **args)))
    if plan.notes:
        lines += ["", say(msg("Notes:"))]
        lines += [f"  - {say(note)}" for note in plan.notes]
    return lines


def format_plan(plan: Plan, language: str = "en") -> str:
    """The whole plan as text in `language` ('en', 'de'), with the same figures as the JSON."""
    say = _Writer(plan, language)
    parts = (_head, _option_table, _memory, _volumes, _break_even_and_payback,
             _sensitivity_and_levers, _decision)
    return "\n".join(line for part in parts for line in part(say))
