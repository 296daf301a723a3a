"""What one option costs at one volume: pay-per-token API, rented GPUs, or servers bought.

All money is in the scenario's currency (options are converted before they get here). A price
that is not known makes the total None ("unknown"), never 0.
"""

import math
from dataclasses import dataclass, field

from core.costing.capacity import Capacity, replicas_needed, sizing_text, units_for
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

HOURS_PER_YEAR = 8760.0
# "1 token is about 4 characters of English text" (OpenAI tokenizer guide): UTF-8 payload bytes.
BYTES_PER_TOKEN = 4.0


@dataclass(frozen=True)
class CostLine:
    """One item of an option's yearly cost."""

    label: str
    per_year: float | None  # recurring, at the year's volume; None = price unknown
    one_off: float = 0.0  # cash at month 0 (purchase, installation)
    cash: bool = True  # False for depreciation and capital cost (no monthly payment)
    note: str = ""



@dataclass(frozen=True)
class Shortfall:
    """An option past its capacity: the share of the peak load its paid units carry."""

    option: str
    share: float  # of the peak load, 0..1
    units: int  # servers or instances that carry it (0 for an API)
    unit: str  # "server", "instance", or "" for an API's rate limit
    year: int = 1  # the first year of the horizon it falls short in

    @property
    def sentence(self) -> str:
        """e.g. 'Existing 2x L40S carries only 28% of the peak load at its 1 server(s)'."""
        where = f"at its {self.units} {self.unit}(s)" if self.unit else "within its rate limit"
        when = f"by year {self.year}, " if self.year > 1 else ""
        return f"{when}{self.option} carries only {self.share:.0%} of the peak load {where}"


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
    notes: tuple[str, ...] = field(default=())
    shortfall: Shortfall | None = None  # set when carries is False: how much is carried
    peak: float | None = None  # requests per service hour at the peak (self-hosted, sized)
    output_tokens: float = 0.0  # per request
    overflow_share: float | None = None  # a hybrid: the share of requests its overflow takes

    @property
    def sizing(self) -> str:
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




# --- the three kinds ---------------------------------------------------------------------------


