"""Scenarios: the inputs of a cost plan, and the versioned `*.llmplan.json` file format.

Every field is declared once on a frozen dataclass with its accepted range; the reader checks
unknown keys, types, ranges and NaN against those declarations and names the field that is wrong
(`options[2].price_per_hour: -3 is below 0`).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from core.costing.hybrid import with_profile
from core.costing.ranges import (
    Uncertainty,
    check_range,
    find_field,
    parse_path,
    put_ranges,
    set_field,
    take_ranges,
)
from core.costing.regions import check_residency
from core.declared import (
    MAX_LINE,
    MAX_NAME,
    check_text_size,
    declared,
    load_document,
    plain,
    read_declared,
    versioned,
)
from core.errors import InputError
from core.hardware.profile import HardwareProfile, check_profile
from core.i18n.message import Count, Given, Name, Term, msg, nmsg
from core.pricing.catalog import MAX_RATE_PER_EUR, MIN_RATE_PER_EUR

FORMAT = "llmplan-scenario"
FORMAT_VERSION = 2


def _from_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds fields only (owned servers, idle power, regions and residency, hybrids,
    fine-tuned API prices, staff and integration per option): every version-1 document reads
    as it is. Idle power now counts for on-prem servers, so their power lines grow."""
    return dict(document)


# format_version -> function that turns a document of that version into the next one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_version_1}

BILLING_MODES = ("on_demand", "service_hours", "always_on")
POWER_HOURS = ("always_on", "service_hours")
MAX_OPTIONS = 50
# The text a scenario may hold in all (names, notes, sources; probed hardware apart): a
# proposal of 10 MB of notes (1,000 of 10,000 characters) took minutes to lay out; this much
# is about 60 pages of notes, laid out in a few seconds.
MAX_SCENARIO_TEXT = 200_000
CRITERIA = ("cost", "data_control", "scalability", "team_skills", "time_to_launch")


@dataclass(frozen=True)
class Workload:
    """What the service must carry. Give requests per hour or per day, tokens or words."""

    requests_per_hour: float | None = declared(None, doc="average requests per service hour")
    requests_per_day: float | None = declared(None, doc="requests per service day")
    input_tokens: float | None = declared(None, doc="prompt tokens per request")
    output_tokens: float | None = declared(None, doc="generated tokens per request")
    input_words: float | None = declared(None, doc="prompt words per request")
    output_words: float | None = declared(None, doc="generated words per request")
    tokens_per_word: float = declared(1.33, low=0, low_open=True,
                                    doc="tokens per word (English about 1.33; seed 004 uses 2)")
    peak_to_average: float = declared(1.0, low=1.0, doc="peak load over average load")
    hours_per_day: float = declared(24.0, low=0, low_open=True, high=24,
                                  doc="service hours per day")
    days_per_year: float = declared(365.0, low=0, low_open=True, high=366,
                                  doc="service days per year")
    growth_per_year: float = declared(0.0, low=-0.99, high=100,
                                    doc="volume growth per year (0.2 = +20%)")
    ttft_target_s: float | None = declared(None, low=0, low_open=True,
                                         doc="time to first token target, seconds")
    tokens_per_s_per_user: float | None = declared(None, low=0, low_open=True,
                                                 doc="decode speed each user should see")
    batch_size: int = declared(16, low=1, high=4096,
                             doc="requests one replica serves at once (continuous batching)")
    payload_bytes_per_request: float | None = declared(
        None, doc="bytes transferred per request (default: 4 bytes per token)")
    hourly_profile: tuple[float, ...] | None = declared(
        None, doc="relative load in each of the 24 clock hours (0: closed); sets the service "
                  "hours and the peak over average. Default: a linear load-duration curve "
                  "from the peak down over the service hours")

    @property
    def in_words(self) -> bool:
        return self.input_tokens is None and self.input_words is not None

    @property
    def prompt_tokens(self) -> float:
        if self.input_tokens is not None:
            return self.input_tokens
        return (self.input_words or 0.0) * self.tokens_per_word

    @property
    def completion_tokens(self) -> float:
        if self.output_tokens is not None:
            return self.output_tokens
        return (self.output_words or 0.0) * self.tokens_per_word

    @property
    def tokens_per_request(self) -> float:
        return self.prompt_tokens + self.completion_tokens

    @property
    def hourly_requests(self) -> float:
        """Average requests per service hour."""
        if self.requests_per_hour is not None:
            return self.requests_per_hour
        return (self.requests_per_day or 0.0) / self.hours_per_day


