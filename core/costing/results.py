"""The figures a plan holds: per option, break-even, payback, curves, sensitivity, levers,
the recommendation, reference checks and seed 004's memory figures (frozen dataclasses)."""


from dataclasses import dataclass, field
from typing import Any

from core.costing.costs import OptionCost, Shortfall
from core.costing.scenario import Workload
from core.i18n.message import Name, Number, Quantity, Text, msg


def figure(value: float, most: int = 4) -> Number:
    """A figure with as many decimals as it needs, at most `most` (12,345.6; 0.25; 3)."""
    text = f"{value:.{most}f}".rstrip("0")
    return Number(value, len(text.partition(".")[2]))


def gigabytes(value: int, digits: int = 1) -> Quantity:
    """Bytes as decimal GB (651.7 GB)."""
    return Quantity(value / 1e9, "GB", digits)


@dataclass(frozen=True)
class OptionResult:
    """One option's cost in the scenario's currency, year 1, with its TCO over the horizon."""

    name: str
    kind: str
    cost: OptionCost
    per_hour: float | None  # per service hour
    per_day: float | None  # per service day
    per_month: float | None
    per_year: float | None
    tco: float | None
    per_1k_requests: float | None
    per_1m_tokens: float | None
    model: str | None
    quant: str | None
    source: str
    price_date: str
    notes: tuple[Text, ...] = ()
    # Cumulative cash paid by the horizon's last month (the cash curve's end): purchases in
    # full when paid, beside `tco`, the yearly (depreciated) cost summed over the horizon.
    # They differ where there is capex (on-prem); see plan_text.tco_and_cash_note.
    cash_by_horizon: float | None = None
    region: Text = ""  # where it processes data, as shown ("eu-north1 (FI)", "onprem")
    excluded: Text | None = None  # why the residency rule keeps it out of the recommendation
    jurisdictions: tuple[str, ...] = ()  # where it processes data: "eu", "onprem", "us", ...
    parts: tuple[str, ...] = ()  # a hybrid's base and overflow option names

    @property
    def tco_differs_from_cash(self) -> bool:
        """Whether the option's two horizon figures differ (it buys hardware)."""
        return self.cost.capex > 0 and self.tco is not None \
            and self.cash_by_horizon is not None


@dataclass(frozen=True)
class BreakEven:
    """The volume at which two options cost the same per year."""

    a: str
    b: str
    requests_per_day: float | None
    tokens_per_day: float | None
    words_per_day: float | None
    cheaper_above: str | None
    within_capacity: bool | None
    note: Text  # the result in words; "no break-even: ..." when there is none
    # Set when an option is past its capacity (at the scenario's volume, or where the costs
    # would meet): then there is no break-even and requests_per_day is None.
    shortfall: Shortfall | None = None
    # What the note adds after its first clause (more crossings at higher volume, costs that
    # also meet beyond a capacity), each a clause of its own.
    details: tuple[Text, ...] = ()

    @property
    def name(self) -> str:
        """The pair as `cost --json` names it ('A vs B', English)."""
        return f"{self.a} vs {self.b}"

    @property
    def title(self) -> Text:
        """The pair in words, for people ('A vs B' / 'A gegenüber B')."""
        return pair(self.a, self.b)


@dataclass(frozen=True)
class Payback:
    """The month from which buying beats the alternative, on cumulative cash."""

    onprem: str
    against: str
    month: int | None
    month_with_price_decline: int | None
    # Set when either option is past its capacity in a year of the horizon: then there is no
    # payback (both months are None), whatever the cash curves do.
    shortfall: Shortfall | None = None

    @property
    def name(self) -> str:
        """The pair as `cost --json` names it ('A vs B', English)."""
        return f"{self.onprem} vs {self.against}"

    @property
    def title(self) -> Text:
        """The pair in words, for people ('A vs B' / 'A gegenüber B')."""
        return pair(self.onprem, self.against)

    @property
    def reason(self) -> Text | None:
        """Why there is no payback when an option is past its capacity, e.g. 'no payback:
        Existing 2x L40S carries only 28% of the peak load at its 1 server'; None otherwise."""
        return None if self.shortfall is None else msg("no payback: {reason}",
                                                       reason=self.shortfall.sentence)

    @property
    def sentence(self) -> Text:
        """The result in words: 'month 7', 'not within the horizon' or the reason."""
        if self.shortfall is not None:
            return self.reason or ""
        return month_text(self.month)


def month_text(month: int | None) -> Text:
    """'month 7', or 'not within the horizon' for None."""
    return msg("not within the horizon") if month is None \
        else msg("month {month}", month=Number(month))


def pair(a: str, b: str) -> Text:
    """Two options compared, in words: 'A vs B'."""
    return msg("{a} vs {b}", a=Name(a), b=Name(b))


@dataclass(frozen=True)
class Curve:
    """Cumulative cash per month 0..horizon; None where a price is unknown."""

    name: str
    values: tuple[float, ...] | None