def api_cost(option: ApiOption, workload: Workload, volume: float,
             price_factor: float = 1.0, common: SelfHosting | None = None,
             horizon_years: float = 3.0) -> OptionCost:
    """Pay-per-token cost at `volume` requests per service hour; `price_factor` scales prices
    (an API price-decline scenario)."""
    requests = requests_per_year(workload, volume)
    prompt, completion = workload.prompt_tokens, workload.completion_tokens
    notes = []
    price_in, price_out = option.price_in_per_m, option.price_out_per_m
    threshold = option.long_context_threshold
    if option.fine_tuned:
        # A fine-tuned model is billed at its own prices (OpenAI, Mistral, Together price
        # list: above the base model's), with no long-context tier of its own.
        price_in, price_out = option.price_in_finetuned_per_m, option.price_out_finetuned_per_m
        notes.append("fine-tuned model: inference at the fine-tuned prices"
                     + ("" if price_in is not None and price_out is not None else
                        " (a fine-tuned price is unknown: give price_in_finetuned_per_m and "
                        "price_out_finetuned_per_m)"))
    elif threshold is not None and prompt > threshold:
        # LiteLLM's *_above_128k_tokens convention: the tier rate bills the whole prompt.
        price_in = option.price_in_long_per_m if option.price_in_long_per_m is not None \
            else price_in
        price_out = option.price_out_long_per_m if option.price_out_long_per_m is not None \
            else price_out
        notes.append(f"prompts of {prompt:,.0f} tokens are above {threshold:,.0f}: "
                     "long-context prices apply")
    hit = option.cache_hit_rate
    cached_price = option.price_cached_in_per_m
    if hit > 0 and cached_price is None:
        notes.append("no cached-input price given: cached tokens billed at the full price")
        cached_price = price_in
    written = option.cache_write_rate
    write_price = option.price_cache_write_per_m
    if written > 0 and write_price is None:
        notes.append("no cache-write price given: tokens written to the cache billed at the "
                     "input price")
        write_price = price_in
    lines = []
    batch_factor = 1 - option.batch_share * option.batch_discount
    for label, tokens, price in (
            ("input tokens", prompt * (1 - hit - written), price_in),
            ("cached input tokens", prompt * hit, cached_price),
            ("input tokens written to the cache", prompt * written, write_price),
            ("output tokens", completion, price_out)):
        if tokens == 0 and label in ("cached input tokens", "input tokens written to the cache"):
            continue
        amount = None if price is None else \
            requests * tokens * price * price_factor / 1e6 * batch_factor
        lines.append(CostLine(label, amount, note=f"{requests * tokens / 1e6:,.1f}M tokens a year"
                                                   f" at {_price(price, price_factor)} per 1M"))
    if option.batch_share and option.batch_discount:
        notes.append(f"{option.batch_share:.0%} of requests through the batch API at "
                     f"{option.batch_discount:.0%} off")
    training_tokens = option.training_tokens_per_run * option.finetune_runs_per_year
    if training_tokens:
        price = option.training_price_per_m
        amount = None if price is None else training_tokens * price * price_factor / 1e6
        lines.append(CostLine("fine-tuning (training tokens)", amount,
                              note=f"{option.finetune_runs_per_year:g} runs x "
                                   f"{option.training_tokens_per_run / 1e6:,.1f}M tokens"))
    if option.hosting_per_hour:
        lines.append(CostLine("fine-tuned model hosting", option.hosting_per_hour
                              * HOURS_PER_YEAR * price_factor,
                              note=f"{option.hosting_per_hour:,.2f} per hour x 24 h x 365 days"))
    lines += operation_lines(option, common or SelfHosting(), horizon_years, notes)
    carries: bool | None = None
    utilisation = None
    shortfall = None
    if option.rate_limit_tokens_per_minute:
        per_minute = volume * workload.peak_to_average * workload.tokens_per_request / 60
        utilisation = per_minute / option.rate_limit_tokens_per_minute
        carries = utilisation <= 1
        if not carries:
            notes.append(f"peak {per_minute:,.0f} tokens/minute exceeds the rate limit "
                         f"{option.rate_limit_tokens_per_minute:,.0f}")
            # the rate limit carries 1/utilisation of the peak
            shortfall = Shortfall(option.name, 1 / utilisation, 0, "")
    if any(line.per_year is None for line in lines):
        notes.append("a price is unknown: the total is unknown")
    return OptionCost(option.name, "api", tuple(lines), _sum(lines), option.integration, 0, 0,
                      utilisation, carries, None, tuple(notes), shortfall)


def _price(price: float | None, factor: float) -> str:
    return "unknown" if price is None else f"{price * factor:,.4g}"


def self_hosting_lines(common: SelfHosting) -> list[CostLine]:
    lines = []
    if common.staff_fte:
        lines.append(CostLine("staff", common.staff_fte * common.staff_cost_per_fte_year,
                              note=f"{common.staff_fte:g} FTE x "
                                   f"{common.staff_cost_per_fte_year:,.0f} a year"))
    if common.finetune_runs_per_year:
        lines.append(CostLine("fine-tuning runs",
                              common.finetune_runs_per_year * common.finetune_cost_per_run,
                              note=f"{common.finetune_runs_per_year:g} runs x "
                                   f"{common.finetune_cost_per_run:,.2f}"))
    return lines


def operation_lines(option: ApiOption | CloudOption | OnPremOption, common: SelfHosting,
                    horizon_years: float, notes: list[str]) -> list[CostLine]:
    """Staff and integration, for every kind of option: staff from the option, else the
    self-hosting staff for servers and rented GPUs; an API without its own figure counts none,
    and says so."""
    self_hosted = not isinstance(option, ApiOption)
    shared = self_hosting_lines(common)
    lines = []
    if option.staff_fte is not None:
        if option.staff_fte:
            lines.append(CostLine("staff", option.staff_fte * common.staff_cost_per_fte_year,
                                  note=f"{option.staff_fte:g} FTE x "
                                       f"{common.staff_cost_per_fte_year:,.0f} a year"))
    elif self_hosted:
        lines += [line for line in shared if line.label == "staff"]
    else:
        notes.append("no staff counted for integrating and running the API (give staff_fte)")
    if self_hosted:
        lines += [line for line in shared if line.label != "staff"]
    if option.integration:
        lines.append(CostLine("integration", option.integration / horizon_years,
                              one_off=option.integration, cash=False,
                              note=f"{option.integration:,.0f} one-off, spread over the "
                                   f"{horizon_years:g}-year horizon"))
    return lines


