"""What one option costs at one volume: pay-per-token API, rented GPUs, or servers bought.

All money is in the scenario's currency (options are converted before they get here). A price
that is not known makes the total None ("unknown"), never 0.
"""

import math
from dataclasses import dataclass, field

from core.costing.capacity import (
    Capacity,
    as_given,
    count_of,
    replicas_needed,
    sizing_text,
    units_for,
)
from core.costing.scenario import (
    ApiOption,
    CloudOption,
    OnPremOption,
    Part,
    SelfHosting,
    Workload,
    fixed_servers,
)
from core.errors import InputError
from core.hardware.gpus import GpuSpec
from core.i18n.message import (
    UNSAID,
    Arg,
    Count,
    Message,
    Money,
    Name,
    Number,
    Share,
    Text,
    msg,
    nmsg,
    silent,
    term,
)

HOURS_PER_YEAR = 8760.0
# "1 token is about 4 characters of English text" (OpenAI tokenizer guide): UTF-8 payload bytes.
BYTES_PER_TOKEN = 4.0


@dataclass(frozen=True)
class CostLine:
    """One item of an option's yearly cost: its label and note are words for people."""

    label: Text
    per_year: float | None  # recurring, at the year's volume; None = price unknown
    one_off: float = 0.0  # cash at month 0 (purchase, installation)
    cash: bool = True  # False for depreciation and capital cost (no monthly payment)
    note: Text = ""


# The labels of the self-hosting lines every self-hosted option carries (levers.py and
# operation_lines find them by these).
STAFF = msg("staff")
FINETUNE_RUNS = msg("fine-tuning runs")


@dataclass(frozen=True)
class Shortfall:
    """An option past its capacity: the share of the peak load its paid units carry."""

    option: str
    share: float  # of the peak load, 0..1
    units: int  # servers or instances that carry it (0 for an API)
    unit: str  # "server", "instance", or "" for an API's rate limit
    year: int = 1  # the first year of the horizon it falls short in

    @property
    def sentence(self) -> Text:
        """e.g. 'Existing 2x L40S carries only 28% of the peak load at its 1 server'."""
        option, share, units = Name(self.option), Share(self.share), Count(self.units)
        text: Text
        if self.unit == "server":
            text = nmsg("{option} carries only {share} of the peak load at its {n} server",
                        "{option} carries only {share} of the peak load at its {n} servers",
                        option=option, share=share, n=units)
        elif self.unit:
            text = nmsg("{option} carries only {share} of the peak load at its {n} instance",
                        "{option} carries only {share} of the peak load at its {n} instances",
                        option=option, share=share, n=units)
        else:
            text = msg("{option} carries only {share} of the peak load within its rate limit",
                       option=option, share=share)
        if self.year > 1:
            return msg("by year {year}, {sentence}", year=Count(self.year), sentence=text)
        return text


def _shortfall(name: str, carried_per_hour: float, peak: float, units: int,
               unit: str) -> Shortfall:
    # share of the peak carried: what the paid units carry per hour / the peak per hour
    return Shortfall(name, carried_per_hour / peak if peak > 0 else 0.0, units, unit)


@dataclass(frozen=True)
class OptionCost:
    """An option's cost at one volume, itemised."""

    name: str
    kind: str
    lines: tuple[CostLine, ...]
    per_year: float | None
    capex: float
    units: int  # instances or servers paid for (0 for an API)
    serving_units: int
    utilisation: float | None  # load over the capacity of the serving units, in service hours
    carries: bool | None  # None: not checked
    capacity: Capacity | None
    notes: tuple[Text, ...] = field(default=())
    shortfall: Shortfall | None = None  # set when carries is False: how much is carried
    peak: float | None = None  # requests per service hour at the peak (self-hosted, sized)
    output_tokens: float = 0.0  # per request
    overflow_share: float | None = None  # a hybrid: the share of requests its overflow takes

    @property
    def sizing(self) -> Text:
        """Why the replica count is what it is (capacity.sizing_text); written when asked
        for, as the cost curves price each option at many volumes."""
        if self.peak is None or self.capacity is None:
            return ""
        return sizing_text(self.peak, self.capacity, self.output_tokens)

    @property
    def cash_per_year(self) -> float | None:
        """Recurring payments, without depreciation and capital cost."""
        if self.per_year is None:
            return None
        return sum(line.per_year or 0.0 for line in self.lines if line.cash)