@dataclass(frozen=True)
class ModelChoice:
    """The model self-hosted options run ("recommend": the best that fits each option's GPUs)."""

    id: str = declared(doc="catalog model id, or 'recommend'")
    quant: str = declared("bf16", doc="quantization, as in `llmplan fit --quant`")
    engine: str | None = declared(None, doc="inference engine (default by quantization)")
    kv_quant: str = declared("fp16", doc="KV cache type")
    nominal_params: float | None = declared(
        None, low=0, low_open=True,
        doc="round parameter count a source uses (seed 004: 70e9) instead of the exact one")


@dataclass(frozen=True)
class Finetune:
    """Fine-tuning memory by seed 004's rule, shown with the serving memory."""

    method: str = declared("seed-rule", choices=("full", "lora", "qlora", "seed-rule"))
    trainable_share: float = declared(0.001, low=0, low_open=True, high=1,
                                    doc="share of parameters trained (LoRA about 0.1%)")
    serving_headroom: float = declared(1.5, low=1.0, doc="serving memory over weights + adapter")


@dataclass(frozen=True)
class SelfHosting:
    """Costs every self-hosted option (cloud GPUs or on-prem) carries."""

    staff_fte: float = declared(0.0, doc="full-time staff running the service")
    staff_cost_per_fte_year: float = declared(0.0, doc="yearly cost of one FTE")
    finetune_runs_per_year: float = declared(0.0)
    finetune_cost_per_run: float = declared(0.0, doc="compute and work per fine-tuning run")
    cost_of_capital: float = declared(0.0, high=1.0,
                                    doc="yearly interest on capital (0.08 = 8%), on-prem only")


@dataclass(frozen=True)
class ApiOption:
    """A pay-per-token API. Prices per 1M tokens; None means unknown, never 0."""

    name: str = declared(max_length=MAX_NAME)
    kind: str = declared("api", choices=("api",))
    currency: str | None = declared(None, doc="currency of this option's prices")
    catalog: str | None = declared(None, doc="catalog API model id to take missing prices from")
    price_in_per_m: float | None = declared(None, doc="input tokens, per 1M")
    price_out_per_m: float | None = declared(None, doc="output tokens, per 1M")
    price_cached_in_per_m: float | None = declared(None, doc="cached input tokens, per 1M")
    cache_hit_rate: float = declared(0.0, high=1.0, doc="share of input tokens read from cache")
    price_cache_write_per_m: float | None = declared(
        None, doc="input tokens written to the prompt cache, per 1M")
    cache_write_rate: float = declared(0.0, high=1.0,
                                       doc="share of input tokens written to the cache")
    batch_discount: float = declared(0.0, high=1.0, doc="discount of the batch API (0.5 = half)")
    batch_share: float = declared(0.0, high=1.0, doc="share of requests sent through the batch API")
    long_context_threshold: float | None = declared(
        None, doc="prompt tokens above which the long-context prices apply to the whole prompt")
    price_in_long_per_m: float | None = declared(None)
    price_out_long_per_m: float | None = declared(None)
    training_price_per_m: float | None = declared(None, doc="fine-tuning, per 1M training tokens")
    training_tokens_per_run: float = declared(0.0)
    finetune_runs_per_year: float = declared(0.0)
    rate_limit_tokens_per_minute: float | None = declared(None, low=0, low_open=True)
    fine_tuned: bool = declared(False, doc="a fine-tuned model: inference at the fine-tuned "
                                           "prices")
    price_in_finetuned_per_m: float | None = declared(
        None, doc="input tokens to a fine-tuned model, per 1M")
    price_out_finetuned_per_m: float | None = declared(
        None, doc="output tokens from a fine-tuned model, per 1M")
    hosting_per_hour: float = declared(0.0, doc="hosting fee of a fine-tuned deployment, per "
                                                "hour, 24 h a day (0 where none is charged)")
    region: str | None = declared(None, max_length=MAX_NAME,
                                  doc="where the data is processed: a jurisdiction (eu, us, "
                                      "onprem, a country code) or a provider region")
    staff_fte: float | None = declared(None, doc="staff operating this option (default: "
                                                 "the self-hosting staff; 0 for an API)")
    integration: float = declared(0.0, doc="one-off integration work, spread over the horizon")
    source: str = declared("", doc="where the prices come from", max_length=MAX_LINE)
    price_date: str = declared("", doc="when the prices were true (YYYY-MM-DD)",
                               max_length=MAX_LINE)
    scores: dict[str, float] = declared({}, low=0, high=5, doc="non-cost scores 0-5")
    recommendable: bool = declared(True, doc="false: priced and compared, never recommended "
                                           "(e.g. a fine-tuning job next to serving options)")