def _transfer_lines(option: CloudOption, workload: Workload, requests: float) -> list[CostLine]:
    lines = []
    if option.transfer_per_request:
        lines.append(CostLine("data transfer", requests * option.transfer_per_request,
                              note=f"{requests:,.0f} requests x {option.transfer_per_request:g}"))
    if option.transfer_per_gb:
        payload = workload.payload_bytes_per_request
        if payload is None:
            payload = workload.tokens_per_request * BYTES_PER_TOKEN
        gigabytes = requests * payload / 1e9
        lines.append(CostLine("data transfer (per GB)", gigabytes * option.transfer_per_gb,
                              note=f"{gigabytes:,.1f} GB a year"))
    if option.storage_gb:
        lines.append(CostLine("storage", option.storage_gb * option.storage_per_gb_month * 12,
                              note=f"{option.storage_gb:,.0f} GB"))
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
        return _Rented([CostLine("instances (billed while serving)", None,
                                 note="needs seconds_per_request or a GPU to size from")],
                       0, 0, None, None)
    peak = volume * workload.peak_to_average
    busy_per_hour = volume * seconds
    billed = _ceil_to(busy_per_hour, option.billing_granularity_s)
    hours = workload.hours_per_day * workload.days_per_year
    keep = 1 - option.discount
    amount = None if per_second is None else billed * per_second * hours * keep
    units = max(1, math.ceil(peak * seconds / 3600 - 1e-9)) if volume else 0
    utilisation = busy_per_hour / 3600 / max(1, math.ceil(busy_per_hour / 3600 - 1e-9))
    line = CostLine("instances (billed while serving)", amount,
                    note=f"{busy_per_hour:,.0f} instance-seconds per service hour x "
                         f"{_price(per_second, 1)} per second{_discount_note(option)}")
    carries = option.max_instances is None or units <= option.max_instances
    shortfall = None
    if not carries and option.max_instances is not None:
        # the quota's instances, each busy 3600 s an hour at `seconds` per request
        shortfall = _shortfall(option.name, option.max_instances * 3600 / seconds, peak,
                               option.max_instances, "instance")
    return _Rented([line], units, units, utilisation, carries, shortfall)


def _billed_by_the_hour(option: CloudOption, workload: Workload, volume: float,
                        capacity: Capacity, per_second: float | None,
                        notes: list[str]) -> _Rented:
    """Instances kept running (always on, or through the service hours): the replicas the
    peak needs, plus spares."""
    peak = volume * workload.peak_to_average
    per_unit_rate = capacity.requests_per_hour_per_unit
    needed = replicas_needed(peak, capacity)
    replicas = max(option.min_replicas, needed or 1)
    serving = units_for(replicas, capacity)
    units = units_for(replicas + option.spare_replicas, capacity)
    if option.billing == "always_on":
        hours, when = HOURS_PER_YEAR, "24 h x 365 days"
    else:
        hours = _ceil_to(workload.hours_per_day, option.billing_granularity_s / 3600) \
            * workload.days_per_year
        when = f"{workload.hours_per_day:g} h x {workload.days_per_year:g} days"
    per_hour = None if per_second is None else per_second * 3600
    keep = 1 - option.discount
    lines = []
    for label, count in (("instances serving", serving), ("spare instances",
                                                           units - serving)):
        if count:
            amount = None if per_hour is None else count * per_hour * hours * keep
            lines.append(CostLine(f"{label} ({count})", amount,
                                  note=f"{count} x {_price(per_hour, 1)} per hour x "
                                       f"{when}{_discount_note(option)}"))
    utilisation = None
    carries: bool | None = None
    if per_unit_rate is not None and serving:
        utilisation = volume / (per_unit_rate * serving) if per_unit_rate else math.inf
        carries = peak <= per_unit_rate * serving * (1 + 1e-9)
    if option.max_instances is not None and units > option.max_instances:
        carries = False
        notes.append(f"needs {units} instances, the quota is {option.max_instances}")
    shortfall = None
    if carries is False and per_unit_rate is not None:
        carrying = min(serving, option.max_instances or serving)
        shortfall = _shortfall(option.name, per_unit_rate * carrying, peak, carrying,
                               "instance")
    return _Rented(lines, units, serving, utilisation, carries, shortfall)


