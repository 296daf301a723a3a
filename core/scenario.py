"""Scenarios: the inputs of a cost plan, and the versioned `*.llmplan.json` file format.

Every field is declared once on a frozen dataclass with its accepted range; the reader checks
unknown keys, types, ranges and NaN against those declarations and names the field that is wrong
(`options[2].price_per_hour: -3 is below 0`).
"""

import json
import math
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from core.errors import InputError

FORMAT = "llmplan-scenario"
FORMAT_VERSION = 1
# format_version -> function that turns a document of that version into the next one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

BILLING_MODES = ("on_demand", "service_hours", "always_on")
CRITERIA = ("cost", "data_control", "scalability", "team_skills", "time_to_launch")


def _value(default: Any = MISSING, *, low: float | None = 0.0, high: float | None = None,
           low_open: bool = False, choices: tuple[str, ...] = (), doc: str = "") -> Any:
    """A field with its accepted range, read by the file reader and shown in tooltips."""
    metadata = {"low": low, "high": high, "low_open": low_open, "choices": choices, "doc": doc}
    if default is MISSING:
        return field(metadata=metadata)
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Workload:
    """What the service must carry. Give requests per hour or per day, tokens or words."""

    requests_per_hour: float | None = _value(None, doc="average requests per service hour")
    requests_per_day: float | None = _value(None, doc="requests per service day")
    input_tokens: float | None = _value(None, doc="prompt tokens per request")
    output_tokens: float | None = _value(None, doc="generated tokens per request")
    input_words: float | None = _value(None, doc="prompt words per request")
    output_words: float | None = _value(None, doc="generated words per request")
    tokens_per_word: float = _value(1.33, low=0, low_open=True,
                                    doc="tokens per word (English about 1.33; seed 004 uses 2)")
    peak_to_average: float = _value(1.0, low=1.0, doc="peak load over average load")
    hours_per_day: float = _value(24.0, low=0, low_open=True, high=24,
                                  doc="service hours per day")
    days_per_year: float = _value(365.0, low=0, low_open=True, high=366,
                                  doc="service days per year")
    growth_per_year: float = _value(0.0, low=-0.99, high=100,
                                    doc="volume growth per year (0.2 = +20%)")
    ttft_target_s: float | None = _value(None, low=0, low_open=True,
                                         doc="time to first token target, seconds")
    tokens_per_s_per_user: float | None = _value(None, low=0, low_open=True,
                                                 doc="decode speed each user should see")
    batch_size: int = _value(16, low=1, high=4096,
                             doc="requests one replica serves at once (continuous batching)")
    payload_bytes_per_request: float | None = _value(
        None, doc="bytes transferred per request (default: 4 bytes per token)")

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

    id: str = _value(doc="catalog model id, or 'recommend'")
    quant: str = _value("bf16", doc="quantization, as in `llmplan fit --quant`")
    engine: str | None = _value(None, doc="inference engine (default by quantization)")
    kv_quant: str = _value("fp16", doc="KV cache type")
    nominal_params: float | None = _value(
        None, low=0, low_open=True,
        doc="round parameter count a source uses (seed 004: 70e9) instead of the exact one")


@dataclass(frozen=True)
class Finetune:
    """Fine-tuning memory by seed 004's rule, shown with the serving memory."""

    method: str = _value("seed-rule", choices=("full", "lora", "qlora", "seed-rule"))
    trainable_share: float = _value(0.001, low=0, low_open=True, high=1,
                                    doc="share of parameters trained (LoRA about 0.1%)")
    serving_headroom: float = _value(1.5, low=1.0, doc="serving memory over weights + adapter")


@dataclass(frozen=True)
class SelfHosting:
    """Costs every self-hosted option (cloud GPUs or on-prem) carries."""

    staff_fte: float = _value(0.0, doc="full-time staff running the service")
    staff_cost_per_fte_year: float = _value(0.0, doc="yearly cost of one FTE")
    finetune_runs_per_year: float = _value(0.0)
    finetune_cost_per_run: float = _value(0.0, doc="compute and work per fine-tuning run")
    cost_of_capital: float = _value(0.0, high=1.0,
                                    doc="yearly interest on capital (0.08 = 8%), on-prem only")