@dataclass(frozen=True)
class VolumePoint:
    """Every option's yearly cost at a multiple of the scenario's volume."""

    multiplier: float
    requests_per_hour: float
    requests_per_day: float
    costs: tuple[tuple[str, float | None, float | None, float | None, bool | None], ...]
    # (option, per_year, per_hour, utilisation, carries)


@dataclass(frozen=True)
class TornadoBar:
    label: Text  # the input moved (a Term: 'requests', 'server price')
    low: float  # yearly cost with the input at -X%
    high: float  # ... at +X%


@dataclass(frozen=True)
class Sensitivity:
    option: str
    base: float
    bars: tuple[TornadoBar, ...]


@dataclass(frozen=True)
class UtilisationCurve:
    option: str
    points: tuple[tuple[float, float], ...]  # (utilisation, cost per 1M tokens)


@dataclass(frozen=True)
class LeverResult:
    name: Text
    assumption: Text
    savings: tuple[tuple[str, float | None, float | None], ...]  # (option, before, after)


@dataclass(frozen=True)
class Recommendation:
    option: str | None
    reasons: tuple[Text, ...]
    scores: tuple[tuple[str, float | None, dict[str, float]], ...]  # (option, total, by criterion)


@dataclass(frozen=True)
class ReferenceCheck:
    label: str
    quoted: float
    computed: float | None
    agrees: bool
    source: str
    explanation: str


@dataclass(frozen=True)
class FinetuneFit:
    """Whether one fine-tuning run fits on the GPUs of one server or instance of an option:
    weights, trained states and activations spread over its GPUs (sharded model states, e.g.
    FSDP/ZeRO-3, or a layer split)."""

    option: str
    gpu: str
    gpus: int
    memory_bytes: int  # all the GPUs of one server or instance together, as the driver reports
    needed_bytes: int  # the run's fine-tuning memory (Memory.finetune_bytes)

    @property
    def fits(self) -> bool:
        return self.needed_bytes <= self.memory_bytes

    @property
    def margin_bytes(self) -> int:
        """Memory left over (negative: how much is missing)."""
        return self.memory_bytes - self.needed_bytes

    @property
    def sentence(self) -> Text:
        """The verdict in words, e.g. 'fits on 8 x H100 SXM (651.7 GB): 152.3 GB needed,
        499.4 GB left'."""
        if self.fits:
            return msg("fits on {gpus} x {gpu} ({memory}): {needed} needed, {left} left",
                       gpus=Number(self.gpus), gpu=Name(self.gpu),
                       memory=gigabytes(self.memory_bytes), needed=gigabytes(self.needed_bytes),
                       left=gigabytes(self.margin_bytes))
        return msg("does not fit on {gpus} x {gpu} ({memory}): {needed} needed, {missing} more "
                   "than the GPUs hold", gpus=Number(self.gpus), gpu=Name(self.gpu),
                   memory=gigabytes(self.memory_bytes), needed=gigabytes(self.needed_bytes),
                   missing=gigabytes(-self.margin_bytes))


@dataclass(frozen=True)
class Memory:
    """The scenario's model: weights as served, fine-tuning memory and whether it fits on
    each self-hosted option's GPUs, and seed 004's serving memory."""

    model: str
    params: int
    params_basis: Text
    weights_bytes: int  # as served, in the scenario's quantization
    exact_weights_bytes: int
    trainable_params: int
    adapter_bytes: int  # the trained adapter, 16-bit
    finetune_bytes: int  # everything one fine-tuning run holds: base + trained + activations
    serving_bytes: int
    rule: Text
    method: str = ""
    finetune_weights_bytes: int = 0  # the frozen base during fine-tuning (bf16, or NF4)
    trainable_bytes: int = 0  # trained weights, gradients and optimizer states
    activation_bytes: int = 0  # 0 for seed-rule (in its 5x factor)
    activation_basis: Text = ""  # the assumption behind activation_bytes
    fits: tuple[FinetuneFit, ...] = ()  # one per self-hosted option with a GPU
    fit_note: Text = ""  # why nothing was checked, when fits is empty


@dataclass(frozen=True)
class Plan:
    """Everything the views and the report show; computed once, never changed."""

    scenario: str
    currency: str
    workload: Workload
    month_days: float
    horizon_months: int
    memory: Memory | None
    options: tuple[OptionResult, ...]
    break_even: tuple[BreakEven, ...]
    payback: tuple[Payback, ...]
    curves: tuple[Curve, ...]
    decline_curves: tuple[Curve, ...]
    volume_curve: tuple[VolumePoint, ...]
    sensitivity_pct: float
    sensitivity: tuple[Sensitivity, ...]
    utilisation: tuple[UtilisationCurve, ...]
    levers: tuple[LeverResult, ...]
    recommendation: Recommendation
    references: tuple[ReferenceCheck, ...]
    notes: tuple[Text, ...] = field(default=())
    residency: tuple[str, ...] = ()  # where data may be processed; empty: no rule

    def option(self, name: str) -> OptionResult:
        return next(option for option in self.options if option.name == name)

    def to_json(self) -> dict[str, Any]:
        """The `llmplan cost --json` object."""
        from core.costing.plan_json import plan_json

        return plan_json(self)