def _sum(lines: list[CostLine]) -> float | None:
    if any(line.per_year is None for line in lines):
        return None
    return sum(line.per_year or 0.0 for line in lines)


def _ceil_to(value: float, step: float) -> float:
    # A hair of tolerance so that 300.0000001 billed seconds stay 300.
    return math.ceil(value / step - 1e-9) * step


def requests_per_year(workload: Workload, volume: float) -> float:
    """Requests a year at `volume` requests per service hour."""
    return volume * workload.hours_per_day * workload.days_per_year


def money(amount: float | None, currency: str | None, digits: int = 0) -> Arg:
    """An amount in the option's currency (converted to the plan's before costing); a bare
    figure when no currency is set; 'unknown' for a price nobody knows."""
    if silent():
        return UNSAID
    if currency:
        return Money(amount, currency, digits)
    return term("unknown") if amount is None else Number(amount, digits)


def _price(price: float | None, factor: float, currency: str | None) -> Arg:
    """A unit price to 4 significant digits (2.154, 0.075, 3.696)."""
    if silent():
        return UNSAID
    if price is None:
        return money(None, currency)
    value = price * factor
    text = f"{value:.4g}"
    return money(value, currency, 0 if "e" in text else len(text.partition(".")[2]))


def _per_day_hours(hours_per_day: float, days_per_year: float) -> Text:
    """'12 h x 250 days'."""
    return msg("{hours} h x {days} days", hours=as_given(hours_per_day),
               days=as_given(days_per_year))


ALL_YEAR = msg("24 h x 365 days")




# --- the three kinds ---------------------------------------------------------------------------