@dataclass(frozen=True)
class CloudOption:
    """Rented GPU instances. Prices per instance."""

    name: str = declared(max_length=MAX_NAME)
    kind: str = declared("cloud", choices=("cloud",))
    currency: str | None = declared(None)
    catalog: str | None = declared(None, doc="catalog instance id to take missing figures from")
    gpu: str | None = declared(None, doc="GPU name, for the capacity check")
    gpus_per_instance: int = declared(1, low=1, high=64)
    profile: str | None = declared(None, doc="probed hardware (a key of `hardware`) whose GPUs "
                                             "and free memory replace gpu and the GPU count")
    price_per_hour: float | None = declared(None, doc="per instance-hour")
    price_per_second: float | None = declared(None, doc="per instance-second")
    billing: str = declared("always_on", choices=BILLING_MODES,
                          doc="on_demand: billed only while serving; service_hours: up during "
                              "service hours; always_on: 24 h a day")
    billing_granularity_s: float = declared(1.0, low=0, low_open=True)
    discount: float = declared(0.0, high=0.99, doc="reserved or spot discount (0.3 = 30% off)")
    seconds_per_request: float | None = declared(
        None, low=0, low_open=True,
        doc="instance-seconds busy per request, measured (default: from the fit engine)")
    transfer_per_request: float = declared(0.0)
    transfer_per_gb: float = declared(0.0)
    storage_gb: float = declared(0.0)
    storage_per_gb_month: float = declared(0.0)
    min_replicas: int = declared(1, low=0, high=10_000)
    spare_replicas: int = declared(0, high=10_000, doc="extra replicas for availability (N+k)")
    max_instances: int | None = declared(None, low=1, doc="quota: most instances you can get")
    region: str | None = declared(None, max_length=MAX_NAME,
                                  doc="where the data is processed: a jurisdiction (eu, us, "
                                      "onprem, a country code) or a provider region")
    staff_fte: float | None = declared(None, doc="staff operating this option (default: "
                                                 "the self-hosting staff; 0 for an API)")
    integration: float = declared(0.0, doc="one-off integration work, spread over the horizon")
    model: ModelChoice | None = declared(None, doc="the model this option runs (default: the "
                                                   "scenario's model)")
    source: str = declared("", max_length=MAX_LINE)
    price_date: str = declared("", max_length=MAX_LINE)
    scores: dict[str, float] = declared({}, low=0, high=5)
    recommendable: bool = declared(True)