@dataclass(frozen=True)
class ApiOption:
    """A pay-per-token API. Prices per 1M tokens; None means unknown, never 0."""

    name: str = _value()
    kind: str = _value("api", choices=("api",))
    currency: str | None = _value(None, doc="currency of this option's prices")
    catalog: str | None = _value(None, doc="catalog API model id to take missing prices from")
    price_in_per_m: float | None = _value(None, doc="input tokens, per 1M")
    price_out_per_m: float | None = _value(None, doc="output tokens, per 1M")
    price_cached_in_per_m: float | None = _value(None, doc="cached input tokens, per 1M")
    cache_hit_rate: float = _value(0.0, high=1.0, doc="share of input tokens read from cache")
    batch_discount: float = _value(0.0, high=1.0, doc="discount of the batch API (0.5 = half)")
    batch_share: float = _value(0.0, high=1.0, doc="share of requests sent through the batch API")
    long_context_threshold: float | None = _value(
        None, doc="prompt tokens above which the long-context prices apply to the whole prompt")
    price_in_long_per_m: float | None = _value(None)
    price_out_long_per_m: float | None = _value(None)
    training_price_per_m: float | None = _value(None, doc="fine-tuning, per 1M training tokens")
    training_tokens_per_run: float = _value(0.0)
    finetune_runs_per_year: float = _value(0.0)
    rate_limit_tokens_per_minute: float | None = _value(None, low=0, low_open=True)
    source: str = _value("", doc="where the prices come from")
    price_date: str = _value("", doc="when the prices were true (YYYY-MM-DD)")
    scores: dict[str, float] = _value({}, low=0, high=5, doc="non-cost scores 0-5")
    recommendable: bool = _value(True, doc="false: priced and compared, never recommended "
                                           "(e.g. a fine-tuning job next to serving options)")


@dataclass(frozen=True)
class CloudOption:
    """Rented GPU instances. Prices per instance."""

    name: str = _value()
    kind: str = _value("cloud", choices=("cloud",))
    currency: str | None = _value(None)
    catalog: str | None = _value(None, doc="catalog instance id to take missing figures from")
    gpu: str | None = _value(None, doc="GPU name, for the capacity check")
    gpus_per_instance: int = _value(1, low=1, high=64)
    price_per_hour: float | None = _value(None, doc="per instance-hour")
    price_per_second: float | None = _value(None, doc="per instance-second")
    billing: str = _value("always_on", choices=BILLING_MODES,
                          doc="on_demand: billed only while serving; service_hours: up during "
                              "service hours; always_on: 24 h a day")
    billing_granularity_s: float = _value(1.0, low=0, low_open=True)
    discount: float = _value(0.0, high=0.99, doc="reserved or spot discount (0.3 = 30% off)")
    seconds_per_request: float | None = _value(
        None, low=0, low_open=True,
        doc="instance-seconds busy per request, measured (default: from the fit engine)")
    transfer_per_request: float = _value(0.0)
    transfer_per_gb: float = _value(0.0)
    storage_gb: float = _value(0.0)
    storage_per_gb_month: float = _value(0.0)
    min_replicas: int = _value(1, low=0, high=10_000)
    spare_replicas: int = _value(0, high=10_000, doc="extra replicas for availability (N+k)")
    max_instances: int | None = _value(None, low=1, doc="quota: most instances you can get")
    source: str = _value("")
    price_date: str = _value("")
    scores: dict[str, float] = _value({}, low=0, high=5)
    recommendable: bool = _value(True)