def api_cost(option: ApiOption, workload: Workload, volume: float,
             price_factor: float = 1.0, common: SelfHosting | None = None,
             horizon_years: float = 3.0) -> OptionCost:
    """Pay-per-token cost at `volume` requests per service hour; `price_factor` scales prices
    (an API price-decline scenario)."""
    requests = requests_per_year(workload, volume)
    prompt, completion = workload.prompt_tokens, workload.completion_tokens
    currency = option.currency
    notes: list[Text] = []
    price_in, price_out = option.price_in_per_m, option.price_out_per_m
    threshold = option.long_context_threshold
    if option.fine_tuned:
        # A fine-tuned model is billed at its own prices (OpenAI, Mistral, Together price
        # list: above the base model's), with no long-context tier of its own.
        price_in, price_out = option.price_in_finetuned_per_m, option.price_out_finetuned_per_m
        notes.append(msg("fine-tuned model: inference at the fine-tuned prices")
                     if price_in is not None and price_out is not None else
                     msg("fine-tuned model: inference at the fine-tuned prices (a fine-tuned "
                         "price is unknown: give price_in_finetuned_per_m and "
                         "price_out_finetuned_per_m)"))
    elif threshold is not None and prompt > threshold:
        # LiteLLM's *_above_128k_tokens convention: the tier rate bills the whole prompt.
        price_in = option.price_in_long_per_m if option.price_in_long_per_m is not None \
            else price_in
        price_out = option.price_out_long_per_m if option.price_out_long_per_m is not None \
            else price_out
        notes.append(msg("prompts of {tokens} tokens are above {threshold}: long-context "
                         "prices apply", tokens=Number(prompt), threshold=Number(threshold)))
    hit = option.cache_hit_rate
    cached_price = option.price_cached_in_per_m
    if hit > 0 and cached_price is None:
        notes.append(msg("no cached-input price given: cached tokens billed at the full price"))
        cached_price = price_in
    written = option.cache_write_rate
    write_price = option.price_cache_write_per_m
    if written > 0 and write_price is None:
        notes.append(msg("no cache-write price given: tokens written to the cache billed at the "
                         "input price"))
        write_price = price_in
    lines = []
    batch_factor = 1 - option.batch_share * option.batch_discount
    token_lines: tuple[tuple[Message, float, float | None, bool], ...] = (
        (msg("input tokens"), prompt * (1 - hit - written), price_in, True),
        (msg("cached input tokens"), prompt * hit, cached_price, False),
        (msg("input tokens written to the cache"), prompt * written, write_price, False),
        (msg("output tokens"), completion, price_out, True))
    for label, tokens, price, always in token_lines:
        if tokens == 0 and not always:
            continue
        amount = None if price is None else \
            requests * tokens * price * price_factor / 1e6 * batch_factor
        lines.append(CostLine(label, amount, note=msg(
            "{tokens}M tokens a year at {price} per 1M", tokens=Number(requests * tokens / 1e6, 1),
            price=_price(price, price_factor, currency))))
    if option.batch_share and option.batch_discount:
        notes.append(msg("{share} of requests through the batch API at {discount} off",
                         share=Share(option.batch_share), discount=Share(option.batch_discount)))
    training_tokens = option.training_tokens_per_run * option.finetune_runs_per_year
    if training_tokens:
        price = option.training_price_per_m
        amount = None if price is None else training_tokens * price * price_factor / 1e6
        lines.append(CostLine(msg("fine-tuning (training tokens)"), amount, note=nmsg(
            "{n} run x {tokens}M tokens", "{n} runs x {tokens}M tokens",
            n=count_of(option.finetune_runs_per_year),
            tokens=Number(option.training_tokens_per_run / 1e6, 1))))
    if option.hosting_per_hour:
        lines.append(CostLine(msg("fine-tuned model hosting"), option.hosting_per_hour
                              * HOURS_PER_YEAR * price_factor,
                              note=msg("{price} per hour x {when}",
                                       price=money(option.hosting_per_hour, currency, 2),
                                       when=ALL_YEAR)))
    lines += operation_lines(option, common or SelfHosting(), horizon_years, notes)
    carries: bool | None = None
    utilisation = None
    shortfall = None
    if option.rate_limit_tokens_per_minute:
        per_minute = volume * workload.peak_to_average * workload.tokens_per_request / 60
        utilisation = per_minute / option.rate_limit_tokens_per_minute
        carries = utilisation <= 1
        if not carries:
            notes.append(msg("peak {tokens} tokens/minute exceeds the rate limit {limit}",
                             tokens=Number(per_minute),
                             limit=Number(option.rate_limit_tokens_per_minute)))
            # the rate limit carries 1/utilisation of the peak
            shortfall = Shortfall(option.name, 1 / utilisation, 0, "")
    if any(line.per_year is None for line in lines):
        notes.append(msg("a price is unknown: the total is unknown"))
    return OptionCost(option.name, "api", tuple(lines), _sum(lines), option.integration, 0, 0,
                      utilisation, carries, None, tuple(notes), shortfall)


def _staff_line(fte: float, common: SelfHosting, currency: str | None) -> CostLine:
    return CostLine(STAFF, fte * common.staff_cost_per_fte_year,
                    note=msg("{fte} FTE x {cost} a year", fte=as_given(fte),
                             cost=money(common.staff_cost_per_fte_year, currency)))


def self_hosting_lines(common: SelfHosting, currency: str | None = None) -> list[CostLine]:
    """Staff and fine-tuning runs, money in `currency` (the plan's)."""
    lines = []
    if common.staff_fte:
        lines.append(_staff_line(common.staff_fte, common, currency))
    if common.finetune_runs_per_year:
        lines.append(CostLine(FINETUNE_RUNS,
                              common.finetune_runs_per_year * common.finetune_cost_per_run,
                              note=nmsg("{n} run x {cost}", "{n} runs x {cost}",
                                        n=count_of(common.finetune_runs_per_year),
                                        cost=money(common.finetune_cost_per_run, currency, 2))))
    return lines