@dataclass(frozen=True)
class OnPremOption:
    """Servers you buy and run."""

    name: str = declared(max_length=MAX_NAME)
    kind: str = declared("onprem", choices=("onprem",))
    currency: str | None = declared(None)
    gpu: str | None = declared(None, doc="GPU name, for capacity and power")
    gpus_per_server: int = declared(8, low=1, high=64)
    profile: str | None = declared(None, doc="probed hardware (a key of `hardware`) whose GPUs "
                                             "and free memory replace gpu and gpus_per_server")
    server_price: float | None = declared(None, doc="one server with its GPUs")
    gpu_watts: float | None = declared(None, doc="per GPU (default: the catalog TDP)")
    host_watts: float = declared(0.0, doc="CPUs, memory, fans, network per server")
    servers: int | None = declared(None, low=1, doc="fixed count (default: sized from the load)")
    min_servers: int = declared(1, low=1, doc="cluster size (seed 003: three machines)")
    spare_servers: int = declared(0, doc="fallback servers (seed 003: at least one)")
    finetune_servers: int = declared(0, doc="a separate fine-tuning server (seed 003)")
    seconds_per_request: float | None = declared(None, low=0, low_open=True,
                                               doc="server-seconds busy per request, measured")
    depreciation_years: float = declared(5.0, low=0, low_open=True, high=30)
    residual_share: float = declared(0.0, high=1.0, doc="value left after depreciation")
    utilisation: float | None = declared(None, high=1.0,
                                       doc="average GPU load for power (default: from load)")
    pue: float = declared(1.5, low=1.0, high=5.0, doc="power usage effectiveness")
    price_per_kwh: float | None = declared(None)
    colocation_per_kw_month: float = declared(0.0, doc="per kW of server power per month")
    rack_per_server_month: float = declared(0.0)
    maintenance_share_per_year: float = declared(0.10, high=1.0,
                                               doc="of the hardware price per year")
    licence_per_gpu_year: float = declared(0.0)
    installation: float = declared(0.0, doc="one-off, at month 0")
    owned: bool = declared(False, doc="servers already owned: nothing bought, the count is "
                                      "fixed (servers) and a hard ceiling")
    book_value: float | None = declared(None, doc="owned: remaining book value, written off "
                                                  "over the remaining life")
    remaining_life_years: float | None = declared(None, low=0, low_open=True, high=30,
                                                  doc="owned: years of service left")
    idle_watts_per_gpu: float | None = declared(None, doc="per GPU when idle (default: the "
                                                          "catalog's measured idle draw)")
    host_idle_watts: float | None = declared(None, doc="per server when idle (default: "
                                                       "host_watts)")
    power_hours: str = declared("always_on", choices=POWER_HOURS,
                                doc="when the servers are switched on")
    maintenance_per_year: float | None = declared(
        None, doc="per server a year, instead of the share of the hardware price")
    region: str | None = declared(None, max_length=MAX_NAME,
                                  doc="where the data is processed: a jurisdiction (eu, us, "
                                      "onprem, a country code) or a provider region")
    staff_fte: float | None = declared(None, doc="staff operating this option (default: "
                                                 "the self-hosting staff; 0 for an API)")
    integration: float = declared(0.0, doc="one-off integration work, spread over the horizon")
    model: ModelChoice | None = declared(None, doc="the model this option runs (default: the "
                                                   "scenario's model)")
    source: str = declared("", max_length=MAX_LINE)
    price_date: str = declared("", max_length=MAX_LINE)
    scores: dict[str, float] = declared({}, low=0, high=5)
    recommendable: bool = declared(True)


@dataclass(frozen=True)
class HybridOption:
    """A base part (servers, or cloud GPUs kept running) carrying the load up to its capacity,
    and an overflow part (an API or on-demand cloud GPUs) taking the rest, hour by hour."""

    name: str = declared(max_length=MAX_NAME)
    base: str = declared(max_length=MAX_NAME, doc="name of an on-prem or kept-running cloud "
                                                  "option of this scenario")
    overflow: str = declared(max_length=MAX_NAME, doc="name of an API or on-demand cloud "
                                                      "option of this scenario")
    kind: str = declared("hybrid", choices=("hybrid",))
    currency: str | None = declared(None, doc="not used: the parts carry the prices")
    source: str = declared("", max_length=MAX_LINE)
    price_date: str = declared("", max_length=MAX_LINE)
    scores: dict[str, float] = declared({}, low=0, high=5)
    recommendable: bool = declared(True)


