"""Ranges instead of single values: `{"low": a, "likely": b, "high": c}` where a scenario has a
number, their distributions, and where in a scenario they sit.

A range is written in place of the number it replaces; the scenario is read with the likely
value there (today's figures), and the range is kept beside it (`Scenario.uncertainty.ranges`)
and written back in place when the scenario is saved.

Distributions (`"dist"`):
- `pert` (default): the beta-PERT of low / likely / high, shape 4 (Malcolm et al., "Application
  of a technique for research and development program evaluation", Operations Research 7(5),
  1959; the shape of Vose, "Risk Analysis", 3rd ed., 2008, ch. 9): mean (a + 4b + c) / 6;
- `triangular`: low / likely / high;
- `normal`: mean `likely`, standard deviation `sd`;
- `lognormal`: median `likely`, `sd` the standard deviation of the natural logarithm.
Normal and lognormal draws are kept within the field's accepted range.
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

import numpy as np

from core.declared import declared
from core.errors import InputError
from core.i18n.message import Given, Name, msg

DISTRIBUTIONS = ("pert", "triangular", "normal", "lognormal")
RANGE_KEYS = frozenset(("low", "likely", "high", "dist", "sd"))
# A provider's API prices move together (one price list, one pricing decision): the
# correlation of their draws unless a scenario states another.
PROVIDER_CORRELATION = 0.8
# The standard normal's 90th percentile: a range whose P10 / P90 are likely -/+ e has
# sd = e / Z90.
Z90 = 1.2815515655446004


@dataclass(frozen=True)
class Ranged:
    """One input given as a range: where it is, and its distribution."""

    input: str = declared(doc="where the number is, e.g. options[3].server_price",
                          max_length=200)
    likely: float = declared(low=None)
    low: float | None = declared(None, low=None)
    high: float | None = declared(None, low=None)
    dist: str = declared("pert", choices=DISTRIBUTIONS)
    sd: float | None = declared(None, doc="normal: standard deviation; lognormal: of ln")

    @property
    def spread(self) -> bool:
        """False when every draw is the likely value."""
        if self.dist in ("normal", "lognormal"):
            return bool(self.sd)
        return self.low != self.high

    def bounds(self) -> tuple[float, float]:
        """The range's 0.5th and 99.5th percentiles (its ends where it has them)."""
        ends = self.quantiles(np.array([0.005, 0.995]))
        return float(ends[0]), float(ends[1])

    def quantiles(self, u: np.ndarray) -> np.ndarray:
        """The values at cumulative probabilities `u` (0 < u < 1): the inverse CDF."""
        if not self.spread:
            return np.full(u.shape, self.likely)
        if self.dist == "normal":
            return self.likely + (self.sd or 0.0) * normal_quantile(u)
        if self.dist == "lognormal":
            return self.likely * np.exp((self.sd or 0.0) * normal_quantile(u))
        low, likely, high = float(self.low or 0.0), self.likely, float(self.high or 0.0)
        if self.dist == "triangular":
            return triangular_quantile(u, low, likely, high)
        return _pert_quantile(u, low, likely, high)


@dataclass(frozen=True)
class Uncertainty:
    """The ranges of a scenario and how its Monte Carlo run draws them."""

    ranges: tuple[Ranged, ...] = declared(())
    samples: int = declared(10_000, low=1, high=1_000_000)
    seed: int = declared(1, high=2**32 - 1)
    provider_correlation: float = declared(
        PROVIDER_CORRELATION, high=1.0,
        doc="correlation of the draws of one provider's API prices")
    speed_model_error: bool = declared(
        True, doc="draw each self-hosted option's throughput from the speed model's measured "
                  "error")


# --- distributions -------------------------------------------------------------------------

_Z_GRID = np.linspace(-8.5, 8.5, 6801)
_PHI = np.array([0.5 * math.erfc(-z / math.sqrt(2)) for z in _Z_GRID])


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """The standard normal CDF (tabulated from math.erfc, within 1e-6)."""
    return np.interp(z, _Z_GRID, _PHI)