def _discount_note(option: CloudOption) -> str:
    return f", {option.discount:.0%} discount" if option.discount else ""


def cloud_cost(option: CloudOption, workload: Workload, volume: float, capacity: Capacity,
               common: SelfHosting, horizon_years: float = 3.0) -> OptionCost:
    """Rented instances at `volume` requests per service hour."""
    requests = requests_per_year(workload, volume)
    per_second = option.price_per_second
    if per_second is None and option.price_per_hour is not None:
        per_second = option.price_per_hour / 3600
    notes: list[str] = []
    if option.billing == "on_demand":
        rented = _billed_while_serving(option, workload, volume, capacity, per_second)
    else:
        rented = _billed_by_the_hour(option, workload, volume, capacity, per_second, notes)
    lines = rented.lines + _transfer_lines(option, workload, requests)
    lines += operation_lines(option, common, horizon_years, notes)
    if per_second is None:
        notes.append("the instance price is unknown: the total is unknown")
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
        lines.append(CostLine("remaining book value", option.book_value / years, cash=False,
                              note=f"{option.book_value:,.0f} written off over {years:g} "
                                   "remaining years; nothing is bought"))
    hardware = None if option.server_price is None else option.server_price * total
    return lines, hardware


def _server_lines(option: OnPremOption, total: int, rate: float) -> tuple[list[CostLine],
                                                                          float | None]:
    """The servers and their installation as yearly capital cost; with the hardware price."""
    if option.owned:
        return _owned_lines(option, total)
    price = option.server_price
    years = option.depreciation_years
    if price is None:
        lines = [CostLine(f"servers ({total})", None, cash=False, note="server price unknown")]
        hardware = None
    else:
        hardware = price * total
        residual = hardware * option.residual_share
        # Capital recovery net of the residual value's present worth (REFERENCES: methods).
        yearly = (hardware - residual / (1 + rate) ** years) \
            * capital_recovery_factor(rate, years)
        how = (f"depreciation over {years:g} years" if rate == 0 else
               f"capital recovery over {years:g} years at {rate:.1%}")
        residual_note = f", {option.residual_share:.0%} residual" if residual else ""
        lines = [CostLine(f"servers ({total})", yearly, one_off=hardware, cash=False,
                          note=f"{total} x {price:,.0f}, {how}{residual_note}")]
    if option.installation:
        lines.append(CostLine("installation", option.installation / years,
                              one_off=option.installation, cash=False,
                              note=f"{option.installation:,.0f} spread over {years:g} years"))
    return lines, hardware


def _idle_watts(option: OnPremOption, gpu: GpuSpec | None, gpu_watts: float,
                notes: list[str]) -> tuple[float, str]:
    """A server's draw when idle, and where the figure comes from."""
    per_gpu = option.idle_watts_per_gpu
    basis = "given"
    if per_gpu is None and gpu is not None and gpu.idle_watts:
        per_gpu, basis = gpu.idle_watts, f"measured idle draw of the {gpu.name}"
    if per_gpu is None:
        per_gpu, basis = 0.0, "GPU idle draw unknown, counted as 0 W (a lower bound)"
        notes.append(f"{option.name}: the GPUs' idle draw is unknown and counted as 0 W; give "
                     "idle_watts_per_gpu")
    per_gpu = min(per_gpu, gpu_watts)
    host = option.host_idle_watts if option.host_idle_watts is not None else option.host_watts
    return option.gpus_per_server * per_gpu + min(host, option.host_watts), basis