def fixed_servers(option: OnPremOption) -> int | None:
    """The servers that serve when their count is fixed: given, or already owned (then the
    cluster size); None when sized from the load."""
    if option.servers is not None:
        return option.servers
    return option.min_servers if option.owned else None


Option = ApiOption | CloudOption | OnPremOption | HybridOption
Part = ApiOption | CloudOption | OnPremOption


@dataclass(frozen=True)
class ReferenceFigure:
    """A figure a source quotes, checked against the computed one."""

    label: str = declared(max_length=MAX_NAME)
    quoted: float = declared(low=None)
    path: str = declared(doc="where in the plan's JSON, e.g. options/NAME/per_year",
                         max_length=MAX_LINE)
    source: str = declared("", max_length=MAX_LINE)
    explanation: str = declared("", doc="why the quoted figure differs, when it does",
                                max_length=MAX_LINE)


@dataclass(frozen=True)
class Levers:
    """The assumptions behind each cost lever (seed 002); each is shown with its saving."""

    small_model: str | None = declared(None, doc="catalog model a cascade or downsizing uses "
                                               "on self-hosted options")
    small_model_price_ratio: float = declared(
        0.06, low=0, low_open=True, high=1,
        doc="small over large API price (gpt-4o-mini vs gpt-4o input, 0.15/2.50, 2025)")
    cascade_share: float = declared(0.5, high=1, doc="share of requests the small model answers")
    cache_hit_rate: float = declared(0.5, high=1, doc="share of prompt tokens served from cache")
    prompt_cut: float = declared(
        0.57, high=0.99,
        doc="prompt tokens saved by managing the context (seed 002: 7,000 -> 3,000 tokens)")
    output_cut: float = declared(0.25, high=0.99,
                               doc="output tokens saved by limits and structured output")
    quant: str = declared("int4-awq", doc="quantization that needs fewer GPUs")
    batch_size: int = declared(64, low=1, high=4096, doc="requests per replica with more batching")
    batch_api_share: float = declared(0.3, high=1,
                                    doc="share of API requests that can wait for the batch API")


@dataclass(frozen=True)
class Scenario:
    """Everything one cost plan needs besides the price catalog."""

    name: str = declared(max_length=MAX_NAME)
    workload: Workload = declared()
    options: tuple[Option, ...] = declared()
    description: str = declared("")
    currency: str = declared("EUR")
    model: ModelChoice | None = declared(None)
    finetune: Finetune | None = declared(None)
    self_hosting: SelfHosting = declared(SelfHosting())
    horizon_months: int = declared(36, low=1, high=240)
    month_days: float | None = declared(None, low=28, high=31,
                                      doc="days in a month (default 365/12)")
    exchange_rates: dict[str, float] = declared({}, low=MIN_RATE_PER_EUR, high=MAX_RATE_PER_EUR,
                                              doc="units per EUR, overriding the catalog")
    api_price_decline_per_year: float = declared(0.0, high=0.99,
                                               doc="yearly fall of API prices (0.3 = -30%)")
    sensitivity_pct: float = declared(20.0, low=0, low_open=True, high=100)
    levers: Levers = declared(Levers())
    criteria_weights: dict[str, float] = declared(
        {"cost": 3.0, "data_control": 2.0, "scalability": 2.0, "team_skills": 1.0,
         "time_to_launch": 1.0},
        high=5, doc="weight of each decision criterion, 0-5 (a criterion left out weighs 0)")
    notes: tuple[str, ...] = declared(())
    reference_figures: tuple[ReferenceFigure, ...] = declared(())
    hardware: dict[str, HardwareProfile] = declared(
        {}, doc="probed hardware profiles (llmplan probe), by the name options use")
    residency: tuple[str, ...] = declared(
        (), max_length=MAX_NAME, doc="where data may be processed (e.g. eu, onprem); options "
                                     "elsewhere are costed and never recommended")
    uncertainty: Uncertainty = declared(
        Uncertainty(), doc="ranges of inputs and how the Monte Carlo run draws them (ranges are "
                           "written in place of a number: {\"low\", \"likely\", \"high\"})")


# --- reading -----------------------------------------------------------------------------------