def operation_lines(option: ApiOption | CloudOption | OnPremOption, common: SelfHosting,
                    horizon_years: float, notes: list[Text]) -> list[CostLine]:
    """Staff and integration, for every kind of option: staff from the option, else the
    self-hosting staff for servers and rented GPUs; an API without its own figure counts none,
    and says so."""
    self_hosted = not isinstance(option, ApiOption)
    currency = option.currency
    shared = self_hosting_lines(common, currency)
    lines = []
    if option.staff_fte is not None:
        if option.staff_fte:
            lines.append(_staff_line(option.staff_fte, common, currency))
    elif self_hosted:
        lines += [line for line in shared if line.label == STAFF]
    else:
        notes.append(msg("no staff counted for integrating and running the API (give "
                         "staff_fte)"))
    if self_hosted:
        lines += [line for line in shared if line.label != STAFF]
    if option.integration:
        lines.append(CostLine(msg("integration"), option.integration / horizon_years,
                              one_off=option.integration, cash=False,
                              note=msg("{amount} one-off, spread over the {years}-year horizon",
                                       amount=money(option.integration, currency),
                                       years=as_given(horizon_years))))
    return lines


def _transfer_lines(option: CloudOption, workload: Workload, requests: float) -> list[CostLine]:
    lines = []
    currency = option.currency
    if option.transfer_per_request:
        per_request = option.transfer_per_request
        lines.append(CostLine(msg("data transfer"), requests * per_request,
                              note=nmsg("{n} request x {price}", "{n} requests x {price}",
                                        n=count_of(round(requests)),
                                        price=money(per_request, currency,
                                                    as_given(per_request).digits))))
    if option.transfer_per_gb:
        payload = workload.payload_bytes_per_request
        if payload is None:
            payload = workload.tokens_per_request * BYTES_PER_TOKEN
        gigabytes = requests * payload / 1e9
        lines.append(CostLine(msg("data transfer (per GB)"), gigabytes * option.transfer_per_gb,
                              note=msg("{gigabytes} GB a year", gigabytes=Number(gigabytes, 1))))
    if option.storage_gb:
        lines.append(CostLine(msg("storage"),
                              option.storage_gb * option.storage_per_gb_month * 12,
                              note=msg("{gigabytes} GB", gigabytes=Number(option.storage_gb))))
    return lines


@dataclass(frozen=True)
class _Rented:
    """The instance lines of a cloud option and what they buy."""

    lines: list[CostLine]
    units: int  # instances paid for
    serving: int  # of them serving the load
    utilisation: float | None
    carries: bool | None
    shortfall: Shortfall | None = None


def _billed_while_serving(option: CloudOption, workload: Workload, volume: float,
                          capacity: Capacity, per_second: float | None) -> _Rented:
    """On-demand (serverless) billing: the instance-seconds requests keep busy, rounded up to
    the billing granularity each service hour."""
    seconds = option.seconds_per_request
    per_unit_rate = capacity.requests_per_hour_per_unit
    if seconds is None and per_unit_rate:
        seconds = 3600 / per_unit_rate
    if seconds is None:
        return _Rented([CostLine(msg("instances (billed while serving)"), None,
                                 note=msg("needs seconds_per_request or a GPU to size from"))],
                       0, 0, None, None)
    peak = volume * workload.peak_to_average
    busy_per_hour = volume * seconds
    billed = _ceil_to(busy_per_hour, option.billing_granularity_s)
    hours = workload.hours_per_day * workload.days_per_year
    keep = 1 - option.discount
    amount = None if per_second is None else billed * per_second * hours * keep
    units = max(1, math.ceil(peak * seconds / 3600 - 1e-9)) if volume else 0
    utilisation = busy_per_hour / 3600 / max(1, math.ceil(busy_per_hour / 3600 - 1e-9))
    line = CostLine(msg("instances (billed while serving)"), amount,
                    note=_with_discount(msg(
                        "{seconds} instance-seconds per service hour x {price} per second",
                        seconds=Number(busy_per_hour),
                        price=_price(per_second, 1, option.currency)), option))
    carries = option.max_instances is None or units <= option.max_instances
    shortfall = None
    if not carries and option.max_instances is not None:
        # the quota's instances, each busy 3600 s an hour at `seconds` per request
        shortfall = _shortfall(option.name, option.max_instances * 3600 / seconds, peak,
                               option.max_instances, "instance")
    return _Rented([line], units, units, utilisation, carries, shortfall)


