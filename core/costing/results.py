"""The figures a plan holds: per option, break-even, payback, curves, sensitivity, levers,
the recommendation, reference checks and seed 004's memory figures (frozen dataclasses)."""


from dataclasses import dataclass, field
from typing import Any

from core.costing.costs import OptionCost
from core.costing.scenario import Workload


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
    notes: tuple[str, ...] = ()


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
    note: str

    @property
    def name(self) -> str:
        return f"{self.a} vs {self.b}"


@dataclass(frozen=True)
class Payback:
    """The month from which buying beats the alternative, on cumulative cash."""

    onprem: str
    against: str
    month: int | None
    month_with_price_decline: int | None

    @property
    def name(self) -> str:
        return f"{self.onprem} vs {self.against}"


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
    label: str
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
    name: str
    assumption: str
    savings: tuple[tuple[str, float | None, float | None], ...]  # (option, before, after)


@dataclass(frozen=True)
class Recommendation:
    option: str | None
    reasons: tuple[str, ...]
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
class Memory:
    """Seed 004's memory figures for the scenario's model."""

    model: str
    params: int
    params_basis: str
    weights_bytes: int
    exact_weights_bytes: int
    trainable_params: int
    adapter_bytes: int
    finetune_bytes: int
    serving_bytes: int
    rule: str


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
    notes: tuple[str, ...] = field(default=())

    def option(self, name: str) -> OptionResult:
        return next(option for option in self.options if option.name == name)

    def to_json(self) -> dict[str, Any]:
        """The `llmplan cost --json` object."""
        from core.costing.plan_json import plan_json

        return plan_json(self)