@dataclass(frozen=True)
class OnPremOption:
    """Servers you buy and run."""

    name: str = _value()
    kind: str = _value("onprem", choices=("onprem",))
    currency: str | None = _value(None)
    gpu: str | None = _value(None, doc="GPU name, for capacity and power")
    gpus_per_server: int = _value(8, low=1, high=64)
    server_price: float | None = _value(None, doc="one server with its GPUs")
    gpu_watts: float | None = _value(None, doc="per GPU (default: the catalog TDP)")
    host_watts: float = _value(0.0, doc="CPUs, memory, fans, network per server")
    servers: int | None = _value(None, low=1, doc="fixed count (default: sized from the load)")
    min_servers: int = _value(1, low=1, doc="cluster size (seed 003: three machines)")
    spare_servers: int = _value(0, doc="fallback servers (seed 003: at least one)")
    finetune_servers: int = _value(0, doc="a separate fine-tuning server (seed 003)")
    seconds_per_request: float | None = _value(None, low=0, low_open=True,
                                               doc="server-seconds busy per request, measured")
    depreciation_years: float = _value(5.0, low=0, low_open=True, high=30)
    residual_share: float = _value(0.0, high=1.0, doc="value left after depreciation")
    utilisation: float | None = _value(None, high=1.0,
                                       doc="average GPU load for power (default: from load)")
    pue: float = _value(1.5, low=1.0, high=5.0, doc="power usage effectiveness")
    price_per_kwh: float | None = _value(None)
    colocation_per_kw_month: float = _value(0.0, doc="per kW of server power per month")
    rack_per_server_month: float = _value(0.0)
    maintenance_share_per_year: float = _value(0.10, high=1.0,
                                               doc="of the hardware price per year")
    licence_per_gpu_year: float = _value(0.0)
    installation: float = _value(0.0, doc="one-off, at month 0")
    source: str = _value("")
    price_date: str = _value("")
    scores: dict[str, float] = _value({}, low=0, high=5)
    recommendable: bool = _value(True)


Option = ApiOption | CloudOption | OnPremOption
_OPTION_KINDS: dict[str, type] = {"api": ApiOption, "cloud": CloudOption, "onprem": OnPremOption}


@dataclass(frozen=True)
class ReferenceFigure:
    """A figure a source quotes, checked against the computed one."""

    label: str = _value()
    quoted: float = _value(low=None)
    path: str = _value(doc="where in the plan's JSON, e.g. options/NAME/per_year")
    source: str = _value("")
    explanation: str = _value("", doc="why the quoted figure differs, when it does")


@dataclass(frozen=True)
class Levers:
    """The assumptions behind each cost lever (seed 002); each is shown with its saving."""

    small_model: str | None = _value(None, doc="catalog model a cascade or downsizing uses "
                                               "on self-hosted options")
    small_model_price_ratio: float = _value(
        0.06, low=0, low_open=True, high=1,
        doc="small over large API price (gpt-4o-mini vs gpt-4o input, 0.15/2.50, 2025)")
    cascade_share: float = _value(0.5, high=1, doc="share of requests the small model answers")
    cache_hit_rate: float = _value(0.5, high=1, doc="share of prompt tokens served from cache")
    prompt_cut: float = _value(
        0.57, high=0.99,
        doc="prompt tokens saved by managing the context (seed 002: 7,000 -> 3,000 tokens)")
    output_cut: float = _value(0.25, high=0.99,
                               doc="output tokens saved by limits and structured output")
    quant: str = _value("int4-awq", doc="quantization that needs fewer GPUs")
    batch_size: int = _value(64, low=1, high=4096, doc="requests per replica with more batching")
    batch_api_share: float = _value(0.3, high=1,
                                    doc="share of API requests that can wait for the batch API")