def _billed_by_the_hour(option: CloudOption, workload: Workload, volume: float,
                        capacity: Capacity, per_second: float | None,
                        notes: list[Text]) -> _Rented:
    """Instances kept running (always on, or through the service hours): the replicas the
    peak needs, plus spares."""
    peak = volume * workload.peak_to_average
    per_unit_rate = capacity.requests_per_hour_per_unit
    needed = replicas_needed(peak, capacity)
    replicas = max(option.min_replicas, needed or 1)
    serving = units_for(replicas, capacity)
    units = units_for(replicas + option.spare_replicas, capacity)
    when: Text
    if option.billing == "always_on":
        hours, when = HOURS_PER_YEAR, ALL_YEAR
    else:
        hours = _ceil_to(workload.hours_per_day, option.billing_granularity_s / 3600) \
            * workload.days_per_year
        when = _per_day_hours(workload.hours_per_day, workload.days_per_year)
    per_hour = None if per_second is None else per_second * 3600
    keep = 1 - option.discount
    lines = []
    spare = units - serving
    for label, count in ((msg("instances serving ({n})", n=Count(serving)), serving),
                         (msg("spare instances ({n})", n=Count(spare)), spare)):
        if count:
            amount = None if per_hour is None else count * per_hour * hours * keep
            lines.append(CostLine(label, amount, note=_with_discount(msg(
                "{count} x {price} per hour x {when}", count=Count(count),
                price=_price(per_hour, 1, option.currency), when=when), option)))
    utilisation = None
    carries: bool | None = None
    if per_unit_rate is not None and serving:
        utilisation = volume / (per_unit_rate * serving) if per_unit_rate else math.inf
        carries = peak <= per_unit_rate * serving * (1 + 1e-9)
    if option.max_instances is not None and units > option.max_instances:
        carries = False
        notes.append(nmsg("needs {n} instance, the quota is {quota}",
                          "needs {n} instances, the quota is {quota}", n=Count(units),
                          quota=Count(option.max_instances)))
    shortfall = None
    if carries is False and per_unit_rate is not None:
        carrying = min(serving, option.max_instances or serving)
        shortfall = _shortfall(option.name, per_unit_rate * carrying, peak, carrying,
                               "instance")
    return _Rented(lines, units, serving, utilisation, carries, shortfall)


def _with_discount(note: Text, option: CloudOption) -> Text:
    """The note with the option's discount after it, when it has one."""
    if not option.discount:
        return note
    return msg("{note}, {share} discount", note=note, share=Share(option.discount))


def cloud_cost(option: CloudOption, workload: Workload, volume: float, capacity: Capacity,
               common: SelfHosting, horizon_years: float = 3.0) -> OptionCost:
    """Rented instances at `volume` requests per service hour."""
    requests = requests_per_year(workload, volume)
    per_second = option.price_per_second
    if per_second is None and option.price_per_hour is not None:
        per_second = option.price_per_hour / 3600
    notes: list[Text] = []
    if option.billing == "on_demand":
        rented = _billed_while_serving(option, workload, volume, capacity, per_second)
    else:
        rented = _billed_by_the_hour(option, workload, volume, capacity, per_second, notes)
    lines = rented.lines + _transfer_lines(option, workload, requests)
    lines += operation_lines(option, common, horizon_years, notes)
    if per_second is None:
        notes.append(msg("the instance price is unknown: the total is unknown"))
    peak = None if option.billing == "on_demand" else volume * workload.peak_to_average
    return OptionCost(option.name, "cloud", tuple(lines), _sum(lines), option.integration,
                      rented.units,
                      rented.serving, rented.utilisation, rented.carries, capacity, tuple(notes),
                      rented.shortfall, peak, workload.completion_tokens)