def _check_scenario(scenario: Scenario) -> None:
    workload = scenario.workload
    if (workload.requests_per_hour is None) == (workload.requests_per_day is None):
        raise InputError(msg("{field}: give exactly one of {first} and {second}",
                             field=Name("workload"), first=Name("requests_per_hour"),
                             second=Name("requests_per_day")))
    for part in ("input", "output"):
        tokens = getattr(workload, f"{part}_tokens")
        words = getattr(workload, f"{part}_words")
        if (tokens is None) == (words is None):
            raise InputError(msg("{field}: give exactly one of {first} and {second}",
                                 field=Name("workload"), first=Name(f"{part}_tokens"),
                                 second=Name(f"{part}_words")))
    if not scenario.options:
        raise InputError(msg("options: give at least one option to cost"))
    if len(scenario.options) > MAX_OPTIONS:
        raise InputError(nmsg("options: {n} option is too many to compare (at most {limit}; "
                              "every pair gets a break-even)",
                              "options: {n} options are too many to compare (at most {limit}; "
                              "every pair gets a break-even)",
                              n=Count(len(scenario.options)), limit=Count(MAX_OPTIONS)))
    if scenario.exchange_rates.get("EUR", 1.0) != 1.0:
        raise InputError(msg("exchange_rates.EUR: {value} is not allowed; rates are units per "
                             "EUR, so EUR is 1 (give the other currencies, e.g. \"USD\": "
                             "1.08)", value=Given(scenario.exchange_rates["EUR"])))
    for name, profile in scenario.hardware.items():
        try:
            check_profile(profile)
        except InputError as error:
            raise InputError(msg("{field}: {problem}", field=Name(f"hardware.{name}"),
                                 problem=error.message)) from error
    names = [option.name for option in scenario.options]
    for name in names:
        if names.count(name) > 1:
            raise InputError(msg("options: the name '{name}' is used twice", name=Name(name)))
    for criterion in scenario.criteria_weights:
        if criterion not in CRITERIA:
            raise InputError(msg("{field}: unknown criterion (accepted: {accepted})",
                                 field=Name(f"criteria_weights.{criterion}"),
                                 accepted=Name(", ".join(CRITERIA))))
    for index, option in enumerate(scenario.options):
        if "/" in option.name or not option.name.strip():
            raise InputError(msg("{field}: give a non-empty name without '/'",
                                 field=Name(f"options[{index}].name")))
        for criterion in option.scores:
            if criterion not in CRITERIA:
                raise InputError(msg("{field}: unknown criterion (accepted: {accepted})",
                                     field=Name(f"options[{index}].scores.{criterion}"),
                                     accepted=Name(", ".join(CRITERIA))))
        if isinstance(option, CloudOption) and option.price_per_hour is not None \
                and option.price_per_second is not None:
            raise InputError(msg("{field}: give {first} or {second}, not both",
                                 field=Name(f"options[{index}]"), first=Name("price_per_hour"),
                                 second=Name("price_per_second")))
        if isinstance(option, HybridOption):
            _check_hybrid(option, index, scenario)
            continue
        if isinstance(option, OnPremOption) and not option.owned and (
                option.book_value is not None or option.remaining_life_years is not None):
            raise InputError(msg("{field}: book_value and remaining_life_years are for servers "
                                 "already owned; add \"owned\": true",
                                 field=Name(f"options[{index}]")))
        if not isinstance(option, ApiOption) and option.profile is not None:
            if option.gpu is not None:
                raise InputError(msg("{field}: give {first} or {second}, not both",
                                     field=Name(f"options[{index}]"), first=Name("gpu"),
                                     second=Name("profile")))
            if option.profile not in scenario.hardware:
                raise InputError(msg("{field}: no hardware profile '{profile}' in hardware "
                                     "(known: {known})",
                                     field=Name(f"options[{index}].profile"),
                                     profile=Name(option.profile),
                                     known=Name(", ".join(scenario.hardware))
                                     if scenario.hardware else Term("none")))
        if not isinstance(option, ApiOption) and scenario.model is None \
                and option.model is None and option.seconds_per_request is None \
                and (option.gpu is not None or option.profile is not None):
            raise InputError(msg("{field}: a GPU is given but the scenario has no model; add "
                                 "\"model\" or seconds_per_request",
                                 field=Name(f"options[{index}]")))