@dataclass(frozen=True)
class Scenario:
    """Everything one cost plan needs besides the price catalog."""

    name: str = _value()
    workload: Workload = _value()
    options: tuple[Option, ...] = _value()
    description: str = _value("")
    currency: str = _value("EUR")
    model: ModelChoice | None = _value(None)
    finetune: Finetune | None = _value(None)
    self_hosting: SelfHosting = _value(SelfHosting())
    horizon_months: int = _value(36, low=1, high=240)
    month_days: float | None = _value(None, low=28, high=31,
                                      doc="days in a month (default 365/12)")
    exchange_rates: dict[str, float] = _value({}, low=0, low_open=True,
                                              doc="units per EUR, overriding the catalog")
    api_price_decline_per_year: float = _value(0.0, high=0.99,
                                               doc="yearly fall of API prices (0.3 = -30%)")
    sensitivity_pct: float = _value(20.0, low=0, low_open=True, high=100)
    levers: Levers = _value(Levers())
    criteria_weights: dict[str, float] = _value(
        {"cost": 3.0, "data_control": 2.0, "scalability": 2.0, "team_skills": 1.0,
         "time_to_launch": 1.0},
        high=5, doc="weight of each decision criterion, 0-5 (a criterion left out weighs 0)")
    notes: tuple[str, ...] = _value(())
    reference_figures: tuple[ReferenceFigure, ...] = _value(())


# --- reading -----------------------------------------------------------------------------------

_T = TypeVar("_T")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_number(value: Any, meta: Mapping[str, Any], where: str, integer: bool) -> float:
    if not _is_number(value):
        raise InputError(f"{where}: expected a number, got {json.dumps(value)}")
    if not math.isfinite(value):
        raise InputError(f"{where}: {value} is not a finite number")
    if integer and value != int(value):
        raise InputError(f"{where}: expected a whole number, got {value}")
    low, high = meta.get("low"), meta.get("high")
    if low is not None and (value < low or (meta.get("low_open") and value == low)):
        word = "above" if meta.get("low_open") else "at least"
        raise InputError(f"{where}: {value:g} is not allowed; it must be {word} {low:g}")
    if high is not None and value > high:
        raise InputError(f"{where}: {value:g} is not allowed; it must be at most {high:g}")
    return int(value) if integer else float(value)