def capital_recovery_factor(rate: float, years: float) -> float:
    """r(1+r)^n / ((1+r)^n - 1): the yearly payment that repays 1 over n years at rate r."""
    # expm1/log1p keep (1+r)^n - 1 exact for tiny rates, where it would round to 0.
    gained = math.expm1(years * math.log1p(rate))
    if gained == 0:
        return 1 / years
    return rate * (gained + 1) / gained


def _owned_lines(option: OnPremOption, total: int) -> tuple[list[CostLine], float | None]:
    """Servers already owned: nothing bought; a remaining book value is written off over the
    remaining life (a non-cash line, as the books show it). The price they were bought at, when
    given, is the base of the maintenance share."""
    lines = []
    if option.book_value:
        years = option.remaining_life_years or option.depreciation_years
        lines.append(CostLine(msg("remaining book value"), option.book_value / years,
                              cash=False, note=nmsg(
                                  "{amount} written off over {n} remaining year; nothing is "
                                  "bought",
                                  "{amount} written off over {n} remaining years; nothing is "
                                  "bought", amount=money(option.book_value, option.currency),
                                  n=count_of(years))))
    hardware = None if option.server_price is None else option.server_price * total
    return lines, hardware


def _server_lines(option: OnPremOption, total: int, rate: float) -> tuple[list[CostLine],
                                                                          float | None]:
    """The servers and their installation as yearly capital cost; with the hardware price."""
    if option.owned:
        return _owned_lines(option, total)
    price = option.server_price
    years = option.depreciation_years
    currency = option.currency
    label = msg("servers ({n})", n=Count(total))
    if price is None:
        lines = [CostLine(label, None, cash=False, note=msg("server price unknown"))]
        hardware = None
    else:
        hardware = price * total
        residual = hardware * option.residual_share
        # Capital recovery net of the residual value's present worth (REFERENCES: methods).
        yearly = (hardware - residual / (1 + rate) ** years) \
            * capital_recovery_factor(rate, years)
        how = (nmsg("depreciation over {n} year", "depreciation over {n} years",
                    n=count_of(years)) if rate == 0 else
               nmsg("capital recovery over {n} year at {rate}",
                    "capital recovery over {n} years at {rate}", n=count_of(years),
                    rate=Share(rate, 1)))
        note = (msg("{count} x {price}, {how}, {residual} residual", count=Count(total),
                    price=money(price, currency), how=how,
                    residual=Share(option.residual_share)) if residual else
                msg("{count} x {price}, {how}", count=Count(total), price=money(price, currency),
                    how=how))
        lines = [CostLine(label, yearly, one_off=hardware, cash=False, note=note)]
    if option.installation:
        lines.append(CostLine(msg("installation"), option.installation / years,
                              one_off=option.installation, cash=False,
                              note=nmsg("{amount} spread over {n} year",
                                        "{amount} spread over {n} years",
                                        amount=money(option.installation, currency),
                                        n=count_of(years))))
    return lines, hardware


def _idle_watts(option: OnPremOption, gpu: GpuSpec | None, gpu_watts: float,
                notes: list[Text]) -> tuple[float, Text]:
    """A server's draw when idle, and where the figure comes from."""
    per_gpu = option.idle_watts_per_gpu
    basis: Text = msg("given")
    if per_gpu is None and gpu is not None and gpu.idle_watts:
        per_gpu, basis = gpu.idle_watts, msg("measured idle draw of the {gpu}",
                                             gpu=Name(gpu.name))
    if per_gpu is None:
        per_gpu, basis = 0.0, msg("GPU idle draw unknown, counted as 0 W (a lower bound)")
        notes.append(msg("{option}: the GPUs' idle draw is unknown and counted as 0 W; give "
                         "idle_watts_per_gpu", option=Name(option.name)))
    per_gpu = min(per_gpu, gpu_watts)
    host = option.host_idle_watts if option.host_idle_watts is not None else option.host_watts
    return option.gpus_per_server * per_gpu + min(host, option.host_watts), basis