def _power_lines(option: OnPremOption, workload: Workload, gpu: GpuSpec | None, total: int,
                 serving: int, utilisation: float | None, notes: list[str]) -> list[CostLine]:
    """Electricity while the servers are on: idle draw plus the share of the rest the load
    takes (power = idle + (peak - idle) x load, the linear power model of SPECpower-style
    server measurements), PUE included; colocation by the kW."""
    gpu_watts = option.gpu_watts if option.gpu_watts is not None else (
        gpu.tdp_watts if gpu and gpu.tdp_watts else None)
    if gpu_watts is None:
        return [CostLine("power", None, note="GPU watts unknown: give gpu_watts or a GPU")]
    server_watts = option.gpus_per_server * gpu_watts + option.host_watts
    idle_watts, idle_basis = _idle_watts(option, gpu, gpu_watts, notes)
    service_hours = workload.hours_per_day * workload.days_per_year
    hours_on = HOURS_PER_YEAR if option.power_hours == "always_on" else service_hours
    if option.utilisation is not None:
        average_load, load_note = option.utilisation, "given"
    elif utilisation is not None:
        # Load only in service hours, spread over every server that is switched on.
        average_load = min(1.0, utilisation * serving / total * service_hours / hours_on)
        load_note = "from the load"
    else:
        average_load, load_note = 1.0, "unknown, full load assumed"
    watts = idle_watts + (server_watts - idle_watts) * average_load
    kwh = total * watts * option.pue * hours_on / 1000
    amount = None if option.price_per_kwh is None else kwh * option.price_per_kwh
    when = "24 h x 365 days" if option.power_hours == "always_on" else \
        f"{workload.hours_per_day:g} h x {workload.days_per_year:g} days"
    lines = [CostLine("power", amount,
                      note=f"{total} x ({idle_watts:,.0f} W idle ({idle_basis}) + "
                           f"{server_watts - idle_watts:,.0f} W x {average_load:.0%} load "
                           f"({load_note})) x {when} x PUE {option.pue:g} = {kwh:,.0f} kWh x "
                           f"{_price(option.price_per_kwh, 1)}")]
    if option.colocation_per_kw_month:
        kw = total * server_watts / 1000
        lines.append(CostLine("colocation", kw * option.colocation_per_kw_month * 12,
                              note=f"{kw:,.1f} kW x {option.colocation_per_kw_month:g} "
                                   "per kW-month"))
    return lines


def _upkeep_lines(option: OnPremOption, total: int, hardware: float | None) -> list[CostLine]:
    """Rack space, maintenance and licences."""
    lines = []
    if option.rack_per_server_month:
        lines.append(CostLine("rack space", total * option.rack_per_server_month * 12))
    if option.maintenance_per_year is not None:
        lines.append(CostLine("maintenance", total * option.maintenance_per_year,
                              note=f"{total} x {option.maintenance_per_year:,.0f} a year"))
    elif option.maintenance_share_per_year:
        unknown = "hardware price unknown: give server_price or maintenance_per_year"
        lines.append(CostLine("maintenance", None if hardware is None else
                              hardware * option.maintenance_share_per_year,
                              note=unknown if hardware is None else
                              f"{option.maintenance_share_per_year:.0%} of the hardware a year"))
    if option.licence_per_gpu_year:
        gpus = total * option.gpus_per_server
        lines.append(CostLine("licences", gpus * option.licence_per_gpu_year,
                              note=f"{gpus} GPUs x {option.licence_per_gpu_year:,.0f}"))
    return lines


def onprem_cost(option: OnPremOption, workload: Workload, volume: float, capacity: Capacity,
                common: SelfHosting, gpu: GpuSpec | None, horizon_years: float = 3.0,
                ) -> OptionCost:
    """Servers bought (or already owned) and run, at `volume` requests per service hour."""
    peak = volume * workload.peak_to_average
    per_unit_rate = capacity.requests_per_hour_per_unit
    notes: list[str] = []
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
        notes.append(f"already owned: {total} server(s), nothing bought; their capacity is a "
                     "hard ceiling")
        life = option.remaining_life_years
        if life is not None and life < horizon_years:
            notes.append(f"its remaining life of {life:g} years ends within the "
                         f"{horizon_years:g}-year horizon: "
                         + ("a replacement at the server price is in the cash curve"
                            if option.server_price is not None else
                            "the replacement is not priced (give server_price)"))
    carries: bool | None = None
    shortfall = None
    if per_unit_rate is not None:
        carries = peak <= per_unit_rate * serving * (1 + 1e-9)
        if not carries and fixed is not None:
            notes.append(f"{serving} server(s) carry {per_unit_rate * serving:,.0f} requests/h; "
                         f"the peak is {peak:,.0f}")
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