def normal_quantile(u: np.ndarray) -> np.ndarray:
    """The standard normal inverse CDF (the table of normal_cdf read the other way)."""
    return np.interp(u, _PHI, _Z_GRID)


def triangular_quantile(u: np.ndarray, low: float, likely: float, high: float) -> np.ndarray:
    """Inverse CDF of the triangular distribution (closed form)."""
    width = high - low
    split = (likely - low) / width
    left = low + np.sqrt(np.clip(u, 0, 1) * width * (likely - low))
    right = high - np.sqrt(np.clip(1 - u, 0, 1) * width * (high - likely))
    return np.where(u < split, left, right)


def pert_shape(low: float, likely: float, high: float) -> tuple[float, float]:
    """The beta shape parameters of a PERT range (shape 4)."""
    width = high - low
    return 1 + 4 * (likely - low) / width, 1 + 4 * (high - likely) / width


def _pert_quantile(u: np.ndarray, low: float, likely: float, high: float) -> np.ndarray:
    # The beta density on a grid, integrated by the trapezoid rule, read backwards.
    alpha, beta = pert_shape(low, likely, high)
    x = np.linspace(0.0, 1.0, 4097)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_density = (alpha - 1) * np.log(x) + (beta - 1) * np.log1p(-x)
    density = np.exp(np.nan_to_num(log_density, nan=-np.inf, neginf=-np.inf))
    cdf = np.concatenate(([0.0], np.cumsum((density[1:] + density[:-1]) / 2)))
    cdf /= cdf[-1]
    return low + (high - low) * np.interp(u, cdf, x)


# --- where ranges sit in a scenario document ------------------------------------------------

Path = tuple[str | int, ...]