def _check_hybrid(option: HybridOption, index: int, scenario: Scenario) -> None:
    parts = {part.name: part for part in scenario.options}
    where = f"options[{index}] ({option.name})"
    for role, name in (("base", option.base), ("overflow", option.overflow)):
        part = parts.get(name)
        field = Name(f"{where}.{role}")
        if part is None:
            raise InputError(msg("{field}: no option named '{name}' in this scenario",
                                 field=field, name=Name(name)))
        if isinstance(part, HybridOption):
            raise InputError(msg("{field}: '{name}' is a hybrid itself; name an API, cloud or "
                                 "on-prem option", field=field, name=Name(name)))
        if role == "base" and not (isinstance(part, OnPremOption) or (
                isinstance(part, CloudOption) and part.billing != "on_demand")):
            raise InputError(msg("{field}: '{name}' must be on-prem servers or cloud GPUs kept "
                                 "running (billing always_on or service_hours)",
                                 field=field, name=Name(name)))
        if role == "overflow" and not (isinstance(part, ApiOption) or (
                isinstance(part, CloudOption) and part.billing == "on_demand")):
            raise InputError(msg("{field}: '{name}' must be an API or cloud GPUs billed on "
                                 "demand", field=field, name=Name(name)))


def scenario_from_dict(document: Any) -> Scenario:
    """Check and read a scenario document (already parsed JSON).

    Raises:
        InputError: naming the first field that is wrong and what it accepts.
    """
    document, version = versioned(document, "scenario", FORMAT, FORMAT_VERSION,
                                  format_optional=True)
    while version < FORMAT_VERSION:
        document = MIGRATIONS[version](document)
        version += 1
    check_text_size(document, MAX_SCENARIO_TEXT, skip=("hardware",))
    document, inline = take_ranges(document)
    if inline:
        settings = document.get("uncertainty", {})
        if not isinstance(settings, dict):
            raise InputError(msg("{field}: expected an object", field=Name("uncertainty")))
        listed = settings.get("ranges", [])
        document["uncertainty"] = {**settings, "ranges": [*inline, *(
            listed if isinstance(listed, list) else [listed])]}
    scenario = read_declared(Scenario, document, "")
    scenario = _with_likely_values(scenario)
    _check_scenario(scenario)
    check_residency(scenario.residency)
    if scenario.workload.hourly_profile is not None:
        given = set(document["workload"]) if isinstance(document.get("workload"), dict) \
            else set()
        scenario = replace(scenario, workload=with_profile(scenario.workload, given))
    return scenario


def _with_likely_values(scenario: Scenario) -> Scenario:
    """The scenario with each ranged input at its likely value, once every range is checked
    against the field it stands for."""
    for ranged in scenario.uncertainty.ranges:
        path = parse_path(ranged.input)
        # the horizon sets the length of every curve the run compares: one horizon a run
        if not path or path[0] in ("uncertainty", "hardware", "reference_figures",
                                   "horizon_months"):
            raise InputError(msg("uncertainty: {input} takes no range", input=Name(ranged.input)))
        check_range(ranged, find_field(scenario, path))
        scenario = set_field(scenario, path, ranged.likely)
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """Read a `*.llmplan.json` file.

    Raises:
        InputError: the file cannot be read, is not JSON, or a field is wrong.
    """
    return load_document(path, scenario_from_dict)


# --- writing -----------------------------------------------------------------------------------


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as a current-version document; fields at their defaults are left out."""
    document = {"format": FORMAT, "format_version": FORMAT_VERSION, **plain(scenario)}
    settings = document.get("uncertainty")
    if settings and "ranges" in settings:
        put_ranges(document, scenario.uncertainty.ranges)
        del settings["ranges"]
        if not settings:
            del document["uncertainty"]
    return document