def _power_lines(option: OnPremOption, workload: Workload, gpu: GpuSpec | None, total: int,
                 serving: int, utilisation: float | None, notes: list[Text]) -> list[CostLine]:
    """Electricity while the servers are on: idle draw plus the share of the rest the load
    takes (power = idle + (peak - idle) x load, the linear power model of SPECpower-style
    server measurements), PUE included; colocation by the kW."""
    gpu_watts = option.gpu_watts if option.gpu_watts is not None else (
        gpu.tdp_watts if gpu and gpu.tdp_watts else None)
    if gpu_watts is None:
        return [CostLine(msg("power"), None,
                         note=msg("GPU watts unknown: give gpu_watts or a GPU"))]
    server_watts = option.gpus_per_server * gpu_watts + option.host_watts
    idle_watts, idle_basis = _idle_watts(option, gpu, gpu_watts, notes)
    service_hours = workload.hours_per_day * workload.days_per_year
    hours_on = HOURS_PER_YEAR if option.power_hours == "always_on" else service_hours
    load_note: Text
    if option.utilisation is not None:
        average_load, load_note = option.utilisation, msg("given")
    elif utilisation is not None:
        # Load only in service hours, spread over every server that is switched on.
        average_load = min(1.0, utilisation * serving / total * service_hours / hours_on)
        load_note = msg("from the load")
    else:
        average_load, load_note = 1.0, msg("unknown, full load assumed")
    watts = idle_watts + (server_watts - idle_watts) * average_load
    kwh = total * watts * option.pue * hours_on / 1000
    amount = None if option.price_per_kwh is None else kwh * option.price_per_kwh
    when = ALL_YEAR if option.power_hours == "always_on" else \
        _per_day_hours(workload.hours_per_day, workload.days_per_year)
    lines = [CostLine(msg("power"), amount, note=msg(
        "{servers} x ({idle} W idle ({idle_basis}) + {rest} W x {load} load ({load_basis})) x "
        "{when} x PUE {pue} = {kwh} kWh x {price}", servers=Count(total),
        idle=Number(idle_watts), idle_basis=idle_basis, rest=Number(server_watts - idle_watts),
        load=Share(average_load), load_basis=load_note, when=when, pue=as_given(option.pue),
        kwh=Number(kwh), price=_price(option.price_per_kwh, 1, option.currency)))]
    if option.colocation_per_kw_month:
        kw = total * server_watts / 1000
        per_kw = option.colocation_per_kw_month
        lines.append(CostLine(msg("colocation"), kw * per_kw * 12,
                              note=msg("{kw} kW x {price} per kW-month", kw=Number(kw, 1),
                                       price=money(per_kw, option.currency,
                                                   as_given(per_kw).digits))))
    return lines


def _upkeep_lines(option: OnPremOption, total: int, hardware: float | None) -> list[CostLine]:
    """Rack space, maintenance and licences."""
    lines = []
    currency = option.currency
    if option.rack_per_server_month:
        lines.append(CostLine(msg("rack space"), total * option.rack_per_server_month * 12))
    if option.maintenance_per_year is not None:
        lines.append(CostLine(msg("maintenance"), total * option.maintenance_per_year,
                              note=msg("{count} x {amount} a year", count=Count(total),
                                       amount=money(option.maintenance_per_year, currency))))
    elif option.maintenance_share_per_year:
        unknown = msg("hardware price unknown: give server_price or maintenance_per_year")
        lines.append(CostLine(msg("maintenance"), None if hardware is None else
                              hardware * option.maintenance_share_per_year,
                              note=unknown if hardware is None else
                              msg("{share} of the hardware a year",
                                  share=Share(option.maintenance_share_per_year))))
    if option.licence_per_gpu_year:
        gpus = total * option.gpus_per_server
        lines.append(CostLine(msg("licences"), gpus * option.licence_per_gpu_year,
                              note=nmsg("{n} GPU x {price}", "{n} GPUs x {price}", n=Count(gpus),
                                        price=money(option.licence_per_gpu_year, currency))))
    return lines