def path_text(path: Path) -> str:
    """("options", 3, "server_price") -> 'options[3].server_price'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\.")


def parse_path(text: str) -> Path:
    """'options[3].server_price' -> ("options", 3, "server_price")."""
    parts: list[str | int] = []
    position = 0
    while position < len(text):
        found = _PART.match(text, position)
        if found is None or found.end() == position:
            raise InputError(msg("uncertainty: '{input}' is not a field path (like "
                                 "options[3].server_price)", input=Name(text[:80])))
        if found.group(1):
            parts.append(found.group(1))
        elif found.group(2):
            parts.append(int(found.group(2)))
        position = found.end()
    return tuple(parts)


def is_range(value: Any) -> bool:
    """Whether a document value is a range ({"low", "likely", "high"} and the like)."""
    return isinstance(value, dict) and "likely" in value and set(value) <= RANGE_KEYS


def take_ranges(document: Any) -> tuple[Any, list[dict[str, Any]]]:
    """The document with each range replaced by its likely value, and the ranges found
    (`{"input": path, ...range}`), in document order. Hardware profiles are left alone."""
    found: list[dict[str, Any]] = []

    def walk(value: Any, path: Path) -> Any:
        if is_range(value):
            found.append({"input": path_text(path), **value})
            return value["likely"]
        if isinstance(value, dict):
            return {key: value[key] if path == () and key == "hardware" else
                    walk(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, (*path, index)) for index, item in enumerate(value)]
        return value

    return walk(document, ()), found


def put_ranges(document: dict[str, Any], ranges: tuple[Ranged, ...]) -> dict[str, Any]:
    """The scenario document with each range written where its number is."""
    for ranged in ranges:
        ends = (("low", ranged.low), ("likely", ranged.likely), ("high", ranged.high),
                ("sd", ranged.sd))
        body: dict[str, Any] = {key: value for key, value in ends if value is not None}
        if ranged.dist != "pert":
            body["dist"] = ranged.dist
        target: Any = document
        path = parse_path(ranged.input)
        for part in path[:-1]:
            target = target.setdefault(part, {}) if isinstance(target, dict) else target[part]
        target[path[-1]] = body
    return document


@dataclass(frozen=True)
class Field:
    """A numeric field a path reaches: its value and declaration."""

    value: float
    low: float | None
    high: float | None
    low_open: bool
    integer: bool


def find_field(root: Any, path: Path) -> Field:
    """The number at `path` in a scenario object, with its accepted range.

    Raises:
        InputError: the path leads to no number.
    """
    target: Any = root
    meta: Mapping[str, Any] = {}
    kind: Any = None
    for part in path:
        try:
            if is_dataclass(target) and isinstance(part, str):
                declaration = {item.name: item for item in fields(target)}[part]
                meta, kind = declaration.metadata, declaration.type
                target = getattr(target, part)
            elif (isinstance(target, dict) and isinstance(part, str)) or (
                    isinstance(target, tuple) and isinstance(part, int)):
                target = target[part]  # type: ignore[index]
            else:
                raise KeyError(part)
        except (KeyError, IndexError) as error:
            raise InputError(msg("uncertainty: {input} is not a field of the scenario",
                                 input=Name(path_text(path)))) from error
    if isinstance(target, bool) or not isinstance(target, (int, float)):
        raise InputError(msg("uncertainty: {input} is not a number, so it takes no range",
                             input=Name(path_text(path))))
    return Field(float(target), meta.get("low"), meta.get("high"),
                 bool(meta.get("low_open")), kind is int)


def set_field(root: Any, path: Path, value: float) -> Any:
    """A copy of the scenario object with the number at `path` set to `value`."""
    part, rest = path[0], path[1:]
    if is_dataclass(root) and not isinstance(root, type) and isinstance(part, str):
        current = getattr(root, part)
        return replace(root, **{part: set_field(current, rest, value) if rest else value})
    if isinstance(root, dict):
        copy = dict(root)
        copy[part] = set_field(root[part], rest, value) if rest else value
        return copy
    items = list(root)
    assert isinstance(part, int)
    items[part] = set_field(items[part], rest, value) if rest else value
    return tuple(items)


def check_range(ranged: Ranged, found: Field) -> None:
    """A range's own sense and its ends within what the field accepts.

    Raises:
        InputError: naming the input and what is wrong.
    """
    where = Name(ranged.input)
    if ranged.dist in ("normal", "lognormal"):
        if ranged.sd is None:
            raise InputError(msg("{input}: a {dist} range needs sd", input=where,
                                 dist=Name(ranged.dist)))
        if ranged.dist == "lognormal" and ranged.likely <= 0:
            raise InputError(msg("{input}: a lognormal range needs a likely value above 0",
                                 input=where))
        return
    if ranged.low is None or ranged.high is None:
        raise InputError(msg("{input}: a range needs low, likely and high", input=where))
    if not ranged.low <= ranged.likely <= ranged.high:
        raise InputError(msg("{input}: the range must have low <= likely <= high, got {low}, "
                             "{likely}, {high}", input=where, low=Given(ranged.low),
                             likely=Given(ranged.likely), high=Given(ranged.high)))
    for end in (ranged.low, ranged.high):
        if found.low is not None and (end < found.low or (found.low_open and end == found.low)):
            raise InputError(msg("{input}: the range reaches {value}, below what the field "
                                 "accepts ({limit})", input=where, value=Given(end),
                                 limit=Given(found.low)))
        if found.high is not None and end > found.high:
            raise InputError(msg("{input}: the range reaches {value}, above what the field "
                                 "accepts ({limit})", input=where, value=Given(end),
                                 limit=Given(found.high)))


def clip_to_field(values: np.ndarray, found: Field) -> np.ndarray:
    """Draws kept within the field's accepted range (and whole for a count)."""
    low = -np.inf if found.low is None else found.low
    high = np.inf if found.high is None else found.high
    if found.low_open and found.low is not None:
        low = np.nextafter(found.low, np.inf)
    clipped = np.clip(values, low, high)
    return np.round(clipped) if found.integer else clipped