def _convert(value: Any, kind: Any, meta: Mapping[str, Any], where: str) -> Any:
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        members = [member for member in typing.get_args(kind) if member is not type(None)]
        if value is None:
            if len(members) == len(typing.get_args(kind)):
                raise InputError(f"{where}: a value is required")
            return None
        if len(members) > 1:  # the option union, told apart by "kind"
            return _read_option(value, where)
        return _convert(value, members[0], meta, where)
    if value is None:
        raise InputError(f"{where}: a value is required")
    if kind is bool:
        if not isinstance(value, bool):
            raise InputError(f"{where}: expected true or false")
        return value
    if kind in (int, float):
        return _check_number(value, meta, where, integer=kind is int)
    if kind is str:
        if not isinstance(value, str):
            raise InputError(f"{where}: expected text, got {json.dumps(value)}")
        choices = meta.get("choices")
        if choices and value not in choices:
            raise InputError(f"{where}: '{value}' is not one of {', '.join(choices)}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise InputError(f"{where}: expected a list")
        item_kind = typing.get_args(kind)[0]
        return tuple(_convert(item, item_kind, meta, f"{where}[{index}]")
                     for index, item in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise InputError(f"{where}: expected an object")
        value_kind = typing.get_args(kind)[1]
        return {str(key): _convert(item, value_kind, meta, f"{where}.{key}")
                for key, item in value.items()}
    if isinstance(kind, type) and is_dataclass(kind):
        return _read(kind, value, where)
    raise TypeError(f"no reader for {kind}")  # a declaration error, not user input


def _read(cls: type[_T], data: Any, where: str) -> _T:
    if not isinstance(data, dict):
        raise InputError(f"{where or 'scenario'}: expected an object")
    hints = typing.get_type_hints(cls)
    declared = {item.name: item for item in fields(cls)}  # type: ignore[arg-type]
    prefix = f"{where}." if where else ""
    unknown = sorted(set(data) - set(declared))
    if unknown:
        raise InputError(f"{prefix}{unknown[0]}: unknown key (accepted: "
                         f"{', '.join(sorted(declared))})")
    values = {}
    for name, declaration in declared.items():
        if name not in data:
            if declaration.default is MISSING and declaration.default_factory is MISSING:
                raise InputError(f"{prefix}{name}: missing (required)")
            continue
        values[name] = _convert(data[name], hints[name], declaration.metadata, prefix + name)
    return cls(**values)


def _read_option(data: Any, where: str) -> Option:
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected an object")
    kind = data.get("kind")
    if kind not in _OPTION_KINDS:
        raise InputError(f"{where}.kind: '{kind}' is not one of {', '.join(_OPTION_KINDS)}")
    option: Option = _read(_OPTION_KINDS[kind], data, where)
    if "/" in option.name or not option.name.strip():
        raise InputError(f"{where}.name: give a non-empty name without '/'")
    for criterion in option.scores:
        if criterion not in CRITERIA:
            raise InputError(f"{where}.scores.{criterion}: unknown criterion "
                             f"(accepted: {', '.join(CRITERIA)})")
    return option


def _check_scenario(scenario: Scenario) -> None:
    workload = scenario.workload
    if (workload.requests_per_hour is None) == (workload.requests_per_day is None):
        raise InputError("workload: give exactly one of requests_per_hour and requests_per_day")
    for part in ("input", "output"):
        tokens = getattr(workload, f"{part}_tokens")
        words = getattr(workload, f"{part}_words")
        if (tokens is None) == (words is None):
            raise InputError(f"workload: give exactly one of {part}_tokens and {part}_words")
    if not scenario.options:
        raise InputError("options: give at least one option to cost")
    names = [option.name for option in scenario.options]
    for name in names:
        if names.count(name) > 1:
            raise InputError(f"options: the name '{name}' is used twice")
    for criterion in scenario.criteria_weights:
        if criterion not in CRITERIA:
            raise InputError(f"criteria_weights.{criterion}: unknown criterion "
                             f"(accepted: {', '.join(CRITERIA)})")
    for index, option in enumerate(scenario.options):
        if isinstance(option, CloudOption) and option.price_per_hour is not None \
                and option.price_per_second is not None:
            raise InputError(f"options[{index}]: give price_per_hour or price_per_second, "
                             "not both")
        if not isinstance(option, ApiOption) and scenario.model is None \
                and option.seconds_per_request is None and option.gpu is not None:
            raise InputError(f"options[{index}]: a GPU is given but the scenario has no model; "
                             "add \"model\" or seconds_per_request")


def _reject_constant(name: str) -> Any:
    raise InputError(f"{name} is not a number JSON allows")


def scenario_from_dict(document: Any) -> Scenario:
    """Check and read a scenario document (already parsed JSON).

    Raises:
        InputError: naming the first field that is wrong and what it accepts.
    """
    if not isinstance(document, dict):
        raise InputError("a scenario file holds one JSON object")
    document = dict(document)
    if document.pop("format", FORMAT) != FORMAT:
        raise InputError(f"format: this is not an {FORMAT} file")
    version = document.pop("format_version", None)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError("format_version: missing or not a whole number >= 1")
    if version > FORMAT_VERSION:
        raise InputError(f"format_version: the file is version {version}, newer than this "
                         f"program reads ({FORMAT_VERSION}); update llmplan to open it")
    while version < FORMAT_VERSION:
        document = MIGRATIONS[version](document)
        version += 1
    scenario = _read(Scenario, document, "")
    _check_scenario(scenario)
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """Read a `*.llmplan.json` file.

    Raises:
        InputError: the file cannot be read, is not JSON, or a field is wrong.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 text: {error.reason}") from error
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not valid JSON: {error.msg} at line {error.lineno}, "
                         f"column {error.colno}") from error
    try:
        return scenario_from_dict(document)
    except InputError as error:
        raise InputError(f"{path.name}: {error}") from error


# --- writing -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: _plain(getattr(value, item.name)) for item in fields(value)
                if _differs_from_default(item, getattr(value, item.name))}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _differs_from_default(declaration: Any, value: Any) -> bool:
    if declaration.name in ("name", "kind"):
        return True
    if declaration.default is not MISSING:
        return bool(value != declaration.default)
    if declaration.default_factory is not MISSING:
        return bool(value != declaration.default_factory())
    return True


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as a current-version document; fields at their defaults are left out."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, **_plain(scenario)}