def onprem_cost(option: OnPremOption, workload: Workload, volume: float, capacity: Capacity,
                common: SelfHosting, gpu: GpuSpec | None, horizon_years: float = 3.0,
                ) -> OptionCost:
    """Servers bought (or already owned) and run, at `volume` requests per service hour."""
    peak = volume * workload.peak_to_average
    per_unit_rate = capacity.requests_per_hour_per_unit
    notes: list[Text] = []
    fixed = fixed_servers(option)
    if fixed is not None:
        serving = fixed
    else:
        needed = replicas_needed(peak, capacity)
        serving = max(option.min_servers, units_for(needed or 1, capacity))
    total = serving + option.spare_servers + option.finetune_servers
    utilisation = None
    if per_unit_rate:
        utilisation = volume / (per_unit_rate * serving) if serving else None
    lines, hardware = _server_lines(option, total, common.cost_of_capital)
    lines += _power_lines(option, workload, gpu, total, serving, utilisation, notes)
    lines += _upkeep_lines(option, total, hardware)
    lines += operation_lines(option, common, horizon_years, notes)
    if option.owned:
        notes.append(nmsg("already owned: {n} server, nothing bought; its capacity is a hard "
                          "ceiling",
                          "already owned: {n} servers, nothing bought; their capacity is a "
                          "hard ceiling", n=Count(total)))
        life = option.remaining_life_years
        if life is not None and life < horizon_years:
            replacement = (msg("a replacement at the server price is in the cash curve")
                           if option.server_price is not None else
                           msg("the replacement is not priced (give server_price)"))
            notes.append(nmsg("its remaining life of {n} year ends within the {horizon}-year "
                              "horizon: {replacement}",
                              "its remaining life of {n} years ends within the {horizon}-year "
                              "horizon: {replacement}", n=count_of(life),
                              horizon=as_given(horizon_years), replacement=replacement))
    carries: bool | None = None
    shortfall = None
    if per_unit_rate is not None:
        carries = peak <= per_unit_rate * serving * (1 + 1e-9)
        if not carries and fixed is not None:
            notes.append(nmsg("{n} server carries {requests} requests/h; the peak is {peak}",
                              "{n} servers carry {requests} requests/h; the peak is {peak}",
                              n=Count(serving), requests=Number(per_unit_rate * serving),
                              peak=Number(peak)))
        if not carries:
            shortfall = _shortfall(option.name, per_unit_rate * serving, peak, serving, "server")
    capex = (0.0 if option.owned else (hardware or 0.0) + option.installation) \
        + option.integration
    return OptionCost(option.name, "onprem", tuple(lines), _sum(lines), capex, total, serving,
                      utilisation, carries, capacity, tuple(notes), shortfall, peak,
                      workload.completion_tokens)


def option_cost(option: Part, workload: Workload, volume: float, capacity: Capacity | None,
                common: SelfHosting, gpu: GpuSpec | None, price_factor: float = 1.0,
                horizon_years: float = 3.0) -> OptionCost:
    """Cost of an API, cloud or on-prem option at `volume` requests per service hour (a
    hybrid is priced from its parts: context.Context.cost)."""
    if volume < 0:
        raise InputError(f"volume must be >= 0, got {volume}")
    if isinstance(option, ApiOption):
        return api_cost(option, workload, volume, price_factor, common, horizon_years)
    assert capacity is not None
    if isinstance(option, CloudOption):
        return cloud_cost(option, workload, volume, capacity, common, horizon_years)
    return onprem_cost(option, workload, volume, capacity, common, gpu, horizon_years)
